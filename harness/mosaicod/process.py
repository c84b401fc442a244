"""mosaicod as a child process of ours, on a database of a :class:`PostgresCluster`."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from .binary import MosaicodUnavailable
from .postgres import PostgresCluster, free_port, interrupt, log_tail

__all__ = ["KEY_PATTERN", "MosaicodProcess", "TLSFiles"]

#: How the server's key command prints a new key.
KEY_PATTERN = re.compile(r"msco_[a-z0-9]{32}_[0-9a-f]{8}")


@dataclass(frozen=True)
class TLSFiles:
    """The server's certificate chain and key (PEM files) and the root a client trusts."""

    cert: Path
    key: Path
    root: Path


@dataclass
class MosaicodProcess:
    """One ``mosaicod run`` on 127.0.0.1 with a local object store under ``root``.

    Args:
        binary: The mosaicod executable.
        cluster: A started PostgreSQL cluster; a database of its own is created.
        root: Directory for the object store, the log and the working directory.
        api_key: Start with ``--api-key`` (keys required).
        tls: Serve TLS with these files.
        env: Extra environment (limits such as ``MOSAICOD_MAX_MESSAGE_SIZE_IN_BYTES``).
    """

    binary: Path
    cluster: PostgresCluster
    root: Path
    api_key: bool = False
    tls: TLSFiles | None = None
    env: dict[str, str] = field(default_factory=dict)
    port: int = 0
    _process: subprocess.Popen[bytes] | None = None
    _db_url: str = ""

    def _environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("MOSAICOD_")}
        env.update(self.env, MOSAICOD_DB_URL=self._db_url, NO_COLOR="1")
        if self.tls is not None:
            env.update(MOSAICOD_TLS_CERT_FILE=str(self.tls.cert),
                       MOSAICOD_TLS_PRIVATE_KEY_FILE=str(self.tls.key))
        return env

    def start(self) -> MosaicodProcess:
        """Create the database and start the server; returns once it accepts connections."""
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "store").mkdir(exist_ok=True)
        self._db_url = self.cluster.create_database(f"mosaico_{os.getpid()}_{id(self):x}")
        for _attempt in range(3):  # a free port can be taken between probe and bind
            self.port = free_port()
            if self._launch():
                return self
        raise MosaicodUnavailable(f"mosaicod did not start: {self.log_tail()}")

    def _launch(self) -> bool:
        args = [str(self.binary), "run", "--host", "127.0.0.1", "--port", str(self.port),
                "--local-store", str(self.root / "store")]
        args += ["--api-key"] if self.api_key else []
        args += ["--tls"] if self.tls is not None else []
        with open(self.root / "mosaicod.log", "ab") as log:
            # cwd = root: mosaicod reads a .env file from its working directory.
            self._process = subprocess.Popen(args, stdout=log, stderr=log, cwd=self.root,
                                             env=self._environment(), stdin=subprocess.DEVNULL,
                                             start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                return False
            with socket.socket() as probe:
                probe.settimeout(1)
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return True
            time.sleep(0.05)
        self.stop()
        raise MosaicodUnavailable(f"mosaicod did not listen within 120 s: {self.log_tail()}")

    def create_key(self, permission: str = "manage", description: str = "tests") -> str:
        """A new key from the server's own key command (it is not done over the wire)."""
        done = subprocess.run([str(self.binary), "api-key", "create", "-p", permission,
                               "-d", description], capture_output=True, text=True, timeout=60,
                              cwd=self.root, env=self._environment())
        found = KEY_PATTERN.search(done.stdout + done.stderr)
        if done.returncode != 0 or found is None:
            raise MosaicodUnavailable(f"mosaicod api-key create failed ({done.returncode}): "
                                      f"{done.stderr[-400:]}")
        return found.group(0)

    def revoke_key(self, fingerprint: str) -> None:
        """Revoke a key with the server's key command."""
        subprocess.run([str(self.binary), "api-key", "revoke", fingerprint], check=True,
                       capture_output=True, timeout=60, cwd=self.root, env=self._environment())

    def log_tail(self, lines: int = 30) -> str:
        """The end of the server's log."""
        return log_tail(self.root / "mosaicod.log", lines)

    @property
    def pid(self) -> int | None:
        """The server's process id while it runs."""
        return None if self._process is None else self._process.pid

    def stop(self) -> None:
        """SIGINT (mosaicod's graceful stop), then SIGKILL if it lingers. Idempotent."""
        process, self._process = self._process, None
        interrupt(process, grace=20)
