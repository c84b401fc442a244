"""The DoAction catalogue (protocol.md §3.2): one declaration per action.

Each member of :class:`Action` is the whole truth about one action: its wire name
(the member's name), the permission level it needs, whether repeating it after
UNAVAILABLE is safe, and the shapes of its request and answer. Everything else
(the permission table, the client's retry set, the mock server's handler table and
ListActions answer, the in-memory engine's checks) is derived from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, unique
from types import MappingProxyType
from typing import Mapping

from ..api_keys import APIKeyPermissionEnum as P
from .shapes import Key, Kind, Reply

__all__ = ["ACTIONS", "Action", "ActionSpec", "served_actions"]

_S, _I, _O, _L = Kind.STRING, Kind.INTEGER, Kind.OBJECT, Kind.LIST


@dataclass(frozen=True)
class ActionSpec:
    """The facts of one action; see :class:`Action` for the catalogue.

    Attributes:
        summary: One line saying what it does (also the ListActions description).
        permission: The lowest API-key level that may run it.
        idempotent: Safe to send again when the server was UNAVAILABLE (reads only).
        request: The keys of the JSON request body.
        reply: What a successful call answers.
        served: ``False`` for an action mosaicod has but this project does not speak
            yet: the mock server answers it as unknown and no client method sends it.
    """

    summary: str
    permission: P
    idempotent: bool
    request: tuple[Key, ...]
    reply: Reply
    served: bool = True


def _read(summary: str, request: tuple[Key, ...], reply: Reply) -> ActionSpec:
    return ActionSpec(summary, P.Read, True, request, reply)


def _change(summary: str, permission: P, request: tuple[Key, ...], reply: Reply,
            *, served: bool = True) -> ActionSpec:
    return ActionSpec(summary, permission, False, request, reply, served)


_LOCATOR = (Key("locator", _S),)
_SESSION = (Key("session_uuid", _S),)
_FINGERPRINT = (Key("api_key_fingerprint", _S),)
_UUID = Reply.object(Key("uuid", _S), exact=True)
_NOTE = (Key("locator", _S), Key("notification_type", _S), Key("msg", _S))
_NOTES = Reply.object(Key("notifications", _L))
_VERSION = (Key("version", _S), Key("semver", _O))
_USER_METADATA = Key("user_metadata", _O, required=False)


@unique  # two identical declarations would silently become one member: refuse that
class Action(Enum):
    """Every action of the protocol; ``Action.sequence_create.name == "sequence_create"``."""

    _value_: ActionSpec

    version = _read("Server version and semver parts", (), Reply.object(*_VERSION))
    info = _read("Server version and message-size settings", (),
                 Reply.object(*_VERSION, Key("config", _O)))
    sequence_create = _change("Create a sequence", P.Write,
                              (*_LOCATOR, _USER_METADATA), Reply.null())
    sequence_delete = _change("Delete a sequence and all it holds", P.Delete,
                              _LOCATOR, Reply.null())
    session_create = _change("Open a writing session on a sequence", P.Write, _LOCATOR, _UUID)
    session_finalize = _change("Lock a session and its topics", P.Write, _SESSION, Reply.null())
    session_delete = _change("Delete a session and its topics", P.Delete, _SESSION,
                             Reply.null())
    topic_create = _change("Create a topic in an open session", P.Write, (
        Key("session_uuid", _S), Key("locator", _S), Key("serialization_format", _S),
        Key("ontology_tag", _S), _USER_METADATA), _UUID)
    topic_delete = _change("Delete an unlocked topic", P.Delete, _LOCATOR, Reply.empty())
    sequence_notification_create = _change("Attach a notification to a sequence", P.Write,
                                           _NOTE, Reply.null())
    sequence_notification_list = _read("A sequence's notifications", _LOCATOR, _NOTES)
    sequence_notification_purge = _change("Remove a sequence's notifications", P.Delete,
                                          _LOCATOR, Reply.null())
    topic_notification_create = _change("Attach a notification to a topic", P.Write,
                                        _NOTE, Reply.empty())
    topic_notification_list = _read("A topic's notifications", _LOCATOR, _NOTES)
    topic_notification_purge = _change("Remove a topic's notifications", P.Delete,
                                       _LOCATOR, Reply.empty())
    query = _read("Find sequences and topics by catalog fields and data (protocol.md §6)", (
        Key("sequence", _O, required=False), Key("topic", _O, required=False),
        Key("ontology", _O, required=False)), Reply.object(Key("items", _L)))
    api_key_create = _change("Issue an API key", P.Manage, (
        Key("permissions", _S), Key("description", _S),
        Key("expires_at_ns", _I, required=False)), Reply.object(Key("api_key_token", _S)))
    api_key_status = ActionSpec("An API key's description and dates", P.Manage, True,
                                _FINGERPRINT, Reply.object(
                                    Key("api_key_fingerprint", _S), Key("description", _S),
                                    Key("created_at_ns", _I),
                                    Key("expires_at_ns", _I, nullable=True)))
    api_key_revoke = _change("Revoke (delete) an API key", P.Manage, _FINGERPRINT,
                             Reply.null())
    # Layers (mosaicod 0.3.0; SDK 0.3.2 does not send them). layer_list items are
    # {"name", "description"}; names are trimmed by the server (domain.layers).
    layer_create = _change("Create a layer", P.Write,
                           (Key("name", _S), Key("description", _S)), Reply.empty())
    layer_delete = _change("Delete a layer", P.Delete, (Key("name", _S),), Reply.empty())
    layer_update = _change("Rename a layer and change its description", P.Write, (
        Key("prev_name", _S), Key("curr_name", _S), Key("curr_description", _S)),
        Reply.empty())
    layer_list = _read("Every layer's name and description", (),
                       Reply.object(Key("layers", _L)))

    @property
    def spec(self) -> ActionSpec:
        """The declaration."""
        return self._value_

    @property
    def permission(self) -> P:
        """The lowest API-key level that may run the action."""
        return self._value_.permission

    @property
    def idempotent(self) -> bool:
        """Whether it may be sent again after UNAVAILABLE."""
        return self._value_.idempotent

    @property
    def served(self) -> bool:
        """Whether this project speaks it (mock handler and client method)."""
        return self._value_.served


#: Wire name -> action, for the names that arrive as text.
ACTIONS: Mapping[str, Action] = MappingProxyType({a.name: a for a in Action})


def served_actions() -> tuple[Action, ...]:
    """The actions the mock server answers and the client sends, in declaration order."""
    return tuple(a for a in Action if a.served)
