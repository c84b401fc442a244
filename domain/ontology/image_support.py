"""What the image helpers share: their errors, the pixel-encoding table, lazy imports.

Pillow, NumPy and PyAV are optional (the ``images`` extra) and heavy, so nothing
here imports them at module load: :func:`ensure` imports them on first use and
turns an absence into a ``ModuleNotFoundError`` that says what to install.

Errors are :class:`~mosaicolabs.domain.errors.InvalidRequestError` subclasses, so
``ValueError`` handlers written for the official client keep catching them; where
the official raises another builtin, the error derives from that one too.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from importlib import import_module

from ..errors import InvalidRequestError

__all__ = [
    "ENCODINGS",
    "EXTRA_HINT",
    "ImageCodecError",
    "ImageDecodeError",
    "ImageEncodeError",
    "ImageEncodingError",
    "ImageFormatError",
    "ImageSizeError",
    "PixelLayout",
    "ensure",
    "format_name",
    "layout_of",
]

EXTRA_HINT = "pip install 'mosaico-hexclient[images]'"


class ImageCodecError(InvalidRequestError):
    """Image data, geometry, encoding or format that the image helpers cannot handle."""


class ImageEncodingError(ImageCodecError, NotImplementedError):
    """A pixel encoding (``Image.encoding``) the helpers cannot interpret.

    Also a ``NotImplementedError``: what the official ``to_pillow`` raises.
    """


class ImageSizeError(ImageCodecError):
    """The pixel bytes do not fit the image's height, width and stride."""


class ImageFormatError(ImageCodecError):
    """A container or compression format the operation does not support."""


class ImageDecodeError(ImageCodecError):
    """Encoded image (or video) bytes could not be decoded."""


class ImageEncodeError(ImageCodecError, RuntimeError):
    """An image could not be encoded; also a ``RuntimeError`` (what the official raises)."""


@dataclass(frozen=True)
class PixelLayout:
    """How one pixel encoding lays out its pixels.

    ``dtype`` is a NumPy type code without byte order (``"u1"``, ``"u2"``, ``"f4"``...),
    ``mode`` the Pillow mode ``to_pillow`` produces (``None``: none fits), ``swap``
    whether channels are stored BGR(A) and must be reversed for Pillow.
    """

    dtype: str
    channels: int
    mode: str | None
    swap: bool = False

    @property
    def itemsize(self) -> int:
        return int(self.dtype[1:])


def _table() -> dict[str, PixelLayout]:
    L = PixelLayout
    rgb8, rgba8 = L("u1", 3, "RGB"), L("u1", 4, "RGBA")
    rgb16, rgba16 = L("u2", 3, "RGB"), L("u2", 4, "RGBA")
    mono8, mono16 = L("u1", 1, "L"), L("u2", 1, "I;16")
    return {
        "rgb8": rgb8, "bgr8": L("u1", 3, "RGB", True),
        "rgba8": rgba8, "bgra8": L("u1", 4, "RGBA", True),
        "mono8": mono8, "8UC1": mono8, "8UC3": rgb8, "8UC4": rgba8,
        # Bayer mosaics stay one grey channel: the pattern itself is the data.
        "bayer_rggb8": mono8, "bayer_bggr8": mono8, "bayer_gbrg8": mono8,
        "bayer_grbg8": mono8,
        "mono16": mono16, "16UC1": mono16,
        "rgb16": rgb16, "bgr16": L("u2", 3, "RGB", True),
        "rgba16": rgba16, "bgra16": L("u2", 4, "RGBA", True),
        "16UC3": rgb16, "16UC4": rgba16,
        "16SC1": L("i2", 1, "I"), "32SC1": L("i4", 1, "I"), "32FC1": L("f4", 1, "F"),
        # No Pillow mode of their own (see image_pixels for what to_pillow does).
        "8UC2": L("u1", 2, None), "16UC2": L("u2", 2, None), "32FC2": L("f4", 2, None),
        "32FC3": L("f4", 3, None), "32FC4": L("f4", 4, None), "64FC1": L("f8", 1, None),
    }


#: Pixel encoding (``Image.encoding``) -> layout; the official client's table.
ENCODINGS: dict[str, PixelLayout] = _table()


def layout_of(encoding: str) -> PixelLayout:
    """The layout of ``encoding``.

    Raises:
        ImageEncodingError: an encoding not in :data:`ENCODINGS`.
    """
    layout = ENCODINGS.get(encoding)
    if layout is None:
        raise ImageEncodingError(
            f"pixel encoding {encoding!r} is not supported; known encodings: "
            f"{', '.join(sorted(ENCODINGS))}", resource=encoding)
    return layout


def format_name(value: object) -> str:
    """The lower-case name of a format given as an ``ImageFormat`` member or a string."""
    if isinstance(value, Enum):
        value = value.value
    return str(value).lower()


def ensure(*modules: str, feature: str) -> None:
    """Check that ``modules`` (``"numpy"``, ``"PIL.Image"``, ``"av"``) import, for ``feature``.

    Callers then import them as usual (typed, and cached by this first import).

    Raises:
        ModuleNotFoundError: one is not installed; the message names the extra to install.
    """
    for module in modules:
        try:
            import_module(module.partition(".")[0])  # a cached submodule hides a gone parent
            import_module(module)
        except ModuleNotFoundError as exc:
            top = module.partition(".")[0]
            package = {"PIL": "Pillow", "av": "PyAV"}.get(top, top)
            raise ModuleNotFoundError(
                f"{feature} needs {package}: {EXTRA_HINT}", name=exc.name) from exc
