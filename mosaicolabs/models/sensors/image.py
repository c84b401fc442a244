"""Raw and compressed images, and stateful (video) decoding.

The official package's ``mosaicolabs.models.sensors.image``, over our own objects from
:mod:`mosaicolabs.domain.ontology.vision` and
:mod:`mosaicolabs.domain.ontology.video_session` (which imports neither Pillow nor
PyAV until a frame is decoded).
"""

from mosaicolabs.domain.ontology.video_session import StatefulDecodingSession
from mosaicolabs.domain.ontology.vision import CompressedImage, Image, ImageFormat

__all__ = ["CompressedImage", "Image", "ImageFormat", "StatefulDecodingSession"]
