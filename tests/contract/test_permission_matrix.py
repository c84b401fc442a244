"""Every public client method × every permission level, on both backends.

Levels are cumulative (read ⊂ write ⊂ delete ⊂ manage, protocol.md §2.4). An
allowed call succeeds; a denied one raises ``PermissionDeniedError`` and changes
nothing on the server.
"""

from __future__ import annotations

from contextlib import ExitStack

import pytest

from mosaicolabs import (
    APIKeyPermissionEnum,
    Floating64,
    Message,
    MosaicoClient,
    QuerySequence,
)
from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.domain.api_keys import APIKey
from mosaicolabs.domain.errors import PermissionDeniedError
from mosaicolabs.mock_server import running_server

P = APIKeyPermissionEnum
ADMIN = "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_f9010b9e"


def _write(client: MosaicoClient) -> None:
    with client.sequence_create("new_seq", {}) as writer:
        writer.topic_create("/v", {}, Floating64).push(Message(timestamp_ns=1,
                                                                data=Floating64(data=1.0)))


def _update(client: MosaicoClient) -> None:
    with client.sequence_handler("base").update() as updater:
        updater.topic_create("/more", {}, Floating64).push(Message(timestamp_ns=2,
                                                                    data=Floating64(data=2.0)))


OPERATIONS = {
    "version": (P.Read, lambda c, w: c.version()),
    "list_sequences": (P.Read, lambda c, w: c.list_sequences()),
    "sequence_handler": (P.Read, lambda c, w: c.sequence_handler("base").topics),
    "topic_handler": (P.Read, lambda c, w: c.topic_handler("base", "/t").locked),
    "read_data": (P.Read, lambda c, w: c.topic_handler("base", "/t").to_arrow()),
    "merged_read": (P.Read, lambda c, w: list(c.sequence_handler("base").get_data_streamer())),
    "query": (P.Read, lambda c, w: c.query(QuerySequence().with_name("base"))),
    "list_sequence_notifications": (P.Read, lambda c, w: c.list_sequence_notifications("base")),
    "list_topic_notifications": (P.Read, lambda c, w: c.list_topic_notifications("base", "/t")),
    "sequence_create": (P.Write, lambda c, w: _write(c)),
    "sequence_update": (P.Write, lambda c, w: _update(c)),
    "clear_sequence_notifications": (P.Delete,
                                     lambda c, w: c.clear_sequence_notifications("base")),
    "clear_topic_notifications": (P.Delete,
                                  lambda c, w: c.clear_topic_notifications("base", "/t")),
    "sequence_delete": (P.Delete, lambda c, w: c.sequence_delete("base")),
    "session_delete": (P.Delete, lambda c, w: c.session_delete(w["session"])),
    "api_key_create": (P.Manage, lambda c, w: c.api_key_create(P.Read, "made by test")),
    "api_key_status": (P.Manage, lambda c, w: c.api_key_status()),
    "api_key_revoke": (P.Manage, lambda c, w: c.api_key_revoke(w["victim_key"])),
}


def _state(engine: MemoryEngine, world: dict) -> tuple:
    """What denied calls must leave untouched."""
    sequences = engine.list_sequences()
    base = engine.describe_sequence("base") if "base" in sequences else None
    notes = len(engine.list_notifications("base")) if base else None
    keys = [engine.keys.status(fp).api_key_fingerprint for fp in world["fingerprints"]]
    return sequences, base and len(base.sessions), base and base.topic_names, notes, keys


@pytest.fixture
def world(backend):
    engine = MemoryEngine(enforce_api_keys=True)
    engine.keys.issue(P.Manage, "admin", token=ADMIN)
    victim = engine.keys.issue(P.Read, "victim")
    with ExitStack() as stack:
        if backend == "memory":
            def make(key): return stack.enter_context(MosaicoClient.embedded(engine, api_key=key))
        else:
            port = stack.enter_context(running_server(engine)).port

            def make(key):
                return stack.enter_context(MosaicoClient.connect("127.0.0.1", port, api_key=key))
        admin = make(ADMIN)
        with admin.sequence_create("base", {}) as writer:
            topic = writer.topic_create("/t", {}, Floating64)
            topic.push(Message(timestamp_ns=1, data=Floating64(data=0.5)))
            session = writer.session_uuid
        engine.create_notification("base", "error", "old failure")
        engine.create_notification("base/t", "error", "old topic failure")
        yield {"engine": engine, "make": make, "session": session,
               "victim_key": APIKey.parse(victim).fingerprint,
               "fingerprints": [APIKey.parse(victim).fingerprint, "f9010b9e"]}


@pytest.mark.parametrize("level", list(P), ids=lambda p: p.value)
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_permission_matrix(world, level, operation):
    needed, call = OPERATIONS[operation]
    engine = world["engine"]
    client = world["make"](engine.keys.issue(level, f"{level.value} key"))
    if level.allows(needed):
        call(client, world)
        return
    before = _state(engine, world)
    with pytest.raises(PermissionDeniedError) as caught:
        call(client, world)
    assert needed.value.upper() in str(caught.value) or "permission" in str(caught.value)
    assert _state(engine, world) == before
