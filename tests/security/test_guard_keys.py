"""The guard checks the API key before it reads a request's body.

pyarrow's own server reads a unary request whole before any Python code runs: one
unauthenticated 200 MB DoAction used to grow the server by hundreds of megabytes
before it answered PERMISSION_DENIED. Behind the guard, a grpcio interceptor refuses
the call from its headers, and the body is never taken in.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from collections.abc import Iterator

import grpc
import pytest

from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.domain.api_keys import APIKey, APIKeyPermissionEnum
from mosaicolabs.mock_server import running_server
from mosaicolabs.mock_server import server as server_module
from mosaicolabs.testkit import Transcript
from mosaicolabs.testkit.transcript import METHODS as RECORDED
from tests.unit.test_raw_grpc_abuse import action, descriptor, field

MANAGE = "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_f9010b9e"
UNKNOWN = APIKey.generate().token  # well-formed, never issued
SERVICE = "/arrow.flight.protocol.FlightService/"
MB = 1024 * 1024
_LISTENING = re.compile(r"listening on grpc://[^:]+:(\d+)")
_MANAGE_LINE = re.compile(r"manage api key: (\S+)")

# Each Flight method with its kind (client streams, server streams) and a request.
METHODS = {
    "Handshake": (True, True, [b""]),
    "ListFlights": (False, True, b""),
    "GetFlightInfo": (False, False, descriptor(b'{"resource_locator": "s"}')),
    "PollFlightInfo": (False, False, descriptor(b'{"resource_locator": "s"}')),
    "GetSchema": (False, False, descriptor(b'{"resource_locator": "s"}')),
    "DoGet": (False, True, field(1, b"ticket")),
    "DoPut": (True, True, [b""]),
    "DoExchange": (True, True, [b""]),
    "DoAction": (False, True, action("version", b"{}")),
    "ListActions": (False, True, b""),
}


def invoke(channel: grpc.Channel, method: str, metadata=(), request=None, timeout=60.0):
    """Call ``method`` with its Flight kind; raises ``grpc.RpcError`` on a failed status."""
    client_streams, server_streams, default = METHODS[method]
    body = default if request is None else request
    kind = f"{'stream' if client_streams else 'unary'}_{'stream' if server_streams else 'unary'}"
    stub = getattr(channel, kind)(SERVICE + method)
    result = stub(iter(body) if client_streams else body, timeout=timeout, metadata=metadata)
    return list(result) if server_streams else result


def refusal(thunk) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        thunk()
    return caught.value


@pytest.fixture(scope="module")
def guarded() -> Iterator:
    engine = MemoryEngine(enforce_api_keys=True)
    engine.keys.issue(APIKeyPermissionEnum.Manage, "root", token=MANAGE)
    with running_server(engine, transcript=Transcript()) as server:
        assert server.guard is not None, "keys are enforced: the guard is on by default"
        with grpc.insecure_channel(f"127.0.0.1:{server.port}") as channel:
            yield server, channel


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize(("key", "text", "phrase"), [
    (None, "missing api key token in request :: Missing API key in request header.",
     "unauthenticated"),
    (UNKNOWN, "unauthorized :: unknown or revoked API key", "permission denied"),
    ("not-a-key", "unauthorized :: malformed API key", "permission denied"),
], ids=["missing", "unknown", "malformed"])
def test_every_method_is_refused_before_the_backend_sees_it(
    guarded, monkeypatch, method, key, text, phrase
):
    server, channel = guarded
    entered: list[str] = []  # every handler of the backend asks for the caller's key first
    monkeypatch.setattr(server_module, "caller_token", lambda context: entered.append(method))
    metadata = () if key is None else (("mosaico-api-key-token", key),)
    error = refusal(lambda: invoke(channel, method, metadata))
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    assert error.details() == text  # mosaicod's text, no pyarrow framing, no traceback
    assert entered == [], "the pyarrow backend saw the call"
    if method in RECORDED:  # the guard records what it refused, without the body
        last = server.transcript.calls[-1]
        assert (last.method, last.status, last.action, last.body) == (method, phrase, None, None)
        assert "mosaico-api-key-token" in last.header_names or key is None


def test_a_valid_key_goes_through_to_the_backend(guarded):
    server, channel = guarded
    metadata = (("mosaico-api-key-token", MANAGE),)
    [result] = invoke(channel, "DoAction", metadata)
    assert b'"version"' in result
    assert server.transcript.calls[-1].method == "DoAction"


def _memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of a process, in bytes."""
    with open(f"/proc/{pid}/status") as status:
        fields = dict(line.split(":", 1) for line in status)
    return {name: int(fields[name].split()[0]) * 1024 for name in ("VmRSS", "VmHWM")}


@pytest.fixture
def server_process() -> Iterator[tuple[subprocess.Popen[str], int, str]]:
    """``python -m mosaicolabs.mock_server --api-keys`` with a 300 MB message limit."""
    cmd = [sys.executable, "-m", "mosaicolabs.mock_server", "--port", "0", "--api-keys",
           "--max-message-bytes", str(300 * MB)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        key = port = None
        for line in proc.stdout:
            key = key or (m.group(1) if (m := _MANAGE_LINE.match(line)) else None)
            if match := _LISTENING.match(line):
                port = int(match.group(1))
                break
        assert port is not None and key is not None, f"no server: exit {proc.poll()}"
        assert proc.stdout.readline().startswith("guard: on")
        yield proc, port, key
    finally:
        proc.terminate()
        proc.wait(timeout=60)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/<pid>/status")
def test_an_unauthenticated_body_is_never_read(server_process):
    """200 MB DoActions without a valid key leave the server's peak memory where it was.

    The control at the end (the same body with the key) must raise the peak by about
    the body's size: it shows that this measurement sees a body when one is read.
    """
    proc, port, key = server_process
    body = action("version", b"x" * (200 * MB))
    options = [("grpc.max_send_message_length", -1)]
    with grpc.insecure_channel(f"127.0.0.1:{port}", options=options) as channel:
        # Warm up (first call, thread pools) so that the baseline is the steady state.
        refusal(lambda: invoke(channel, "DoAction"))
        baseline = _memory(proc.pid)
        for metadata, text in ([(), "missing api key token in request"],
                               [(("mosaico-api-key-token", UNKNOWN),), "unauthorized"]):
            for _ in range(2):
                error = refusal(functools.partial(invoke, channel, "DoAction", metadata, body))
                assert error.code() == grpc.StatusCode.PERMISSION_DENIED
                assert error.details().startswith(text)
        refused = _memory(proc.pid)
        assert refused["VmHWM"] - baseline["VmHWM"] < 100 * MB, (baseline, refused)
        try:  # the body is no JSON: what matters is that it is read, not the answer
            invoke(channel, "DoAction", (("mosaico-api-key-token", key),), body)
        except grpc.RpcError as error:
            assert error.code() != grpc.StatusCode.PERMISSION_DENIED
        accepted = _memory(proc.pid)
        assert accepted["VmHWM"] - refused["VmHWM"] > 150 * MB, (refused, accepted)
