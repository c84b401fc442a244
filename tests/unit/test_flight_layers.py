"""FlightLayers over a scripted connection: decoding, and naming what mosaicod does not.

mosaicod 0.3.0 answers a failed ``layer_update`` with a bare INTERNAL ``facade error``
for an unknown ``prev_name`` and for a ``curr_name`` already taken alike; the adapter
then reads the layer list to raise the right class (the real server is exercised in
tests/reference/test_layers_on_mosaicod.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from mosaicolabs.adapters.flight import FlightLayers
from mosaicolabs.domain.errors import (
    AlreadyExistsError,
    NotFoundError,
    ProtocolError,
    ServerError,
    UnavailableError,
)
from mosaicolabs.domain.layers import Layer
from mosaicolabs.domain.status_codes import StatusCode


class ScriptedConnection:
    """Answers ``layer_list`` with ``layers`` and fails ``layer_update`` as mosaicod does."""

    def __init__(self, layers: Any, list_error: Exception | None = None) -> None:
        self.layers = layers
        self.list_error = list_error
        self.sent: list[tuple[str, dict[str, Any], str | None]] = []

    def action(self, name: str, body: dict[str, Any], resource: str | None = None) -> Any:
        self.sent.append((name, body, resource))
        if name == "layer_list":
            if self.list_error is not None:
                raise self.list_error
            return {"layers": self.layers}
        if name == "layer_update":
            raise ServerError("layer_update: facade error", action=name, resource=resource,
                              server_message="facade error", status_code=StatusCode.INTERNAL)
        return None


def _layers(*names: str) -> list[dict[str, str]]:
    return [{"name": n, "description": ""} for n in names]


def test_list_decodes_name_and_description():
    conn = ScriptedConnection([{"name": "default", "description": "d"},
                               {"name": "", "description": ""}])
    assert FlightLayers(conn).list() == [Layer("default", "d"), Layer("", "")]
    assert conn.sent == [("layer_list", {}, None)]


@pytest.mark.parametrize("item", [["x"], {"name": "x"}, {"name": 1, "description": ""}])
def test_a_malformed_list_item_is_a_protocol_error(item):
    with pytest.raises(ProtocolError):
        FlightLayers(ScriptedConnection([item])).list()


def test_requests_carry_the_declared_keys():
    conn = ScriptedConnection([])
    port = FlightLayers(conn)
    port.create("a", "d")
    port.delete("a")
    assert conn.sent == [("layer_create", {"name": "a", "description": "d"}, "a"),
                         ("layer_delete", {"name": "a"}, "a")]


def test_an_unknown_prev_name_becomes_not_found_keeping_the_answer():
    port = FlightLayers(ScriptedConnection(_layers("default")))
    with pytest.raises(NotFoundError) as info:
        port.update(" ghost ", "spirit", "")
    err = info.value
    assert err.resource == "ghost" and err.action == "layer_update"
    assert err.status_code is StatusCode.INTERNAL and err.server_message == "facade error"
    assert isinstance(err.__cause__, ServerError)


def test_a_taken_curr_name_becomes_already_exists():
    port = FlightLayers(ScriptedConnection(_layers("default", "a", "b")))
    with pytest.raises(AlreadyExistsError) as info:
        port.update("a", " b", "")
    assert info.value.resource == "b"


@pytest.mark.parametrize("conn", [
    ScriptedConnection(_layers("a")),  # neither cause: the server's own trouble
    ScriptedConnection([], list_error=UnavailableError("gone")),  # cannot ask
], ids=["no-cause-found", "list-fails"])
def test_otherwise_the_server_error_stays(conn):
    with pytest.raises(ServerError) as info:
        FlightLayers(conn).update("a", "a", "x")
    assert type(info.value) is ServerError
