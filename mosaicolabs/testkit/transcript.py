"""Wire transcripts: a record of every call the mock server received.

Tests that check what a client *sent* (action bodies, descriptors, upload
schemas, which headers) give the server a :class:`Transcript` and read it::

    with running_server(transcript=Transcript()) as server:
        ...
        server.transcript.actions()

A transcript is the server's :class:`~mosaicolabs.mock_server.recorder.CallRecorder`.
Only header **names** are kept: the API-key token, like every other header value,
is never stored.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Protocol

import pyarrow as pa

from mosaicolabs.mock_server.recorder import OK
from mosaicolabs.mock_server.recorder import RECORDED_METHODS as METHODS

__all__ = [
    "METHODS",
    "OK",
    "CallDraft",
    "CountingReader",
    "RecordedCall",
    "Transcript",
    "recorded_header_names",
]

# Transport headers every gRPC call carries; they say nothing about the client's intent.
_TRANSPORT_HEADERS = frozenset({"te", "content-type", "user-agent"})


@dataclass(frozen=True)
class RecordedCall:
    """One call as the server received it.

    Attributes:
        method: One of :data:`METHODS`.
        action: The action type for ``DoAction``, else ``None``.
        body: The parsed JSON action body (``None`` when not a JSON object).
        descriptor: The parsed CMD JSON, or the PATH as a list of strings; for
            ``DoGet`` the parsed ticket JSON.
        schema: For ``DoPut``, the schema the client sent.
        header_names: Request header names, lowercased and sorted, without
            gRPC/HTTP2 transport ones. Never any header value.
        batches: For ``DoPut``, how many record batches arrived.
        rows: For ``DoPut``, how many rows arrived.
        status: ``"ok"`` or the error phrase the server answered (``"not found"``...).
    """

    method: str
    action: str | None
    body: dict[str, Any] | None
    descriptor: dict[str, Any] | list[Any] | None
    schema: pa.Schema | None
    header_names: tuple[str, ...]
    batches: int = 0
    rows: int = 0
    status: str = OK


class Transcript:
    """Thread-safe, append-only list of :class:`RecordedCall`, in arrival order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: list[RecordedCall] = []

    def start(
        self,
        method: str,
        header_names: tuple[str, ...],
        *,
        action: str | None = None,
        body: bytes | None = None,
        descriptor: _Descriptor | None = None,
        ticket: bytes | None = None,
        reader: _ChunkReader | None = None,
    ) -> CallDraft:
        """A call started (the server calls this); it is appended when it finishes.

        Header names are kept as :func:`recorded_header_names` returns them.
        """
        return CallDraft.start(method, recorded_header_names(header_names), action=action,
                               body=body, descriptor=descriptor, ticket=ticket, reader=reader,
                               transcript=self)

    def append(self, call: RecordedCall) -> None:
        """Add one finished call (tests normally only read)."""
        with self._lock:
            self._calls.append(call)

    @property
    def calls(self) -> list[RecordedCall]:
        """A copy of the recorded calls, oldest first."""
        with self._lock:
            return list(self._calls)

    def clear(self) -> None:
        """Forget every recorded call (e.g. after a test's setup)."""
        with self._lock:
            self._calls.clear()

    def actions(self) -> list[str]:
        """The action types of the ``DoAction`` calls, in order."""
        return [c.action for c in self.calls if c.method == "DoAction" and c.action is not None]

    def of_kind(self, method: str) -> list[RecordedCall]:
        """The calls of one Flight method (``"DoPut"``...), in order."""
        return [c for c in self.calls if c.method == method]

    def __len__(self) -> int:
        with self._lock:
            return len(self._calls)

    def __iter__(self) -> Iterator[RecordedCall]:
        return iter(self.calls)

    def __getitem__(self, index: int) -> RecordedCall:
        with self._lock:
            return self._calls[index]

    def __repr__(self) -> str:
        return f"Transcript({self.calls!r})"


def recorded_header_names(names: Iterable[str | bytes]) -> tuple[str, ...]:
    """Lowercased, sorted, de-duplicated header names minus gRPC/HTTP2 transport ones."""
    kept: set[str] = set()
    for raw in names:
        name = (raw.decode("latin-1") if isinstance(raw, bytes) else raw).lower()
        if name.startswith((":", "grpc-")) or name in _TRANSPORT_HEADERS:
            continue
        kept.add(name)
    return tuple(sorted(kept))


def _json_or_none(raw: bytes | None) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


class _Descriptor(Protocol):
    """A Flight descriptor, by the parts a transcript reads (the tooling stays off
    ``pyarrow.flight``: only the adapters and the server speak it)."""

    @property
    def descriptor_type(self) -> Any: ...
    @property
    def path(self) -> list[bytes | str] | None: ...
    @property
    def command(self) -> bytes: ...


class _ChunkReader(Protocol):
    """A DoPut reader, by what :class:`CountingReader` uses."""

    @property
    def schema(self) -> pa.Schema: ...
    def read_chunk(self) -> Any: ...


def _object_or_none(raw: bytes | None) -> dict[str, Any] | None:
    value = _json_or_none(raw)
    return value if isinstance(value, dict) else None


def _descriptor_value(
    descriptor: _Descriptor | None,
) -> dict[str, Any] | list[Any] | None:
    if descriptor is None:
        return None
    if descriptor.descriptor_type.name == "PATH":
        return [p.decode("utf-8", "replace") if isinstance(p, bytes) else p
                for p in descriptor.path or []]
    value = _json_or_none(descriptor.command)
    return value if isinstance(value, (dict, list)) else None


class CountingReader:
    """Wraps a DoPut reader, counting the batches and rows the handler reads."""

    def __init__(self, reader: _ChunkReader) -> None:
        self._reader = reader
        self.batches = 0
        self.rows = 0

    @property
    def schema(self) -> pa.Schema:
        """The schema the client announced."""
        return self._reader.schema

    def read_chunk(self) -> Any:
        """Read the next chunk like the wrapped reader, counting its batch."""
        chunk = self._reader.read_chunk()
        if chunk.data is not None:
            self.batches += 1
            self.rows += chunk.data.num_rows
        return chunk

    def safe_schema(self) -> pa.Schema | None:
        """The announced schema, or ``None`` if the stream did not carry a valid one."""
        try:
            return self._reader.schema
        except Exception:  # noqa: BLE001 - a broken stream just has no schema to record
            return None


@dataclass
class CallDraft:
    """The fields of a call being recorded; handlers fill in what they learn."""

    method: str
    header_names: tuple[str, ...]
    action: str | None = None
    body: dict[str, Any] | None = None
    descriptor: dict[str, Any] | list[Any] | None = None
    reader: CountingReader | None = field(default=None, repr=False)
    transcript: Transcript | None = field(default=None, repr=False)

    @classmethod
    def start(
        cls,
        method: str,
        header_names: tuple[str, ...],
        *,
        action: str | None = None,
        body: bytes | None = None,
        descriptor: _Descriptor | None = None,
        ticket: bytes | None = None,
        reader: _ChunkReader | None = None,
        transcript: Transcript | None = None,
    ) -> CallDraft:
        """Decode the raw request parts (JSON bodies, descriptor, ticket).

        A DoPut ``reader`` is wrapped in a :class:`CountingReader`, kept in
        :attr:`reader`; the handler must read through that wrapper. :meth:`finish`
        appends the call to ``transcript``.
        """
        value = _descriptor_value(descriptor) if ticket is None else _json_or_none(ticket)
        if not isinstance(value, (dict, list)):
            value = None
        counting = None if reader is None else CountingReader(reader)
        return cls(method, header_names, action, _object_or_none(body), value, counting,
                   transcript)

    def finish(self, status: str) -> None:
        """The call ended with ``status``: append its record to the transcript, if any."""
        if self.transcript is not None:
            self.transcript.append(self.to_record(status))

    def to_record(self, status: str) -> RecordedCall:
        """The frozen record, with the upload counts if a reader was wrapped."""
        reader = self.reader
        return RecordedCall(
            method=self.method,
            action=self.action,
            body=self.body,
            descriptor=self.descriptor,
            schema=None if reader is None else reader.safe_schema(),
            header_names=self.header_names,
            batches=0 if reader is None else reader.batches,
            rows=0 if reader is None else reader.rows,
            status=status,
        )

