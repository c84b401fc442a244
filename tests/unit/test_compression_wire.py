"""Compression measured on the wire: a byte-counting proxy between a client and a mock server.

Every option must do what it says, measurably, or fail before sending anything.
The same compressible IMU upload is sent with each option; the proxy counts the
bytes each way, and what is read back must equal what was written.
"""

from __future__ import annotations

from typing import Iterator

import numpy as np
import pyarrow as pa
import pytest

from mosaicolabs import IMU, MosaicoClient
from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.comm import GRPCCompression, IPCCompression
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum
from mosaicolabs.domain.errors import InvalidRequestError
from mosaicolabs.domain.ontology.message import message_schema
from mosaicolabs.enum import GRPCCompressionAlgorithm as Algorithm
from mosaicolabs.enum import GRPCCompressionLevel as Level
from mosaicolabs.mock_server import running_server
from mosaicolabs.testkit import ByteCountingProxy

ROWS = 20_000


def imu_table(n: int = ROWS) -> pa.Table:
    """IMU rows like a 1 kHz sensor: smooth signals quantized to the sensor's resolution."""
    rng = np.random.default_rng(7)
    t = np.arange(n)

    def vec3(scale: float) -> pa.StructArray:
        axes = [np.round(scale * np.sin(t / (50 + k)) + rng.normal(0, 0.01, n), 3)
                for k in range(3)]
        fields = list(IMU.arrow_fields()[0].type)
        return pa.StructArray.from_arrays(
            [pa.array(a) for a in axes] + [pa.nulls(n, fields[3].type), pa.nulls(n, pa.int16())],
            fields=fields)

    columns = [pa.array(1_700_000_000_000_000_000 + t * 1_000_000, pa.int64()),
               pa.nulls(n, pa.int64()), pa.nulls(n, pa.string()), pa.nulls(n, pa.uint32()),
               vec3(9.8), vec3(0.5), pa.nulls(n, IMU.arrow_fields()[2].type)]
    return pa.Table.from_arrays(columns, schema=message_schema(IMU))


TABLE = imu_table()


@pytest.fixture
def server() -> Iterator:
    with running_server() as running:
        yield running


def transfer(port: int, table: pa.Table = TABLE, **options) -> tuple[int, int, pa.Table]:
    """Upload ``table`` as one topic and read it back through a fresh proxy.

    Returns bytes sent by the client during the upload, bytes received during the
    read, and the table read back.
    """
    with ByteCountingProxy(port) as proxy, MosaicoClient.connect(
        "127.0.0.1", proxy.port, **options
    ) as client:
        name = f"imu_{len(client.list_sequences())}"
        before_up, _ = proxy.counts()
        with client.sequence_create(name, {}) as writer:
            writer.topic_create("/imu", {}, IMU).push_batch(table)
        after_up, before_down = proxy.counts()
        back = client.topic_handler(name, "/imu").to_arrow()
        _, after_down = proxy.counts()
    return after_up - before_up, after_down - before_down, back


def test_null_sends_the_data_as_is(server):
    up, down, back = transfer(server.port)
    assert up > TABLE.nbytes and down > TABLE.nbytes
    assert back.equals(TABLE)


def test_gzip_compresses_what_the_client_sends(server):
    null_up, _, _ = transfer(server.port)
    gzip_up, gzip_down, back = transfer(server.port, compression=Algorithm.Gzip)
    assert gzip_up < 0.6 * null_up, (gzip_up, null_up)
    # The pyarrow server takes gzip requests transparently but answers uncompressed.
    assert gzip_down > TABLE.nbytes
    assert back.equals(TABLE)


def test_a_gzip_level_changes_nothing_on_the_wire_and_says_so(server):
    sizes = {}
    for level in (Level.Low, Level.High):
        with pytest.warns(UserWarning, match="has no effect"):
            up, _, back = transfer(server.port, compression=GRPCCompression(Algorithm.Gzip, level))
        assert back.equals(TABLE)
        sizes[level] = up
    null_up, _, _ = transfer(server.port)
    assert abs(sizes[Level.Low] - sizes[Level.High]) < 0.01 * sizes[Level.Low], sizes
    assert sizes[Level.High] < 0.6 * null_up  # still gzip-compressed


@pytest.mark.parametrize("codec", ["zstd", "lz4", IPCCompression("zstd", 9)])
def test_ipc_compression_shrinks_uploads_and_downloads(server, codec):
    null_up, null_down, _ = transfer(server.port)
    up, down, back = transfer(server.port, ipc_compression=codec)
    assert up < 0.7 * null_up, (up, null_up)
    assert down < 0.7 * null_down, (down, null_down)  # the mock server honours the hint
    assert back.equals(TABLE)


def test_a_higher_ipc_level_sends_fewer_bytes(server):
    fast, _, _ = transfer(server.port, ipc_compression=IPCCompression("zstd", 1))
    strong, _, back = transfer(server.port, ipc_compression=IPCCompression("zstd", 12))
    assert strong < fast, (strong, fast)
    assert back.equals(TABLE)


def test_gzip_and_ipc_together_round_trip(server):
    _, _, back = transfer(server.port, compression=Algorithm.Gzip, ipc_compression="lz4")
    assert back.equals(TABLE)


def test_stream_gzip_fails_at_connect_and_sends_nothing(server):
    with ByteCountingProxy(server.port) as proxy:
        with pytest.raises(InvalidRequestError, match="StreamGzip is not supported"):
            MosaicoClient.connect("127.0.0.1", proxy.port, compression=Algorithm.StreamGzip)
        assert proxy.counts() == (0, 0)


@pytest.mark.parametrize("codec", ["zstd", "lz4"])
def test_server_option_compresses_every_download(codec):
    with running_server() as plain:
        _, null_down, _ = transfer(plain.port)
    with running_server(ipc_compression=codec) as compressing:
        _, down, back = transfer(compressing.port)
    assert down < 0.7 * null_down, (down, null_down)
    assert back.equals(TABLE)


def test_compression_hint_travels_with_the_api_key():
    engine = MemoryEngine(enforce_api_keys=True)
    key = engine.keys.issue(APIKeyPermissionEnum.Manage, "test")
    with running_server(engine) as server:
        _, down, back = transfer(server.port, api_key=key, ipc_compression="zstd",
                                 compression=Algorithm.Gzip)
    assert back.equals(TABLE)
    assert down < 0.7 * TABLE.nbytes
