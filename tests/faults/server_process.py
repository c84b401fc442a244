"""A mock server in its own process, which tests can kill, restart and starve of disk."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

_LISTENING = re.compile(r"listening on grpc://[^:]+:(\d+)")


class ServerProcess:
    """``python -m mosaicolabs.mock_server --data-dir D`` on a fixed loopback port."""

    def __init__(self, data_dir: Path, port: int = 0) -> None:
        self.data_dir = data_dir
        self.port = port
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> ServerProcess:
        cmd = [sys.executable, "-m", "mosaicolabs.mock_server", "--host", "127.0.0.1",
               "--port", str(self.port), "--data-dir", str(self.data_dir)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            match = _LISTENING.search(line)
            if match:
                self.port = int(match.group(1))
                return self
        raise RuntimeError(f"server did not start (exit {self.proc.wait()})")

    def kill(self) -> None:
        """SIGKILL: no chance to clean up, like a crash or a power cut."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def restart(self) -> ServerProcess:
        self.kill()
        return self.start()

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.kill()
