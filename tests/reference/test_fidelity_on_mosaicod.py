"""Every scenario of the fidelity table (tests/fidelity/fidelity.json) on mosaicod 0.3.0.

``expect`` is what the real server answers; this proves it, scenario by scenario, with
raw Flight calls. tests/fidelity/test_fidelity_mock.py runs the same table on the mock,
where only the rows with a ``mock`` entry (a deliberate, explained difference) may differ.
"""

from __future__ import annotations

import pytest

from tests.fidelity.runner import check, load_scenarios, run_scenario

SCENARIOS = load_scenarios()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_mosaicod_answers_as_the_table_says(scenario, open_server, secured_server):
    server = secured_server if scenario["server"] == "keys" else open_server
    outcome = run_scenario(scenario, server.host, server.port, admin_key=server.admin_key)
    assert check(outcome, scenario["expect"]) == []
