"""pytest fixtures for testing your own code against Mosaico without a real server.

Installed as a pytest plugin (entry point ``mosaico``), so the fixtures are there
in any project that installs this package:

* ``mosaico_engine``: a fresh in-process engine with the server's rules;
* ``mosaico_client``: a client over that engine (no network);
* ``mosaico_server``: the Flight mock server over that engine, on a free loopback port;
* ``mosaico_remote_client``: a client connected to ``mosaico_server`` over Flight.

Example::

    def test_my_uploader(mosaico_client):
        my_uploader(mosaico_client, "drive_1")
        assert mosaico_client.sequence_handler("drive_1").topics == ["/sensors/imu"]
"""

from __future__ import annotations

from typing import Any, Iterator

import pytest

__all__ = ["mosaico_client", "mosaico_engine", "mosaico_remote_client", "mosaico_server"]


@pytest.fixture
def mosaico_engine() -> Any:
    """A fresh :class:`~mosaicolabs.testing.MemoryEngine` (API keys not enforced)."""
    from mosaicolabs.testing import MemoryEngine

    return MemoryEngine()


@pytest.fixture
def mosaico_client(mosaico_engine: Any) -> Iterator[Any]:
    """A ``MosaicoClient`` over ``mosaico_engine``, closed after the test."""
    from mosaicolabs.testing import memory_client

    with memory_client(mosaico_engine) as client:
        yield client


@pytest.fixture
def mosaico_server(mosaico_engine: Any) -> Iterator[Any]:
    """The mock Flight server over ``mosaico_engine`` (``.port``, ``.uri``, ``.engine``)."""
    from mosaicolabs.mock_server import running_server  # the plugin may start the server

    with running_server(mosaico_engine) as server:
        yield server


@pytest.fixture
def mosaico_remote_client(mosaico_server: Any) -> Iterator[Any]:
    """A ``MosaicoClient`` connected to ``mosaico_server`` over Arrow Flight."""
    from mosaicolabs.client import MosaicoClient

    with MosaicoClient.connect("127.0.0.1", mosaico_server.port) as client:
        yield client
