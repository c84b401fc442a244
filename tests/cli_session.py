"""The documented command-line session (docs/cli.md), runnable against any server.

Used by tests/unit/test_docs_cli.py (a mock server) and tests/reference (mosaicod).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

__all__ = ["ROOT", "documented_commands", "run_documented_session"]

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"```bash\n(.*?)```", re.S)


def documented_commands() -> list[str]:
    """Every ``mosaico ...`` line of the page's bash blocks, except ``serve``."""
    text = (ROOT / "docs" / "cli.md").read_text()
    lines = [line.split("  #")[0].strip() for block in BLOCK.findall(text)
             for line in block.splitlines()]
    return [line for line in lines if line.startswith("mosaico ") and " serve" not in line]


def run_documented_session(host: str, port: int, *, api_key: str | None = None,
                           tls_root: Path | None = None) -> None:
    """Run every documented command in order; fail with its output if one exits non-zero."""
    env = {**os.environ, "MOSAICO_PORT": str(port), "MOSAICO_HOST": host}
    for name in ("MOSAICO_API_KEY", "MOSAICOD_API_KEY", "MOSAICO_TLS_CERT_FILE",
                 "MOSAICOD_TLS_CERT_FILE"):
        env.pop(name, None)
    if api_key is not None:
        env["MOSAICO_API_KEY"] = api_key
    if tls_root is not None:
        env["MOSAICO_TLS_CERT_FILE"] = str(tls_root)
    for line in documented_commands():
        argv = shlex.split(line)[1:]
        done = subprocess.run([sys.executable, "-m", "mosaicolabs.cli", *argv], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
