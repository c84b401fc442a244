"""Which permission level each server operation needs.

One table for the in-process engine and the mock server, so both enforce the
same rules. Keys are action names, plus the Flight methods in capitals; both
come from the protocol vocabulary (:mod:`.vocabulary`), where each is declared.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from .api_keys import APIKeyPermissionEnum as P
from .vocabulary import Action, FlightMethod

__all__ = ["REQUIRED_PERMISSION", "required_permission"]

REQUIRED_PERMISSION: Mapping[str, P] = MappingProxyType({
    **{method.name: method.permission for method in FlightMethod},
    # Every declared action, served or not: an action this project does not speak yet
    # is still refused by level first, as mosaicod would.
    **{action.name: action.permission for action in Action},
})


def required_permission(operation: str) -> P:
    """The level needed for ``operation``; unknown operations need Manage (fail closed)."""
    return REQUIRED_PERMISSION.get(operation, P.Manage)
