"""Every ``mosaico`` line of docs/cli.md runs (exit 0) against a mock server."""

from __future__ import annotations

from mosaicolabs.mock_server import running_server
from tests.cli_session import documented_commands, run_documented_session


def test_the_cli_page_has_a_session():
    assert len(documented_commands()) >= 10


def test_every_documented_command_runs():
    with running_server() as server:
        run_documented_session("127.0.0.1", server.port)
