"""Raw image pixels: the "wide grayscale" container and the Pillow conversions.

An :class:`~mosaicolabs.domain.ontology.vision.Image` keeps its pixel memory (any
encoding, row padding included) either as is (``raw``) or as a lossless PNG whose
grey pixels *are* those bytes: ``height`` rows of ``stride`` bytes. The PNG never
sees the pixel type, so 16-bit depth or float images survive bit for bit.

Where this differs from the official client (all on inputs the official garbles or
silently reinterprets):

* a PNG whose bytes do not fill ``height x stride`` raises :class:`ImageSizeError`
  (the official stores the bytes as ``raw`` instead); an empty image is still stored
  as ``raw``, as the official does, since PNG cannot hold zero pixels;
* stored PNG/JPEG/TIFF bytes that do not decode raise :class:`ImageDecodeError` (the
  official hands back the encoded bytes as if they were pixels);
* rows padded beyond ``width`` pixels (``stride`` larger than a row) are cut row by
  row, not by truncating the whole buffer, which shifted every row after the first;
* 16-bit colour encodings go to Pillow's 8-bit RGB(A) (their high byte), 16SC1 to
  mode ``I``: Pillow has no 16-bit colour mode and the official fails there;
* ``from_pillow`` with no ``output_format`` uses PNG (the official raises), refuses
  unknown target encodings, converts images to the target's channel count when it is
  an 8-bit L/RGB/RGBA encoding (and refuses other mismatches), and takes Pillow modes
  other than L/RGB/RGBA/F/I;16 through RGB (mode ``I`` becomes 32SC1) instead of
  labelling their unconverted pixels rgb8.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from .image_support import (
    ImageDecodeError,
    ImageEncodeError,
    ImageEncodingError,
    ImageFormatError,
    ImageSizeError,
    PixelLayout,
    ensure,
    format_name,
    layout_of,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    from PIL import Image as PILImage

__all__ = ["PillowPixels", "from_pillow", "linear_bytes", "pack_linear", "to_pillow"]

_CONTAINERS = ("png", "raw")
_DECODED_FORMATS = ("png", "jpeg", "tiff")
_MODE_ENCODINGS = {"L": "mono8", "RGB": "rgb8", "RGBA": "rgba8", "F": "32FC1",
                   "I;16": "mono16", "I;16L": "mono16", "I;16B": "mono16", "I": "32SC1"}


def pack_linear(data: Iterable[int], *, stride: int, height: int,
                format: object) -> tuple[str, bytes]:
    """``(format name, stored bytes)`` of linear pixel bytes, for ``Image.from_linear_pixels``.

    ``format`` is ``"png"``, ``"raw"`` (an ``ImageFormat`` or a string) or empty for PNG.

    Raises:
        ImageFormatError: any other format.
        ImageSizeError: PNG asked for and the bytes do not fill ``height x stride``.
        ValueError: a value of ``data`` is not a byte (0..255).
    """
    name = format_name(format) if format else "png"
    if name not in _CONTAINERS:
        raise ImageFormatError(
            f"Image stores pixels as 'png' or 'raw', not {name!r} "
            "(use CompressedImage for other formats)", resource=name)
    raw = bytes(data)
    if name == "raw":
        return name, raw
    if len(raw) != height * stride:
        raise ImageSizeError(
            f"{len(raw)} pixel bytes do not fill height x stride = {height} x {stride} = "
            f"{height * stride} bytes")
    if not raw:
        return "raw", raw  # PNG holds no empty image; the official stores raw too
    ensure("PIL.Image", feature="Image.from_linear_pixels")
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    try:
        PILImage.frombytes("L", (stride, height), raw).save(buffer, format="PNG")
    except (OSError, ValueError) as exc:
        raise ImageEncodeError(f"could not store {height} x {stride} bytes as PNG: {exc}") from exc
    return name, buffer.getvalue()


def linear_bytes(data: bytes, format: object) -> bytes:
    """The pixel memory stored in ``data`` (``format`` as the Image holds it).

    ``raw`` data is returned as is; PNG, JPEG and TIFF are decoded. Data of another
    format is decoded if Pillow recognises it and otherwise returned as is (the
    official client's fallback, kept so images of unusual formats still read).

    Raises:
        ImageDecodeError: PNG/JPEG/TIFF data that Pillow cannot decode.
    """
    name = format_name(format)
    if name == "raw":
        return bytes(data)
    ensure("numpy", "PIL.Image", feature="Image.to_linear_pixels")
    import numpy as np
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    try:
        with PILImage.open(io.BytesIO(data)) as opened:
            return np.asarray(opened).tobytes()
    except UnidentifiedImageError as exc:
        if name not in _DECODED_FORMATS:
            return bytes(data)
        raise ImageDecodeError(f"stored image data is not valid {name}: {exc}") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise ImageDecodeError(f"stored {name} image data does not decode: {exc}") from exc


def _pixel_bytes(raw: bytes, layout: PixelLayout, *, width: int, height: int,
                 stride: int) -> bytes:
    """The ``height x width`` pixels of ``raw``, row padding dropped."""
    row = width * layout.itemsize * layout.channels
    needed = height * row
    if height and stride > row and len(raw) >= (height - 1) * stride + row:
        import numpy as np

        padded = raw + bytes(max(0, height * stride - len(raw)))
        rows = np.frombuffer(padded, np.uint8, count=height * stride).reshape(height, stride)
        return rows[:, :row].tobytes()
    if len(raw) < needed:
        raise ImageSizeError(
            f"Data size mismatch: {height} x {width} pixels of {layout.channels} x "
            f"{layout.itemsize} bytes need {needed} bytes, got {len(raw)}")
    return raw[:needed]


def to_pillow(raw: bytes, *, encoding: str, width: int, height: int, stride: int,
              is_bigendian: bool | None) -> PILImage.Image:
    """The Pillow image of pixel memory ``raw`` (as ``Image.to_linear_pixels`` gives it).

    Raises:
        ImageEncodingError: an unknown encoding, or one Pillow has no mode for.
        ImageSizeError: ``raw`` is too short for the image.
    """
    layout = layout_of(encoding)
    ensure("numpy", "PIL.Image", feature="Image.to_pillow")
    import numpy as np
    from PIL import Image as PILImage

    big = sys.byteorder == "big" if is_bigendian is None else is_bigendian
    order = "|" if layout.itemsize == 1 else (">" if big else "<")
    pixels = _pixel_bytes(raw, layout, width=width, height=height, stride=stride)
    shape = (height, width) if layout.channels == 1 else (height, width, layout.channels)
    arr: npt.NDArray[np.generic] = np.frombuffer(pixels, np.dtype(order + layout.dtype))
    arr = arr.reshape(shape)
    if layout.swap:
        arr = arr[..., ::-1]
    mode, kind = layout.mode, layout.dtype
    if mode is None and (layout.channels, kind) == (2, "u1"):
        mode = "LA"
    elif mode is None and (layout.channels, kind) == (1, "f8"):
        mode = "F"
    if mode is None:
        raise ImageEncodingError(
            f"pixel encoding {encoding!r} ({layout.channels} x {kind}) has no Pillow mode; "
            "read its pixels with to_linear_pixels()", resource=encoding)
    if mode in ("RGB", "RGBA") and kind == "u2":
        arr = np.right_shift(arr, 8)  # Pillow colour modes are 8-bit: keep the high byte
    native = {"L": "u1", "LA": "u1", "RGB": "u1", "RGBA": "u1", "I;16": "<u2",
              "I": "=i4", "F": "=f4"}[mode]
    data = np.ascontiguousarray(arr.astype(native)).tobytes()
    return PILImage.frombytes(mode, (width, height), data)


class PillowPixels(NamedTuple):
    """What ``Image.from_pillow`` hands to ``from_linear_pixels``."""

    data: bytes
    stride: int
    height: int
    width: int
    encoding: str
    is_bigendian: bool


def _target(pil_image: PILImage.Image, target_encoding: str | None
            ) -> tuple[PILImage.Image, str, PixelLayout]:
    """The image converted as needed, its encoding and that encoding's layout."""
    if target_encoding is None:
        target_encoding = _MODE_ENCODINGS.get(pil_image.mode)
        if target_encoding is None:
            pil_image, target_encoding = pil_image.convert("RGB"), "rgb8"
    layout = layout_of(target_encoding)
    bands = len(pil_image.getbands())
    if bands != layout.channels:
        if layout.dtype != "u1" or layout.mode not in ("L", "RGB", "RGBA"):
            raise ImageEncodingError(
                f"a {pil_image.mode} image has {bands} channel(s) but encoding "
                f"{target_encoding!r} takes {layout.channels}; convert it first "
                "(pil_image.convert(...))", resource=target_encoding)
        pil_image = pil_image.convert(layout.mode)
    return pil_image, target_encoding, layout


def from_pillow(pil_image: PILImage.Image, target_encoding: str | None,
                output_format: object) -> tuple[PillowPixels, str]:
    """The pixels of ``pil_image`` in ``target_encoding`` and the container format name.

    Raises:
        ImageFormatError: ``output_format`` other than PNG, raw or ``None`` (PNG).
        ImageEncodingError: an unknown target encoding, or a channel count that does
            not fit it.
    """
    fmt = format_name(output_format) if output_format else "png"
    if fmt not in _CONTAINERS:
        raise ImageFormatError(
            f"Image stores pixels as 'png' or 'raw', not {fmt!r}", resource=fmt)
    ensure("numpy", "PIL.Image", feature="Image.from_pillow")
    import numpy as np

    pil_image, encoding, layout = _target(pil_image, target_encoding)
    arr: npt.NDArray[np.generic] = np.asarray(pil_image)
    if arr.dtype != np.dtype(layout.dtype):
        arr = arr.astype(layout.dtype)
    if layout.swap and arr.ndim == 3:
        arr = arr[..., ::-1]
    arr = np.ascontiguousarray(arr)
    height, width = int(arr.shape[0]), int(arr.shape[1])
    pixels = PillowPixels(arr.tobytes(), int(arr.strides[0]), height, width, encoding,
                          sys.byteorder == "big")
    return pixels, fmt
