"""Start the mock server in its own process and tell the benchmark where it listens."""

from __future__ import annotations

import re
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parent.parent

_LISTENING = re.compile(r"listening on grpc://([^:]+):(\d+)")


@contextmanager
def server_process(extra_args: list[str] | None = None) -> Iterator[int]:
    """Run ``python -m mosaicolabs.mock_server --port 0``; yields the bound port."""
    with server_process_with_pid(extra_args) as (port, _):
        yield port


@contextmanager
def server_process_with_pid(extra_args: list[str] | None = None) -> Iterator[tuple[int, int]]:
    """Like :func:`server_process`, yielding ``(port, pid)``."""
    cmd = [sys.executable, "-m", "mosaicolabs.mock_server", "--host", "127.0.0.1", "--port", "0"]
    with _listening(cmd + (extra_args or [])) as found:
        yield found


@contextmanager
def bare_server_process(keep: str = "last") -> Iterator[int]:
    """Run :mod:`bench.bare_server` (pyarrow, stores the last upload or all, nothing else);
    yields its port."""
    cmd = [sys.executable, "-m", "bench.bare_server", "--keep", keep]
    with _listening(cmd, cwd=REPO) as (port, _):
        yield port


@contextmanager
def _listening(cmd: list[str], cwd: Path | None = None) -> Iterator[tuple[int, int]]:
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=cwd)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            match = _LISTENING.search(line)
            if match:
                yield int(match.group(2)), proc.pid
                break
        else:
            raise RuntimeError(f"{cmd[2]} exited before listening")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
