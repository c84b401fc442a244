"""The documented command-line session (docs/cli.md), end to end, on mosaicod 0.3.0:
plain, with a key on the ``--api-key`` server, and over TLS."""

from __future__ import annotations

from tests.cli_session import run_documented_session
from tests.contract.remote import wipe


def test_cli_session_on_the_open_server(open_server):
    wipe(open_server)
    run_documented_session(open_server.host, open_server.port)


def test_cli_session_with_a_key(secured_server):
    wipe(secured_server)
    run_documented_session(secured_server.host, secured_server.port,
                           api_key=secured_server.admin_key)


def test_cli_session_over_tls(tls_server):
    wipe(tls_server)
    run_documented_session("127.0.0.1", tls_server.port, tls_root=tls_server.tls_root)
