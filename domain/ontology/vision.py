"""Vision models: raw and compressed images, camera calibration and regions of interest."""

from __future__ import annotations

from enum import Enum

import pyarrow as pa

from .fields import arrow_field, required_field
from .geometry import Vector2d
from .serializable import Serializable

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


class CompressedImage(Serializable):
    """A compressed image (JPEG, PNG...) stored as its encoded bytes."""

    __ontology_tag__ = "compressed_image"
    __serialization_format__ = "image"
    data: bytes = required_field(pa.binary(), description="Encoded image bytes.")
    format: str = required_field(
        pa.string(), description="Compression format (e.g. jpeg, png)."
    )


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
