"""Keys across restarts of a real server process on one ``--data-dir``.

Before: a second start with the same bootstrap key refused to start ("a key with
fingerprint ... exists"), so the documented container set-up crash-looped; a revoked
bootstrap key came back after a restart; and every restart without a bootstrap key minted
a new Manage key. Bootstrapping must be idempotent and a revocation must last.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from mosaicolabs import APIKeyPermissionEnum, MosaicoClient
from mosaicolabs.domain.errors import AuthenticationError, MosaicoError

BOOT = "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_f9010b9e"
_LISTENING = re.compile(r"listening on grpc://[^:]+:(\d+)")


@contextmanager
def server(data_dir: Path, *args: str, env: dict[str, str] | None = None
           ) -> Iterator[tuple[int, list[str]]]:
    """A mock server process with keys enforced; yields (port, lines printed before ready)."""
    cmd = [sys.executable, "-m", "mosaicolabs.mock_server", "--port", "0", "--api-keys",
           "--data-dir", str(data_dir), *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    printed: list[str] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            match = _LISTENING.search(line)
            if match:
                yield int(match.group(1)), printed
                return
            printed.append(line.strip())
        raise AssertionError(f"the server did not start: {proc.wait()} {proc.stderr.read()}")
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def test_the_same_bootstrap_key_restarts_cleanly_and_keeps_working(tmp_path):
    for _ in range(3):
        with server(tmp_path, "--bootstrap-key", BOOT) as (port, _printed):
            with MosaicoClient.connect("127.0.0.1", port, api_key=BOOT) as admin:
                assert admin.api_key_status().api_key_fingerprint == BOOT[-8:]


def test_the_bootstrap_key_from_the_environment_restarts_too(tmp_path):
    import os

    env = {**os.environ, "MOSAICO_MOCK_BOOTSTRAP_KEY": BOOT}
    for _ in range(2):
        with server(tmp_path, env=env) as (port, _printed):
            with MosaicoClient.connect("127.0.0.1", port, api_key=BOOT) as admin:
                assert admin.list_sequences() == []


def test_a_revoked_bootstrap_key_stays_revoked_after_restarts(tmp_path):
    with server(tmp_path, "--bootstrap-key", BOOT) as (port, _printed):
        with MosaicoClient.connect("127.0.0.1", port, api_key=BOOT) as admin:
            successor = admin.api_key_create(APIKeyPermissionEnum.Manage, "successor")
        with MosaicoClient.connect("127.0.0.1", port, api_key=successor) as admin:
            admin.api_key_revoke(BOOT[-8:])
    with server(tmp_path, "--bootstrap-key", BOOT) as (port, _printed):
        with pytest.raises(AuthenticationError):
            MosaicoClient.connect("127.0.0.1", port, api_key=BOOT)
        with MosaicoClient.connect("127.0.0.1", port, api_key=successor) as admin:
            with pytest.raises(MosaicoError):
                admin.api_key_status(BOOT[-8:])  # gone for good


def test_a_generated_key_is_minted_once_not_at_every_restart(tmp_path):
    with server(tmp_path) as (port, printed):
        minted = [line for line in printed if line.startswith("manage api key: ")]
        assert len(minted) == 1
        first = minted[0].split(": ", 1)[1]
    with server(tmp_path) as (port, printed):
        assert not any(line.startswith("manage api key: ") for line in printed)
        with MosaicoClient.connect("127.0.0.1", port, api_key=first) as admin:
            assert admin.api_key_status().api_key_fingerprint == first[-8:]
