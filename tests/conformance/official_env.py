"""The official ``mosaicolabs`` package, in a virtual environment of its own.

The official client has the same import name as ours (``mosaicolabs``), so it can
never live in the test interpreter. It gets a cached venv under
``<repo>/.cache/official-<version>/`` (or ``$MOSAICO_OFFICIAL_VENV``), created on first
use and reused while it works, and scenario scripts run there as subprocesses. A
script prints one JSON object on its last line of output; :meth:`OfficialPython.run`
returns it parsed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Mapping

__all__ = [
    "OFFICIAL_VERSION",
    "REPO",
    "SCENARIOS",
    "VENV_DIR",
    "OfficialEnvError",
    "OfficialPython",
    "ScenarioError",
    "ensure_official_venv",
]

OFFICIAL_VERSION = "0.3.2"
REPO = Path(__file__).resolve().parents[2]
VENV_DIR = Path(os.environ.get("MOSAICO_OFFICIAL_VENV")
                or REPO / ".cache" / f"official-{OFFICIAL_VERSION}").resolve()
SCENARIOS = Path(__file__).resolve().parent / "scenarios"

# Variables that would make the child find the wrong package or the wrong server.
_SCRUBBED_ENV = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP",
                 "MOSAICO_API_KEY", "MOSAICO_TLS_CERT_FILE", "MOSAICOD_TLS_CERT_FILE")
_PROBE = (
    "import importlib.metadata as m, mosaicolabs, pydantic, pyarrow.flight; "
    "print(m.version('mosaicolabs'))"
)


class OfficialEnvError(RuntimeError):
    """The official package could not be installed or does not work."""


class ScenarioError(AssertionError):
    """A scenario script failed or printed no JSON (the message has its output)."""


def _python_in(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED_ENV}
    env.update(PYTHONDONTWRITEBYTECODE="1", PYTHONNOUSERSITE="1",
               PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONIOENCODING="utf-8")
    env.update(extra or {})
    return env


def _probe(python: Path) -> str | None:
    """The installed official version, or ``None`` if the venv is missing or broken."""
    if not python.exists():
        return None
    with tempfile.TemporaryDirectory() as cwd:  # never next to our own mosaicolabs/
        done = subprocess.run([str(python), "-c", _PROBE], cwd=cwd, env=_child_env(),
                              capture_output=True, text=True, timeout=120)
    lines = done.stdout.strip().splitlines()
    return lines[-1] if done.returncode == 0 and lines else None


def _run_step(cmd: list[str], what: str, timeout: float) -> None:
    try:
        done = subprocess.run(cmd, env=_child_env(), capture_output=True, text=True,
                              timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OfficialEnvError(f"{what} failed: {exc}") from exc
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip()[-2000:]
        raise OfficialEnvError(f"{what} failed (exit {done.returncode}):\n{tail}")


@contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """Hold an inter-process lock, so parallel test runs build the venv once."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as handle:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - no fcntl (Windows): no lock
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_official_venv(venv: Path = VENV_DIR, *, timeout: float = 900) -> tuple[Path, float]:
    """Create (or reuse) the venv with the official package.

    Returns:
        The venv's python and how many seconds the setup took (a cache hit is ~1 s).

    Raises:
        OfficialEnvError: venv creation or ``pip install`` failed (no network, ...).
    """
    started = time.monotonic()
    python = _python_in(venv)
    with _exclusive(venv.parent / f"{venv.name}.lock"):
        if _probe(python) == OFFICIAL_VERSION:
            return python, time.monotonic() - started
        shutil.rmtree(venv, ignore_errors=True)
        _run_step([sys.executable, "-m", "venv", str(venv)], "creating the venv", 300)
        _run_step([str(python), "-m", "pip", "install", "--quiet",
                   f"mosaicolabs=={OFFICIAL_VERSION}"],
                  f"pip install mosaicolabs=={OFFICIAL_VERSION}", timeout)
        found = _probe(python)
        if found != OFFICIAL_VERSION:
            raise OfficialEnvError(
                f"the venv at {venv} imports mosaicolabs {found!r}, not {OFFICIAL_VERSION}")
    return python, time.monotonic() - started


@dataclass(frozen=True)
class OfficialPython:
    """Runs scenario scripts with the official package's interpreter."""

    python: Path
    setup_seconds: float = 0.0

    def run(self, script: str | Path, *args: Any, env: Mapping[str, str] | None = None,
            timeout: float = 180) -> Any:
        """Run a scenario and return the JSON it printed on its last line.

        Args:
            script: A file name in ``scenarios/`` (``"connect.py"``), a path, or Python code.
            *args: Command-line arguments (converted with ``str``).
            env: Extra environment variables for the child.
            timeout: Seconds before the child is killed.

        Raises:
            ScenarioError: non-zero exit, timeout, or no JSON on the last line.
        """
        cmd = [str(self.python), *self._target(script), *map(str, args)]
        # The scenarios folder is importable (shared helpers); the working directory
        # is a scratch one, so the repo's own ``mosaicolabs/`` can never shadow the
        # official package.
        child_env = _child_env({"PYTHONPATH": str(SCENARIOS), **(env or {})})
        with tempfile.TemporaryDirectory() as cwd:
            try:
                done = subprocess.run(cmd, cwd=cwd, env=child_env, capture_output=True,
                                      text=True, timeout=timeout)
            except subprocess.TimeoutExpired as exc:
                raise ScenarioError(f"{script} timed out after {timeout}s") from exc
        lines = [line for line in done.stdout.splitlines() if line.strip()]
        report = f"{script} exited {done.returncode}\n--- stdout ---\n{done.stdout[-4000:]}" \
                 f"\n--- stderr ---\n{done.stderr[-4000:]}"
        if done.returncode != 0 or not lines:
            raise ScenarioError(report)
        try:
            return json.loads(lines[-1])
        except ValueError as exc:
            raise ScenarioError(f"last line is not JSON: {report}") from exc

    @staticmethod
    def _target(script: str | Path) -> list[str]:
        path = Path(script)
        if isinstance(script, str) and "\n" not in script and not path.is_absolute():
            path = SCENARIOS / script
        if path.suffix == ".py" and path.is_file():
            return [str(path)]
        return ["-c", str(script)]
