"""Fuzzing the upload path with structurally broken Arrow IPC, sent as raw gRPC.

A hostile or buggy writer controls every byte of its DoPut: the IPC metadata (array
lengths, null counts, buffer offsets and sizes) and the bodies (offsets, validity
bitmaps, dictionary indices, values). Each case takes the IPC stream of a valid batch of
many column kinds, corrupts a few bytes of one message (seeded, so a failure replays
exactly) and sends it as FlightData over grpcio, below any Flight client library.

The server runs in its own process, so a crash shows up as a failed check instead of
taking the test runner down. After every case it must still answer, must not have
stored a refused upload, and whatever it accepted must read back as valid Arrow data
(our client validates every downloaded batch in full).
"""

from __future__ import annotations

import json
import random

import grpc
import pyarrow as pa
import pytest

from mosaicolabs import MosaicoClient
from mosaicolabs.domain.errors import MosaicoError
from tests.flight_wire import SERVICE, action, descriptor, flight_data

from ..faults.server_process import ServerProcess

CASES = 160
_DO_PUT = SERVICE + "DoPut"


def _valid_batch() -> pa.RecordBatch:
    columns = {
        "blob": pa.array([b"a", b"bc", None, b"", b"defg", b"h"]),
        "text": pa.array(["x", None, "yz", "", "uvw", "q"]),
        "wide": pa.array([b"1", b"22", b"", None, b"4444", b"5"], pa.large_binary()),
        "floats": pa.array([[1.0], [], None, [2.0, 3.0], [4.0], [5.0, 6.0, 7.0]]),
        "point": pa.array([{"x": 1.0, "y": 2.0}] * 5 + [None],
                          pa.struct([("x", pa.float64()), ("y", pa.float64())])),
        "label": pa.array(["a", "b", "a", None, "c", "b"]).dictionary_encode(),
        "flag": pa.array([True, None, False, True, False, None]),
        "triple": pa.array([[1, 2, 3]] * 6, pa.list_(pa.int32(), 3)),
    }
    stamps = pa.array(range(6), pa.int64())
    return pa.RecordBatch.from_arrays([stamps, *columns.values()], names=["timestamp_ns", *columns])


def _ipc_messages(batch: pa.RecordBatch) -> list[tuple[bytes, bytes]]:
    """(metadata flatbuffer, body) of each IPC message: schema, dictionaries, the batch."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as writer:
        writer.write_batch(batch)
    reader = pa.ipc.MessageReader.open_stream(sink.getvalue())
    return [(m.metadata.to_pybytes(), m.body.to_pybytes() if m.body else b"") for m in reader]


def _descriptor(command: dict) -> bytes:
    return descriptor(json.dumps(command).encode())


def _corrupt(messages: list[tuple[bytes, bytes]], rng: random.Random) -> str:
    """Overwrite a few bytes of one message (metadata or body); what was done, for replay."""
    index = rng.randrange(1, len(messages))  # keep the schema: its damage is refused early
    header, body = messages[index]
    part = "body" if body and rng.random() < 0.7 else "metadata"
    data = bytearray(body if part == "body" else header)
    for _ in range(rng.choice([1, 2, 4])):
        data[rng.randrange(len(data))] = rng.choice([0x00, 0x01, 0x7F, 0x80, 0xFF,
                                                     rng.randrange(256)])
    messages[index] = (header, bytes(data)) if part == "body" else (bytes(data), body)
    return f"message {index} {part}"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with ServerProcess(tmp_path_factory.mktemp("fuzz")) as process:
        yield process


def _new_topic(client: MosaicoClient, process: ServerProcess, seed: int) -> tuple[str, str]:
    """A fresh topic in an open session, created over raw actions; (locator, uuid)."""
    channel = grpc.insecure_channel(f"127.0.0.1:{process.port}")
    try:
        do_action = channel.unary_stream(SERVICE + "DoAction",
                                      request_serializer=None, response_deserializer=None)

        def act(kind: str, body: dict) -> dict:
            reply = list(do_action(action(kind, json.dumps(body).encode()),
                                timeout=30))
            # Result{body = 1}: strip the tag and length to get the JSON envelope.
            raw = reply[0]
            length_start = 1
            while raw[length_start] & 0x80:
                length_start += 1
            return json.loads(raw[length_start + 1:])["response"]

        act("sequence_create", {"locator": f"fuzz{seed}", "user_metadata": {}})
        session = act("session_create", {"locator": f"fuzz{seed}"})["uuid"]
        topic = act("topic_create", {"locator": f"fuzz{seed}/t", "session_uuid": session,
                                     "serialization_format": "default", "ontology_tag": "blob",
                                     "user_metadata": {}})["uuid"]
    finally:
        channel.close()
    return f"fuzz{seed}/t", topic


def _send(process: ServerProcess, messages: list[tuple[bytes, bytes]],
          command: dict) -> grpc.RpcError | None:
    frames = [flight_data(_descriptor(command), messages[0][0], messages[0][1])]
    frames += [flight_data(None, header, body) for header, body in messages[1:]]
    with grpc.insecure_channel(f"127.0.0.1:{process.port}") as channel:
        call = channel.stream_stream(_DO_PUT, request_serializer=None, response_deserializer=None)
        try:
            list(call(iter(frames), timeout=60))
        except grpc.RpcError as exc:
            return exc
    return None


@pytest.mark.parametrize("chunk", range(4))
def test_corrupted_uploads_never_crash_the_server_or_store_bad_data(server, chunk):
    refused = 0
    with MosaicoClient.connect("127.0.0.1", server.port) as client:
        for seed in range(chunk * CASES // 4, (chunk + 1) * CASES // 4):
            rng = random.Random(seed)
            messages = _ipc_messages(_valid_batch())
            damage = _corrupt(messages, rng)
            locator, uuid = _new_topic(client, server, seed)
            error = _send(server, messages, {"resource_locator": locator, "topic_uuid": uuid})
            assert server.proc is not None and server.proc.poll() is None, \
                f"case {seed} ({damage}) crashed the server"
            sequence, topic_name = locator.split("/")
            topic = client.topic_handler(sequence, f"/{topic_name}")
            assert topic is not None, f"case {seed} ({damage}): the server lost the topic"
            if error is not None:
                refused += 1
                assert not topic.locked, f"case {seed} ({damage}) refused but stored"
                assert "Traceback" not in (error.details() or "").split("Detail:")[0]
                continue
            try:
                topic.to_arrow()  # validated in full by our client on the way in
            except MosaicoError as exc:  # pragma: no cover - the failure this test exists for
                pytest.fail(f"case {seed} ({damage}) was accepted but reads back invalid: {exc}")
    assert refused > 0  # the corruption does reach the server's checks


def test_the_uncorrupted_stream_round_trips(server):
    """The fuzzer's baseline: every column kind, dictionaries included, reads back equal."""
    with MosaicoClient.connect("127.0.0.1", server.port) as client:
        locator, uuid = _new_topic(client, server, -1)
        assert _send(server, _ipc_messages(_valid_batch()),
                     {"resource_locator": locator, "topic_uuid": uuid}) is None
        topic = client.topic_handler("fuzz-1", "/t")
        assert topic is not None and topic.locked
        table = topic.to_arrow().replace_schema_metadata(None)
        assert table.equals(pa.Table.from_batches([_valid_batch()]))
