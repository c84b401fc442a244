"""Wire encodings of the control plane: action envelopes and command descriptors.

Requests are JSON objects (``{}`` when empty). Answers are one JSON object
``{"action": <type>, "response": <object|null>}`` or ``{"action": "empty"}``.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping

from mosaicolabs.domain.errors import ProtocolError
from mosaicolabs.domain.vocabulary import Action

__all__ = ["decode_action_result", "decode_json_object", "encode_json", "require"]


# Actions whose answer may be a bare string (some servers send the version that way).
_STRING_ANSWERS = frozenset({Action.version.name, Action.info.name})


def encode_json(body: Mapping[str, Any]) -> bytes:
    """Compact UTF-8 JSON of a request object."""
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def decode_json_object(raw: bytes | str, what: str) -> dict[str, Any]:
    """Parse JSON that must be an object.

    Raises:
        ProtocolError: if it is not valid UTF-8 JSON or not an object.
    """
    try:
        value = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProtocolError(f"{what}: the server sent invalid JSON ({exc})") from exc
    if not isinstance(value, dict):
        raise ProtocolError(f"{what}: expected a JSON object, got {type(value).__name__}")
    return value


def decode_action_result(action: str, bodies: Iterable[bytes]) -> dict[str, Any] | str | None:
    """Decode the results of a DoAction into its ``response`` object.

    Returns:
        The response object, or ``None`` for an empty answer.

    Raises:
        ProtocolError: malformed JSON, a response for another action, or a
            response that is neither an object nor null.
    """
    raw = b"".join(bodies)
    if not raw:
        return None
    envelope = decode_json_object(raw, action)
    tag = envelope.get("action")
    if tag is None or tag == "empty":
        return None
    if tag != action:
        raise ProtocolError(f"{action}: the server answered for action {tag!r}", action=action)
    response = envelope.get("response")
    if isinstance(response, str) and action in _STRING_ANSWERS:
        return response
    if response is not None and not isinstance(response, dict):
        raise ProtocolError(
            f"{action}: 'response' must be an object or null, got {type(response).__name__}",
            action=action,
        )
    return response


def require(
    response: Mapping[str, Any] | str | None, key: str, kind: type | tuple[type, ...],
    action: str,
) -> Any:
    """Read a required key of a response with a type check.

    ``response`` is what :func:`decode_action_result` returns; a bare string (only
    ever the answer of ``version``/``info``) has no keys.

    Raises:
        ProtocolError: if the response is missing, lacks ``key`` or has the wrong type.
    """
    if response is None:
        raise ProtocolError(f"{action}: the server returned no response", action=action)
    if isinstance(response, str):
        raise ProtocolError(f"{action}: the server returned a string, not an object",
                            action=action)
    value = response.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) and bool not in _as_tuple(kind):
        raise ProtocolError(
            f"{action}: response key {key!r} is missing or not {_names(kind)}", action=action
        )
    return value


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _names(kind: type | tuple[type, ...]) -> str:
    return " or ".join(k.__name__ for k in _as_tuple(kind))
