"""DoAction handlers of the ``layer_*`` actions, over the engine's layers.

As on mosaicod 0.3.0: create, update and delete answer ``{"action": "empty"}``,
``layer_list`` ``{"layers": [{"name", "description"}, ...]}``. Names are trimmed by
the engine (any other text is a name); a taken name, or an unknown one, is a
``facade error`` (the generic rules of :mod:`.errors` answer it, with the detail).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Protocol

from mosaicolabs.adapters.memory.engine import MemoryEngine
from mosaicolabs.domain.vocabulary import Action

from . import wire
from .wire import EMPTY

__all__ = ["LAYER_ACTIONS"]


class _Request(Protocol):
    """What a handler reads of a decoded action (``actions._Request`` is one)."""

    @property
    def action(self) -> str: ...

    @property
    def body(self) -> dict[str, Any]: ...


def _text(req: _Request, key: str) -> str:
    # Required strings: mosaicod's serde refuses a missing key, null or another type.
    return str(wire.get_str(req.body, req.action, key))


def _layer_create(engine: MemoryEngine, req: _Request) -> Any:
    engine.create_layer(_text(req, "name"), _text(req, "description"))
    return EMPTY


def _layer_update(engine: MemoryEngine, req: _Request) -> Any:
    engine.update_layer(_text(req, "prev_name"), _text(req, "curr_name"),
                        _text(req, "curr_description"))
    return EMPTY


def _layer_delete(engine: MemoryEngine, req: _Request) -> Any:
    engine.delete_layer(_text(req, "name"))
    return EMPTY


def _layer_list(engine: MemoryEngine, req: _Request) -> Any:
    return {"layers": [{"name": layer.name, "description": layer.description}
                       for layer in engine.list_layers()]}


#: Action name -> handler, merged into :data:`.actions.ACTIONS`.
LAYER_ACTIONS: Mapping[str, Callable[[MemoryEngine, _Request], Any]] = {
    Action.layer_create.name: _layer_create,
    Action.layer_update.name: _layer_update,
    Action.layer_delete.name: _layer_delete,
    Action.layer_list.name: _layer_list,
}
