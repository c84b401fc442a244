"""Cross-client round trips for every built-in model on mosaicod 0.3.0: what the official
package writes, ours reads identically, and the other way round (the tests of
tests/conformance/test_cross_client.py, on the real server)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.conformance.test_cross_client import (  # noqa: F401 - collected here
    run_cross,
    test_official_cannot_read_rows_with_null_components,
    test_official_refuses_exactly_the_documented_rows,
    test_written_by_official_reads_back_identically_through_ours,
    test_written_by_ours_reads_back_identically_through_official,
)
from tests.contract.remote import wipe


@pytest.fixture(scope="module")
def cross(official, open_server, tmp_path_factory) -> SimpleNamespace:
    """Both directions on the open mosaicod."""
    wipe(open_server)
    return run_cross(official, open_server.port, tmp_path_factory.mktemp("cross"))
