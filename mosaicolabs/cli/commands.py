"""Catalog and administration commands: ``version``, ``ls``, ``show``, ``notifications``,
``rm`` and ``keys create|status|revoke``.

Each command takes the parsed arguments and returns an exit code; errors are
raised and turned into one stderr line and an exit code by :mod:`mosaicolabs.cli`.
JSON documents carry times twice, as integer ``…_ns`` and as UTC ISO strings.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .common import (
    EXIT_ERROR,
    EXIT_OK,
    UsageError,
    open_client,
    require_sequence,
    require_topic,
)
from .output import (
    emit_json,
    format_duration,
    format_size,
    format_time,
    iso_time,
    print_fields,
    print_table,
)

__all__ = [
    "cmd_keys_create",
    "cmd_keys_revoke",
    "cmd_keys_status",
    "cmd_ls",
    "cmd_notifications",
    "cmd_rm",
    "cmd_show",
    "cmd_version",
]


def _times(prefix: str, ns: int | None) -> dict[str, Any]:
    return {f"{prefix}_ns": ns, prefix: iso_time(ns)}


def _span(snapshot: Any) -> tuple[int | None, int | None]:
    span = snapshot.time_range
    return (None, None) if span is None else (span.start_ns, span.end_ns)


def cmd_version(args: argparse.Namespace) -> int:
    """Print the server version."""
    with open_client(args) as client:
        version = client.version()
    if args.json:
        emit_json({"version": version})
    else:
        print(version)
    return EXIT_OK


def _sequence_doc(snapshot: Any) -> dict[str, Any]:
    start, end = _span(snapshot)
    return {"name": snapshot.name, "topics": len(snapshot.topic_names),
            "total_size_bytes": snapshot.total_size_bytes,
            **_times("created", snapshot.created_at_ns),
            **_times("start", start), **_times("end", end)}


def cmd_ls(args: argparse.Namespace) -> int:
    """List sequences: topic count, stored size and time span."""
    with open_client(args) as client:
        docs = []
        for name in client.list_sequences():
            handler = client.sequence_handler(name)
            if handler is not None:  # deleted between the two calls: skip it
                docs.append(_sequence_doc(handler.snapshot))
    if args.json:
        emit_json(docs)
        return EXIT_OK
    print_table(("SEQUENCE", "TOPICS", "SIZE", "START", "END", "DURATION"), [
        (d["name"], d["topics"], format_size(d["total_size_bytes"]), format_time(d["start_ns"]),
         format_time(d["end_ns"]), format_duration(d["start_ns"], d["end_ns"])) for d in docs])
    return EXIT_OK


def _topic_doc(topic: Any) -> dict[str, Any]:
    start, end = _span(topic)
    return {"name": topic.name, "ontology_tag": topic.ontology_tag,
            "serialization_format": topic.serialization_format.value,
            "chunks": topic.chunks_number, "total_size_bytes": topic.total_bytes,
            "locked": topic.locked, "user_metadata": dict(topic.user_metadata),
            **_times("created", topic.created_at_ns),
            **_times("start", start), **_times("end", end)}


def _session_doc(session: Any) -> dict[str, Any]:
    return {"uuid": session.uuid, "locked": session.locked, "topics": list(session.topics),
            **_times("created", session.created_at_ns),
            **_times("completed", session.completed_at_ns)}


def _notification_doc(note: Any) -> dict[str, Any]:
    created = note.created_datetime.isoformat().replace("+00:00", "Z")
    return {"sequence": note.sequence_name, "topic": note.topic_name, "type": note.type.value,
            "message": note.message, "created": created}


def _print_notifications(docs: list[dict[str, Any]]) -> None:
    print_table(("CREATED", "TYPE", "TOPIC", "MESSAGE"),
                [(d["created"], d["type"], d["topic"], d["message"]) for d in docs])


def _show_sequence(client: Any, name: str, as_json: bool) -> None:
    snapshot = require_sequence(client, name).snapshot
    # The sequence description leaves out per-topic details such as the tag: ask each topic.
    topics = [client.topic_handler(name, t) for t in snapshot.topic_names]
    doc: dict[str, Any] = {**_sequence_doc(snapshot), "user_metadata": dict(snapshot.user_metadata),
           "topics": [_topic_doc(t.snapshot) for t in topics if t is not None],
           "sessions": [_session_doc(s) for s in snapshot.sessions],
           "notifications": [_notification_doc(n)
                             for n in client.list_sequence_notifications(name)]}
    if as_json:
        emit_json(doc)
        return
    print_fields([("sequence", doc["name"]), ("created", doc["created"]),
                  ("size", format_size(doc["total_size_bytes"])),
                  ("span", f"{format_time(doc['start_ns'])} .. {format_time(doc['end_ns'])} "
                           f"({format_duration(doc['start_ns'], doc['end_ns'])})"),
                  ("metadata", doc["user_metadata"])])
    print()
    print_table(("TOPIC", "TAG", "CHUNKS", "SIZE", "START", "END", "LOCKED"), [
        (t["name"], t["ontology_tag"] or "-", t["chunks"], format_size(t["total_size_bytes"]),
         format_time(t["start_ns"]), format_time(t["end_ns"]), "yes" if t["locked"] else "no")
        for t in doc["topics"]])
    print()
    print_table(("SESSION", "CREATED", "COMPLETED", "LOCKED", "TOPICS"), [
        (s["uuid"], format_time(s["created_ns"]), format_time(s["completed_ns"]),
         "yes" if s["locked"] else "no", ", ".join(s["topics"]) or "-") for s in doc["sessions"]])
    if doc["notifications"]:
        print()
        _print_notifications(doc["notifications"])


def _show_topic(client: Any, sequence: str, topic: str, as_json: bool) -> None:
    snapshot = require_topic(client, sequence, topic).snapshot
    schema = snapshot.schema
    doc: dict[str, Any] = {**_topic_doc(snapshot), "sequence": sequence,
           "schema": [] if schema is None else [
               {"name": f.name, "type": str(f.type), "nullable": f.nullable} for f in schema],
           "notifications": [_notification_doc(n) for n in
                             client.list_topic_notifications(sequence, snapshot.name)]}
    if as_json:
        emit_json(doc)
        return
    print_fields([("sequence", sequence), ("topic", doc["name"]), ("tag", doc["ontology_tag"]),
                  ("format", doc["serialization_format"]), ("created", doc["created"]),
                  ("locked", "yes" if doc["locked"] else "no"), ("chunks", doc["chunks"]),
                  ("size", format_size(doc["total_size_bytes"])),
                  ("span", f"{format_time(doc['start_ns'])} .. {format_time(doc['end_ns'])}"),
                  ("metadata", doc["user_metadata"])])
    if doc["schema"]:
        print()
        print_table(("COLUMN", "TYPE", "NULLABLE"), [
            (c["name"], c["type"], "yes" if c["nullable"] else "no") for c in doc["schema"]])
    if doc["notifications"]:
        print()
        _print_notifications(doc["notifications"])


def cmd_show(args: argparse.Namespace) -> int:
    """Describe a sequence (topics, sessions, notifications) or one of its topics."""
    with open_client(args) as client:
        if args.topic is None:
            _show_sequence(client, args.sequence, args.json)
        else:
            _show_topic(client, args.sequence, args.topic, args.json)
    return EXIT_OK


def cmd_notifications(args: argparse.Namespace) -> int:
    """List the notifications of a sequence or topic, or delete them with ``--clear``."""
    with open_client(args) as client:
        if args.topic is None:
            require_sequence(client, args.sequence)
            notes = client.list_sequence_notifications(args.sequence)
            if args.clear:
                client.clear_sequence_notifications(args.sequence)
        else:
            require_topic(client, args.sequence, args.topic)
            notes = client.list_topic_notifications(args.sequence, args.topic)
            if args.clear:
                client.clear_topic_notifications(args.sequence, args.topic)
    docs = [_notification_doc(n) for n in notes]
    if args.json:
        emit_json({"cleared": len(docs)} if args.clear else docs)
    elif args.clear:
        print(f"cleared {len(docs)} notification(s)")
    else:
        _print_notifications(docs)
    return EXIT_OK


def _confirm(names: list[str]) -> bool:
    """Ask on the terminal; refuse outright when nobody can answer (scripts, pipes)."""
    if not sys.stdin.isatty():
        raise UsageError("refusing to delete without --yes: stdin is not a terminal")
    # The question goes to stderr so that stdout stays clean for --json.
    sys.stderr.write(f"delete {len(names)} sequence(s) {', '.join(names)} and all their data? "
                     "[y/N] ")
    sys.stderr.flush()
    return sys.stdin.readline().strip().lower() in ("y", "yes")


def cmd_rm(args: argparse.Namespace) -> int:
    """Delete sequences; every name is checked before anything is deleted."""
    names = list(dict.fromkeys(args.sequences))
    with open_client(args) as client:
        for name in names:
            require_sequence(client, name)
        if not args.yes and not _confirm(names):
            print("mosaico: nothing deleted", file=sys.stderr)
            return EXIT_ERROR
        for name in names:
            client.sequence_delete(name)
            if not args.json:
                print(f"deleted {name}")
    if args.json:
        emit_json({"deleted": names})
    return EXIT_OK


def _key_doc(status: Any) -> dict[str, Any]:
    permission = None if status.permission is None else status.permission.value
    return {"fingerprint": status.api_key_fingerprint, "description": status.description,
            "permission": permission, **_times("created", status.created_at_ns),
            **_times("expires", status.expires_at_ns)}


def cmd_keys_create(args: argparse.Namespace) -> int:
    """Issue a key; its token is printed once and cannot be recovered later."""
    from mosaicolabs.domain.api_keys import APIKey, APIKeyPermissionEnum
    from mosaicolabs.domain.timeutil import now_ns

    if args.expires_in is not None and args.expires_in <= 0:
        raise UsageError("--expires-in must be a positive number of seconds")
    expires = None if args.expires_in is None else now_ns() + int(args.expires_in * 1e9)
    with open_client(args) as client:
        token = client.api_key_create(APIKeyPermissionEnum(args.permission), args.description,
                                      expires)
    fingerprint = APIKey.parse(token).fingerprint
    if args.json:
        emit_json({"token": token, "fingerprint": fingerprint, "permission": args.permission,
                   "description": args.description, **_times("expires", expires)})
    else:
        print(token)
        print(f"mosaico: note: key {fingerprint} created; the token is shown only once",
              file=sys.stderr)
    return EXIT_OK


def cmd_keys_status(args: argparse.Namespace) -> int:
    """Show a key's fingerprint, description, permission and validity."""
    with open_client(args) as client:
        doc = _key_doc(client.api_key_status(args.fingerprint))
    if args.json:
        emit_json(doc)
    else:
        print_fields([("fingerprint", doc["fingerprint"]), ("description", doc["description"]),
                      ("permission", doc["permission"]), ("created", doc["created"]),
                      ("expires", doc["expires"] or "never")])
    return EXIT_OK


def cmd_keys_revoke(args: argparse.Namespace) -> int:
    """Revoke a key by fingerprint."""
    with open_client(args) as client:
        client.api_key_revoke(args.fingerprint)
    if args.json:
        emit_json({"revoked": args.fingerprint})
    else:
        print(f"revoked {args.fingerprint}")
    return EXIT_OK
