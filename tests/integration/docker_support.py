"""Docker plumbing for the integration suite: the mock-server image, plus the shared helpers.

The generic parts (containers published on loopback, probes, leftovers) live in
:mod:`harness.containers`, which the mosaicod tier and the benchmarks use too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from harness.containers import (
    RUN_LABEL,
    SERVER_PORT,
    ServerContainer,
    docker_problem,
    leftover_containers,
    probe,
    remove_containers,
    running_container,
)

__all__ = ["BUILD_SCRIPT", "RUN_LABEL", "SERVER_PORT", "MockServerContainer", "build_image",
           "docker_problem", "leftover_containers", "probe", "remove_containers",
           "running_container"]

REPO = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = REPO / "docker" / "build.sh"
#: The mock server's image runs in the same container class as any server image.
MockServerContainer = ServerContainer


def build_image() -> str:
    """Run docker/build.sh (a no-op when the tag exists) and return the image reference."""
    env = {**os.environ, "PYTHON": sys.executable}
    result = subprocess.run(
        ["bash", str(BUILD_SCRIPT)], env=env, capture_output=True, text=True, timeout=1800
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{BUILD_SCRIPT} failed with status {result.returncode}:\n{result.stderr[-4000:]}"
        )
    return result.stdout.strip().splitlines()[-1]
