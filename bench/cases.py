"""The measured operations: the raw Flight ceiling and the same work through the client."""

from __future__ import annotations

import json
import time
import uuid
from typing import Callable

import pyarrow as pa
import pyarrow.flight as flight

from mosaicolabs import IMU, CompressedImage, MosaicoClient
from mosaicolabs.domain.ontology.message import Message

_counter = iter(range(1_000_000))


def fresh(prefix: str) -> str:
    """A sequence name not used before in this run."""
    return f"{prefix}_{next(_counter)}_{uuid.uuid4().hex[:6]}"


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


class RawFlight:
    """The ceiling: bare pyarrow Flight calls with pre-built batches."""

    def __init__(self, port: int) -> None:
        self.client = flight.FlightClient(f"grpc://127.0.0.1:{port}")

    def _action(self, name: str, body: dict) -> dict | None:
        results = list(self.client.do_action(flight.Action(name, json.dumps(body).encode())))
        return json.loads(results[0].body.to_pybytes()).get("response") if results else None

    def action(self, name: str, body: dict) -> dict | None:
        """One catalog action (``sequence_create``, ``session_finalize``, ...)."""
        return self._action(name, body)

    def open_topic(self, seq: str, tag: str, fmt: str) -> tuple[str, str]:
        """Create ``seq`` with a session and its topic ``/data``; returns (session uuid,
        the DoPut command)."""
        self._action("sequence_create", {"locator": seq, "user_metadata": {}})
        session = self._action("session_create", {"locator": seq})["uuid"]
        body = {"session_uuid": session, "locator": f"{seq}/data",
                "serialization_format": fmt, "ontology_tag": tag, "user_metadata": {}}
        topic_uuid = self._action("topic_create", body)["uuid"]
        return session, json.dumps({"resource_locator": f"{seq}/data", "topic_uuid": topic_uuid})

    def put(self, table: pa.Table, tag: str, fmt: str = "default") -> tuple[str, float]:
        """Write a topic with bare Flight calls: the same protocol steps every client must
        take (sequence, session, topic, DoPut of pre-built batches, finalize), timed."""
        seq = fresh("raw")
        batches = table.to_batches(max_chunksize=_rows_per_batch(table))

        def upload() -> None:
            session, command = self.open_topic(seq, tag, fmt)
            doput(self.client, command, table.schema, batches)
            self._action("session_finalize", {"session_uuid": session})

        return seq, timed(upload)

    def get(self, seq: str) -> float:
        """GetFlightInfo + DoGet of the whole topic into a Table."""
        def download() -> None:
            command = json.dumps({"resource_locator": f"{seq}/data"}).encode()
            info = self.client.get_flight_info(flight.FlightDescriptor.for_command(command))
            self.client.do_get(info.endpoints[0].ticket).read_all()

        return timed(download)


def doput(client: flight.FlightClient, command: str, schema: pa.Schema,
          batches: list[pa.RecordBatch]) -> None:
    """One DoPut of pre-built ``batches``, read to the end by the server."""
    writer, _ = client.do_put(flight.FlightDescriptor.for_command(command), schema)
    for batch in batches:
        writer.write_batch(batch)
    writer.done_writing()
    writer.close()


def flight_batches(table: pa.Table) -> list[pa.RecordBatch]:
    """``table`` cut into the batches both ingest sides send (about 4 MiB each)."""
    return table.to_batches(max_chunksize=_rows_per_batch(table))


def _rows_per_batch(table: pa.Table, target: int = 4 * 1024 * 1024) -> int:
    return max(1, target // max(1, table.nbytes // max(1, table.num_rows)))


def client_columnar_put(client: MosaicoClient, table: pa.Table, model: type) -> tuple[str, float]:
    seq = fresh("ours")

    def upload() -> None:
        with client.sequence_create(seq, {}) as writer:
            writer.topic_create("/data", {}, model).push_batch(table)

    return seq, timed(upload)


def client_message_put(client: MosaicoClient, messages: list[Message]) -> tuple[str, float]:
    seq = fresh("msgs")

    def upload() -> None:
        with client.sequence_create(seq, {}) as writer:
            topic = writer.topic_create("/data", {}, IMU)
            push = topic.push
            for message in messages:
                push(message)

    return seq, timed(upload)


def client_arrow_get(client: MosaicoClient, seq: str) -> float:
    return timed(lambda: client.topic_handler(seq, "/data").to_arrow())


def client_message_get(client: MosaicoClient, seq: str) -> float:
    def read() -> None:
        with client.topic_handler(seq, "/data").get_data_streamer() as streamer:
            for _ in streamer:
                pass

    return timed(read)


def client_query(client: MosaicoClient, table: pa.Table,
                 repeats: int) -> tuple[int, list[float]]:
    """Store ``table`` as one IMU topic (untimed); time an ontology query over its rows
    ``repeats`` times; returns (matching sequences, every time)."""
    from mosaicolabs import QueryOntologyCatalog

    seq, _ = client_columnar_put(client, table, IMU)
    query = QueryOntologyCatalog(IMU.Q.acceleration.x.gt(0.5), IMU.Q.timestamp_ns.gt(0),
                                 include_timestamp_range=True)
    timings = [timed(lambda: client.query(query)) for _ in range(repeats)]
    hits = len(client.query(query))
    client.sequence_delete(seq)
    return hits, timings


def write_topics(client: MosaicoClient, tables: list[pa.Table]) -> str:
    """A new sequence with one IMU topic per table (``/imu_0``, ...), untimed."""
    seq = fresh("merged")
    with client.sequence_create(seq, {}) as writer:
        for k, table in enumerate(tables):
            writer.topic_create(f"/imu_{k}", {}, IMU).push_batch(table)
    return seq


def client_merged_get(client: MosaicoClient, seq: str) -> tuple[int, float]:
    """Time the merged read of every topic of ``seq``, message by message."""
    rows = 0

    def read() -> None:
        nonlocal rows
        with client.sequence_handler(seq).get_data_streamer() as streamer:
            for _ in streamer:
                rows += 1

    elapsed = timed(read)
    return rows, elapsed


__all__ = [
    "CompressedImage",
    "RawFlight",
    "client_arrow_get",
    "client_columnar_put",
    "client_merged_get",
    "client_message_get",
    "client_message_put",
    "client_query",
    "doput",
    "flight_batches",
    "timed",
    "write_topics",
]
