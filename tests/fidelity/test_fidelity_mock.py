"""Every scenario of the fidelity table, run against our mock server.

The mock must answer as mosaicod 0.3.0 (``expect``) unless the scenario lists a
deliberate difference (``mock``: its own expectation and ``why``). Each scenario
gets a fresh in-process server; ``server: "keys"`` scenarios get one that enforces
API keys, with a Manage key as the admin key.
"""

from __future__ import annotations

import pytest

from mosaicolabs.adapters.memory.engine import MemoryEngine
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum
from mosaicolabs.mock_server import running_server

from .runner import Outcome, check, load_scenarios, run_scenario

SCENARIOS = load_scenarios()
ADMIN_KEY = "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_f9010b9e"


def _engine(server: str) -> MemoryEngine:
    if server == "open":
        return MemoryEngine()
    engine = MemoryEngine(enforce_api_keys=True)
    engine.keys.issue(APIKeyPermissionEnum.Manage, "fidelity admin", token=ADMIN_KEY)
    return engine


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_mock_answers_as_the_table_says(scenario):
    with running_server(_engine(scenario["server"])) as server:
        key = ADMIN_KEY if scenario["server"] == "keys" else None
        outcome = run_scenario(scenario, "127.0.0.1", server.port, admin_key=key)
    expected = scenario.get("mock", {}).get("expect", scenario["expect"])
    assert check(outcome, expected) == []


def test_the_table_is_well_formed():
    ids = [s["id"] for s in SCENARIOS]
    assert len(ids) == len(set(ids))
    for scenario in SCENARIOS:
        assert set(scenario) <= {"id", "covers", "server", "source", "steps", "expect", "mock"}
        assert scenario["covers"] and scenario["steps"] and scenario["server"] in ("open", "keys")
        for expectation in (scenario["expect"], scenario.get("mock", {}).get("expect")):
            if expectation is not None:
                assert expectation["status"] == "OK" or expectation.get("text"), scenario["id"]
        if "mock" in scenario:
            assert scenario["mock"]["why"] and scenario["mock"]["expect"] != scenario["expect"]


def test_check_reports_each_difference():
    outcome = Outcome(2, "INTERNAL", "facade error :: session 'x' not found", None, "fidabc")
    assert check(outcome, {"status": "INTERNAL", "text": "facade error", "step": 2}) == []
    assert len(check(outcome, {"status": "INTERNAL", "text": "facade", "step": 1})) == 2
    assert check(outcome, {"status": "PERMISSION_DENIED", "text": "facade error"})
    done = Outcome(0, "OK", "", {"items": [{"sequence": "fidabc", "n": 3}]}, "fidabc")
    assert check(done, {"status": "OK", "value": {"items": [{"sequence": "$RUN"}]}}) == []
    assert check(done, {"status": "OK", "value": {"items": [{"n": "<str>"}]}})
    assert check(done, {"status": "OK", "value": {"items": []}})
