"""Every ``mosaico`` line of docs/cli.md runs (exit 0) against a mock server."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from mosaicolabs.mock_server import running_server

ROOT = Path(__file__).resolve().parents[2]
BLOCK = re.compile(r"```bash\n(.*?)```", re.S)


def _commands() -> list[str]:
    text = (ROOT / "docs" / "cli.md").read_text()
    lines = [line.split("  #")[0].strip() for block in BLOCK.findall(text)
             for line in block.splitlines()]
    return [line for line in lines if line.startswith("mosaico ") and " serve" not in line]


def test_the_cli_page_has_a_session():
    assert len(_commands()) >= 10


def test_every_documented_command_runs():
    with running_server() as server:
        env = {**os.environ, "MOSAICO_PORT": str(server.port), "MOSAICO_HOST": "127.0.0.1"}
        for line in _commands():
            argv = shlex.split(line)[1:]
            done = subprocess.run([sys.executable, "-m", "mosaicolabs.cli", *argv], cwd=ROOT,
                                  env=env, capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
