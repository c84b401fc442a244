"""A client certificate and key that do not belong together fail at once, saying so.

Before, gRPC found out inside the handshake and reported "empty address list" after the
connect timeout. Now nothing is sent: a recording server sees no call.
"""

from __future__ import annotations

import pytest
import trustme

from mosaicolabs import MosaicoClient
from mosaicolabs.domain.errors import TLSError
from mosaicolabs.mock_server import running_server
from mosaicolabs.testkit import Transcript


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mtls-pair")
    ca = trustme.CA()
    server, mine, other = (ca.issue_cert(name) for name in ("localhost", "robot", "other"))
    files = {"ca": ca.cert_pem, "cert": mine.cert_chain_pems[0],
             "other_key": other.private_key_pem}
    paths = {}
    for name, blob in files.items():
        paths[name] = folder / f"{name}.pem"
        blob.write_to_path(str(paths[name]))
    paths["pair"] = [(server.cert_chain_pems[0].bytes(), server.private_key_pem.bytes())]
    paths["ca_bytes"] = ca.cert_pem.bytes()
    return paths


def test_a_mismatched_client_pair_is_named_at_once_and_nothing_is_sent(pki):
    options = {"tls_certificates": pki["pair"], "verify_client": True,
               "root_certificates": pki["ca_bytes"]}
    with running_server(transcript=Transcript(), **options) as server:
        with pytest.raises(TLSError, match="do not match"):
            MosaicoClient.connect("localhost", server.port, timeout=60,
                                  tls_cert_path=str(pki["ca"]),
                                  tls_client_cert_path=str(pki["cert"]),
                                  tls_client_key_path=str(pki["other_key"]))
        assert server.transcript is not None and server.transcript.calls == []
