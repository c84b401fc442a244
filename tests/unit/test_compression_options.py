"""Compression options: validation of the public values and what the adapter makes of them."""

from __future__ import annotations

import socket
import warnings

import pytest

from mosaicolabs import MosaicoClient
from mosaicolabs.adapters.compression import NoCompression, WireCompression, compression_for
from mosaicolabs.comm import GRPCCompression, IPCCompression
from mosaicolabs.domain.errors import InvalidRequestError
from mosaicolabs.enum import GRPCCompressionAlgorithm, GRPCCompressionLevel
from mosaicolabs.mock_server import MockFlightServer
from mosaicolabs.mock_server.cli import build_parser
from mosaicolabs.ports.compression import Compression

GZIP_ARGS = [("grpc.default_compression_algorithm", 2), ("grpc.compression_enabled", 1)]


def test_enums_keep_the_official_numbering():
    assert [(m.name, m.value) for m in GRPCCompressionAlgorithm] == [
        ("Null", 0), ("Gzip", 2), ("StreamGzip", 3)]
    assert [(m.name, m.value) for m in GRPCCompressionLevel] == [
        ("Low", 1), ("Medium", 2), ("High", 3)]


def test_plain_ints_become_enum_members():
    option = GRPCCompression(2, 3)  # type: ignore[arg-type]
    assert option.algorithm is GRPCCompressionAlgorithm.Gzip
    assert option.level is GRPCCompressionLevel.High


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"algorithm": 7}, "algorithm must be one of"),
        ({"algorithm": 1}, "deflate"),
        ({"algorithm": True}, "algorithm must be one of"),
        ({"algorithm": GRPCCompressionAlgorithm.Null, "level": GRPCCompressionLevel.High},
         "needs an algorithm"),
        ({"algorithm": GRPCCompressionAlgorithm.Gzip, "level": 5}, "level must be one of"),
    ],
)
def test_bad_grpc_options_raise_a_typed_value_error(kwargs, match):
    with pytest.raises(InvalidRequestError, match=match) as caught:
        GRPCCompression(**kwargs)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("codec", "level", "match"),
    [
        ("brotli", None, "codec must be one of zstd, lz4"),
        ("gzip", None, "codec must be one of"),
        (None, None, "codec must be one of"),
        ("zstd", 99, r"zstd level must be an int in -?\d+\.\.22"),
        ("lz4", 0, r"lz4 level must be an int in 1\.\.12"),
        ("zstd", True, "level must be an int"),
        ("zstd", 3.0, "level must be an int"),
    ],
)
def test_bad_ipc_options_raise_a_typed_value_error(codec, level, match):
    with pytest.raises(InvalidRequestError, match=match):
        IPCCompression(codec, level)


def test_ipc_codec_names_are_normalized():
    assert IPCCompression("ZSTD", 9) == IPCCompression("zstd", 9)


def test_nothing_asked_means_no_compression():
    adapter = compression_for(None, None)
    assert isinstance(adapter, NoCompression)
    assert compression_for(GRPCCompressionAlgorithm.Null).grpc_channel_options() == []


@pytest.mark.parametrize(
    "option", [GRPCCompressionAlgorithm.Gzip, GRPCCompression(GRPCCompressionAlgorithm.Gzip)]
)
def test_gzip_sets_the_channel_arguments(option):
    adapter = compression_for(option)
    assert isinstance(adapter, Compression)
    assert adapter.grpc_channel_options() == GZIP_ARGS
    assert adapter.ipc_codec is None and adapter.ipc_level is None


def test_ipc_option_sets_codec_and_level_only():
    adapter = compression_for(ipc_compression=IPCCompression("zstd", 7))
    assert isinstance(adapter, Compression)
    assert adapter.grpc_channel_options() == []
    assert (adapter.ipc_codec, adapter.ipc_level) == ("zstd", 7)
    assert compression_for(ipc_compression="lz4").ipc_codec == "lz4"


def test_both_options_combine():
    adapter = compression_for(GRPCCompressionAlgorithm.Gzip, "zstd")
    assert adapter.grpc_channel_options() == GZIP_ARGS and adapter.ipc_codec == "zstd"


def test_a_grpc_level_warns_that_it_has_no_effect_and_is_not_sent():
    option = GRPCCompression(GRPCCompressionAlgorithm.Gzip, GRPCCompressionLevel.High)
    with pytest.warns(UserWarning, match="level High has no effect"):
        adapter = compression_for(option)
    assert adapter.grpc_channel_options() == GZIP_ARGS


def test_no_warning_without_a_level():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compression_for(GRPCCompressionAlgorithm.Gzip, "zstd")


@pytest.mark.parametrize(
    "option",
    [GRPCCompressionAlgorithm.StreamGzip,
     GRPCCompression(GRPCCompressionAlgorithm.StreamGzip, GRPCCompressionLevel.Low)],
)
def test_stream_gzip_is_refused_with_the_alternatives(option):
    with pytest.raises(InvalidRequestError, match="StreamGzip is not supported") as caught:
        compression_for(option)
    assert "GRPCCompressionAlgorithm.Gzip" in str(caught.value)
    assert "ipc_compression='zstd'" in str(caught.value)
    with pytest.raises(InvalidRequestError):
        WireCompression(GRPCCompression(GRPCCompressionAlgorithm.StreamGzip))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"compression": "gzip"}, "compression must be a GRPCCompressionAlgorithm"),
        ({"compression": 1.5}, "compression must be"),
        ({"ipc_compression": 5}, "ipc_compression must be"),
        ({"ipc_compression": "snappy"}, "codec must be one of"),
        ({"compression": GRPCCompressionAlgorithm.StreamGzip}, "StreamGzip"),
    ],
)
def test_connect_refuses_bad_options_before_any_io(kwargs, match):
    with socket.socket() as probe:  # a port nobody listens on: any I/O would fail differently
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(InvalidRequestError, match=match):
        MosaicoClient.connect("127.0.0.1", port, timeout=0.5, **kwargs)


def test_mock_server_refuses_an_unknown_response_codec():
    with pytest.raises(InvalidRequestError, match="ipc_compression must be one of"):
        MockFlightServer(ipc_compression="gzip")


def test_mock_server_cli_takes_a_response_codec():
    assert build_parser().parse_args(["--ipc-compression", "zstd"]).ipc_compression == "zstd"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--ipc-compression", "gzip"])


def test_client_and_server_agree_on_the_hint_header():
    from mosaicolabs.adapters.flight.connection import IPC_COMPRESSION_HEADER as client_side
    from mosaicolabs.mock_server.compression import IPC_COMPRESSION_HEADER as server_side

    assert client_side == server_side == "mosaico-ipc-compression"
