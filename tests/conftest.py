"""Suite-wide rule: where CI requires a suite (``MOSAICO_REQUIRE_*``), a skip is a failure."""

from __future__ import annotations

import os

import pytest

_REQUIRED = {
    "tests/conformance": "MOSAICO_REQUIRE_CONFORMANCE",
    "tests/faults": "MOSAICO_REQUIRE_FAULTS",
    "tests/integration": "MOSAICO_REQUIRE_DOCKER",
    "tests/reference": "MOSAICO_REQUIRE_MOSAICOD",
}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped:
        return
    path = str(item.path).replace(os.sep, "/")
    for folder, variable in _REQUIRED.items():
        if f"/{folder}/" in path and os.environ.get(variable) == "1":
            report.outcome = "failed"
            report.longrepr = f"skipped although {variable}=1 requires {folder} to run"
