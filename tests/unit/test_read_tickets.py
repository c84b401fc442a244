"""Whole-topic read tickets stay in the Flight adapter: a described topic is read with the
ticket its description carried (one GetFlightInfo, not two), a deleted one is asked for
again, and the stream itself tells the model's tag (no metadata parsing above the port)."""

from __future__ import annotations

import pytest

from mosaicolabs import IMU, Message, MosaicoClient, Vector3d
from mosaicolabs.adapters import flight as mf
from mosaicolabs.adapters.auth import AnonymousCredentials
from mosaicolabs.adapters.compression import NoCompression
from mosaicolabs.adapters.flight.tickets import TicketBook
from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.adapters.tls import PlainChannel
from mosaicolabs.domain.catalog import Topic
from mosaicolabs.domain.errors import MosaicoError
from mosaicolabs.mock_server import running_server
from mosaicolabs.testkit import Transcript


def _imu(ts: int) -> IMU:
    return IMU(acceleration=Vector3d(x=1.0 * ts, y=0.0, z=0.0),
               angular_velocity=Vector3d(x=0.0, y=0.0, z=0.0))


def _write(client: MosaicoClient, sequence: str, rows: int = 3) -> None:
    with client.sequence_create(sequence, {}) as writer:
        topic = writer.topic_create("/imu", {}, IMU)
        assert topic is not None
        for ts in range(rows):
            topic.push(Message(timestamp_ns=ts, data=_imu(ts)))


@pytest.fixture()
def served():
    transcript = Transcript()
    with running_server(MemoryEngine(), transcript=transcript) as server, \
            MosaicoClient.connect("127.0.0.1", server.port) as client:
        yield client, transcript, server.port


@pytest.fixture()
def recorded(served):
    client, transcript, _ = served
    return client, transcript


def _infos(transcript: Transcript) -> list[object]:
    return [c.descriptor for c in transcript.calls if c.method == "GetFlightInfo"]


def test_a_described_topic_is_read_with_the_ticket_it_came_with(recorded):
    client, transcript = recorded
    _write(client, "tickets_a")
    handler = client.topic_handler("tickets_a", "/imu")
    assert handler is not None
    transcript.clear()
    table = handler.to_arrow()
    assert table.column("timestamp_ns").to_pylist() == [0, 1, 2]
    assert _infos(transcript) == []  # straight to DoGet
    assert [c.method for c in transcript.calls] == ["DoGet"]


def test_a_bounded_read_asks_for_a_ticket_of_its_bounds(recorded):
    client, transcript = recorded
    _write(client, "tickets_b", rows=5)
    handler = client.topic_handler("tickets_b", "/imu")
    assert handler is not None
    transcript.clear()
    table = handler.to_arrow(1, 3)
    assert table.column("timestamp_ns").to_pylist() == [1, 2]
    [command] = _infos(transcript)
    assert command["timestamp_ns_start"] == 1 and command["timestamp_ns_end"] == 3


def test_the_stream_declares_the_model_tag(recorded):
    client, _ = recorded
    _write(client, "tickets_c")
    handler = client.topic_handler("tickets_c", "/imu")
    assert handler is not None
    with handler.get_data_streamer() as streamer:
        assert streamer.ontology_tag == "imu"
        assert [m.get_data(IMU).acceleration.x for m in streamer] == [0.0, 1.0, 2.0]


def test_the_memory_backend_declares_the_tag_without_faked_metadata():
    with MosaicoClient.embedded() as client:
        _write(client, "tickets_d")
        handler = client.topic_handler("tickets_d", "/imu")
        assert handler is not None
        with handler.get_data_streamer() as streamer:
            assert streamer.ontology_tag == "imu"
            assert not (streamer.schema.metadata or {})


def test_topics_carry_no_transport_ticket():
    assert "read_ticket" not in {f for f in Topic.__dataclass_fields__}


def test_the_book_forgets_deleted_topics_and_sequences_and_keeps_a_bounded_number():
    book = TicketBook(limit=3)
    book.remember("s/a", b"1")
    book.remember("s/b", b"2")
    book.remember("s2/a", b"3")
    book.forget("s")  # a sequence: every topic under it
    assert (book.ticket_for("s/a"), book.ticket_for("s/b"), book.ticket_for("s2/a")) == (
        None, None, b"3")
    book.forget("s2/a")
    assert len(book) == 0
    for k in range(5):
        book.remember(f"s/{k}", bytes([k]))
    assert len(book) == 3 and book.ticket_for("s/0") is None and book.ticket_for("s/4") == b"\x04"
    book.remember("s/x", b"x")
    book.forget("s/x")
    assert book.ticket_for("s/x") is None
    with pytest.raises(ValueError):
        TicketBook(limit=0)


def test_the_catalog_drops_the_tickets_of_what_it_deletes(served):
    client, _, port = served
    _write(client, "tickets_e")
    with client.sequence_create("tickets_f", {}) as writer:
        writer.topic_create("/a", {}, IMU)
        writer.topic_create("/b", {}, IMU)
    connection = mf.FlightConnection("127.0.0.1", port, security=PlainChannel(),
                                     credentials=AnonymousCredentials(),
                                     compression=NoCompression())
    try:
        catalog = mf.FlightCatalog(connection)
        for sequence, topic in (("tickets_e", "/imu"), ("tickets_f", "/a"), ("tickets_f", "/b")):
            catalog.describe_topic(sequence, topic)
        assert len(catalog.tickets) == 3
        with pytest.raises(MosaicoError):  # a locked topic stays; its ticket is re-fetched
            catalog.delete_topic("tickets_f", "/a")
        assert catalog.tickets.ticket_for("tickets_f/a") is None
        assert catalog.tickets.ticket_for("tickets_f/b") is not None
        catalog.delete_sequence("tickets_e")
        assert catalog.tickets.ticket_for("tickets_e/imu") is None
        assert len(catalog.tickets) == 1
    finally:
        connection.close()
