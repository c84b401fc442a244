"""Compression against mosaicod 0.3.0: it has no gzip switch, so gRPC gzip is refused with a
clear, typed error at the first call; Arrow IPC compression needs nothing from the server."""

from __future__ import annotations

import pytest

from mosaicolabs import Floating64, Message, MosaicoClient
from mosaicolabs.comm import IPCCompression
from mosaicolabs.domain.errors import CompressionRefusedError
from mosaicolabs.enum import GRPCCompressionAlgorithm
from tests.contract.remote import wipe


def test_grpc_gzip_is_refused_with_a_clear_error(open_server):
    with MosaicoClient.connect(open_server.host, open_server.port,
                               compression=GRPCCompressionAlgorithm.Gzip) as client:
        with pytest.raises(CompressionRefusedError, match="does not accept gzip"):
            client.version()


@pytest.mark.parametrize("codec", ["zstd", "lz4"])
def test_ipc_compressed_uploads_round_trip(open_server, codec):
    wipe(open_server)
    with MosaicoClient.connect(open_server.host, open_server.port,
                               ipc_compression=IPCCompression(codec)) as client:
        with client.sequence_create(f"ipc_{codec}", {}) as writer:
            topic = writer.topic_create("/v", {}, Floating64)
            for i in range(1000):
                topic.push(Message(timestamp_ns=i, data=Floating64(data=i / 4)))
        table = client.topic_handler(f"ipc_{codec}", "/v").to_arrow()
        assert table.column("data").to_pylist() == [i / 4 for i in range(1000)]
