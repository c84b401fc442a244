"""Topic descriptions.

The official package's ``mosaicolabs.models.platform.topic``, over our own objects from
:mod:`mosaicolabs.domain.catalog`.
"""

from mosaicolabs.domain.catalog import Topic

__all__ = ["Topic"]
