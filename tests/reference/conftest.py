"""The real-server tier: our suites against mosaicod 0.3.0, the server users run.

Servers come from :mod:`harness.mosaicod`: containers of an image made from our local
base, Debian's PostgreSQL 15 and a mosaicod binary built on this machine when Docker
answers, otherwise processes (a private PostgreSQL cluster plus ``mosaicod run``). Three
live for the whole session: open, ``--api-key`` (its first Manage key made with the
server's own CLI) and ``--tls`` (certificates made at test time).

Without a binary the tier says so loudly and skips; with ``MOSAICO_REQUIRE_MOSAICOD=1``
(CI, whenever a binary is cached on the machine) that is a failure.

The fixtures ``backend``, ``ports``, ``secured_ports`` and ``client`` replace the
contract ones for tests collected below this directory, as in tests/integration.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import trustme

from harness.mosaicod import (
    Endpoint,
    MosaicodFleet,
    MosaicodUnavailable,
    TLSFiles,
    binary_version,
    find_binary,
)
from mosaicolabs import MosaicoClient
from tests.conformance.official_env import OfficialEnvError, OfficialPython, ensure_official_venv
from tests.contract.conftest import Ports
from tests.contract.remote import connect_to, remote_ports, wipe

REQUIRE_ENV = "MOSAICO_REQUIRE_MOSAICOD"
HERE = Path(__file__).resolve().parent
_STATUS: dict[str, str] = {}


@dataclass(frozen=True)
class Certificates:
    """A CA, a server certificate for localhost and 127.0.0.1, and a stranger CA."""

    server: TLSFiles
    stranger_root: Path


def _say_loudly(request: pytest.FixtureRequest, message: str) -> None:
    plugins = request.config.pluginmanager
    reporter = plugins.get_plugin("terminalreporter")
    capture = plugins.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\n*** {message} ***", yellow=True, bold=True)
    warnings.warn(message, stacklevel=1)


@pytest.fixture(scope="session")
def mosaicod_fleet(request, tmp_path_factory) -> Iterator[MosaicodFleet]:
    """Starts real servers; skips (or fails under MOSAICO_REQUIRE_MOSAICOD=1) without one."""
    try:
        fleet = MosaicodFleet(tmp_path_factory.mktemp("mosaicod"))
    except MosaicodUnavailable as exc:
        message = f"real-server tier NOT RUN: {exc}"
        _STATUS["status"] = message
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{message} ({REQUIRE_ENV}=1)", pytrace=False)
        _say_loudly(request, message)
        pytest.skip(message)
    _STATUS["status"] = (f"{binary_version(find_binary())}, servers run as "
                         f"{ {'process': 'processes'}.get(fleet.runtime, 'containers')}")
    with fleet:
        yield fleet


@pytest.fixture(scope="session")
def official() -> OfficialPython:
    """The official mosaicolabs 0.3.2 in its own venv (built once, then cached)."""
    try:
        python, seconds = ensure_official_venv()
    except (OfficialEnvError, OSError) as exc:
        pytest.fail(f"official mosaicolabs venv unavailable: {exc}", pytrace=False)
    return OfficialPython(python, seconds)


def pytest_terminal_summary(terminalreporter) -> None:
    """One line saying whether and how the real-server tier ran."""
    if _STATUS:
        terminalreporter.write_line(f"real-server tier: {_STATUS['status']}")


@pytest.fixture(scope="session")
def certificates(tmp_path_factory) -> Certificates:
    folder = tmp_path_factory.mktemp("mosaicod-pki")
    ca, stranger = trustme.CA(), trustme.CA()
    leaf = ca.issue_cert("localhost", "127.0.0.1")
    paths = {name: folder / f"{name}.pem" for name in ("ca", "stranger", "cert", "key")}
    ca.cert_pem.write_to_path(str(paths["ca"]))
    stranger.cert_pem.write_to_path(str(paths["stranger"]))
    leaf.cert_chain_pems[0].write_to_path(str(paths["cert"]))
    leaf.private_key_pem.write_to_path(str(paths["key"]))
    return Certificates(TLSFiles(paths["cert"], paths["key"], paths["ca"]), paths["stranger"])


@pytest.fixture(scope="session")
def open_server(mosaicod_fleet: MosaicodFleet) -> Endpoint:
    """mosaicod without key enforcement."""
    return mosaicod_fleet.start()


@pytest.fixture(scope="session")
def secured_server(mosaicod_fleet: MosaicodFleet) -> Endpoint:
    """mosaicod with ``--api-key``; ``admin_key`` is a Manage key."""
    return mosaicod_fleet.start(api_key=True)


@pytest.fixture(scope="session")
def tls_server(mosaicod_fleet: MosaicodFleet, certificates: Certificates) -> Endpoint:
    """mosaicod with ``--tls`` (certificate for localhost and 127.0.0.1)."""
    return mosaicod_fleet.start(tls=certificates.server)


# -- the contract fixtures, re-pointed at the real servers --------------------------------


@pytest.fixture
def backend() -> str:
    return "mosaicod"


@pytest.fixture
def ports(backend: str, open_server: Endpoint) -> Iterator[Ports]:
    """Ports on the open mosaicod."""
    yield from remote_ports(backend, open_server, None)


@pytest.fixture
def secured_ports(backend: str, secured_server: Endpoint) -> Iterator[Ports]:
    """Ports acting with a Manage key on the mosaicod that requires keys."""
    yield from remote_ports(backend, secured_server, secured_server.admin_key)


@pytest.fixture
def client(open_server: Endpoint) -> Iterator[MosaicoClient]:
    """A MosaicoClient connected to the open mosaicod."""
    wipe(open_server)
    with connect_to(open_server) as connected:
        yield connected


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.reference)
