"""The official mosaicolabs 0.3.2 behaves on our mock server exactly as on mosaicod 0.3.0.

Each conformance scenario (tests/conformance/scenarios) runs twice in the official
package's venv: against a fresh mock server and against the real server, wiped first.
Their printed results must be equal once the values that differ between any two runs
(uuids, keys, creation times, byte sizes of the server's storage format) are masked.
A scenario that behaves differently is a fidelity bug of the mock, unless it is listed
in tests/fidelity as a deliberate difference.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from harness.mosaicod import Endpoint
from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum
from mosaicolabs.mock_server import running_server
from tests.conformance.official_env import OfficialEnvError, OfficialPython, ensure_official_venv
from tests.contract.remote import wipe

MOCK_KEY = "msco_vrfeceju4lqivysxgaseefa3tsxs0vrl_1b676530"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_KEY = re.compile(r"msco_[a-z0-9]{32}_[0-9a-f]{8}")
_FINGERPRINT = re.compile(r"\b[0-9a-f]{8}\b")
_DATETIME = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d| UTC)?")
#: Values that differ between any two servers or runs: masked before comparing.
VOLATILE_KEYS = {"created_timestamp", "updated_timestamps", "created_datetime",
                 "total_size_bytes", "created_at_ns", "expires_at_ns", "api_key_fingerprint",
                 "session_uuid", "uuid", "version"}


def mask(value: Any, key: str | None = None) -> Any:
    """``value`` with run-specific parts replaced by placeholders."""
    if key in VOLATILE_KEYS and value is not None:
        return f"<{key}>"
    if isinstance(value, dict):
        return {k: mask(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [mask(v) for v in value]
    if isinstance(value, str):
        value = _KEY.sub("<key>", _UUID.sub("<uuid>", value))
        return _FINGERPRINT.sub("<fp>", _DATETIME.sub("<datetime>", value))
    return value


@pytest.fixture(scope="module")
def official() -> OfficialPython:
    try:
        python, seconds = ensure_official_venv()
    except (OfficialEnvError, OSError) as exc:
        pytest.fail(f"official mosaicolabs venv unavailable: {exc}", pytrace=False)
    return OfficialPython(python, seconds)


def _on_mock(official: OfficialPython, script: str, *args: Any, secured: bool) -> Any:
    engine = MemoryEngine(enforce_api_keys=secured)
    if secured:
        engine.keys.issue(APIKeyPermissionEnum.Manage, "boot", token=MOCK_KEY)
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
    assert mask(on_mock) == mask(on_real)


@pytest.mark.parametrize("script", ["connect.py", "api_keys.py"])
def test_secured_server_scenarios_match(official, secured_server, script):
    on_mock = _on_mock(official, script, secured=True)
    on_real = _on_mosaicod(official, secured_server, script)
    assert mask(on_mock) == mask(on_real)


@pytest.mark.parametrize("key", ["", "msco_zzzzzzzzzzzzzzzzzzzzzzzzzzzz1234_00000000"])
def test_bad_keys_fail_the_same_way(official, secured_server, key):
    engine = MemoryEngine(enforce_api_keys=True)
    engine.keys.issue(APIKeyPermissionEnum.Manage, "boot", token=MOCK_KEY)
    with running_server(engine) as server:
        on_mock = official.run("connect.py", "--port", server.port, "--api-key", key)
    on_real = official.run("connect.py", "--port", secured_server.port, "--api-key", key)
    assert mask(on_mock) == mask(on_real)
