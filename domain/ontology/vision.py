"""Vision models: raw and compressed images, camera calibration and regions of interest."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from . import image_codecs, image_pixels
from .fields import arrow_field, required_field
from .geometry import Vector2d
from .serializable import Serializable

if TYPE_CHECKING:
    from PIL import Image as PILImage
    from typing_extensions import Self

__all__ = ["ROI", "CameraInfo", "CompressedImage", "Image", "ImageFormat"]


class ImageFormat(str, Enum):
    """Encodings of image data, as the official client names them (a ``str``, so a
    member fits the models' ``format`` field): stateless RAW, PNG, JPEG and TIFF
    frames; stateful (video) H264 and HEVC streams."""

    RAW = "raw"
    PNG = "png"
    JPEG = "jpeg"
    TIFF = "tiff"
    H264 = "h264"
    HEVC = "hevc"


class Image(Serializable):
    """An uncompressed image: raw pixel bytes plus the geometry to read them."""

    __ontology_tag__ = "image"
    __serialization_format__ = "image"
    data: bytes = required_field(pa.binary(), description="Raw pixel bytes.")
    format: str = required_field(
        pa.string(), description="Container format of the pixel data."
    )
    width: int = required_field(pa.int32(), description="Width in pixels.")
    height: int = required_field(pa.int32(), description="Height in pixels.")
    stride: int = required_field(pa.int32(), description="Bytes per image row.")
    encoding: str = required_field(
        pa.string(), description="Pixel encoding (e.g. rgb8, mono16)."
    )
    is_bigendian: bool | None = arrow_field(
        pa.bool_(), description="Whether multi-byte pixels are big-endian."
    )

    @classmethod
    def from_linear_pixels(
        cls,
        data: Sequence[int],
        stride: int,
        height: int,
        width: int,
        encoding: str,
        is_bigendian: bool | None = None,
        format: ImageFormat | str | None = ImageFormat.PNG,
    ) -> Self:
        """An image of pixel memory ``data`` (bytes, or ints 0..255, row padding included).

        With ``format`` PNG (the default, also for ``None``) the bytes are stored as a
        lossless grey PNG of ``height`` rows by ``stride`` bytes, whatever the pixel
        type; with RAW as they are. An empty image is stored RAW.

        Raises:
            ImageFormatError: a format other than PNG or RAW (a ``ValueError``).
            ImageSizeError: PNG and ``len(data) != height * stride`` (a ``ValueError``;
                the official client silently stored such data RAW).
            ModuleNotFoundError: PNG asked for without Pillow (the ``images`` extra).
        """
        name, payload = image_pixels.pack_linear(data, stride=stride, height=height,
                                                 format=format)
        return cls(data=payload, format=ImageFormat(name), width=width, height=height,
                   stride=stride, encoding=encoding, is_bigendian=is_bigendian)

    def to_linear_pixels(self) -> list[int]:
        """The pixel memory as a list of byte values (PNG storage decoded).

        Raises:
            ImageDecodeError: stored PNG/JPEG/TIFF data does not decode (a ``ValueError``).
        """
        return list(image_pixels.linear_bytes(self.data, self.format))

    def to_pillow(self) -> PILImage.Image:
        """The image as a Pillow image: BGR swapped to RGB, byte order made native,
        row padding dropped (mono16 gives mode ``I;16``, 32FC1 ``F``, 16-bit colour
        8-bit RGB(A)).

        Raises:
            ImageEncodingError: an unknown encoding, or one without a Pillow mode
                (a ``NotImplementedError`` and a ``ValueError``).
            ImageSizeError: the data is too short for the image (a ``ValueError``).
        """
        raw = image_pixels.linear_bytes(self.data, self.format)
        return image_pixels.to_pillow(
            raw, encoding=self.encoding, width=self.width, height=self.height,
            stride=self.stride, is_bigendian=self.is_bigendian)

    @classmethod
    def from_pillow(
        cls,
        pil_image: PILImage.Image,
        target_encoding: str | None = None,
        output_format: ImageFormat | str | None = None,
    ) -> Self:
        """An image of ``pil_image``'s pixels in ``target_encoding``, stored as
        ``output_format`` (PNG when ``None``).

        Without ``target_encoding`` the encoding follows the Pillow mode (L: mono8,
        RGB: rgb8, RGBA: rgba8, F: 32FC1, I;16: mono16, I: 32SC1; other modes are
        converted to RGB). Values are cast to the encoding's type; BGR encodings get
        their channels reversed.

        Raises:
            ImageFormatError: ``output_format`` other than PNG or RAW.
            ImageEncodingError: an unknown target encoding, or channels that do not fit it.
        """
        pixels, fmt = image_pixels.from_pillow(pil_image, target_encoding, output_format)
        return cls.from_linear_pixels(
            pixels.data, pixels.stride, pixels.height, pixels.width, pixels.encoding,
            is_bigendian=pixels.is_bigendian, format=fmt)


class CompressedImage(Serializable):
    """A compressed image (JPEG, PNG...) stored as its encoded bytes."""

    __ontology_tag__ = "compressed_image"
    __serialization_format__ = "image"
    data: bytes = required_field(pa.binary(), description="Encoded image bytes.")
    format: str = required_field(
        pa.string(), description="Compression format (e.g. jpeg, png)."
    )

    def to_image(self, codec: Any | None = None, **kwargs: Any) -> PILImage.Image | None:
        """The decoded Pillow image; ``None`` when there is no data or the format is a
        video one (H.264, HEVC: use ``StatefulDecodingSession``).

        Args:
            codec: An object with ``decode(*, img_bytes, format, **kwargs)`` to use
                instead of Pillow (a ``StatefulDecodingSession`` with ``context=``...).
            **kwargs: Passed to ``codec.decode``.

        Raises:
            ImageDecodeError: Pillow cannot decode the data (a ``ValueError``; the
                official client returned ``None``).
        """
        return image_codecs.decode_compressed(self.data, self.format, codec, **kwargs)

    @classmethod
    def from_image(
        cls, image: PILImage.Image, format: ImageFormat | str = ImageFormat.PNG, **kwargs: Any
    ) -> Self:
        """A compressed image of ``image`` encoded by Pillow as ``format`` (PNG, JPEG,
        TIFF...); ``kwargs`` go to ``PIL.Image.Image.save`` (``quality=90``...).

        Raises:
            ImageEncodeError: the format is a video or raw one, or Pillow cannot write
                the image in it (a ``RuntimeError``, as in the official client).
        """
        name, payload = image_codecs.encode_compressed(image, format, **kwargs)
        known = name in {member.value for member in ImageFormat}
        return cls(data=payload, format=ImageFormat(name) if known else name)


class ROI(Serializable):
    """A rectangular region of interest in an image."""

    __ontology_tag__ = "roi"
    offset: Vector2d = required_field(
        model=Vector2d, description="Top-left corner of the region (pixels)."
    )
    height: int = required_field(pa.uint32(), description="Height in pixels.")
    width: int = required_field(pa.uint32(), description="Width in pixels.")
    do_rectify: bool | None = arrow_field(
        pa.bool_(), description="Whether the region is taken from the rectified image."
    )


class CameraInfo(Serializable):
    """Camera calibration: image size, distortion, intrinsics, rectification and projection."""

    __ontology_tag__ = "camera_info"
    height: int = required_field(
        pa.uint32(), description="Calibrated image height (pixels)."
    )
    width: int = required_field(
        pa.uint32(), description="Calibrated image width (pixels)."
    )
    distortion_model: str = required_field(
        pa.string(), description="Name of the lens distortion model."
    )
    distortion_parameters: list[float] = required_field(
        pa.list_(pa.float64()), description="Coefficients of the distortion model."
    )
    intrinsic_parameters: list[float] = required_field(
        pa.list_(pa.float64(), 9), description="3x3 camera matrix K, row-major."
    )
    rectification_parameters: list[float] = required_field(
        pa.list_(pa.float64(), 9),
        description="3x3 rectification rotation R, row-major.",
    )
    projection_parameters: list[float] = required_field(
        pa.list_(pa.float64(), 12),
        description="3x4 projection matrix P, row-major.",
    )
    binning: Vector2d | None = arrow_field(
        model=Vector2d, description="Horizontal and vertical binning factors."
    )
    roi: ROI | None = arrow_field(model=ROI, description="Region of the sensor actually read.")
