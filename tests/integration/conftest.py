"""Integration fixtures: the contract suites, run against the mock server in a container.

Two servers live for the whole session: an open one and one started with
``--api-keys`` whose first Manage key comes from ``MOSAICO_MOCK_BOOTSTRAP_KEY``.
They are containers of the image built by ``docker/build.sh`` when Docker is
usable. Otherwise the suite says so loudly and runs the same tests against
in-process servers, unless ``MOSAICO_REQUIRE_DOCKER=1`` (CI on a machine with
Docker): then a missing engine fails the run, and tests/conftest.py turns any
skipped test here into a failure.

The fixtures ``backend``, ``ports``, ``secured_ports`` and ``client`` replace the
contract ones for tests collected below this directory. State persists in a
session server, so each of them first deletes every sequence (cheaper than a
container per test, and the contract tests only ever see sequences).
"""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mosaicolabs import MosaicoClient
from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum
from mosaicolabs.mock_server import running_server
from tests.contract.conftest import MANAGE_KEY, Ports
from tests.contract.remote import remote_ports, wipe

REQUIRE_DOCKER = os.environ.get("MOSAICO_REQUIRE_DOCKER") == "1"
HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Runtime:
    """How this run provides servers: ``container`` (with the image) or ``in-process``."""

    kind: str
    image: str | None = None
    run_id: str = ""


@dataclass(frozen=True)
class Endpoint:
    """A running server: where it listens, and the key that may wipe it (if it needs one)."""

    host: str
    port: int
    admin_key: str | None
    container: Any = None  # a MockServerContainer when kind == "container"


def _docker_runtime() -> Runtime | str:
    """A container runtime, or the reason Docker cannot be used."""
    try:
        from . import docker_support
    except ImportError as exc:  # testcontainers / docker SDK missing
        return f"cannot import the Docker test support ({exc})"
    problem = docker_support.docker_problem()
    if problem is not None:
        return problem
    return Runtime("container", docker_support.build_image(), uuid.uuid4().hex[:12])


@pytest.fixture(scope="session")
def runtime(request) -> Iterator[Runtime]:
    """Decide once per run where servers come from; at the end, prove no container is left."""
    chosen = _docker_runtime()
    if isinstance(chosen, str):
        if REQUIRE_DOCKER:
            pytest.fail(f"MOSAICO_REQUIRE_DOCKER=1 but Docker is unavailable: {chosen}")
        message = (
            f"Docker unavailable ({chosen}): integration suite runs against an in-process server"
        )
        # Shown at once, past output capturing, and again in the warnings summary.
        plugins = request.config.pluginmanager
        reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin(
            "capturemanager")
        if reporter is not None and capture is not None:
            with capture.global_and_fixture_disabled():
                reporter.write_line(f"\n*** {message} ***", yellow=True, bold=True)
        warnings.warn(message, stacklevel=1)
        yield Runtime("in-process")
        return
    yield chosen
    from .docker_support import leftover_containers, remove_containers

    left = leftover_containers(chosen.run_id)
    if left:
        remove_containers(chosen.run_id)
        pytest.fail(f"containers left behind by the integration suite: {left}")


@contextmanager
def _session_server(runtime: Runtime, secured: bool) -> Iterator[Endpoint]:
    key = MANAGE_KEY if secured else None
    if runtime.kind == "container":
        from .docker_support import running_container

        assert runtime.image is not None
        args = ("--api-keys",) if secured else ()
        env = {"MOSAICO_MOCK_BOOTSTRAP_KEY": MANAGE_KEY} if secured else {}
        with running_container(runtime.image, runtime.run_id, *args, env=env) as container:
            yield Endpoint("127.0.0.1", container.port, key, container)
        return
    engine = MemoryEngine(enforce_api_keys=secured)
    if secured:
        engine.keys.issue(APIKeyPermissionEnum.Manage, "bootstrap", token=MANAGE_KEY)
    with running_server(engine) as server:
        yield Endpoint("127.0.0.1", server.port, key)


@pytest.fixture(scope="session")
def open_server(runtime: Runtime) -> Iterator[Endpoint]:
    """The session's server without API-key enforcement."""
    with _session_server(runtime, secured=False) as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def secured_server(runtime: Runtime) -> Iterator[Endpoint]:
    """The session's server with ``--api-keys`` and ``MANAGE_KEY`` as its bootstrap key."""
    with _session_server(runtime, secured=True) as endpoint:
        yield endpoint


@pytest.fixture
def start_container(runtime: Runtime) -> Iterator[Callable[..., Any]]:
    """Factory: start containers of the image for one test; all are removed afterwards.

    ``start(*server_args, env=..., volumes=..., host=..., tls_root=...)`` returns a
    :class:`~tests.integration.docker_support.MockServerContainer` already serving.
    """
    if runtime.kind != "container":
        pytest.skip("needs Docker: this test is about the container itself")
    from .docker_support import running_container

    with ExitStack() as stack:

        def start(*server_args: str, **options: Any) -> Any:
            return stack.enter_context(
                running_container(runtime.image, runtime.run_id, *server_args, **options)
            )

        yield start


# -- the contract fixtures, re-pointed at the session servers ---------------------------


@pytest.fixture
def backend(runtime: Runtime) -> str:
    return runtime.kind


@pytest.fixture
def ports(backend: str, open_server: Endpoint) -> Iterator[Ports]:
    """Ports on the open server."""
    yield from remote_ports(backend, open_server, None)


@pytest.fixture
def secured_ports(backend: str, secured_server: Endpoint) -> Iterator[Ports]:
    """Ports acting with the Manage key on the server that enforces API keys."""
    yield from remote_ports(backend, secured_server, MANAGE_KEY)


@pytest.fixture
def client(open_server: Endpoint) -> Iterator[MosaicoClient]:
    """A MosaicoClient connected to the open server."""
    wipe(open_server)
    with MosaicoClient.connect(open_server.host, open_server.port) as connected:
        yield connected


# -- hooks -------------------------------------------------------------------------------


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.integration)
