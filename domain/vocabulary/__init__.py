"""The protocol's vocabulary, declared once: actions, Flight methods, headers,
metadata keys and query operators.

Both sides of the wire (the Flight adapters and the mock server) and the in-memory
engine take their names and rules from here; each keeps its own encoder and
decoder, so a mistake in one is not mirrored in the other.

Adding an action: declare it in :class:`Action`, give the mock server its handler
(``mock_server/actions.py``) and the client its adapter method.
"""

from .actions import ACTIONS, Action, ActionSpec, served_actions
from .flight import (
    API_KEY_HEADER,
    CONTEXT_KEY,
    IPC_COMPRESSION_HEADER,
    LOCATION_SCHEME,
    PROPERTIES_KEY,
    USER_METADATA_KEY,
    FlightMethod,
    MethodSpec,
    names_of,
)
from .operators import OPERATORS, FieldKind, arrow_kind, value_kind
from .shapes import Key, Kind, Reply, ReplyKind

__all__ = [
    "ACTIONS",
    "API_KEY_HEADER",
    "CONTEXT_KEY",
    "IPC_COMPRESSION_HEADER",
    "LOCATION_SCHEME",
    "OPERATORS",
    "PROPERTIES_KEY",
    "USER_METADATA_KEY",
    "Action",
    "ActionSpec",
    "FieldKind",
    "FlightMethod",
    "Key",
    "Kind",
    "MethodSpec",
    "Reply",
    "ReplyKind",
    "arrow_kind",
    "names_of",
    "served_actions",
    "value_kind",
]
