"""The table the error translator (:mod:`.errors`) reads: server answers -> typed errors.

A row matches an answer by the operation it came from (a Flight method or an action
name; ``None`` = any), its gRPC status (``None`` = any) and the leading text of the
server's message (a regular expression matched at its start, case-insensitive; ``""``
= any). The first matching row decides.
No row matching, the status alone decides (:data:`BY_STATUS`).

mosaicod 0.3.0 answers most failures INTERNAL with a text naming the layer that
failed. A ``facade error`` row names the most specific class that is *certain* for
that action: the only failure a well-formed request can meet there while the
server's storage is healthy. Where several are possible the row says ServerError
and why. Our mock server sends the same texts followed by ``" :: <detail>"``; rows
marked ``refine`` then let :data:`DETAIL_RULES` name the cause from the detail.

Rows for the codes of protocol.md and mosaicod 0.4.0 (NOT_FOUND, ALREADY_EXISTS,
FAILED_PRECONDITION, UNAUTHENTICATED, ``... is locked.``) stay, since that server uses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from grpc import StatusCode as S

from mosaicolabs.domain import errors as e
from mosaicolabs.domain.vocabulary import Action, FlightMethod

__all__ = ["BY_STATUS", "DETAIL_RULES", "RULES", "Rule"]


@dataclass(frozen=True)
class Rule:
    """One row: which answers it matches, the error it gives, and why."""

    operations: frozenset[str] | None
    status: S | None
    text: str
    error: type[e.MosaicoError]
    why: str
    refine: bool = False
    hint: str = ""  # added to the error's message: what the user can do about it

    def matches(self, operation: str, status: S, message: str) -> bool:
        """Whether an answer to ``operation`` with ``status`` and ``message`` is this row's."""
        return ((self.operations is None or operation in self.operations)
                and (self.status is None or status is self.status)
                and re.match(self.text, message, re.I) is not None)


def _ops(*operations: str | Action | FlightMethod) -> frozenset[str]:
    return frozenset(o if isinstance(o, str) else o.name for o in operations)


_NOTIFY_CREATE = _ops(Action.sequence_notification_create, Action.topic_notification_create)

# facade error, per action: (class, why). Actions not listed get ServerError.
_FACADE: tuple[tuple[Action | FlightMethod, type[e.MosaicoError], str], ...] = (
    (Action.session_create, e.NotFoundError, "only an unknown sequence fails there"),
    (Action.session_delete, e.NotFoundError, "only an unknown session fails there"),
    (Action.topic_delete, e.NotFoundError,
     "an unknown topic (a locked one is 'topic is locked')"),
    (Action.sequence_notification_create, e.NotFoundError,
     "only an unknown sequence fails there"),
    (Action.topic_notification_create, e.NotFoundError, "only an unknown topic fails there"),
    (Action.topic_notification_list, e.NotFoundError, "only an unknown topic fails there"),
    (Action.topic_notification_purge, e.NotFoundError, "only an unknown topic fails there"),
    (Action.api_key_status, e.NotFoundError, "only an unknown fingerprint fails there"),
    (Action.api_key_revoke, e.NotFoundError, "only an unknown fingerprint fails there"),
    (Action.layer_create, e.AlreadyExistsError,
     "only a name already taken fails there (names are trimmed; any text is a name)"),
    (Action.layer_delete, e.NotFoundError, "only an unknown name fails there"),
    (Action.layer_update, e.ServerError,
     "an unknown prev_name and a curr_name already taken both answer it (the Flight "
     "adapter tells them apart by listing)"),
    (Action.session_finalize, e.ServerError,
     "unknown session, empty session and a topic not yet uploaded all answer it"),
    (Action.topic_create, e.ServerError,
     "duplicate topic, unknown or finalized session, topic outside the session's sequence"),
    (FlightMethod.DoPut, e.ServerError,
     "an unknown topic and a topic already uploaded both answer it"),
    (FlightMethod.DoGet, e.ServerError,
     "an unknown topic and a topic without data both answer it"),
)

RULES: tuple[Rule, ...] = (
    # -- transport options the server refuses -----------------------------------------
    Rule(None, None, r"content is compressed with `[^`]*` which isn't supported",
         e.CompressionRefusedError, "mosaicod 0.3.0 has no gzip switch; its gRPC layer says so",
         hint="the server does not accept gzip-compressed requests: connect without "
              "compression= (ipc_compression= compresses the Arrow data instead and "
              "needs nothing from the server)"),
    # -- authentication and permission (checked before anything else) -----------------
    Rule(None, S.PERMISSION_DENIED, "missing api key token in request", e.AuthenticationError,
         "0.3.0: no key header was sent"),
    Rule(_ops("connect"), S.PERMISSION_DENIED, "unauthorized", e.APIKeyRejectedError,
         "the probe needs only Read, which every key has: the key itself was refused"),
    Rule(None, S.PERMISSION_DENIED, "topic is locked", e.ConflictError,
         "0.3.0: topic_delete of a topic whose upload completed"),
    Rule(None, S.PERMISSION_DENIED, "unauthorized", e.PermissionDeniedError,
         "0.3.0 says it for a key refused later and for too low a level alike"),
    Rule(_ops("connect"), S.PERMISSION_DENIED, "", e.APIKeyRejectedError,
         "0.4.0 texts: at connect, any refusal is the key's"),
    Rule(None, S.UNAUTHENTICATED, "", e.AuthenticationError, "0.4.0: no key was sent"),
    # -- not found ------------------------------------------------------------------------
    Rule(_ops(FlightMethod.GetFlightInfo), S.INTERNAL, "database error", e.NotFoundError,
         "0.3.0: the locator names no sequence and no topic (the handler returns None)"),
    Rule(_ops(FlightMethod.GetFlightInfo), S.INTERNAL, "internal error: database failure",
         e.NotFoundError,
         "0.4.0: the same lookup, other words"),
    # -- requests that do not decode ------------------------------------------------------
    Rule(None, S.INTERNAL, "action error", e.InvalidRequestError,
         "0.3.0: unknown action, or a body that is not the action's JSON"),
    Rule(None, S.INTERNAL, "marshal error", e.InvalidRequestError,
         "0.3.0: a command, ticket or query that does not decode (a bad operator...)"),
    Rule(_NOTIFY_CREATE, S.INTERNAL, "io error", e.InvalidRequestError,
         "0.3.0: the only io error there is an unknown notification_type"),
    Rule(_ops(Action.api_key_create), S.INTERNAL, "api key error", e.InvalidRequestError,
         "0.3.0: an unknown permission name"),
    Rule(_ops(FlightMethod.DoPut), S.INVALID_ARGUMENT, "bad key", e.InvalidRequestError,
         "0.3.0: topic_uuid is not this topic's; the topic exists, the request is wrong"),
    Rule(_ops(FlightMethod.DoPut), S.NOT_FOUND, "no data received", e.InvalidRequestError,
         "0.3.0: an upload message without a batch is malformed, nothing is missing"),
    # -- facade error, per action -----------------------------------------------------------
    *(Rule(_ops(op), S.INTERNAL, "facade error", kind, why, refine=True)
      for op, kind, why in _FACADE),
    Rule(None, S.INTERNAL, "facade error", e.ServerError,
         "otherwise a failure of the server's store or database", refine=True),
    # -- already exists (a pyarrow server, our mock, can send it only as UNKNOWN) -------
    Rule(None, S.ALREADY_EXISTS, "", e.AlreadyExistsError, "0.3.0 sequence_create, 0.4.0"),
    Rule(_ops(Action.sequence_create), S.UNKNOWN, r"sequence `[^`]*` already exists",
         e.AlreadyExistsError,
         "the mock's ALREADY_EXISTS: same text, status UNKNOWN (pyarrow cannot send it)"),
    # -- protocol.md / 0.4.0 wording --------------------------------------------------------
    Rule(None, None, r"(session|topic) `[^`]*` is locked", e.ConflictError,
         "0.4.0: 'Session `<id>` is locked.', 'Topic `<locator>` is locked.'"),
)

# When a refine row matched and the mock added " :: <detail>": the first match names the cause.
DETAIL_RULES: tuple[tuple[re.Pattern[str], type[e.MosaicoError]], ...] = (
    (re.compile(r"\bnot found\b", re.I), e.NotFoundError),
    (re.compile(r"\balready exists\b", re.I), e.AlreadyExistsError),
    (re.compile(r"\bis locked\b|\bis empty\b|\bnot completed\b|\balready has an upload\b",
                re.I), e.ConflictError),
    (re.compile(r"\bnot in the session's sequence\b", re.I), e.PermissionDeniedError),
)

# No row matched: the status decides.
BY_STATUS: dict[S, type[e.MosaicoError]] = {
    S.NOT_FOUND: e.NotFoundError,
    S.ALREADY_EXISTS: e.AlreadyExistsError,
    S.FAILED_PRECONDITION: e.ConflictError,
    S.INVALID_ARGUMENT: e.InvalidRequestError,
    S.OUT_OF_RANGE: e.InvalidRequestError,
    S.RESOURCE_EXHAUSTED: e.InvalidRequestError,
    S.UNIMPLEMENTED: e.InvalidRequestError,
    S.PERMISSION_DENIED: e.PermissionDeniedError,
    S.UNAUTHENTICATED: e.AuthenticationError,
    S.UNAVAILABLE: e.UnavailableError,
    S.DEADLINE_EXCEEDED: e.DeadlineExceededError,
    S.CANCELLED: e.MosaicoConnectionError,
    S.INTERNAL: e.ServerError,
    S.ABORTED: e.ServerError,
    S.DATA_LOSS: e.ServerError,
    S.UNKNOWN: e.ServerError,
}
