"""API key permissions.

The official package's ``mosaicolabs.enum.api_key_permission``, over our own objects from
:mod:`mosaicolabs.domain.api_keys`.
"""

from mosaicolabs.domain.api_keys import APIKeyPermissionEnum

__all__ = ["APIKeyPermissionEnum"]
