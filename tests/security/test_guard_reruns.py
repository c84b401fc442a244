"""Suites written for the bare server, run again with the guard in front.

The TLS and mutual-TLS suite (the guard terminates TLS; the backend hop stays plain
on loopback) and the killed-writer suite (a writer killed mid-upload must reach the
backend as a cancellation, never as a complete upload) start their servers through
``running_server``; here it is replaced, in those modules only, by one that always
puts the guard in front and checks that it did. (The mutual-TLS key pair suite has
a fixture of the same name as the TLS suite's: it is re-run in
``test_guard_reruns_mtls.py``.)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from mosaicolabs.mock_server import MockFlightServer, running_server
from tests.faults import test_killed_writer as killed_writer

# Collected here too, so they run with the guard (the patch below).
from tests.faults.test_killed_writer import (  # noqa: F401
    test_a_finished_upload_from_another_process_is_committed,
    test_a_killed_writer_leaves_the_topic_unlocked_and_empty,
)
from tests.unit import test_security_tls as tls
from tests.unit.test_security_tls import (  # noqa: F401
    pki,
    test_custom_ca_one_way_tls_works,
    test_from_env_reads_key_and_certificate,
    test_hostname_mismatch_is_a_fast_tls_error_and_server_name_fixes_it,
    test_mutual_tls_accepts_a_client_certificate_from_the_ca,
    test_mutual_tls_refuses_missing_or_foreign_client_certificates,
    test_plain_client_against_a_tls_server_fails_fast,
    test_seed_security_example_over_tls_with_an_api_key,
    test_server_certificate_itself_can_be_the_trust_anchor,
    test_system_roots_do_not_trust_a_private_ca,
    test_untrusted_ca_is_a_fast_tls_error,
)


@contextmanager
def guarded_server(*args: Any, **kwargs: Any) -> Iterator[MockFlightServer]:
    with running_server(*args, **{**kwargs, "guard": True}) as server:
        assert server.guard is not None and server.port == server.guard.port
        yield server


@pytest.fixture(autouse=True)
def _always_guarded(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (tls, killed_writer):
        monkeypatch.setattr(module, "running_server", guarded_server)
