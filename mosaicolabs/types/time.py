"""``Time``.

The official package's ``mosaicolabs.types.time``, over our own object from
:mod:`mosaicolabs.domain.time_value`.
"""

from mosaicolabs.domain.time_value import Time

__all__ = ["Time"]
