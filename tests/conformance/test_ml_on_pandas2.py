"""``mosaicolabs.ml`` on pandas 2, the oldest line the package supports (``pandas>=2.0``).

The window frames and the transformer's output are made from blocks with pandas 3's
``create_dataframe_from_blocks`` when it exists, through the constructor otherwise; string
columns and empty parts behave differently across the two lines. This runs the ML unit
tests (``test_ml.py``, ``test_ml_frames.py``: frames against pandas' own ``concat``, the two
transformer paths against each other) in a cached venv with pandas 2.2 and our package
installed from this checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conformance.official_env import REPO

PANDAS = "2.2.3"
VENV = REPO / ".cache" / f"pandas-{PANDAS}"
TESTS = ["tests/unit/test_ml.py", "tests/unit/test_ml_frames.py"]


def _python() -> Path:
    return VENV / "bin" / "python"


def _works() -> bool:
    if not _python().exists():
        return False
    done = subprocess.run([str(_python()), "-c", "import pandas, mosaicolabs.ml, pytest; "
                           "print(pandas.__version__)"], capture_output=True, text=True,
                          cwd=REPO, timeout=120)
    return done.returncode == 0 and done.stdout.strip() == PANDAS


def _build() -> None:
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True,
                   timeout=300)
    subprocess.run([str(_python()), "-m", "pip", "install", "-q", "-e", f"{REPO}[test]",
                    f"pandas=={PANDAS}"], check=True, timeout=1800,
                   env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})


@pytest.fixture(scope="module")
def pandas2() -> Path:
    if not _works():
        try:
            _build()
        except (subprocess.SubprocessError, OSError) as exc:
            if os.environ.get("MOSAICO_REQUIRE_CONFORMANCE"):
                pytest.fail(f"cannot build the pandas {PANDAS} venv: {exc}")
            pytest.skip(f"cannot build the pandas {PANDAS} venv (no package index?): {exc}")
        assert _works(), f"the pandas {PANDAS} venv at {VENV} does not work"
    return _python()


def test_the_ml_unit_tests_pass_on_pandas_2(pandas2: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run([str(pandas2), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-W", "error::pytest.PytestUnraisableExceptionWarning", *TESTS],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    report = done.stdout[-3000:] + done.stderr[-2000:]
    assert done.returncode == 0, report
    assert " passed" in done.stdout and "skipped" not in done.stdout, report
