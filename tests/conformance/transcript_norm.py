"""Normalizing wire transcripts, and the documented differences between the two clients.

:func:`normalize` turns a :class:`~mosaicolabs.mock_server.Transcript` into plain,
comparable dicts, removing noise that says nothing about protocol conformance
(:data:`NOISE`). :data:`DIFFERENCES` lists the deliberate or known behaviour
differences between the official 0.3.2 client and ours, as data: each entry's patch
rewrites one or both normalized transcripts so that the rest can be compared
exactly. A test checks that every patch still changes something, so the list
cannot go stale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

__all__ = ["DIFFERENCES", "NOISE", "Difference", "apply_differences", "normalize"]

Calls = list[dict[str, Any]]

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

#: What :func:`normalize` removes, and why.
NOISE = (
    "uuids (sessions, topics) become '<uuid>': the server makes them up",
    "runs of consecutive ListFlights collapse into one: the connection probes "
    "(pyarrow wait_for_available) look like list_sequences on the wire, and the official "
    "client opens a pool of os.cpu_count() extra connections, each probing once, at its "
    "first sequence_create",
    "DoPut schemas are compared without field metadata (descriptions)",
)


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return _UUID.sub("<uuid>", value)
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def normalize(transcript) -> Calls:
    """Comparable calls: method, action, body, descriptor, schema, rows, status, headers."""
    calls: Calls = []
    for call in transcript.calls:
        if call.method == "ListFlights" and calls and calls[-1]["method"] == "ListFlights":
            continue
        schema = None if call.schema is None else call.schema.to_string(
            show_field_metadata=False, show_schema_metadata=False)
        calls.append({
            "method": call.method, "action": call.action, "body": _scrub(call.body),
            "descriptor": _scrub(call.descriptor), "schema": schema,
            "rows": call.rows, "batches": call.batches, "status": call.status,
            "headers": list(call.header_names),
        })
    return calls


@dataclass(frozen=True)
class Difference:
    """A documented difference: a one-line reason and the patch that hides it.

    ``patch(official, ours)`` returns the patched ``(official, ours)`` pair.
    """

    description: str
    patch: Callable[[Calls, Calls], tuple[Calls, Calls]]


def _single_delete(official: Calls, ours: Calls) -> tuple[Calls, Calls]:
    kept: Calls = []
    for call in official:
        repeat = (call["action"] == "sequence_delete" and call["status"] == "ok"
                  and kept and kept[-1]["action"] == "sequence_delete"
                  and kept[-1]["body"] == call["body"])
        if not repeat:
            kept.append(call)
    return kept, ours


def _drop_buffer_on_error(official: Calls, ours: Calls) -> tuple[Calls, Calls]:
    failed = {c["body"]["locator"] for c in ours if c["action"] == "topic_notification_create"}
    patched = [dict(c, rows=0, batches=0)
               if c["method"] == "DoPut" and c["descriptor"]["resource_locator"] in failed
               else c for c in ours]
    return official, patched


_OURS_NOTE = re.compile(r"session (\S+) of sequence '([^']*)' failed: [\w.]+: (.*)", re.S)


def _note_text(official: Calls, ours: Calls) -> tuple[Calls, Calls]:
    def rewrite(call: dict) -> dict:
        if call["action"] != "sequence_notification_create":
            return call
        match = _OURS_NOTE.fullmatch(call["body"]["msg"])
        if match is None:
            return call
        uuid, sequence, error = match.groups()
        msg = (f"Exception caught in _BaseSessionWriter block for session {uuid}, "
               f"sequence  '{sequence}'.\nInner err: '{error}'")
        return dict(call, body=dict(call["body"], msg=msg))

    return official, [rewrite(c) for c in ours]


def _drop_repeated_descriptions(official: Calls, ours: Calls) -> tuple[Calls, Calls]:
    def first_only(calls: Calls) -> Calls:
        seen, kept = [], []
        for call in calls:
            if call["method"] == "GetFlightInfo":
                if call["descriptor"] in seen:
                    continue
                seen.append(call["descriptor"])
            kept.append(call)
        return kept

    return first_only(official), first_only(ours)


#: The documented differences (README "Deliberate differences" and protocol.md §9.2).
DIFFERENCES: tuple[Difference, ...] = (
    Difference("SessionLevelErrorPolicy.Delete: the official client sends sequence_delete "
               "twice (the repeat is answered OK, as by mosaicod 0.3.0); ours sends it once",
               _single_delete),
    Difference("a failing writer block: the official client drops rows still buffered "
               "(its DoPut closes with 0 rows); ours sends them before closing",
               _drop_buffer_on_error),
    Difference("the Report policy's sequence notification text: official 'Exception caught "
               "in _BaseSessionWriter block for session <uuid>, sequence  '<seq>'.\\nInner "
               "err: '<error>''; ours 'session <uuid> of sequence '<seq>' failed: "
               "<Type>: <error>'", _note_text),
    Difference("repeated GetFlightInfo: a merged read by ours asks each topic for its "
               "ticket (one GetFlightInfo per topic) where the official client reuses the "
               "sequence's endpoints, and the official merged read describes the sequence "
               "again; full topic reads reuse the handler's ticket in both",
               _drop_repeated_descriptions),
)


def apply_differences(official: Calls, ours: Calls,
                      differences: tuple[Difference, ...] = DIFFERENCES
                      ) -> tuple[Calls, Calls, list[str]]:
    """Apply every patch; also return the descriptions of patches that changed nothing."""
    stale = []
    for difference in differences:
        patched = difference.patch(official, ours)
        if patched == (official, ours):
            stale.append(difference.description)
        official, ours = patched
    return official, ours, stale
