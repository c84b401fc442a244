"""The official mosaicolabs 0.3.2 behaves on our mock server exactly as on mosaicod 0.3.0.

Each conformance scenario (tests/conformance/scenarios) runs twice in the official
package's venv: against a fresh mock server and against the real server, wiped first.
Their printed results must be equal once the values that differ between any two runs
(uuids, keys, creation times, byte sizes of the server's storage format) are masked.
A scenario that behaves differently is a fidelity bug of the mock, unless it is listed
in tests/fidelity as a deliberate difference.

Two things a pyarrow server cannot avoid are compared by meaning, not letter:
* Message framing. A pyarrow server sends Arrow's status details with every error, so
  the official client shows ``<text>. Detail: Internal`` where mosaicod's plain gRPC
  status shows as ``Flight returned internal error, with message: <text>``; and the mock
  adds `` :: <detail>`` after mosaicod's text (our deliberate, clearer difference). The
  server's own text must be the same.
* Exception classes. pyarrow servers cannot send ALREADY_EXISTS (the mock sends UNKNOWN
  with mosaicod's text), so the official client raises ``FlightServerError`` where it
  raises ``ArrowException`` on mosaicod. What must hold is that every class the real
  server's error is an instance of, the mock's is too: code catching what mosaicod
  raises catches what the mock raises.

Lists whose order mosaicod leaves to its database (sequences, query results) are sorted.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from harness.mosaicod import Endpoint
from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum
from mosaicolabs.mock_server import running_server
from tests.conformance.official_env import OfficialPython
from tests.contract.remote import wipe

MOCK_KEY = "msco_vrfeceju4lqivysxgaseefa3tsxs0vrl_1b676530"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_KEY = re.compile(r"msco_[a-z0-9]{32}_[0-9a-f]{8}")
_FINGERPRINT = re.compile(r"\b[0-9a-f]{8}\b")
_DATETIME = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d| UTC)?")
#: Values that differ between any two servers or runs: masked before comparing.
VOLATILE_KEYS = {"created_timestamp", "updated_timestamps", "created_datetime",
                 "completed_timestamp",
                 "total_size_bytes", "created_at_ns", "expires_at_ns", "api_key_fingerprint",
                 "session_uuid", "uuid", "version"}


_FRAMING = (
    (re.compile(r"(?:[A-Za-z]+: )?Flight returned [a-z ]+ error, with message: "), ""),
    # The mock's detail after " :: ": up to pyarrow's ". Detail: X" (unguarded mock) or,
    # from the guard's plain statuses, to the end of the (possibly quoted) message.
    (re.compile(r" :: .*?(?=\. Detail: [A-Za-z]+|['\"]?$)", re.S), ""),
    (re.compile(r"\. Detail: [A-Za-z]+"), ""),
)
_RUN_NAMES = re.compile(r"\bseq_[0-9a-f]{8}\b")
_ADDRESS = re.compile(r"127\.0\.0\.1:\d+")


def server_words(text: str) -> str:
    """A message without pyarrow's framing and without the mock's `` :: detail``."""
    for pattern, replacement in _FRAMING:
        text = pattern.sub(replacement, text)
    return text


def _order_free(items: list[Any]) -> list[Any]:
    if items and all(isinstance(v, str) for v in items):
        return sorted(items)
    if items and all(isinstance(v, dict) and "sequence" in v for v in items):
        return sorted(items, key=lambda v: str(v["sequence"]))
    if items and all(isinstance(v, list) and v for v in items):
        # (name, range) pairs of a query item; (topic, timestamp, message) of a merged
        # read, whose ties between topics have no defined order
        return sorted(items, key=lambda v: json.dumps(v[:2], sort_keys=True))
    return items


def mask(value: Any, key: str | None = None) -> Any:
    """``value`` with run-specific parts replaced by placeholders."""
    if key in VOLATILE_KEYS and value is not None:
        return f"<{key}>"
    if isinstance(value, dict):
        if "kinds" in value and "error" in value:  # compared by compatible()
            value = {k: v for k, v in value.items() if k not in ("kinds", "error", "cause")}
        return {k: mask(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return _order_free([mask(v) for v in value])
    if isinstance(value, str):
        value = _RUN_NAMES.sub("<run>", _KEY.sub("<key>", _UUID.sub("<uuid>", value)))
        value = _ADDRESS.sub("<address>", value)
        return _FINGERPRINT.sub("<fp>", _DATETIME.sub("<datetime>", server_words(value)))
    return value


def incompatible_errors(on_mock: Any, on_real: Any, path: str = "") -> list[str]:
    """Where the real server's error is of a class the mock's error is not."""
    found: list[str] = []
    if isinstance(on_mock, dict) and isinstance(on_real, dict):
        if "kinds" in on_real and not set(on_real["kinds"]) <= set(on_mock.get("kinds", [])):
            found.append(f"{path}: mosaicod raised {on_real['kinds']}, the mock "
                         f"{on_mock.get('kinds')}")
        for name in set(on_mock) & set(on_real):
            found += incompatible_errors(on_mock[name], on_real[name], f"{path}.{name}")
    elif isinstance(on_mock, list) and isinstance(on_real, list):
        for i, (a, b) in enumerate(zip(on_mock, on_real, strict=False)):
            found += incompatible_errors(a, b, f"{path}[{i}]")
    return found


def assert_same_behaviour(on_mock: Any, on_real: Any) -> None:
    """Equal results once masked, and errors of compatible classes."""
    assert mask(on_mock) == mask(on_real)
    assert incompatible_errors(on_mock, on_real) == []


def _on_mock(official: OfficialPython, script: str, *args: Any, secured: bool) -> Any:
    engine = MemoryEngine(enforce_api_keys=secured)
    if secured:
        engine.keys.issue(APIKeyPermissionEnum.Manage, "bootstrap", token=MOCK_KEY)
        args = ("--api-key", MOCK_KEY, *args)
    with running_server(engine) as server:
        return official.run(script, "--port", server.port, *args)


def _on_mosaicod(official: OfficialPython, server: Endpoint, script: str, *args: Any) -> Any:
    wipe(server)
    if server.admin_key is not None:
        args = ("--api-key", server.admin_key, *args)
    return official.run(script, "--port", server.port, *args)


SCENARIOS = ["connect.py", "write_read.py", "queries.py", "deletes.py", "policies.py"]


@pytest.mark.parametrize("script", SCENARIOS)
def test_open_server_scenarios_match(official, open_server, script):
    on_mock = _on_mock(official, script, secured=False)
    on_real = _on_mosaicod(official, open_server, script)
    assert_same_behaviour(on_mock, on_real)


@pytest.mark.parametrize("script", ["connect.py", "api_keys.py"])
def test_secured_server_scenarios_match(official, secured_server, script):
    on_mock = _on_mock(official, script, secured=True)
    on_real = _on_mosaicod(official, secured_server, script)
    assert_same_behaviour(on_mock, on_real)


@pytest.mark.parametrize("key", ["", "msco_zzzzzzzzzzzzzzzzzzzzzzzzzzzz1234_00000000"])
def test_bad_keys_fail_the_same_way(official, secured_server, key):
    engine = MemoryEngine(enforce_api_keys=True)
    engine.keys.issue(APIKeyPermissionEnum.Manage, "bootstrap", token=MOCK_KEY)
    with running_server(engine) as server:
        on_mock = official.run("connect.py", "--port", server.port, "--api-key", key)
    on_real = official.run("connect.py", "--port", secured_server.port, "--api-key", key)
    assert_same_behaviour(on_mock, on_real)
