"""What only the container shows: health check, user, port publishing, configuration
by arguments and environment, mounted certificates, a data volume, shutdown, removal.

These need Docker: with the in-process fallback they skip (and fail under
``MOSAICO_REQUIRE_DOCKER=1``).
"""

from __future__ import annotations

import os
import re

import pytest
import trustme

from mosaicolabs import APIKeyPermissionEnum, Floating64, Message, MosaicoClient
from mosaicolabs.domain.errors import AuthenticationError, MosaicoConnectionError
from tests.contract.conftest import MANAGE_KEY

MANAGE_FINGERPRINT = MANAGE_KEY.rsplit("_", 1)[1]


@pytest.fixture
def open_container(open_server):
    """The session's open server as a container (skips with the in-process fallback)."""
    if open_server.container is None:
        pytest.skip("needs Docker: this test is about the container itself")
    return open_server.container


def connect(container, host: str = "127.0.0.1", **options) -> MosaicoClient:
    return MosaicoClient.connect(host, container.port, timeout=10, **options)


def test_health_check_probes_the_server_and_reports_healthy(open_container):
    open_container.wait_for_health("healthy")
    log = open_container.state()["Health"]["Log"]
    assert log and log[-1]["ExitCode"] == 0


def test_server_runs_as_non_root_and_is_published_on_loopback_only(open_container):
    code, output = open_container.exec(["id", "-u"])
    assert code == 0 and output.decode().strip() not in ("", "0")
    code, status = open_container.exec(["grep", "^Uid:", "/proc/1/status"])
    assert code == 0 and status.split()[1] != b"0"  # the server process (PID 1) itself
    attrs = open_container.get_wrapped_container().attrs
    bindings = attrs["HostConfig"]["PortBindings"]["6726/tcp"]
    assert bindings and all(b["HostIp"] == "127.0.0.1" for b in bindings)


def test_api_keys_enforced_with_the_bootstrap_key_from_the_environment(secured_server):
    if secured_server.container is None:
        pytest.skip("needs Docker: this test is about the container itself")
    with pytest.raises(AuthenticationError):
        connect(secured_server.container)
    with connect(secured_server.container, api_key=MANAGE_KEY) as admin:
        assert admin.api_key_status().api_key_fingerprint == MANAGE_FINGERPRINT
        reader = admin.api_key_create(APIKeyPermissionEnum.Read, "dashboards")
    with connect(secured_server.container, api_key=reader) as client:
        assert isinstance(client.list_sequences(), list)


def test_without_a_bootstrap_key_one_is_generated_and_printed(start_container):
    container = start_container("--api-keys")
    printed = re.search(r"manage api key: (msco_\S+)", container.logs())
    assert printed, container.logs()
    with pytest.raises(AuthenticationError):
        connect(container)
    with connect(container, api_key=printed.group(1)) as admin:
        assert admin.version() == "0.3.0"


def test_tls_with_a_certificate_mounted_as_a_volume(start_container, tmp_path):
    ca = trustme.CA()
    issued = ca.issue_cert("localhost", "127.0.0.1")
    certs = tmp_path / "certs"
    certs.mkdir()
    (certs / "server.pem").write_bytes(b"".join(p.bytes() for p in issued.cert_chain_pems))
    issued.private_key_pem.write_to_path(str(certs / "server.key"))
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    # The server runs as an unprivileged uid: it must be able to read the mount.
    os.chmod(certs, 0o755)
    for path in certs.iterdir():
        os.chmod(path, 0o644)
    container = start_container(
        "--tls-cert", "/certs/server.pem", "--tls-key", "/certs/server.key",
        volumes={str(certs): "/certs"}, host="localhost", tls_root=ca.cert_pem.bytes(),
    )
    with connect(container, host="localhost", tls_cert_path=str(ca_file)) as client:
        assert client.version() == "0.3.0"
    with pytest.raises(MosaicoConnectionError):
        connect(container, host="localhost")  # plain text to a TLS port
    container.wait_for_health("healthy")  # the health check falls back to TLS


def test_data_volume_survives_a_new_container(start_container, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    os.chown(data, 10001, 10001)  # the image's server uid
    first = start_container("--data-dir", "/data", volumes={str(data): "/data:rw"})
    with connect(first) as client:
        with client.sequence_create("kept", {"run": 1}) as writer:
            topic = writer.topic_create("/v", {}, Floating64)
            for t in range(500):
                topic.push(Message(timestamp_ns=t, data=Floating64(data=t / 4)))
    first.remove()
    second = start_container("--data-dir", "/data", volumes={str(data): "/data:rw"})
    with connect(second) as client:
        assert client.sequence_handler("kept").user_metadata == {"run": 1}
        streamer = client.topic_handler("kept", "/v").get_data_streamer()
        assert [m.data.data for m in streamer] == [t / 4 for t in range(500)]


def test_docker_stop_shuts_the_server_down_cleanly(start_container):
    container = start_container()
    # SIGTERM to PID 1, the server. Without a handler in place PID 1 ignores it, and
    # Docker SIGKILLs it after the grace period: exit code 137 (143 if it died of the
    # SIGTERM), never 0. The outcome tells a clean shutdown, not the seconds it took.
    container.get_wrapped_container().stop(timeout=60)
    state = container.state()
    assert state["Status"] == "exited", state
    assert not state["OOMKilled"], state
    assert state["ExitCode"] == 0, (state["ExitCode"], container.logs())


def test_a_removed_container_is_gone(runtime):
    if runtime.kind != "container":
        pytest.skip("needs Docker: this test is about the container itself")
    import docker

    from .docker_support import running_container

    with running_container(runtime.image, runtime.run_id) as container:
        identifier = container.get_container_id()
    engine = docker.from_env()
    try:
        assert identifier not in {c.id for c in engine.containers.list(all=True)}
    finally:
        engine.close()
