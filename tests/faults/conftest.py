"""Fixtures shared by the fault suites."""

from __future__ import annotations

import os
import subprocess

import pytest


@pytest.fixture
def tiny_disk(tmp_path):
    """A 1 MiB tmpfs to fill: the full-disk faults (root mounts it; CI requires it)."""
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        if os.environ.get("MOSAICO_REQUIRE_FAULTS") == "1":
            pytest.fail(f"cannot mount a small tmpfs: {done.stderr.strip()}")
        pytest.skip(f"cannot mount a small tmpfs (needs root): {done.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", str(mount_point)], check=False)
