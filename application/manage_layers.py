"""Use-case: create, rename, delete and list the layers of a server."""

from __future__ import annotations

from mosaicolabs.domain.errors import InvalidRequestError
from mosaicolabs.domain.layers import Layer, layer_name
from mosaicolabs.ports.layers import Layers

__all__ = ["ManageLayers"]


class ManageLayers:
    """Layer management over the :class:`~mosaicolabs.ports.Layers` port.

    Names are sent trimmed, as the server keeps them (``" a "`` is layer ``"a"``); the
    server has no other rule on them. Descriptions are sent as given.
    """

    def __init__(self, layers: Layers) -> None:
        self._port = layers

    def create(self, name: str, description: str = "") -> None:
        """Create a layer.

        Raises:
            AlreadyExistsError: a layer has that (trimmed) name.
            InvalidRequestError: ``name`` or ``description`` is not a str.
            PermissionDeniedError: the key cannot Write.
        """
        self._port.create(layer_name(name), _text(description, "description"))

    def update(self, prev_name: str, curr_name: str, curr_description: str = "") -> None:
        """Rename layer ``prev_name`` to ``curr_name`` and set its description.

        The same name twice only changes the description.

        Raises:
            NotFoundError: no layer is called ``prev_name``.
            AlreadyExistsError: another layer is called ``curr_name``.
            InvalidRequestError: an argument is not a str.
            PermissionDeniedError: the key cannot Write.
        """
        self._port.update(layer_name(prev_name, field="prev_name"),
                          layer_name(curr_name, field="curr_name"),
                          _text(curr_description, "curr_description"))

    def delete(self, name: str) -> None:
        """Delete a layer.

        Raises:
            NotFoundError: no layer has that (trimmed) name.
            PermissionDeniedError: the key cannot Delete.
        """
        self._port.delete(layer_name(name))

    def list(self) -> list[Layer]:
        """Every layer of the server (a fresh mosaicod has ``default``)."""
        return self._port.list()


def _text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise InvalidRequestError(f"layer {field} must be a str, not {type(value).__name__}")
    return value
