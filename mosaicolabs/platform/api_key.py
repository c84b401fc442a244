"""API key status.

The official package's ``mosaicolabs.platform.api_key``, over our own objects from
:mod:`mosaicolabs.domain.api_keys`.
"""

from mosaicolabs.domain.api_keys import APIKeyStatus

__all__ = ["APIKeyStatus"]
