"""Raw and compressed images.

The official package's ``mosaicolabs.models.sensors.image``, over our own objects from
:mod:`mosaicolabs.domain.ontology.vision`.
"""

from mosaicolabs.domain.ontology.vision import CompressedImage, Image, ImageFormat

__all__ = ["CompressedImage", "Image", "ImageFormat"]
