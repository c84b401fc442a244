"""Flight methods, headers and metadata keys of the Mosaico protocol (protocol.md §2, §5)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, unique
from typing import Final

from ..api_keys import APIKeyPermissionEnum as P
from .actions import Action

__all__ = [
    "API_KEY_HEADER",
    "CONTEXT_KEY",
    "IPC_COMPRESSION_HEADER",
    "LOCATION_SCHEME",
    "PROPERTIES_KEY",
    "USER_METADATA_KEY",
    "FlightMethod",
    "MethodSpec",
    "names_of",
]

#: Request header carrying the full API key on every call (lowercase, as gRPC wants).
API_KEY_HEADER: Final = "mosaico-api-key-token"
#: Request header asking the server to compress a DoGet's IPC buffers (``zstd``/``lz4``);
#: a hint of ours, which mosaicod ignores.
IPC_COMPRESSION_HEADER: Final = "mosaico-ipc-compression"

#: Schema metadata: ``"sequence"`` or ``"topic"``.
CONTEXT_KEY: Final = "mosaico:context"
#: Topic schema metadata: JSON ``{"serialization_format", "ontology_tag"}``.
PROPERTIES_KEY: Final = "mosaico:properties"
#: Schema metadata: the user metadata as a JSON object.
USER_METADATA_KEY: Final = "mosaico:user_metadata"
#: Scheme of endpoint locations: ``mosaico:/<seq>/<topic>``.
LOCATION_SCHEME: Final = "mosaico:"


@dataclass(frozen=True)
class MethodSpec:
    """The facts of one Flight method: what it is for and the level it needs."""

    summary: str
    permission: P


@unique
class FlightMethod(Enum):
    """Flight RPCs and the permission each needs; the member name is the method name.

    mosaicod authenticates every call before looking at the method, so even the
    methods it leaves unimplemented need a valid key (the lowest level).
    """

    _value_: MethodSpec

    ListFlights = MethodSpec("List sequences; also the connection probe", P.Read)
    GetFlightInfo = MethodSpec("Describe a sequence or topic", P.Read)
    DoGet = MethodSpec("Read a topic's data", P.Read)
    DoPut = MethodSpec("Upload a topic's data", P.Write)
    ListActions = MethodSpec("List the actions", P.Read)
    GetSchema = MethodSpec("Unimplemented", P.Read)
    DoExchange = MethodSpec("Unimplemented either", P.Read)

    @property
    def permission(self) -> P:
        """The lowest API-key level that may call the method."""
        return self._value_.permission


def names_of(*operations: Action | FlightMethod) -> frozenset[str]:
    """The wire names of actions and Flight methods, for tables keyed by operation name."""
    return frozenset(operation.name for operation in operations)
