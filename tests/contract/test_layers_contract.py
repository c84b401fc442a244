"""Contract of the Layers port (and the ManageLayers use-case) on every backend.

The same scenarios run on the in-memory engine, on the mock server over Flight and,
through tests/reference/test_layers_on_mosaicod.py, on the real mosaicod 0.3.0, whose
behaviour they record: names are trimmed and otherwise free, a fresh server has the
``default`` layer, a taken name is AlreadyExists and an unknown one NotFound.
Listing order is the server's (PostgreSQL's on mosaicod), so lists are compared sorted.
"""

from __future__ import annotations

import pytest

from mosaicolabs.application.manage_layers import ManageLayers
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum as P
from mosaicolabs.domain.errors import (
    AlreadyExistsError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
)
from mosaicolabs.domain.layers import DEFAULT_LAYER, Layer
from mosaicolabs.domain.vocabulary import Action
from mosaicolabs.ports import Layers

DEFAULT = (DEFAULT_LAYER.name, DEFAULT_LAYER.description)


def _reset(port: Layers) -> None:
    """A server that keeps its state between tests back to a fresh one's layers."""
    for layer in port.list():
        if layer != DEFAULT_LAYER:
            port.delete(layer.name)
    if DEFAULT_LAYER not in port.list():
        port.create(DEFAULT_LAYER.name, DEFAULT_LAYER.description)


def layers_of(ports) -> Layers:
    """The Layers port the client's container wired for ``ports``' backend."""
    return ports.container.layers()


@pytest.fixture
def layers(ports) -> Layers:
    """The Layers adapter of the backend under test, on a server with only ``default``."""
    port = layers_of(ports)
    _reset(port)
    yield port
    _reset(port)


def pairs(port: Layers) -> list[tuple[str, str]]:
    return sorted((layer.name, layer.description) for layer in port.list())


def test_adapter_satisfies_the_port(layers):
    assert isinstance(layers, Layers)


def test_a_fresh_server_has_only_the_default_layer(layers):
    assert layers.list() == [DEFAULT_LAYER]


def test_created_layers_are_listed_with_trimmed_names_and_descriptions_as_sent(layers):
    layers.create("lidar", "point clouds")
    layers.create("  radar\t", "  padded  ")
    layers.create("camera", "")
    assert pairs(layers) == sorted([DEFAULT, ("lidar", "point clouds"),
                                    ("radar", "  padded  "), ("camera", "")])
    assert all(isinstance(layer, Layer) for layer in layers.list())


def test_any_text_is_a_name_and_names_are_case_sensitive(layers):
    for name in ("", "x/y z", "Ünï", "ünï", "a.b-c_d"):
        layers.create(name, name)
    assert pairs(layers) == sorted([DEFAULT, ("", ""), ("x/y z", "x/y z"), ("Ünï", "Ünï"),
                                    ("ünï", "ünï"), ("a.b-c_d", "a.b-c_d")])


def test_a_taken_name_is_already_exists_and_changes_nothing(layers):
    layers.create("lidar", "first")
    before = pairs(layers)
    for name in ("lidar", " lidar ", "default"):
        with pytest.raises(AlreadyExistsError):
            layers.create(name, "second")
    layers.create("", "empty")
    with pytest.raises(AlreadyExistsError):  # a blank name trims to the empty one
        layers.create("   ", "blank")
    assert pairs(layers) == sorted([*before, ("", "empty")])


def test_update_renames_and_redescribes(layers):
    layers.create("lidar", "old")
    layers.update(" lidar", "laser ", "new")
    assert pairs(layers) == sorted([DEFAULT, ("laser", "new")])
    layers.update("laser", "laser", "same name, new text")
    assert pairs(layers) == sorted([DEFAULT, ("laser", "same name, new text")])


def test_update_of_an_unknown_layer_is_not_found(layers):
    with pytest.raises(NotFoundError):
        layers.update("ghost", "spirit", "")
    assert pairs(layers) == [DEFAULT]


def test_update_onto_a_taken_name_is_already_exists(layers):
    layers.create("lidar", "l")
    with pytest.raises(AlreadyExistsError):
        layers.update("lidar", "default", "d")
    assert pairs(layers) == sorted([DEFAULT, ("lidar", "l")])


def test_delete_removes_the_layer_and_then_it_is_not_found(layers):
    layers.create("lidar", "l")
    layers.delete(" lidar ")
    assert pairs(layers) == [DEFAULT]
    with pytest.raises(NotFoundError):
        layers.delete("lidar")
    with pytest.raises(NotFoundError):
        layers.delete("ghost")


def test_the_default_layer_is_a_layer_like_any_other(layers):
    layers.update("default", "base", "mine")
    assert pairs(layers) == [("base", "mine")]
    layers.delete("base")
    assert layers.list() == []


def test_the_use_case_trims_names_and_refuses_non_text_before_sending(layers):
    manage = ManageLayers(layers)
    manage.create("  lidar  ")
    manage.update("lidar ", " laser", "beams")
    assert pairs(layers) == sorted([DEFAULT, ("laser", "beams")])
    for call in (lambda: manage.create(7, "x"), lambda: manage.create("x", None),
                 lambda: manage.update("laser", ["x"], "d"), lambda: manage.delete(None)):
        with pytest.raises(InvalidRequestError):
            call()
    assert pairs(layers) == sorted([DEFAULT, ("laser", "beams")])
    manage.delete("laser")
    assert manage.list() == [DEFAULT_LAYER]


@pytest.mark.parametrize("level", [P.Read, P.Write, P.Delete, P.Manage], ids=lambda p: p.value)
def test_each_key_level_may_do_what_the_declarations_say(secured_ports, level):
    admin = layers_of(secured_ports)
    _reset(admin)
    admin.create("victim", "v")
    token = secured_ports.api_keys.create(level, f"layers {level.value}", None)
    caller = layers_of(secured_ports.reconnect(token))
    calls = ((Action.layer_list, caller.list),
             (Action.layer_create, lambda: caller.create("made", "")),
             (Action.layer_update, lambda: caller.update("victim", "victim", "changed")),
             (Action.layer_delete, lambda: caller.delete("victim")))
    try:
        for action, call in calls:
            before = pairs(admin)
            if level.allows(action.permission):
                call()
                continue
            with pytest.raises(PermissionDeniedError):
                call()
            assert pairs(admin) == before, f"a refused {action.name} changed the layers"
    finally:
        _reset(admin)


def test_the_client_facade_manages_layers(client):
    """``client.layers`` is the use-case over the backend's port, errors typed as for
    any other call."""
    _reset(client.layers._port)  # noqa: SLF001 - a shared server back to a fresh state
    try:
        client.layers.create("  lidar ", "point clouds")
        client.layers.update("lidar", "lidar_front", "front unit")
        assert ("lidar_front", "front unit") in pairs(client.layers._port)  # noqa: SLF001
        with pytest.raises(AlreadyExistsError):
            client.layers.create("lidar_front")
        client.layers.delete("lidar_front")
        with pytest.raises(NotFoundError):
            client.layers.delete("lidar_front")
        assert [layer.name for layer in client.layers.list()] == [DEFAULT_LAYER.name]
    finally:
        _reset(client.layers._port)  # noqa: SLF001
