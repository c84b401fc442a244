"""mosaicod 0.3.0 with ``--tls`` (certificates made at test time): the streams contract
and the user scenario over TLS, and each TLS mistake as a typed, immediate error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mosaicolabs import MosaicoClient
from mosaicolabs.domain.errors import TLSError
from tests.contract.remote import connect_to, remote_ports, wipe
from tests.contract.test_streams_contract import *  # noqa: F403
from tests.contract.test_user_scenario import *  # noqa: F403


@pytest.fixture
def ports(backend, tls_server) -> Iterator:
    """Ports over TLS, trusting the test CA."""
    yield from remote_ports(backend, tls_server, None)


@pytest.fixture
def client(tls_server) -> Iterator[MosaicoClient]:
    """A client over TLS, trusting the test CA."""
    wipe(tls_server)
    with connect_to(tls_server) as connected:
        yield connected


def test_the_server_certificate_is_verified_by_name(tls_server):
    with MosaicoClient.connect("localhost", tls_server.port, tls_cert_path=str(
            tls_server.tls_root), timeout=60) as by_name:
        assert by_name.version() == "0.3.0"


def test_an_untrusted_server_is_a_tls_error(tls_server, certificates):
    with pytest.raises(TLSError, match="not trusted"):
        MosaicoClient.connect("127.0.0.1", tls_server.port,
                              tls_cert_path=str(certificates.stranger_root), timeout=60)


def test_a_plain_client_on_the_tls_port_is_a_tls_error(tls_server):
    with pytest.raises(TLSError):
        MosaicoClient.connect("127.0.0.1", tls_server.port, timeout=60)
