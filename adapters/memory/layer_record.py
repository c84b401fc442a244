"""The engine's record of one layer (kept apart so persistence can build it).

A layer record is never changed in place: renaming or describing a layer puts a
new record in its place, so the persistence tracking sees one dict entry change
(journaled as ``del`` + ``put``) and can undo it exactly.
"""

from __future__ import annotations

from typing import MutableMapping

from mosaicolabs.domain.layers import DEFAULT_LAYER, Layer

__all__ = ["LayerRecord", "restore_default_layer"]


class LayerRecord:
    """A stored layer: ``name`` (trimmed, unique) and ``description``."""

    def __init__(self, name: str, description: str) -> None:
        self.name = name
        self.description = description

    def snapshot(self) -> Layer:
        """The immutable domain value."""
        return Layer(self.name, self.description)


def restore_default_layer(layers: MutableMapping[str, LayerRecord]) -> None:
    """Put the default layer back if ``layers`` has none of its name (mosaicod's start-up)."""
    if DEFAULT_LAYER.name not in layers:
        layers[DEFAULT_LAYER.name] = LayerRecord(DEFAULT_LAYER.name, DEFAULT_LAYER.description)
