"""Layers of a persistent engine survive restarts, and a refused write changes nothing."""

from __future__ import annotations

import errno
import os

import pytest

from mosaicolabs.adapters.flight import FlightLayers
from mosaicolabs.adapters.memory import MemoryEngine, persistence
from mosaicolabs.container import ClientContainer
from mosaicolabs.domain.errors import ServerError
from mosaicolabs.domain.layers import DEFAULT_LAYER, Layer
from mosaicolabs.mock_server import running_server

DEFAULT = (DEFAULT_LAYER.name, DEFAULT_LAYER.description)


def _pairs(engine: MemoryEngine) -> list[tuple[str, str]]:
    return [(layer.name, layer.description) for layer in engine.list_layers()]


def test_acknowledged_layer_changes_survive_a_restart(tmp_path):
    engine = MemoryEngine(data_dir=tmp_path)
    engine.create_layer("lidar", "point clouds")
    engine.create_layer(" radar ", "")
    engine.create_layer("gone", "soon")
    engine.update_layer("lidar", "laser", "beams")
    engine.delete_layer("gone")
    expected = [DEFAULT, ("radar", ""), ("laser", "beams")]
    assert _pairs(engine) == expected
    assert _pairs(MemoryEngine(data_dir=tmp_path)) == expected


def test_layers_survive_the_journal_being_folded_into_a_snapshot(tmp_path, monkeypatch):
    monkeypatch.setattr(persistence, "_COMPACT_MIN", 2048)  # fold after a few records
    engine = MemoryEngine(data_dir=tmp_path)
    for i in range(60):
        engine.create_layer(f"layer{i}", "x" * 40)
    for i in range(0, 60, 2):
        engine.delete_layer(f"layer{i}")
    snapshot = (tmp_path / persistence.SNAPSHOT).read_text()
    assert '"layer"' in snapshot  # the layers were folded in, not only journaled
    assert _pairs(MemoryEngine(data_dir=tmp_path)) == _pairs(engine)
    assert len(_pairs(engine)) == 31


def test_the_default_layer_comes_back_at_start_up_as_on_mosaicod(tmp_path):
    engine = MemoryEngine(data_dir=tmp_path)
    engine.update_layer("default", "base", "renamed")
    assert _pairs(engine) == [("base", "renamed")]
    again = MemoryEngine(data_dir=tmp_path)
    assert sorted(_pairs(again)) == sorted([("base", "renamed"), DEFAULT])
    again.delete_layer("default")
    assert _pairs(MemoryEngine(data_dir=tmp_path)) == [("base", "renamed"), DEFAULT]


def test_restoring_the_default_layer_is_not_journaled(tmp_path):
    MemoryEngine(data_dir=tmp_path).create_layer("a", "")
    journal = tmp_path / persistence.JOURNAL
    before = journal.read_bytes()
    MemoryEngine(data_dir=tmp_path)  # a start-up changes nothing on disk
    assert journal.read_bytes() == before


def test_a_refused_write_leaves_the_layers_as_they_were(tmp_path, monkeypatch):
    engine = MemoryEngine(data_dir=tmp_path)
    engine.create_layer("a", "1")
    engine.create_layer("b", "2")
    before = _pairs(engine)
    real_fsync = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    for change in (lambda: engine.update_layer("a", "c", "3"),
                   lambda: engine.delete_layer("b"),
                   lambda: engine.create_layer("d", "4")):
        with pytest.raises(ServerError, match="No space left"):
            change()
        assert _pairs(engine) == before  # same layers, same order
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert _pairs(MemoryEngine(data_dir=tmp_path)) == before


def test_a_restarted_persistent_mock_server_lists_the_layers_clients_made(tmp_path):
    def layers_port(port: int) -> tuple[ClientContainer, FlightLayers]:
        container = ClientContainer.for_flight("127.0.0.1", port, call_timeout=30)
        return container, FlightLayers(container.adapters.connection())

    with running_server(MemoryEngine(data_dir=tmp_path)) as server:
        container, layers = layers_port(server.port)
        layers.create("lidar", "point clouds")
        layers.create("camera", "")
        layers.update("camera", "cameras", "all of them")
        layers.delete("default")
        container.shutdown_resources()
    with running_server(MemoryEngine(data_dir=tmp_path)) as server:
        container, layers = layers_port(server.port)
        listed = layers.list()
        container.shutdown_resources()
    assert listed[:2] == [Layer("lidar", "point clouds"), Layer("cameras", "all of them")]
    assert listed[2:] == [DEFAULT_LAYER]  # put back at start-up, as mosaicod does

