"""Session descriptions.

The official package's ``mosaicolabs.models.platform.session``, over our own objects from
:mod:`mosaicolabs.domain.catalog`.
"""

from mosaicolabs.domain.catalog import Session

__all__ = ["Session"]
