"""The mock server's API-key checks on the wire, and its command line with keys.

mosaicod 0.3.0's answers: PERMISSION_DENIED ``missing api key token in request``
without a key, PERMISSION_DENIED ``unauthorized`` for a bad key or too low a level.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys

import pyarrow.flight as fl
import pytest

from mosaicolabs.adapters.memory.engine import MemoryEngine
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum as Perm
from mosaicolabs.mock_server import running_server


def act(client, kind, body, options):
    [result] = client.do_action(fl.Action(kind, json.dumps(body).encode()), options)
    envelope = json.loads(result.body.to_pybytes())
    assert set(envelope) == {"action", "response"} and envelope["action"] == kind
    return envelope["response"]


def test_api_key_enforcement():
    engine = MemoryEngine(enforce_api_keys=True)
    manage = engine.keys.issue(Perm.Manage, "root")
    with running_server(engine) as srv, fl.FlightClient(srv.uri) as client:
        def opts(token):
            return fl.FlightCallOptions(headers=[(b"mosaico-api-key-token", token.encode())])

        with pytest.raises(fl.FlightUnauthorizedError,
                           match="message: missing api key token in request"):
            list(client.list_flights())
        body = {"permissions": "read", "description": "ro"}
        read_key = act(client, "api_key_create", body, opts(manage))["api_key_token"]
        assert re.fullmatch(r"msco_[a-z0-9]{32}_[0-9a-f]{8}", read_key)
        assert list(client.list_flights(options=opts(read_key))) == []
        with pytest.raises(fl.FlightUnauthorizedError, match="message: unauthorized :: .*WRITE"):
            act(client, "sequence_create", {"locator": "s", "user_metadata": {}}, opts(read_key))
        fingerprint = {"api_key_fingerprint": read_key[-8:]}
        status = act(client, "api_key_status", fingerprint, opts(manage))
        assert status == {"api_key_fingerprint": read_key[-8:], "description": "ro",
                          "created_at_ns": status["created_at_ns"], "expires_at_ns": None}
        assert act(client, "api_key_revoke", fingerprint, opts(manage)) is None
        with pytest.raises(fl.FlightUnauthorizedError, match="message: unauthorized :: .*revoked"):
            list(client.list_flights(options=opts(read_key)))
        with pytest.raises(fl.FlightInternalError, match="message: facade error"):
            act(client, "api_key_status", fingerprint, opts(manage))


def test_cli_prints_key_and_stops_on_sigterm():
    cmd = [sys.executable, "-m", "mosaicolabs.mock_server", "--port", "0", "--api-keys"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    try:
        key_line, listen_line = proc.stdout.readline(), proc.stdout.readline()
        assert re.fullmatch(r"manage api key: msco_[a-z0-9]{32}_[0-9a-f]{8}\n", key_line)
        assert re.fullmatch(r"listening on grpc://127\.0\.0\.1:\d+\n", listen_line)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
