"""Mosaico mock server: Arrow Flight (protocol.md) over the in-process engine.

Use it in-process for tests::

    from mosaicolabs.mock_server import running_server

    with running_server() as server:
        ...  # connect to server.uri

or from the command line: ``python -m mosaicolabs.mock_server --port 6726``.
Error messages start with the real server's gRPC status phrase
(``"not found: "``, ``"failed precondition: "``...); see :mod:`.errors`.
"""

from .cli import main
from .server import MockFlightServer, running_server

__all__ = ["MockFlightServer", "main", "running_server"]
