"""``StatefulDecodingSession``: decoding H.264 / HEVC image streams frame by frame.

Video codecs compress a frame against earlier ones, so a frame decodes only through
the decoder that saw its predecessors. A session keeps one PyAV decoder per
*context* (usually the topic name), so frames of several interleaved video topics
never feed each other's reference frames::

    session = StatefulDecodingSession()
    for topic, msg in sequence.get_data_streamer():
        img = msg.get_data(CompressedImage)
        if img is not None and img.format in (ImageFormat.H264, ImageFormat.HEVC):
            frame = session.decode(img_bytes=img.data, format=img.format, context=topic)
    session.close()

Where this differs from the official client, which logs every failure and answers
``None``: a format other than H.264/HEVC raises :class:`ImageFormatError`, and a packet
the decoder rejects *after the context's first picture* raises
:class:`ImageDecodeError` (both ``ValueError``). Until that first picture, rejected
packets still give ``None`` (logged at debug level): a recording that starts in the
middle of a group of pictures has no key frame yet, and code written for the official
client expects ``None`` there. Empty data gives ``None`` without reaching the decoder
(an empty packet would end the stream).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Callable, ClassVar

from .image_support import ImageDecodeError, ImageFormatError, ensure, format_name
from .vision import ImageFormat

if TYPE_CHECKING:
    from av.codec.context import CodecContext
    from PIL import Image as PILImage

__all__ = ["StatefulDecodingSession"]

logger = logging.getLogger(__name__)


class StatefulDecodingSession:
    """Decodes video-compressed images (H.264, HEVC), one decoder state per context.

    Decoders are created on a context's first frame and live until :meth:`close`.
    A stream starting with inter frames gives ``None`` until its first key frame;
    after a context's first picture, a packet that does not decode raises.
    """

    __suppported_formats__: ClassVar[list[ImageFormat]] = [ImageFormat.H264, ImageFormat.HEVC]

    def __init__(self) -> None:
        self._decoders: dict[str, CodecContext] = {}
        self._pictured: set[str] = set()  # contexts that have produced a picture

    def decode(self, *, img_bytes: bytes, format: ImageFormat | str,
               context: str) -> PILImage.Image | None:
        """The next picture of the ``context`` stream after feeding it ``img_bytes``.

        Args:
            img_bytes: One compressed packet (a ``CompressedImage``'s ``data``).
            format: ``ImageFormat.H264`` or ``ImageFormat.HEVC`` (or its name).
            context: Which stream the packet belongs to, typically the topic name.

        Returns:
            The decoded frame as an RGB Pillow image, or ``None`` when the packet
            completes no picture yet (stream start, frame reordering) or is empty.

        Raises:
            ImageFormatError: a format other than H.264 or HEVC.
            ImageDecodeError: no decoder for the format, or, once the context has
                produced a picture, the packet does not decode.
            ModuleNotFoundError: PyAV or Pillow is not installed.
        """
        name = format_name(format)
        if name not in self.__suppported_formats__:
            raise ImageFormatError(
                f"StatefulDecodingSession decodes 'h264' and 'hevc', not {name!r}; decode "
                "other formats with CompressedImage.to_image()", resource=name)
        if not img_bytes:
            return None
        ensure("av", "PIL.Image", feature="StatefulDecodingSession.decode")
        decoder = self._decoders.get(context)
        if decoder is None:
            decoder = self._decoders[context] = _open_decoder(name, context)
        started = context in self._pictured
        try:
            image = _decode_packet(decoder, img_bytes, name, context)
        except ImageDecodeError as exc:
            if started:
                raise
            logger.debug("context %r: no picture yet (%s)", context, exc)
            return None
        if image is not None:
            self._pictured.add(context)
        return image

    def close(self) -> None:
        """Drop every decoder (and the reference frames it holds)."""
        self._decoders.clear()
        self._pictured.clear()


def _open_decoder(name: str, context: str) -> CodecContext:
    import av
    from av.error import FFmpegError

    try:
        decoder = av.CodecContext.create(name, "r")
    except (FFmpegError, ValueError) as exc:
        raise ImageDecodeError(f"no {name} decoder for context {context!r}: {exc}",
                               resource=context) from exc
    logger.debug("created %s decoder for context %r", name, context)
    return decoder


def _decode_packet(decoder: Any, img_bytes: bytes, name: str,
                   context: str) -> PILImage.Image | None:
    import av
    from av.error import FFmpegError

    try:
        frames = decoder.decode(av.Packet(img_bytes))
    except (FFmpegError, ValueError) as exc:
        raise ImageDecodeError(
            f"could not decode a {len(img_bytes)}-byte {name} packet of context "
            f"{context!r}: {exc}", resource=context) from exc
    for frame in frames:
        if isinstance(frame, av.VideoFrame):
            to_image: Callable[[], PILImage.Image] = frame.to_image  # untyped in PyAV
            return to_image()
    return None
