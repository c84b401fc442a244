"""DoAction: the handlers of the actions the vocabulary declares (``domain.vocabulary``).

A handler takes the engine and the decoded request and returns the envelope's ``response``
(``None`` for null, :data:`EMPTY` for ``{"action": "empty"}``); :func:`run_action` adds
authorization, decoding, envelope. As on mosaicod 0.3.0, deleting a missing sequence
succeeds, and so do listing (``[]``) and purging the notifications of one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

import pyarrow as pa

from mosaicolabs.adapters.memory.engine import MemoryEngine
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum, validate_fingerprint
from mosaicolabs.domain.errors import InvalidRequestError, NotFoundError
from mosaicolabs.domain.notifications import Notification
from mosaicolabs.domain.server import ServerVersion
from mosaicolabs.domain.vocabulary import Action, served_actions

from . import wire
from .auth import authorize
from .errors import ACTION_ERROR, WireError
from .layer_actions import LAYER_ACTIONS
from .wire import EMPTY

__all__ = ["ACTIONS", "DEFAULT_INFO_CONFIG", "EMPTY", "action_descriptions", "run_action"]

#: Message-size settings reported by ``info`` unless the engine's version overrides them.
DEFAULT_INFO_CONFIG = {
    "grpc_max_decode_message_size": 50 * 1024 * 1024,
    "grpc_max_encode_message_size": 50 * 1024 * 1024,
    "grpc_target_encode_message_size": 4 * 1024 * 1024,
}
_DATETIME_FORMAT = "%Y-%m-%d %H:%M UTC"  # mosaicod 0.3.0 prints minutes, e.g. 2026-11-27 07:52 UTC
_SEMVER = re.compile(r"(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?")


@dataclass(frozen=True)
class _Request:
    """A decoded action body and the action's name, for precise error messages."""

    action: str
    body: dict[str, Any]

    def text(self, key: str, *, required: bool = True) -> Any:
        """``body[key]`` as a string."""
        return wire.get_str(self.body, self.action, key, required=required)

    def integer(self, key: str, *, required: bool = True) -> Any:
        """``body[key]`` as an integer (not a bool)."""
        return wire.get_int(self.body, self.action, key, required=required)

    def mapping(self, key: str, *, required: bool = True) -> Any:
        """``body[key]`` as a JSON object."""
        return wire.get_object(self.body, self.action, key, required=required)

    def uuid(self, key: str) -> str:
        """``body[key]`` as a canonical uuid string."""
        return wire.get_uuid(self.body, self.action, key)

    def sequence(self) -> str:
        """``locator`` naming a sequence; a topic locator is simply not a sequence."""
        name = self.sequence_or_none()
        if name is None:
            name = wire.sanitize_locator(self.text("locator"))
            raise NotFoundError(f"sequence '{name}' not found", action=self.action, resource=name)
        return name

    def sequence_or_none(self) -> str | None:
        """``locator`` naming a sequence, or ``None`` when it holds a ``/`` (never a sequence)."""
        name = wire.sanitize_locator(self.text("locator"))
        return None if "/" in name else name

    def topic(self) -> str:
        """``locator`` naming a topic (``<seq>/<topic>``)."""
        locator = wire.sanitize_locator(self.text("locator"))
        if "/" not in locator:
            raise NotFoundError(
                f"topic '{locator}' not found", action=self.action, resource=locator
            )
        return locator


_Handler = Callable[[MemoryEngine, _Request], Any]

# -- server ---------------------------------------------------------------------------
def _semver(version: ServerVersion) -> dict[str, Any]:
    parts = [version.major, version.minor, version.patch]
    match = _SEMVER.match(version.version)
    if None in parts and match:
        parts = [int(match.group(i)) for i in (1, 2, 3)]
    major, minor, patch = (p or 0 for p in parts)
    pre = version.pre or (match.group(4) if match and match.group(4) else "")
    return {"major": major, "minor": minor, "patch": patch, "pre": pre}


def _version(engine: MemoryEngine, req: _Request) -> Any:
    # Always the object: the official client turns an empty answer into "" (§12.1).
    version = engine.server_version
    return {"version": version.version, "semver": _semver(version)}


def _info(engine: MemoryEngine, req: _Request) -> Any:
    version = engine.server_version
    config = {**DEFAULT_INFO_CONFIG, **version.config}
    return {"version": version.version, "semver": _semver(version), "config": config}


# -- catalogue ------------------------------------------------------------------------
def _sequence_create(engine: MemoryEngine, req: _Request) -> Any:
    # No "/" check here: the engine's name rules give a clearer INVALID_ARGUMENT.
    name = wire.sanitize_locator(req.text("locator"))
    engine.create_sequence(name, req.mapping("user_metadata", required=False))


def _sequence_delete(engine: MemoryEngine, req: _Request) -> Any:
    name = req.sequence_or_none()
    if name is not None:  # a missing sequence is deleted already: OK, as on mosaicod
        engine.delete_sequence(name)


def _session_create(engine: MemoryEngine, req: _Request) -> Any:
    # Exactly one key: SDK 0.3.2 builds its result with cls(**response).
    return {"uuid": engine.create_session(req.sequence())}


def _session_finalize(engine: MemoryEngine, req: _Request) -> Any:
    engine.finalize_session(req.uuid("session_uuid"))


def _session_delete(engine: MemoryEngine, req: _Request) -> Any:
    engine.delete_session(req.uuid("session_uuid"))


def _topic_create(engine: MemoryEngine, req: _Request) -> Any:
    topic_uuid = engine.create_topic(
        req.uuid("session_uuid"),
        req.topic(),
        req.text("ontology_tag"),
        req.text("serialization_format"),
        req.mapping("user_metadata", required=False),
    )
    return {"uuid": topic_uuid}


def _topic_delete(engine: MemoryEngine, req: _Request) -> Any:
    engine.delete_topic(req.topic())
    return EMPTY


# -- notifications --------------------------------------------------------------------
def _notification_json(notification: Notification) -> dict[str, Any]:
    name = notification.sequence_name
    if notification.topic_name:
        name = f"{name}/{notification.topic_name.lstrip('/')}"
    return {
        "name": name,
        "notification_type": notification.type.value,
        "msg": notification.message,
        "created_datetime": notification.created_datetime.strftime(_DATETIME_FORMAT),
    }


def _notifier(locate: Callable[[_Request], str | None], answer: Any) -> dict[str, _Handler]:
    """The create/list/purge trio for one kind of resource.

    ``locate`` gives ``None`` for a locator that cannot name such a resource:
    nothing to list or purge then. ``answer`` is what create and purge return.
    """

    def create(engine: MemoryEngine, req: _Request) -> Any:
        """Store an ``error`` notification."""
        locator = locate(req)
        if locator is None:
            locator = wire.sanitize_locator(req.text("locator"))
            raise NotFoundError(f"'{locator}' not found", action=req.action, resource=locator)
        engine.create_notification(locator, req.text("notification_type"), req.text("msg"))
        return answer

    def listing(engine: MemoryEngine, req: _Request) -> Any:
        """All notifications of the resource, oldest first."""
        locator = locate(req)
        found = [] if locator is None else engine.list_notifications(locator)
        return {"notifications": [_notification_json(n) for n in found]}

    def purge(engine: MemoryEngine, req: _Request) -> Any:
        """Remove every notification of the resource."""
        locator = locate(req)
        if locator is not None:
            engine.purge_notifications(locator)
        return answer

    return {"create": create, "list": listing, "purge": purge}


# -- api keys -------------------------------------------------------------------------
def _api_key_create(engine: MemoryEngine, req: _Request) -> Any:
    text = req.text("permissions")
    try:
        permission = APIKeyPermissionEnum(text)
    except ValueError:
        raise InvalidRequestError(
            f"{req.action}: key 'permissions' must be one of read, write, delete, manage; "
            f"got {text!r}",
            action=req.action,
        ) from None
    description = req.text("description", required=False) or ""
    token = engine.keys.issue(permission, description, req.integer("expires_at_ns", required=False))
    return {"api_key_token": token}


def _fingerprint(req: _Request) -> str:
    return validate_fingerprint(req.text("api_key_fingerprint"))


def _api_key_status(engine: MemoryEngine, req: _Request) -> Any:
    status = engine.keys.status(_fingerprint(req))
    return {
        "api_key_fingerprint": status.api_key_fingerprint,
        "description": status.description,
        "created_at_ns": status.created_at_ns,
        "expires_at_ns": status.expires_at_ns,
    }


def _api_key_revoke(engine: MemoryEngine, req: _Request) -> Any:
    engine.keys.revoke(_fingerprint(req))


def _query(engine: MemoryEngine, req: _Request) -> Any:
    """``{"items": [{"sequence", "topics": [{"locator", "timestamp_range"?}]}]}`` (§6.4)."""
    # The body is the query itself (§6.1); the engine checks it and names bad fields.
    items = []
    for hit in engine.query(req.body):
        topics = []
        for topic in hit.topics:
            entry: dict[str, Any] = {"locator": f"{hit.sequence_name}/{topic.name.lstrip('/')}"}
            if topic.time_range is not None:  # only set when include_timestamp_range asked
                entry["timestamp_range"] = [topic.time_range.start_ns, topic.time_range.end_ns]
            topics.append(entry)
        items.append({"sequence": hit.sequence_name, "topics": topics})
    return {"items": items}


_SEQUENCE_NOTES = _notifier(_Request.sequence_or_none, None)
_TOPIC_NOTES = _notifier(_Request.topic, EMPTY)  # mosaicod answers these {"action": "empty"}
#: Action name -> handler: exactly the served actions of the vocabulary (a test checks it).
ACTIONS: dict[str, _Handler] = {
    Action.version.name: _version,
    Action.info.name: _info,
    Action.sequence_create.name: _sequence_create,
    Action.sequence_delete.name: _sequence_delete,
    Action.session_create.name: _session_create,
    Action.session_finalize.name: _session_finalize,
    Action.session_delete.name: _session_delete,
    Action.topic_create.name: _topic_create,
    Action.topic_delete.name: _topic_delete,
    Action.sequence_notification_create.name: _SEQUENCE_NOTES["create"],
    Action.sequence_notification_list.name: _SEQUENCE_NOTES["list"],
    Action.sequence_notification_purge.name: _SEQUENCE_NOTES["purge"],
    Action.topic_notification_create.name: _TOPIC_NOTES["create"],
    Action.topic_notification_list.name: _TOPIC_NOTES["list"],
    Action.topic_notification_purge.name: _TOPIC_NOTES["purge"],
    Action.query.name: _query,
    Action.api_key_create.name: _api_key_create,
    Action.api_key_status.name: _api_key_status,
    Action.api_key_revoke.name: _api_key_revoke,
    **LAYER_ACTIONS,  # layer_create, layer_update, layer_delete, layer_list
}


def action_descriptions() -> list[tuple[str, str]]:
    """``(type, description)`` pairs for ListActions: the served declarations."""
    return [(action.name, action.spec.summary) for action in served_actions()]


def run_action(engine: MemoryEngine, token: str | None, action: str,
               body: bytes | pa.Buffer | None) -> bytes:
    """Authorize, decode (``body`` is copied only then), run one action; the envelope bytes.

    Raises:
        MosaicoError: a domain error for :mod:`.errors` to map; a malformed body is a
            ``BodyError`` naming the action and key.
        WireError: the caller is refused, or the action is unknown (``action error``).
    """
    handler = ACTIONS.get(action)
    if handler is None:
        # The lowest requirement: a stranger learns nothing, a valid caller that the name
        # is wrong, not that it lacks rights.
        authorize(engine, token, Action.version.name)
        raise WireError(ACTION_ERROR, f"no available action for string `{action}`")
    authorize(engine, token, action)
    # As on mosaicod 0.3.0, even a parameterless action needs a JSON object ({}).
    raw = (body or b"") if body is None or isinstance(body, bytes) else body.to_pybytes()
    request = _Request(action, wire.parse_object(raw, action))
    return wire.envelope(action, handler(engine, request))
