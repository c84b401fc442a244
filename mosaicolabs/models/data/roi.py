"""Regions of interest.

The official package's ``mosaicolabs.models.data.roi``, over our own objects from
:mod:`mosaicolabs.domain.ontology.vision`.
"""

from mosaicolabs.domain.ontology.vision import ROI

__all__ = ["ROI"]
