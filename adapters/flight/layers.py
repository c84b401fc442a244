"""Layers port over the ``layer_*`` actions (mosaicod 0.3.0)."""

from __future__ import annotations

from mosaicolabs.domain.errors import (
    AlreadyExistsError,
    MosaicoError,
    NotFoundError,
    ProtocolError,
    ServerError,
)
from mosaicolabs.domain.layers import Layer, layer_name
from mosaicolabs.domain.vocabulary import Action

from .codec import require
from .connection import FlightConnection

__all__ = ["FlightLayers", "parse_layer"]


def parse_layer(raw: object) -> Layer:
    """Decode one ``{"name", "description"}`` item of a ``layer_list`` answer.

    Raises:
        ProtocolError: the item is not that object.
    """
    if not isinstance(raw, dict):
        raise ProtocolError(f"layer_list: malformed entry {raw!r}", action="layer_list")
    name, description = raw.get("name"), raw.get("description")
    if not isinstance(name, str) or not isinstance(description, str):
        raise ProtocolError(f"layer_list: malformed entry {raw!r}", action="layer_list")
    return Layer(name, description)


class FlightLayers:
    """:class:`~mosaicolabs.ports.Layers` over the ``layer_*`` actions."""

    def __init__(self, connection: FlightConnection) -> None:
        self._conn = connection

    def create(self, name: str, description: str) -> None:
        body = {"name": name, "description": description}
        self._conn.action(Action.layer_create.name, body, name)

    def update(self, prev_name: str, curr_name: str, curr_description: str) -> None:
        body = {"prev_name": prev_name, "curr_name": curr_name,
                "curr_description": curr_description}
        try:
            self._conn.action(Action.layer_update.name, body, prev_name)
        except ServerError as exc:
            cause = self._diagnose(exc, prev_name, curr_name)
            if cause is exc:
                raise
            raise cause from exc

    def delete(self, name: str) -> None:
        self._conn.action(Action.layer_delete.name, {"name": name}, name)

    def list(self) -> list[Layer]:
        action = Action.layer_list.name
        response = self._conn.action(action, {})
        return [parse_layer(item) for item in require(response, "layers", list, action)]

    def _diagnose(self, exc: ServerError, prev_name: str, curr_name: str) -> MosaicoError:
        """The cause of a failed ``layer_update``, which mosaicod 0.3.0 does not name.

        Its answer (INTERNAL ``facade error``) is the same for an unknown ``prev_name``
        and a ``curr_name`` already taken; the layer list tells them apart. Anything
        else (or a list that cannot be read) leaves ``exc`` as it was.
        """
        try:
            names = {layer.name for layer in self.list()}
        except MosaicoError:
            return exc
        prev, curr = layer_name(prev_name), layer_name(curr_name)
        if prev not in names:
            return _named(NotFoundError, f"layer '{prev}' not found", prev, exc)
        if curr != prev and curr in names:
            return _named(AlreadyExistsError, f"layer '{curr}' already exists", curr, exc)
        return exc


def _named(kind: type[MosaicoError], what: str, resource: str,
           exc: MosaicoError) -> MosaicoError:
    """``kind`` saying ``what``, keeping the server's answer that ``exc`` carried."""
    return kind(f"{what} ({exc.message})", action=exc.action, resource=resource,
                server_message=exc.server_message, status_code=exc.status_code)
