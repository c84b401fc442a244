"""Naming rules for sequences and topics, and the locators built from them.

* A sequence name starts with an ASCII letter or digit, followed by letters,
  digits, ``_`` or ``-``.
* A topic name is written with or without a leading ``/`` (``/sensors/imu`` and
  ``sensors/imu`` are the same topic); after that slash it starts with a letter
  or digit and contains letters, digits, ``_``, ``-`` and ``/`` separators with
  no empty segment and no trailing slash.
* A topic *locator* is ``<sequence>/<topic without leading slash>``; that is the
  form the server uses on the wire. Users see topics as ``/<topic>``.
* Names users type into the client go through :func:`clean_sequence_name` and
  :func:`clean_topic_name` first: like the official client, they drop surrounding
  slashes (``"/seq/"`` is ``"seq"``, ``"gps/"`` is ``"/gps"``). The strict functions
  below are the rules for what reaches the server.

Error messages start with the official client's words ("Empty sequence name",
"Sequence name contains invalid characters: [...]" …), so code matching them works.
"""

from __future__ import annotations

import re

from .errors import InvalidNameError

__all__ = [
    "MAX_NAME_LENGTH",
    "clean_sequence_name",
    "clean_topic_name",
    "normalize_topic_name",
    "split_topic_locator",
    "topic_display_name",
    "topic_locator",
    "validate_sequence_name",
]

MAX_NAME_LENGTH = 256
_TOPIC_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(?:/[A-Za-z0-9_-]+)*")


def _check_text(kind: str, name: object) -> str:
    if not isinstance(name, str):
        raise InvalidNameError(
            f"{kind} name must be a str, not {type(name).__name__}", resource=repr(name)
        )
    if not name:
        raise InvalidNameError(
            f"Empty {kind} name: a {kind} name must not be empty", resource=name
        )
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidNameError(
            f"{kind} name is {len(name)} characters long; the limit is {MAX_NAME_LENGTH}",
            resource=name[:40] + "...",
        )
    return name


def _check_characters(kind: str, text: str, body: str, allowed: str) -> None:
    """The official client's two checks, with its words: first character, then the set."""
    if not body:
        raise InvalidNameError(
            f"Empty {kind.lower()} name after '/' removal: {text!r}", resource=text
        )
    if not body[0].isalnum():
        raise InvalidNameError(
            f"{kind} name does not begin with a letter or a number: {text!r}", resource=text
        )
    bad = [ch for ch in body if not (ch.isascii() and (ch.isalnum() or ch in allowed))]
    if bad:
        raise InvalidNameError(
            f"{kind} name contains invalid characters: {bad}: {text!r} may hold only "
            f"ASCII letters, digits{_allowed_words(allowed)}",
            resource=text,
        )


def _allowed_words(allowed: str) -> str:
    """The extra characters a name may hold, in words: ``, '_', '-' and '/'``."""
    quoted = [f"'{ch}'" for ch in allowed]
    return ", " + ", ".join(quoted[:-1]) + f" and {quoted[-1]}"


def validate_sequence_name(name: object) -> str:
    """Return ``name`` if it is a valid sequence name.

    Raises:
        InvalidNameError: if it is empty, too long, not a str, or uses other characters.
    """
    text = _check_text("sequence", name)
    _check_characters("Sequence", text, text, "_-")  # what is left is a valid name
    return text


def clean_sequence_name(name: object) -> str:
    """A sequence name as a user wrote it: surrounding ``/`` dropped, then validated."""
    return validate_sequence_name(name.strip("/") if isinstance(name, str) and name else name)


def normalize_topic_name(name: object) -> str:
    """Return the topic name without its leading ``/`` (the wire form).

    Raises:
        InvalidNameError: if the name breaks the topic naming rules.
    """
    text = _check_text("topic", name)
    bare = text[1:] if text.startswith("/") else text
    _check_characters("Topic", text, bare, "_-/")
    if not _TOPIC_RE.fullmatch(bare):
        raise InvalidNameError(
            f"invalid topic name {text!r}: after an optional leading '/', it must start "
            "with a letter or digit and contain only letters, digits, '_', '-' and single "
            "'/' separators (no trailing '/')",
            resource=text,
        )
    return bare


def clean_topic_name(name: object) -> str:
    """A topic name as a user wrote it, in ``/name`` form: surrounding ``/`` dropped
    (``"gps/"`` and ``"/gps"`` are ``"/gps"``), then validated."""
    return "/" + normalize_topic_name(name.strip("/") if isinstance(name, str) and name else name)


def topic_display_name(name: str) -> str:
    """Return the user-facing form of a topic name: one leading ``/``."""
    return "/" + normalize_topic_name(name)


def topic_locator(sequence_name: str, topic_name: str) -> str:
    """Build the wire locator ``<sequence>/<topic>`` after validating both parts."""
    return f"{validate_sequence_name(sequence_name)}/{normalize_topic_name(topic_name)}"


def split_topic_locator(locator: str) -> tuple[str, str]:
    """Split ``<sequence>/<topic>`` into the sequence name and the bare topic name.

    Raises:
        InvalidNameError: if the locator has no topic part or breaks the rules.
    """
    text = _check_text("topic locator", locator)
    sequence, sep, topic = text.partition("/")
    if not sep or topic.startswith("/"):
        raise InvalidNameError(
            f"{locator!r} is not a topic locator (<sequence>/<topic>)", resource=text
        )
    return validate_sequence_name(sequence), normalize_topic_name(topic)
