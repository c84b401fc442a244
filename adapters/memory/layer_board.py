"""The layers of an engine (mosaicod 0.3.0's ``layer_*`` actions), durable with the rest.

Rules, as mosaicod applies them (see :mod:`mosaicolabs.domain.layers`): names are
trimmed and unique, anything else goes; a missing name is NotFound, a taken one
AlreadyExists; the list is in creation order, a changed layer moving last (as
PostgreSQL's table order does on mosaicod). The default layer is put back at
start-up when missing, as mosaicod does: with a data directory while loading
(:func:`~.persistence_codec.build_records`), so it is not a change to journal.
"""

from __future__ import annotations

from mosaicolabs.domain.errors import AlreadyExistsError, NotFoundError
from mosaicolabs.domain.layers import Layer, layer_name

from .layer_record import LayerRecord, restore_default_layer
from .state import EngineState

__all__ = ["LayerBoard"]


class LayerBoard:
    """Creates, renames, deletes and lists the layer records of ``state``."""

    def __init__(self, state: EngineState) -> None:
        self._state = state
        with state.lock:
            restore_default_layer(state.layers)  # in memory only; loading did it otherwise

    def _existing(self, name: str) -> LayerRecord:
        record = self._state.layers.get(name)
        if record is None:
            raise NotFoundError(f"layer '{name}' not found", resource=name)
        return record

    def _refuse_taken(self, name: str) -> None:
        if name in self._state.layers:
            raise AlreadyExistsError(f"layer '{name}' already exists", resource=name)

    def create(self, name: str, description: str) -> None:
        """Add a layer (AlreadyExists if its trimmed name is taken)."""
        name = layer_name(name)
        state = self._state
        with state.lock:
            self._refuse_taken(name)
            state.layers[name] = LayerRecord(name, str(description))
            state.persist()

    def update(self, prev_name: str, curr_name: str, curr_description: str) -> None:
        """Rename and re-describe a layer (NotFound / AlreadyExists as mosaicod)."""
        prev, curr = layer_name(prev_name, field="prev_name"), layer_name(
            curr_name, field="curr_name")
        state = self._state
        with state.lock:
            self._existing(prev)
            if curr != prev:
                self._refuse_taken(curr)
            del state.layers[prev]
            state.layers[curr] = LayerRecord(curr, str(curr_description))
            state.persist()

    def delete(self, name: str) -> None:
        """Remove a layer (NotFound if there is none of that trimmed name)."""
        name = layer_name(name)
        state = self._state
        with state.lock:
            self._existing(name)
            del state.layers[name]
            state.persist()

    def list(self) -> list[Layer]:
        """Every layer, oldest first (a changed layer counts as new)."""
        with self._state.lock:
            return [record.snapshot() for record in self._state.layers.values()]
