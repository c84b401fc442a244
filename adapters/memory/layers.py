"""The Layers port over :class:`~.engine.MemoryEngine`, authorized like the server."""

from __future__ import annotations

from mosaicolabs.domain.layers import Layer
from mosaicolabs.domain.vocabulary import Action

from .adapters import EngineClient

__all__ = ["InMemoryLayers"]


class InMemoryLayers(EngineClient):
    """:class:`~mosaicolabs.ports.Layers` over the engine."""

    def create(self, name: str, description: str) -> None:
        self._authorize(Action.layer_create)
        self._engine.create_layer(name, description)

    def update(self, prev_name: str, curr_name: str, curr_description: str) -> None:
        self._authorize(Action.layer_update)
        self._engine.update_layer(prev_name, curr_name, curr_description)

    def delete(self, name: str) -> None:
        self._authorize(Action.layer_delete)
        self._engine.delete_layer(name)

    def list(self) -> list[Layer]:
        self._authorize(Action.layer_list)
        return self._engine.list_layers()
