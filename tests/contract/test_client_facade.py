"""The MosaicoClient facade on both backends (embedded engine and Flight mock server)."""

from __future__ import annotations

import gc
import time
import zlib
from contextlib import ExitStack
from datetime import datetime, timedelta
from datetime import timezone as tz

import pytest

from mosaicolabs.client import MosaicoClient
from mosaicolabs.container import ClientContainer
from mosaicolabs.domain import errors as E
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum
from mosaicolabs.domain.notifications import NotificationType
from mosaicolabs.mock_server import running_server
from tests.contract.conftest import MANAGE_KEY
from tests.contract.helpers import SCHEMA, batch

MANAGE_FP = MANAGE_KEY.rsplit("_", 1)[1]
SEQ_META = {"driver": {"id": "drv_017", "level": "senior"}, "gps": {"lat": 45.46, "lon": 9.19}}
IMU_META = {"sensor": {"model": "bmi088", "rate_hz": 200}, "tags": ["a", "b"]}
UUID = "6f1c1e2e-0000-4000-8000-000000000000"


@pytest.fixture
def client_on(backend):
    with ExitStack() as stack:  # factory: a client on an engine, through the backend

        def make(engine, api_key=None, *, managed=True):
            if backend == "memory":
                client = MosaicoClient.embedded(engine, api_key=api_key)
            else:
                server = stack.enter_context(running_server(engine))
                client = MosaicoClient.connect("127.0.0.1", server.port, api_key=api_key)
            if managed:
                stack.callback(client.close)
            return client

        yield make


def seed(engine):  # sequence 'drive', one open session with '/imu' and '/cam/front', no data
    engine.create_sequence("drive", SEQ_META)
    session = engine.create_session("drive")
    imu = engine.create_topic(session, "drive/imu", "imu", "default", IMU_META)
    cam = engine.create_topic(session, "drive/cam/front", "image", "image", {})
    return session, {"drive/imu": (imu, [30, 10, 20]), "drive/cam/front": (cam, [50, 5])}


def lock(engine, session, topics):
    for locator, (topic_uuid, stamps) in topics.items():
        (upload := engine.begin_upload(locator, topic_uuid, SCHEMA)).append(batch(stamps))
        upload.commit()
    engine.finalize_session(session)


def assert_utc(moment, ns):
    expected = datetime.fromtimestamp(ns // 10**9, tz.utc).replace(microsecond=ns % 10**9 // 1000)
    assert moment == expected and moment.utcoffset() == timedelta(0)


def test_done_when_path(client_on, engine):
    client = client_on(engine)
    assert isinstance(client.version(), str) and client.version() == "0.3.0"
    assert (client.info().version, client.info().minor, client.info().patch) == ("0.3.0", 3, 0)
    assert client.list_sequences() == []
    before = time.time_ns()
    session, _ = seed(engine)
    after = time.time_ns()
    assert client.list_sequences() == ["drive"]
    assert client.sequence_handler("missing") is None
    assert (seq := client.sequence_handler("drive")) is client.sequence_handler("drive")
    assert (seq.name, seq.topics) == ("drive", ["/imu", "/cam/front"])
    assert [s.uuid for s in seq.sessions] == [session]
    # mosaicod lists a session's topics once it is finalized; this one is still open
    assert seq.sessions[0].topics == () and not seq.sessions[0].locked
    seq.user_metadata["driver"] = "mutated"  # a copy: the snapshot is not affected
    assert seq.user_metadata == SEQ_META
    assert before <= seq.created_timestamp <= after
    assert_utc(seq.created_datetime, seq.created_timestamp)
    assert seq.updated_timestamps == [seq.sessions[0].created_at_ns]
    assert seq.created_timestamp <= seq.updated_timestamps[0] <= after
    assert (seq.total_size_bytes, seq.timestamp_ns_min, seq.timestamp_ns_max) == (0, None, None)
    for name in ("/imu", "imu"):
        topic = seq.get_topic_handler(name)
        assert (topic.sequence_name, topic.name, topic.ontology_tag) == ("drive", "/imu", "imu")
    with pytest.raises(ValueError):  # as the official client: an unknown topic
        seq.get_topic_handler("/lidar")
    assert client.topic_handler("drive", "/nope") is None
    assert client.topic_handler("nope", "/imu") is None
    assert (imu := client.topic_handler("drive", "/imu")) is client.topic_handler("drive", "imu")
    assert (imu.sequence_name, imu.name, imu.ontology_tag) == ("drive", "/imu", "imu")
    assert (imu.serialization_format, imu.user_metadata, imu.locked) == ("default", IMU_META, False)
    assert (imu.chunks_number, imu.total_size_bytes, imu.timestamp_ns_min) == (0, 0, None)
    assert imu.timestamp_ns_max is None
    assert before <= imu.created_timestamp <= after
    assert_utc(imu.created_datetime, imu.created_timestamp)
    cam = client.topic_handler("drive", "cam/front")
    assert (cam.name, cam.serialization_format, cam.user_metadata) == ("/cam/front", "image", {})


def test_reload_refreshes_snapshots(client_on, engine):
    client = client_on(engine)
    session, topics = seed(engine)
    seq, imu = client.sequence_handler("drive"), client.topic_handler("drive", "/imu")
    lock(engine, session, topics)
    assert seq.total_size_bytes == 0 and imu.locked is False  # snapshots until reload
    assert seq.reload() is True
    assert seq.total_size_bytes == engine.describe_sequence("drive").total_size_bytes > 0
    assert (seq.timestamp_ns_min, seq.timestamp_ns_max, seq.sessions[0].locked) == (5, 50, True)
    assert imu.reload() is True
    assert imu.locked is True and imu.chunks_number == 1 and imu.total_size_bytes > 0
    assert (imu.timestamp_ns_min, imu.timestamp_ns_max) == (10, 30)


def test_notifications_list_and_clear(client_on, engine):
    client = client_on(engine)
    seed(engine)
    assert client.list_sequence_notifications("drive") == []
    engine.create_notification("drive", "error", "session aborted")
    engine.create_notification("drive/imu", "error", "bad batch")
    engine.create_notification("drive/imu", "error", "second")
    [note] = client.list_sequence_notifications("drive")
    assert (note.sequence_name, note.topic_name, note.type, note.message) == (
        "drive",
        None,
        NotificationType.ERROR,
        "session aborted",
    )
    assert note.created_datetime.utcoffset() == timedelta(0)
    notes = client.list_topic_notifications("drive", "/imu")
    assert [(n.sequence_name, n.topic_name, n.type, n.message) for n in notes] == [
        ("drive", "/imu", NotificationType.ERROR, "bad batch"),
        ("drive", "/imu", NotificationType.ERROR, "second"),
    ]
    assert client.list_topic_notifications("drive", "imu") == notes
    client.clear_sequence_notifications("drive")
    assert client.list_sequence_notifications("drive") == []
    assert len(client.list_topic_notifications("drive", "/imu")) == 2
    client.clear_topic_notifications("drive", "/imu")
    assert client.list_topic_notifications("drive", "imu") == engine.list_notifications("drive/imu")


def test_session_then_sequence_delete_and_unknown_resources(client_on, engine):
    client = client_on(engine)
    session, topics = seed(engine)
    lock(engine, session, topics)  # a finalized session can be deleted too
    seq = client.sequence_handler("drive")
    assert seq.total_size_bytes > 0 and client.topic_handler("drive", "/imu") is not None
    client.session_delete(session)
    assert engine.describe_sequence("drive").sessions == ()
    fresh = client.sequence_handler("drive")
    assert (fresh.sessions, fresh.topics, fresh.total_size_bytes) == ([], [], 0)
    assert client.topic_handler("drive", "/imu") is None
    client.sequence_delete("drive")
    assert client.list_sequences() == [] and engine.list_sequences() == []
    client.clear_sequence_handlers_cache()
    client.clear_topic_handlers_cache()
    assert client.sequence_handler("drive") is client.topic_handler("drive", "/imu") is None
    assert seq.name == "drive"  # an old snapshot stays readable
    engine.create_sequence("other", {})
    # As on mosaicod 0.3.0: a gone sequence deletes again without error and has no
    # notifications to list or clear.
    client.sequence_delete("drive")
    assert client.list_sequence_notifications("drive") == []
    client.clear_sequence_notifications("x")
    calls = [
        ("session_delete", (session,)),
        ("session_delete", (UUID,)),
        ("list_topic_notifications", ("other", "x")),
        ("clear_topic_notifications", ("drive", "/imu")),
    ]
    for method, args in calls:
        with pytest.raises(E.NotFoundError):  # a LookupError
            getattr(client, method)(*args)
    assert engine.list_sequences() == ["other"]


def test_session_delete_rejects_malformed_uuid_before_io(client_on, secured_engine):
    client = client_on(secured_engine, MANAGE_KEY)
    secured_engine.keys.revoke(MANAGE_FP)  # any call reaching the engine now fails
    with pytest.raises(E.InvalidRequestError):
        client.session_delete("not-a-uuid")


def test_session_delete_keeps_other_handlers_usable(client_on, engine):
    session, _ = seed(engine)
    engine.create_sequence("other", {})
    other = (client := client_on(engine)).sequence_handler("other")
    client.session_delete(session)
    assert other.reload() and other.name == "other"


def test_constructor_is_private_and_from_container(engine):
    for kwargs in ({}, {"host": "localhost", "port": 6726}):
        with pytest.raises(RuntimeError):
            MosaicoClient(**kwargs)
    seed(engine)
    with MosaicoClient.from_container(ClientContainer.for_memory(engine)) as client:
        assert client.list_sequences() == ["drive"]
    assert client.closed


def test_context_manager_close_is_idempotent_and_closes_handlers(client_on, engine):
    seed(engine)
    with client_on(engine) as client:
        assert client.closed is False and client.list_sequences() == ["drive"]
        seq, imu = client.sequence_handler("drive"), client.topic_handler("drive", "/imu")
    client.close()  # the second close (the first was __exit__)
    assert client.closed is True
    for call in (seq.reload, imu.reload, lambda: seq.get_topic_handler("/imu")):
        with pytest.raises(E.ClientClosedError):
            call()
    assert (seq.name, imu.name, seq.topics) == ("drive", "/imu", ["/imu", "/cam/front"])


AFTER_CLOSE = [
    ("version", ()),
    ("info", ()),
    ("list_sequences", ()),
    ("sequence_handler", ("drive",)),
    ("topic_handler", ("drive", "/imu")),
    ("sequence_delete", ("drive",)),
    ("session_delete", (UUID,)),
    ("list_sequence_notifications", ("drive",)),
    ("clear_sequence_notifications", ("drive",)),
    ("list_topic_notifications", ("drive", "/imu")),
    ("clear_topic_notifications", ("drive", "/imu")),
    ("clear_sequence_handlers_cache", ()),
    ("clear_topic_handlers_cache", ()),
    ("api_key_create", (APIKeyPermissionEnum.Read, "x")),
    ("api_key_status", (MANAGE_FP,)),
    ("api_key_revoke", (MANAGE_FP,)),
]


@pytest.mark.parametrize("method, args", AFTER_CLOSE)
def test_every_method_after_close_raises(client_on, engine, method, args):
    seed(engine)
    (client := client_on(engine)).close()
    with pytest.raises(E.ClientClosedError):  # a RuntimeError
        getattr(client, method)(*args)
    assert engine.list_sequences() == ["drive"] and engine.describe_sequence("drive").sessions


def test_unclosed_client_warns_when_collected(client_on, engine):
    client = client_on(engine, managed=False)
    with pytest.warns(ResourceWarning, match="never closed"):
        del client
        gc.collect()


def test_api_key_management(client_on, secured_engine):
    with pytest.raises(E.AuthenticationError):  # a ConnectionError
        client_on(secured_engine)  # no key: refused at connect time
    admin = client_on(secured_engine, MANAGE_KEY)
    own = admin.api_key_status()
    assert (own.api_key_fingerprint, own.description) == (MANAGE_FP, "bootstrap")
    token = admin.api_key_create(APIKeyPermissionEnum.Read, "reader")
    header, payload, fingerprint = token.split("_")
    assert (header, len(payload)) == ("msco", 32)
    assert fingerprint == f"{zlib.crc32(payload.encode()):08x}"
    status = admin.api_key_status(fingerprint)
    assert (status.api_key_fingerprint, status.description) == (fingerprint, "reader")
    expires = time.time_ns() + 3600 * 10**9
    later = admin.api_key_create(APIKeyPermissionEnum.Write, "tmp", expires_at_ns=expires)
    assert admin.api_key_status(later.rsplit("_", 1)[1]).expires_at_ns == expires
    assert (reader := client_on(secured_engine, token)).list_sequences() == []
    with pytest.raises(E.PermissionDeniedError):
        reader.api_key_status()
    admin.api_key_revoke(fingerprint)
    for call in (admin.api_key_status, admin.api_key_revoke):
        with pytest.raises(E.NotFoundError):
            call(fingerprint)
    with pytest.raises(E.PermissionDeniedError):
        reader.list_sequences()  # an open client loses access at once
    with pytest.raises(ConnectionError) as info:
        client_on(secured_engine, token)
    # The same class and the wire's word on both backends: user code matches "unauthorized".
    assert isinstance(info.value, E.APIKeyRejectedError)
    assert "unauthorized" in str(info.value)
    assert payload not in str(info.value)


def test_read_key_cannot_delete(client_on, secured_engine):
    session, _ = seed(secured_engine)
    secured_engine.create_notification("drive/imu", "error", "kept")
    reader = client_on(secured_engine, secured_engine.keys.issue(APIKeyPermissionEnum.Read, "r"))
    assert reader.sequence_handler("drive").topics == ["/imu", "/cam/front"]
    assert [n.message for n in reader.list_topic_notifications("drive", "/imu")] == ["kept"]
    denied = [
        ("sequence_delete", ("drive",)),
        ("session_delete", (session,)),
        ("clear_topic_notifications", ("drive", "/imu")),
        ("api_key_create", ("read", "x")),
    ]
    for method, args in denied:
        with pytest.raises(E.PermissionDeniedError):
            getattr(reader, method)(*args)
    assert secured_engine.describe_sequence("drive").sessions[0].uuid == session
    assert len(secured_engine.list_notifications("drive/imu")) == 1


BAD_NAMES = [
    ("sequence_handler", ("bad name",)),
    ("topic_handler", ("s", "a//b")),
    ("topic_handler", ("bad name", "/imu")),
    ("sequence_delete", ("",)),
    ("list_sequence_notifications", ("../etc",)),
    ("list_topic_notifications", ("drive", "imu/")),
    ("clear_sequence_notifications", ("x y",)),
    ("clear_topic_notifications", ("drive", "")),
    ("sequence_handler", (None,)),
]


@pytest.mark.parametrize("method, args", BAD_NAMES)
def test_malformed_names_never_reach_the_server(client_on, secured_engine, method, args):
    seed(secured_engine)
    secured_engine.create_notification("drive/imu", "error", "kept")
    client = client_on(secured_engine, MANAGE_KEY)
    secured_engine.keys.revoke(MANAGE_FP)  # a call reaching the engine would be denied now
    before = secured_engine.describe_sequence("drive")
    with pytest.raises(E.InvalidNameError):  # a ValueError
        getattr(client, method)(*args)
    assert secured_engine.describe_sequence("drive") == before
    assert len(secured_engine.list_notifications("drive/imu")) == 1
    with pytest.raises(E.PermissionDeniedError):
        client.list_sequences()  # proves that reaching the engine would have failed otherwise
