"""JSON on the wire: request bodies, the action envelope, locators and tickets.

Every malformed input raises :class:`~.errors.BodyError` (mosaicod answers
``action error`` or ``marshal error``) with a message that names the operation and
the offending key, so a client author can see at once what to fix. A malformed uuid
is mosaicod's INVALID_ARGUMENT ``malformed uuid``.
"""

from __future__ import annotations

import json
import uuid as uuidlib
from dataclasses import dataclass
from typing import Any

from .errors import MALFORMED_UUID, BodyError, WireError

__all__ = [
    "EMPTY",
    "MAX_JSON_BYTES",
    "MAX_JSON_DEPTH",
    "TopicTicket",
    "dumps",
    "envelope",
    "get_int",
    "get_object",
    "get_str",
    "get_uuid",
    "parse_object",
    "sanitize_locator",
]

_MISSING = object()

#: Handler answer for the actions mosaicod 0.3.0 answers ``{"action": "empty"}``
#: (topic_delete, topic_notification_create, topic_notification_purge).
EMPTY = object()


def dumps(value: Any) -> str:
    """Compact JSON text (UTF-8 safe, no ASCII escaping needed by clients)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


#: Largest JSON body or command accepted (mosaicod's default gRPC message limit).
MAX_JSON_BYTES = 50 * 1024 * 1024
#: Deepest nesting of arrays and objects accepted (serde_json's default limit, as on
#: mosaicod); deeper values could not be stored or encoded back without recursion limits.
MAX_JSON_DEPTH = 128


def _too_deep(operation: str) -> BodyError:
    return BodyError(f"{operation}: body deserialization error: JSON nested deeper than "
                     f"{MAX_JSON_DEPTH} levels", action=operation)


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Whether ``value`` nests arrays/objects more than ``limit`` deep (no recursion)."""
    level: list[Any] = [value]
    for _ in range(limit + 1):
        level = [child for item in level if isinstance(item, (dict, list))
                 for child in (item.values() if isinstance(item, dict) else item)]
        if not level:
            return False
    return True


def parse_object(raw: bytes, operation: str, *, empty_is_object: bool = False) -> dict[str, Any]:
    """Decode ``raw`` as a UTF-8 JSON object.

    Args:
        raw: The request body or command bytes.
        operation: Named in the error message.
        empty_is_object: Treat empty bytes as ``{}`` (lenient for parameterless actions).
    """
    if not raw and empty_is_object:
        return {}
    if len(raw) > MAX_JSON_BYTES:
        raise BodyError(f"{operation}: body deserialization error: {len(raw)} bytes of JSON "
                        f"is more than the {MAX_JSON_BYTES} accepted", action=operation)
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BodyError(
            f"{operation}: body deserialization error: not UTF-8 JSON ({exc})", action=operation
        ) from None
    except RecursionError:  # the C scanner's own guard, far above our depth limit
        raise _too_deep(operation) from None
    if _depth_exceeds(value, MAX_JSON_DEPTH):
        raise _too_deep(operation)
    if not isinstance(value, dict):
        raise BodyError(
            f"{operation}: body deserialization error: expected a JSON object, "
            f"got {type(value).__name__}",
            action=operation,
        )
    return value


def _get(body: dict[str, Any], operation: str, key: str, required: bool) -> Any:
    value = body.get(key, _MISSING)
    if value is _MISSING or value is None:
        if required:  # a null is as absent as a missing key
            raise BodyError(f"{operation}: missing key '{key}' in the request", action=operation)
        return None
    return value


def _wrong_type(operation: str, key: str, expected: str, value: Any) -> BodyError:
    return BodyError(
        f"{operation}: key '{key}' must be {expected}, not {type(value).__name__}",
        action=operation,
    )


def get_str(body: dict[str, Any], operation: str, key: str, *, required: bool = True) -> Any:
    """``body[key]`` as a str (``None`` if optional and absent or null)."""
    value = _get(body, operation, key, required)
    if value is not None and not isinstance(value, str):
        raise _wrong_type(operation, key, "a string", value)
    return value


def get_int(body: dict[str, Any], operation: str, key: str, *, required: bool = True) -> Any:
    """``body[key]`` as an int; JSON booleans are refused although Python calls them ints."""
    value = _get(body, operation, key, required)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise _wrong_type(operation, key, "an integer", value)
    return value


def get_object(body: dict[str, Any], operation: str, key: str, *, required: bool = True) -> Any:
    """``body[key]`` as a JSON object; ``{}`` when optional and absent."""
    value = _get(body, operation, key, required)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _wrong_type(operation, key, "a JSON object", value)
    return value


def get_uuid(body: dict[str, Any], operation: str, key: str) -> str:
    """``body[key]`` as a canonical uuid string; a malformed uuid is INVALID_ARGUMENT."""
    text = get_str(body, operation, key)
    try:
        return str(uuidlib.UUID(text))
    except ValueError:
        raise WireError(
            MALFORMED_UUID, f"{operation}: key '{key}' is not a valid uuid: {text!r}"
        ) from None


def sanitize_locator(locator: str) -> str:
    """Strip surrounding blanks and leading ``/``: ``"/seq/topic"`` and ``"seq/topic"`` agree."""
    return locator.strip().lstrip("/")


def envelope(action: str, response: Any) -> bytes:
    """The single ``Result`` body of every action: ``{"action": ..., "response": ...}``.

    ``response`` :data:`EMPTY` gives ``{"action": "empty"}`` instead.
    """
    if response is EMPTY:
        return dumps({"action": "empty"}).encode("utf-8")
    return dumps({"action": action, "response": response}).encode("utf-8")


@dataclass(frozen=True)
class TopicTicket:
    """What a DoGet ticket carries: a topic locator and optional ``[start, end)`` bounds.

    The bytes are ours to choose (clients pass them back unchanged); JSON keeps
    them readable in traces.
    """

    locator: str
    start_ns: int | None = None
    end_ns: int | None = None

    def encode(self) -> bytes:
        """Serialize for a ``FlightEndpoint`` ticket."""
        return dumps({"locator": self.locator, "start": self.start_ns, "end": self.end_ns}).encode()

    @classmethod
    def decode(cls, raw: bytes) -> TopicTicket | None:
        """Parse ticket bytes; ``None`` if they are not one of our topic tickets."""
        try:
            value = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None
        if not isinstance(value, dict) or not isinstance(value.get("locator"), str):
            return None
        start, end = value.get("start"), value.get("end")
        for bound in (start, end):
            if bound is not None and (isinstance(bound, bool) or not isinstance(bound, int)):
                return None
        return cls(value["locator"], start, end)
