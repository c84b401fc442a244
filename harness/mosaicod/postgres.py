"""A private PostgreSQL 15 cluster for mosaicod: one directory, one child process.

mosaicod keeps its catalogue in PostgreSQL. Tests start one throw-away cluster per run
(durability switched off: it is thrown away) and give each mosaicod its own database.
PostgreSQL refuses to run as root, so as root the server runs as the ``postgres`` OS
user (Debian's package creates it).
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from .binary import MosaicodUnavailable

__all__ = ["PostgresCluster", "free_port", "interrupt", "log_tail", "postgres_bin_dir"]

_DEFAULT_BIN = "/usr/lib/postgresql/15/bin"
_FAST_AND_THROWAWAY = ("-c", "fsync=off", "-c", "synchronous_commit=off",
                       "-c", "full_page_writes=off", "-c", "max_connections=200")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def interrupt(process: subprocess.Popen[bytes] | None, grace: float) -> None:
    """SIGINT (both servers' graceful stop), then SIGKILL after ``grace`` seconds."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=grace)


def log_tail(path: Path, lines: int) -> str:
    """The last ``lines`` lines of a log file ("" if it does not exist)."""
    text = path.read_text(errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def postgres_bin_dir() -> Path:
    """PostgreSQL's server binaries (``$PGBIN`` or Debian's path).

    Raises:
        MosaicodUnavailable: initdb is not there.
    """
    folder = Path(os.environ.get("PGBIN") or _DEFAULT_BIN)
    if not (folder / "initdb").exists():
        raise MosaicodUnavailable(f"no PostgreSQL 15 server binaries in {folder} "
                                  "(install postgresql-15 or set PGBIN)")
    return folder


def _run_as() -> tuple[int, int] | None:
    """(uid, gid) to run PostgreSQL as, or None to stay the current user."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(os.environ.get("PG_OS_USER", "postgres"))
    except KeyError as exc:
        raise MosaicodUnavailable("running as root and no 'postgres' OS user exists") from exc
    return entry.pw_uid, entry.pw_gid


class PostgresCluster:
    """initdb + postgres on 127.0.0.1, owned by this object; :meth:`stop` ends it.

    The cluster lives in a fresh directory directly under the system's temporary folder
    (not below the caller's, which may be private to root: PostgreSQL may run as another
    user and must reach it). :meth:`stop` deletes it.
    """

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="mosaicod-pg-"))
        self.bin = postgres_bin_dir()
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._identity = _run_as()

    def _demote(self) -> None:  # runs in the child, before exec
        if self._identity is not None:
            uid, gid = self._identity
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)

    def _prepare(self) -> Path:
        data = self.root / "pg"
        sockets = self.root / "pg-run"
        for folder in (self.root, data, sockets):
            folder.mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o755)
        if self._identity is not None:
            for folder in (data, sockets):
                shutil.chown(folder, self._identity[0], self._identity[1])
        if not (data / "PG_VERSION").exists():
            self._checked([str(self.bin / "initdb"), "-D", str(data), "-U", "postgres",
                           "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], "initdb")
        return data

    def _checked(self, cmd: list[str], what: str) -> None:
        done = subprocess.run(cmd, capture_output=True, text=True, preexec_fn=self._demote,
                              timeout=180, cwd="/")
        if done.returncode != 0:
            raise MosaicodUnavailable(f"{what} failed ({done.returncode}): {done.stderr[-800:]}")

    def start(self) -> PostgresCluster:
        """Create the cluster if needed and start the server; returns self."""
        data = self._prepare()
        self.port = free_port()
        log = open(self.root / "postgres.log", "ab")  # noqa: SIM115 - the child keeps it
        cmd = [str(self.bin / "postgres"), "-D", str(data), "-p", str(self.port),
               "-k", str(self.root / "pg-run"), "-c", "listen_addresses=127.0.0.1",
               *_FAST_AND_THROWAWAY]
        self._process = subprocess.Popen(cmd, stdout=log, stderr=log, preexec_fn=self._demote,
                                         cwd="/", start_new_session=True)
        log.close()
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise MosaicodUnavailable(f"PostgreSQL exited: {self.log_tail()}")
            ready = subprocess.run([str(self.bin / "pg_isready"), "-q", "-h", "127.0.0.1",
                                    "-p", str(self.port)], capture_output=True)
            if ready.returncode == 0:
                return
            time.sleep(0.2)
        raise MosaicodUnavailable(f"PostgreSQL not ready after 120 s: {self.log_tail()}")

    def create_database(self, name: str) -> str:
        """Create database ``name``; returns its connection URL."""
        subprocess.run([str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                        "-U", "postgres", name], check=True, capture_output=True, timeout=60)
        return self.url(name)

    def url(self, database: str) -> str:
        """The connection URL mosaicod takes in ``MOSAICOD_DB_URL``."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def log_tail(self, lines: int = 20) -> str:
        """The end of the server log (for failure messages)."""
        return log_tail(self.root / "postgres.log", lines)

    def stop(self) -> None:
        """Fast shutdown (SIGINT), then SIGKILL if it lingers. Idempotent."""
        process, self._process = self._process, None
        interrupt(process, grace=30)
        shutil.rmtree(self.root, ignore_errors=True)
