"""The mutual-TLS key pair suite, run again with the guard in front (see test_guard_reruns)."""

from __future__ import annotations

import pytest

from tests.security import test_mtls_pair as mtls_pair
from tests.security.test_guard_reruns import guarded_server

# Collected here too, so they run with the guard (the patch below).
from tests.security.test_mtls_pair import (  # noqa: F401
    pki,
    test_a_mismatched_client_pair_is_named_at_once_and_nothing_is_sent,
)


@pytest.fixture(autouse=True)
def _always_guarded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mtls_pair, "running_server", guarded_server)
