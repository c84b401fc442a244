"""The shapes of action requests and responses, as plain declarations.

A shape says what travels, not how it is read: the client's codec and the mock
server's decoder each read it their own way (a bug in one must not be mirrored in
the other), and tests hold both to the declared shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

__all__ = ["Key", "Kind", "Reply", "ReplyKind"]


class Kind(Enum):
    """The JSON kind of one key's value."""

    STRING = "string"
    INTEGER = "integer"
    OBJECT = "object"
    LIST = "list"


@dataclass(frozen=True)
class Key:
    """One key of a request body or response object.

    Attributes:
        name: The JSON key.
        kind: The kind of its value.
        required: Whether it must be present (an optional key may be left out).
        nullable: Whether ``null`` is a valid value.
    """

    name: str
    kind: Kind
    required: bool = True
    nullable: bool = False


class ReplyKind(Enum):
    """The three answers an action gives on success (protocol.md §3.1)."""

    NULL = "null"  # {"action": "<name>", "response": null}
    EMPTY = "empty"  # {"action": "empty"}
    OBJECT = "object"  # {"action": "<name>", "response": {...}}


@dataclass(frozen=True)
class Reply:
    """What an action answers on success.

    Attributes:
        kind: Null, empty, or an object.
        keys: The object's keys (empty unless ``kind`` is OBJECT).
        exact: The object holds these keys and no other (SDK 0.3.2 builds some
            results with ``cls(**response)``, so an extra key breaks it).
    """

    kind: ReplyKind
    keys: tuple[Key, ...] = ()
    exact: bool = False

    @classmethod
    def null(cls) -> Reply:
        """``{"action": "<name>", "response": null}``."""
        return cls(ReplyKind.NULL)

    @classmethod
    def empty(cls) -> Reply:
        """``{"action": "empty"}``."""
        return cls(ReplyKind.EMPTY)

    @classmethod
    def object(cls, *keys: Key, exact: bool = False) -> Reply:
        """``{"action": "<name>", "response": {<keys>}}``."""
        return cls(ReplyKind.OBJECT, keys, exact)

    @property
    def key_names(self) -> tuple[str, ...]:
        """The names of the object's keys, in declaration order."""
        return tuple(key.name for key in self.keys)
