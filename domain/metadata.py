"""User metadata: the free JSON object attached to sequences and topics."""

from __future__ import annotations

import json
from typing import Any, Mapping

from .errors import InvalidRequestError

__all__ = ["check_user_metadata"]


def check_user_metadata(value: object, owner: str = "user metadata") -> dict[str, Any]:
    """Return a deep, plain copy of ``value`` if it is a JSON object with string keys.

    Raises:
        InvalidRequestError: if it is not a mapping, has non-str keys, or holds
            values JSON cannot represent (sets, bytes, NaN, objects …).
    """
    if not isinstance(value, Mapping):
        raise InvalidRequestError(  # the official client's words first
            f"Metadata must be a dictionary: {owner} must be a JSON object (a dict), "
            f"not {type(value).__name__}"
        )
    bad_keys = [k for k in value if not isinstance(k, str)]
    if bad_keys:
        raise InvalidRequestError(f"{owner} keys must be str, got {bad_keys[0]!r}")
    try:
        text = json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidRequestError(f"{owner} is not representable as JSON: {exc}") from None
    # A JSON round trip gives a deep, plain copy: later changes by the caller
    # cannot reach what was stored.
    copy: dict[str, Any] = json.loads(text)
    return copy
