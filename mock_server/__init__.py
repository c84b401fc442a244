"""Mosaico mock server: Arrow Flight (protocol.md) over the in-process engine.

Use it in-process for tests::

    from mosaicolabs.mock_server import running_server

    with running_server() as server:
        ...  # connect to server.uri

or from the command line: ``python -m mosaicolabs.mock_server --port 6726``.
Failures carry mosaicod 0.3.0's gRPC status and leading text (``facade error``,
``database error``...), followed by ``" :: "`` and a clearer detail; see
:mod:`.errors` and the fidelity table in ``tests/fidelity``.

Tests that check what a client sent give it a recorder (the hook is
:mod:`.recorder`), e.g. ``running_server(transcript=Transcript())`` with
:class:`mosaicolabs.testkit.Transcript`, and read ``server.transcript``.
"""

from .cli import main
from .server import MockFlightServer, running_server

__all__ = ["MockFlightServer", "main", "running_server"]
