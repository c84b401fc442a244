"""Fixtures for conformance with the official ``mosaicolabs`` package (PyPI, 0.3.2).

* ``official`` (session): an :class:`~.official_env.OfficialPython` for the cached
  venv holding the official package. If it cannot be built (no PyPI, no venv
  module...), tests are skipped with the reason, or fail when the environment sets
  ``MOSAICO_REQUIRE_CONFORMANCE=1`` (CI does).
* ``run_official(script, *args, env=None)``: run a scenario, get its JSON.
* ``mock``: our mock server in this process, recording every call, on loopback.
* ``secured``: the same with API keys enforced; :data:`MANAGE_KEY` is its first key.
* ``scenario(script, *args, secured=False)``: run a scenario against a fresh
  recording server and get an :class:`Outcome` (result, transcript, engine); for
  module-scoped fixtures that run a scenario once and assert on it many times.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable, Iterator

import pytest

from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum
from mosaicolabs.mock_server import MockFlightServer, running_server
from mosaicolabs.testkit import Transcript

from .official_env import OfficialEnvError, OfficialPython, ensure_official_venv

#: The bootstrap Manage key of the ``secured`` server.
MANAGE_KEY = "msco_vrfeceju4lqivysxgaseefa3tsxs0vrl_1b676530"
REQUIRE_ENV = "MOSAICO_REQUIRE_CONFORMANCE"
_SETUP: dict[str, str] = {}  # what the terminal summary reports about the venv


def pytest_collection_modifyitems(config, items) -> None:
    """Every test in this folder carries the ``conformance`` marker."""
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.conformance)


def pytest_terminal_summary(terminalreporter) -> None:
    """One line on the official venv, when a test used it."""
    if _SETUP:
        terminalreporter.write_line(f"official mosaicolabs: {_SETUP['status']}")


@pytest.fixture(scope="session")
def official() -> OfficialPython:
    """The official package's interpreter (venv built once, then cached)."""
    try:
        python, seconds = ensure_official_venv()
    except (OfficialEnvError, OSError) as exc:
        reason = f"official mosaicolabs venv unavailable: {exc}"
        _SETUP["status"] = reason.splitlines()[0]
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{reason} ({REQUIRE_ENV}=1)", pytrace=False)
        pytest.skip(reason)
    _SETUP["status"] = f"venv {python.parent.parent} ready in {seconds:.1f}s"
    return OfficialPython(python, seconds)


@pytest.fixture(scope="session")
def run_official(official: OfficialPython) -> Callable[..., Any]:
    """``run_official(script_or_code, *args, env=None) -> parsed JSON``."""
    return official.run


@pytest.fixture
def mock() -> Iterator[MockFlightServer]:
    """A fresh, recording mock server (no key enforcement) on 127.0.0.1."""
    with running_server(transcript=Transcript()) as server:
        yield server


def secured_engine() -> MemoryEngine:
    """An engine that enforces API keys, with :data:`MANAGE_KEY` issued."""
    engine = MemoryEngine(enforce_api_keys=True)
    engine.keys.issue(APIKeyPermissionEnum.Manage, "boot", token=MANAGE_KEY)
    return engine


@pytest.fixture
def secured() -> Iterator[MockFlightServer]:
    """A recording mock server that enforces API keys."""
    with running_server(secured_engine(), transcript=Transcript()) as server:
        yield server


@pytest.fixture
def ours(mock: MockFlightServer):
    """Our client, connected to ``mock``."""
    from mosaicolabs import MosaicoClient

    with MosaicoClient.connect("127.0.0.1", mock.port) as client:
        yield client


@dataclass(frozen=True)
class Outcome:
    """A scenario's printed result, plus what the server received and stored."""

    result: Any
    transcript: Transcript
    engine: MemoryEngine


@pytest.fixture(scope="session")
def scenario(official: OfficialPython) -> Callable[..., Outcome]:
    """``scenario(script, *args, secured=False, env=None) -> Outcome`` on a fresh server."""

    def run(script: str, *args: Any, secured: bool = False,
            env: dict[str, str] | None = None) -> Outcome:
        engine = secured_engine() if secured else MemoryEngine()
        with running_server(engine, transcript=Transcript()) as server:
            result = official.run(script, "--port", server.port, *args, env=env)
        assert server.transcript is not None
        return Outcome(result, server.transcript, server.engine)

    return run
