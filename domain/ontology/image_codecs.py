"""Stateless image codecs (PNG, JPEG, TIFF ... through Pillow) for ``CompressedImage``.

Each frame decodes on its own. Video formats (H.264, HEVC) carry state from frame
to frame and are decoded by
:class:`~mosaicolabs.domain.ontology.video_session.StatefulDecodingSession`.

Where this differs from the official client:

* bytes that Pillow cannot decode raise :class:`ImageDecodeError` (a ``ValueError``)
  where the official logs the failure and returns ``None``. Stateful (video) data
  given to the stateless decoder still gives ``None``, as the official documents,
  with a warning pointing at ``StatefulDecodingSession``;
* a failed encoding raises :class:`ImageEncodeError`, which is a ``RuntimeError``
  like the official's and also says why (the official message does not);
* formats may be given as strings as well as ``ImageFormat`` members.
"""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING, Any

from .image_support import ImageDecodeError, ImageEncodeError, ensure, format_name

if TYPE_CHECKING:
    from PIL import Image as PILImage

__all__ = ["STATEFUL_FORMATS", "decode_compressed", "encode_compressed"]

logger = logging.getLogger(__name__)

#: Format names that need a ``StatefulDecodingSession`` (video streams).
STATEFUL_FORMATS = ("h264", "hevc")


def decode_stateless(img_bytes: bytes, format: object) -> PILImage.Image | None:
    """The Pillow image of one encoded frame; ``None`` for a video (stateful) format.

    Raises:
        ImageDecodeError: Pillow cannot decode the bytes.
    """
    name = format_name(format)
    if name in STATEFUL_FORMATS:
        logger.warning("%s data cannot be decoded frame by frame; use "
                       "StatefulDecodingSession.decode() for video streams", name)
        return None
    ensure("PIL.Image", feature="CompressedImage.to_image")
    from PIL import Image as PILImage

    try:
        image = PILImage.open(io.BytesIO(img_bytes))
        image.load()
    except (OSError, ValueError, SyntaxError) as exc:  # UnidentifiedImageError is an OSError
        raise ImageDecodeError(
            f"could not decode {len(img_bytes)} bytes of {name} image data: {exc}",
            resource=name) from exc
    return image


def decode_compressed(data: bytes, format: object, codec: Any | None,
                      **kwargs: Any) -> PILImage.Image | None:
    """``CompressedImage.to_image``: ``None`` for empty data, else ``codec`` (or Pillow)."""
    if not data:
        return None
    if codec is None:
        if kwargs:
            raise TypeError(f"the default decoder takes no options: {sorted(kwargs)}")
        return decode_stateless(data, format)
    image: PILImage.Image | None = codec.decode(img_bytes=data, format=format, **kwargs)
    return image


def encode_compressed(image: PILImage.Image, format: object,
                      **kwargs: Any) -> tuple[str, bytes]:
    """``(format name, encoded bytes)`` of ``image`` saved by Pillow as ``format``.

    ``kwargs`` go to ``PIL.Image.Image.save`` (``quality=90`` for JPEG ...).

    Raises:
        ImageEncodeError: a video or raw format, one Pillow does not write, or an image
            that format cannot hold (an RGBA image as JPEG ...).
    """
    name = format_name(format)
    if name in (*STATEFUL_FORMATS, "raw"):
        raise ImageEncodeError(
            f"CompressedImage.from_image encodes single frames (png, jpeg, tiff ...), not "
            f"{name!r}; encode video with a video encoder (e.g. PyAV) and build "
            "CompressedImage(data=..., format=...) from its packets", resource=name)
    ensure("PIL.Image", feature="CompressedImage.from_image")
    buffer = io.BytesIO()
    try:
        image.save(buffer, format=name.upper(), **kwargs)
    except (KeyError, OSError, ValueError, TypeError) as exc:
        raise ImageEncodeError(
            f"could not encode the {image.mode} image as {name}: {exc!r}",
            resource=name) from exc
    return name, buffer.getvalue()
