"""Port: the layers a server keeps (``layer_*`` actions)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from mosaicolabs.domain.layers import Layer

__all__ = ["Layers"]


@runtime_checkable
class Layers(Protocol):
    """Create, rename, delete and list layers; names are trimmed by the server."""

    def create(self, name: str, description: str) -> None:
        """Create a layer (AlreadyExistsError if the name is taken)."""
        ...

    def update(self, prev_name: str, curr_name: str, curr_description: str) -> None:
        """Rename ``prev_name`` to ``curr_name`` and set its description.

        NotFoundError if ``prev_name`` names no layer, AlreadyExistsError if another
        layer is called ``curr_name``.
        """
        ...

    def delete(self, name: str) -> None:
        """Delete a layer (NotFoundError if there is none of that name)."""
        ...

    def list(self) -> list[Layer]:
        """Every layer, in the server's order."""
        ...
