"""Which permission level each server operation needs.

One table for the in-process engine and the mock server, so both enforce the
same rules. Keys are action names, plus the Flight methods in capitals.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from .api_keys import APIKeyPermissionEnum as P

__all__ = ["REQUIRED_PERMISSION", "required_permission"]

REQUIRED_PERMISSION: Mapping[str, P] = MappingProxyType(
    {
        "version": P.Read,
        "info": P.Read,
        "query": P.Read,
        "sequence_notification_list": P.Read,
        "topic_notification_list": P.Read,
        "layer_list": P.Read,
        "GetFlightInfo": P.Read,
        "ListFlights": P.Read,
        # mosaicod authenticates every call before looking at the method, so these need a
        # valid key too, even where the answer is only "unimplemented".
        "ListActions": P.Read,
        "GetSchema": P.Read,
        "DoExchange": P.Read,
        "DoGet": P.Read,
        "sequence_create": P.Write,
        "session_create": P.Write,
        "session_finalize": P.Write,
        "topic_create": P.Write,
        "sequence_notification_create": P.Write,
        "topic_notification_create": P.Write,
        "layer_create": P.Write,
        "layer_update": P.Write,
        "DoPut": P.Write,
        "sequence_delete": P.Delete,
        "session_delete": P.Delete,
        "topic_delete": P.Delete,
        "sequence_notification_purge": P.Delete,
        "topic_notification_purge": P.Delete,
        "layer_delete": P.Delete,
        "api_key_create": P.Manage,
        "api_key_status": P.Manage,
        "api_key_revoke": P.Manage,
    }
)


def required_permission(operation: str) -> P:
    """The level needed for ``operation``; unknown operations need Manage (fail closed)."""
    return REQUIRED_PERMISSION.get(operation, P.Manage)
