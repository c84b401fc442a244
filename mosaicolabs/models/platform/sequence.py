"""Sequence descriptions.

The official package's ``mosaicolabs.models.platform.sequence``, over our own objects from
:mod:`mosaicolabs.domain.catalog`.
"""

from mosaicolabs.domain.catalog import Sequence

__all__ = ["Sequence"]
