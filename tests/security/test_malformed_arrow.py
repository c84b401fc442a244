"""Structurally invalid Arrow data, sent with a Write key over raw Flight, and received.

An IPC reader checks the message framing, not whether a batch's buffers agree: offsets
past their data, lengths that do not add up, dictionary indices out of range and invalid
UTF-8 arrive intact. Stored as is, reading them back returned other memory of the server
(once another caller's key) or crashed it. Every upload must be refused as INVALID_ARGUMENT
with nothing stored, the server must keep serving, and our client must refuse such a batch
when a server sends one.
"""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.flight as fl
import pytest

from mosaicolabs.adapters.flight.streams import FlightTopicReader
from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum
from mosaicolabs.domain.errors import ProtocolError
from mosaicolabs.mock_server import running_server

MANAGE = "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_f9010b9e"


def _offsets(values: list[int]) -> pa.Buffer:
    return pa.array(values, pa.int32()).buffers()[1]


def _binary(offsets: list[int], data: bytes = b"0123456789",
            kind: pa.DataType | None = None) -> pa.Array:
    return pa.Array.from_buffers(kind or pa.binary(), len(offsets) - 1, [None, _offsets(offsets),
                                                          pa.py_buffer(data)])


def _bad_dictionary() -> pa.Array:
    indices = pa.Array.from_buffers(pa.int32(), 2, [None, _offsets([0, 7])])
    return pa.DictionaryArray.from_buffers(pa.dictionary(pa.int32(), pa.string()), 2,
                                           [None, indices.buffers()[1]],
                                           dictionary=pa.array(["a", "b"]))


MALFORMED = {
    "offset-past-data": lambda: _binary([0, 65536, 10]),
    "offset-far-past-data": lambda: _binary([0, 1, 200_000_000, 3, 10]),
    "offsets-decreasing": lambda: _binary([0, 8, 2, 10]),
    "invalid-utf8": lambda: _binary([0, 2, 4], b"\xff\xfe\xfd\xfc", pa.string()),
    "dictionary-index-out-of-range": _bad_dictionary,
}


#: A valid one-row column of the same type, for the upload that must still work afterwards.
GOOD = {
    "offset-past-data": lambda: pa.array([b"x"]),
    "offset-far-past-data": lambda: pa.array([b"x"]),
    "offsets-decreasing": lambda: pa.array([b"x"]),
    "invalid-utf8": lambda: pa.array(["x"]),
    "dictionary-index-out-of-range": lambda: pa.array(["a"]).dictionary_encode(),
}


@pytest.fixture
def server():
    engine = MemoryEngine(enforce_api_keys=True)
    engine.keys.issue(APIKeyPermissionEnum.Manage, "root", token=MANAGE)
    with running_server(engine) as srv:
        yield srv


def _options(key: str) -> fl.FlightCallOptions:
    return fl.FlightCallOptions(headers=[(b"mosaico-api-key-token", key.encode())])


def _act(client, key, kind, body):
    results = client.do_action(fl.Action(kind, json.dumps(body).encode()), _options(key))
    return [json.loads(r.body.to_pybytes())["response"] for r in results]


@pytest.mark.parametrize("shape", list(MALFORMED))
def test_malformed_upload_is_refused_and_nothing_is_stored(server, shape):
    client = fl.FlightClient(server.uri)
    writer_key = _act(client, MANAGE, "api_key_create",
                      {"permissions": "write", "description": "attacker"})[0]["api_key_token"]
    _act(client, writer_key, "sequence_create", {"locator": "s", "user_metadata": {}})
    session = _act(client, writer_key, "session_create", {"locator": "s"})[0]["uuid"]
    topic = _act(client, writer_key, "topic_create", {
        "locator": "s/t", "session_uuid": session, "serialization_format": "default",
        "ontology_tag": "blob", "user_metadata": {}})[0]["uuid"]
    column = MALFORMED[shape]()
    batch = pa.RecordBatch.from_arrays(
        [pa.array(range(len(column)), pa.int64()), column], names=["timestamp_ns", "value"])
    descriptor = fl.FlightDescriptor.for_command(
        json.dumps({"resource_locator": "s/t", "topic_uuid": topic}))
    with pytest.raises(pa.ArrowInvalid, match="sanitization error :: .*not valid Arrow data"):
        writer, _ = client.do_put(descriptor, batch.schema, _options(writer_key))
        writer.write_batch(batch)
        writer.close()
    described = server.engine.describe_topic("s/t")
    assert described.locked is False and described.chunks_number == 0  # nothing kept
    good = pa.RecordBatch.from_arrays([pa.array([1], pa.int64()), GOOD[shape]()],
                                      names=["timestamp_ns", "value"])
    writer, _ = client.do_put(descriptor, good.schema, _options(writer_key))
    writer.write_batch(good)  # the server kept serving, and the topic can still be written
    writer.close()
    assert server.engine.describe_topic("s/t").locked is True


class _OneBatchReader:
    """A stand-in for a Flight stream reader that hands over one given batch."""

    def __init__(self, batch: pa.RecordBatch) -> None:
        self.schema = batch.schema
        self._chunks = [type("Chunk", (), {"data": batch})()]

    def read_chunk(self):
        if not self._chunks:
            raise StopIteration
        return self._chunks.pop()


@pytest.mark.parametrize("shape", list(MALFORMED))
def test_client_refuses_a_malformed_download(shape):
    column = MALFORMED[shape]()
    batch = pa.RecordBatch.from_arrays(
        [pa.array(range(len(column)), pa.int64()), column], names=["timestamp_ns", "value"])
    reader = FlightTopicReader(_OneBatchReader(batch), "s/t")  # type: ignore[arg-type]
    with pytest.raises(ProtocolError, match="invalid Arrow data"):
        list(reader)
