"""Flight's protobuf messages encoded by hand, for tests that speak raw gRPC.

No generated stubs: this is how a broken or hostile client reaches a server, below any
Flight library. Only the fields the tests need (all length-delimited or varints).
"""

from __future__ import annotations

import pyarrow as pa

__all__ = ["SERVICE", "action", "descriptor", "field", "flight_data", "ipc_parts", "varint"]

#: Method path prefix of the Flight service.
SERVICE = "/arrow.flight.protocol.FlightService/"


def varint(value: int) -> bytes:
    """A protobuf base-128 varint."""
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def field(number: int, payload: bytes) -> bytes:
    """One length-delimited field."""
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def action(kind: str, body: bytes) -> bytes:
    """Action{type = 1, body = 2}."""
    return field(1, kind.encode()) + field(2, body)


def descriptor(cmd: bytes | None = None, path: str | None = None) -> bytes:
    """FlightDescriptor: PATH (type 1, path = 3) or CMD (type 2, cmd = 2)."""
    if path is not None:
        return varint(1 << 3) + varint(1) + field(3, path.encode())
    return varint(1 << 3) + varint(2) + field(2, cmd or b"")


def ipc_parts(payload: pa.Schema | pa.RecordBatch) -> tuple[bytes, bytes]:
    """(metadata flatbuffer, body) of one IPC message."""
    message = pa.ipc.read_message(payload.serialize())
    return message.metadata.to_pybytes(), message.body.to_pybytes() if message.body else b""


def flight_data(desc: bytes | None = None, header: bytes = b"", body: bytes = b"") -> bytes:
    """FlightData: descriptor = 1, data_header = 2, data_body = 1000."""
    out = field(1, desc) if desc is not None else b""
    out += field(2, header) if header else b""
    return out + (field(1000, body) if body else b"")
