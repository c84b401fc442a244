"""Image helpers: linear pixels, Pillow conversions, stateless codecs, video decoding.

Expectations are built independently of the code under test: NumPy arrays made
here, Pillow images drawn here, PNG bytes decoded by Pillow directly, and an H.264
stream encoded here with PyAV.
"""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

np = pytest.importorskip("numpy")
PILImage = pytest.importorskip("PIL.Image")
av = pytest.importorskip("av")

from mosaicolabs.domain.ontology.image_support import (  # noqa: E402
    ImageDecodeError,
    ImageEncodeError,
    ImageEncodingError,
    ImageFormatError,
    ImageSizeError,
)
from mosaicolabs.models.sensors import StatefulDecodingSession as SensorsSession  # noqa: E402
from mosaicolabs.models.sensors.image import (  # noqa: E402
    CompressedImage,
    Image,
    ImageFormat,
    StatefulDecodingSession,
)

RNG = np.random.default_rng(7)


def _padded(rows: np.ndarray, stride: int) -> bytes:
    """``rows`` (height x row-bytes, uint8) padded with 0xEE up to ``stride`` bytes."""
    out = np.full((rows.shape[0], stride), 0xEE, np.uint8)
    out[:, : rows.shape[1]] = rows
    return out.tobytes()


# --- linear pixels -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", [ImageFormat.PNG, ImageFormat.RAW, None, "png", "raw"])
def test_linear_pixels_round_trip(fmt):
    data = RNG.integers(0, 256, size=3 * 10, dtype=np.uint8).tobytes()
    image = Image.from_linear_pixels(list(data), 10, 3, 3, "rgb8", format=fmt)
    assert image.to_linear_pixels() == list(data)
    assert (image.width, image.height, image.stride, image.encoding) == (3, 3, 10, "rgb8")
    expected = "raw" if fmt in (ImageFormat.RAW, "raw") else "png"
    assert image.format == expected and isinstance(image.format, ImageFormat)


def test_png_storage_is_a_wide_grayscale_image():
    rows = RNG.integers(0, 256, size=(4, 7), dtype=np.uint8)
    image = Image.from_linear_pixels(rows.tobytes(), 7, 4, 2, "mono16")
    with PILImage.open(io.BytesIO(image.data)) as png:
        assert png.format == "PNG" and png.mode == "L" and png.size == (7, 4)
        assert np.array_equal(np.asarray(png), rows)


def test_raw_storage_keeps_the_bytes():
    data = bytes(range(12))
    image = Image.from_linear_pixels(data, 4, 3, 4, "mono8", format=ImageFormat.RAW)
    assert image.data == data


def test_png_size_mismatch_is_refused():
    with pytest.raises(ImageSizeError, match="2 x 4 = 8"):
        Image.from_linear_pixels([1, 2, 3], 4, 2, 1, "mono8")
    with pytest.raises(ValueError):  # what code written for the official client catches
        Image.from_linear_pixels(bytes(9), 4, 2, 1, "mono8")


@pytest.mark.parametrize("fmt", [ImageFormat.JPEG, ImageFormat.H264, "bmp"])
def test_unsupported_container_is_refused(fmt):
    with pytest.raises(ImageFormatError, match="'png' or 'raw'"):
        Image.from_linear_pixels(bytes(4), 2, 2, 2, "mono8", format=fmt)


def test_empty_image_is_stored_raw():
    image = Image.from_linear_pixels([], 0, 0, 0, "mono8")
    assert image.format == ImageFormat.RAW and image.to_linear_pixels() == []


def test_corrupt_png_is_reported_not_returned_as_pixels():
    image = Image(data=b"\x89PNG\r\n\x1a\nbroken", format="png", width=1, height=1,
                  stride=1, encoding="mono8")
    with pytest.raises(ImageDecodeError, match="png"):
        image.to_linear_pixels()


def test_unknown_format_that_is_not_an_image_reads_as_raw():
    image = Image(data=b"\x01\x02", format="custom", width=2, height=1, stride=2,
                  encoding="mono8")
    assert image.to_linear_pixels() == [1, 2]


# --- to_pillow / from_pillow ---------------------------------------------------------


def test_rgb8_to_pillow():
    arr = RNG.integers(0, 256, size=(3, 4, 3), dtype=np.uint8)
    image = Image.from_linear_pixels(arr.tobytes(), 12, 3, 4, "rgb8")
    pil = image.to_pillow()
    assert pil.mode == "RGB" and pil.size == (4, 3)
    assert np.array_equal(np.asarray(pil), arr)


def test_bgr8_is_swapped_to_rgb():
    bgr = RNG.integers(0, 256, size=(2, 3, 3), dtype=np.uint8)
    image = Image.from_linear_pixels(bgr.tobytes(), 9, 2, 3, "bgr8")
    assert np.array_equal(np.asarray(image.to_pillow()), bgr[..., ::-1])


def test_stride_padding_is_dropped_row_by_row():
    arr = RNG.integers(0, 256, size=(3, 2, 3), dtype=np.uint8)
    data = _padded(arr.reshape(3, 6), stride=8)
    image = Image.from_linear_pixels(data, 8, 3, 2, "rgb8")
    assert image.to_linear_pixels() == list(data)
    assert np.array_equal(np.asarray(image.to_pillow()), arr)


@pytest.mark.parametrize("big", [True, False])
def test_mono16_byte_order(big):
    values = np.array([[0, 1, 258], [4660, 65535, 32768]], np.uint16)
    data = values.astype(">u2" if big else "<u2").tobytes()
    image = Image.from_linear_pixels(data, 6, 2, 3, "mono16", is_bigendian=big)
    pil = image.to_pillow()
    assert pil.mode == "I;16"
    assert np.asarray(pil).astype(np.int64).tolist() == values.astype(np.int64).tolist()


def test_mono16_with_padding_and_big_endian():
    values = np.array([[1, 2], [300, 40000]], np.uint16)
    rows = np.frombuffer(values.astype(">u2").tobytes(), np.uint8).reshape(2, 4)
    image = Image.from_linear_pixels(_padded(rows, 6), 6, 2, 2, "mono16", is_bigendian=True)
    assert np.asarray(image.to_pillow()).astype(np.int64).tolist() == [[1, 2], [300, 40000]]


def test_32fc1_to_pillow():
    values = np.array([[1.5, -2.25, 0.0], [3.0e6, -1e-3, 42.0]], np.float32)
    image = Image.from_linear_pixels(values.astype(">f4").tobytes(), 12, 2, 3, "32FC1",
                                     is_bigendian=True)
    pil = image.to_pillow()
    assert pil.mode == "F"
    assert np.array_equal(np.asarray(pil), values)


def test_16sc1_goes_to_mode_i():
    values = np.array([[-5, 7, -32768]], np.int16)
    image = Image.from_linear_pixels(values.astype("<i2").tobytes(), 6, 1, 3, "16SC1",
                                     is_bigendian=False, format=ImageFormat.RAW)
    pil = image.to_pillow()
    assert pil.mode == "I" and np.asarray(pil).tolist() == [[-5, 7, -32768]]


def test_16bit_colour_keeps_the_high_byte():
    values = np.array([[[0x1234, 0xABCD, 0x00FF]]], np.uint16)
    image = Image.from_linear_pixels(values.astype("<u2").tobytes(), 6, 1, 1, "bgr16",
                                     is_bigendian=False)
    assert np.asarray(image.to_pillow()).tolist() == [[[0x00, 0xAB, 0x12]]]


def test_to_pillow_unknown_encoding():
    image = Image.from_linear_pixels(bytes(4), 2, 2, 2, "yuv422")
    with pytest.raises(ImageEncodingError, match="yuv422"):
        image.to_pillow()
    with pytest.raises(NotImplementedError):  # the official's exception type
        image.to_pillow()


def test_to_pillow_encoding_without_pillow_mode():
    image = Image.from_linear_pixels(bytes(24), 24, 1, 2, "32FC3", format="raw")
    with pytest.raises(ImageEncodingError, match="to_linear_pixels"):
        image.to_pillow()


def test_to_pillow_data_too_short():
    image = Image.from_linear_pixels(bytes(6), 6, 1, 3, "rgb8", format="raw")
    image.height = 2
    with pytest.raises(ImageSizeError, match="need 18 bytes, got 6"):
        image.to_pillow()


@pytest.mark.parametrize(
    ("mode", "arr", "encoding"),
    [
        ("RGB", RNG.integers(0, 256, size=(3, 5, 3), dtype=np.uint8), "rgb8"),
        ("RGBA", RNG.integers(0, 256, size=(2, 3, 4), dtype=np.uint8), "rgba8"),
        ("L", RNG.integers(0, 256, size=(4, 2), dtype=np.uint8), "mono8"),
        ("F", RNG.standard_normal((2, 3)).astype(np.float32), "32FC1"),
    ],
)
def test_from_pillow_infers_encoding_and_round_trips(mode, arr, encoding):
    pil = PILImage.fromarray(arr)
    assert pil.mode == mode
    for fmt in (ImageFormat.PNG, ImageFormat.RAW, None):
        image = Image.from_pillow(pil, output_format=fmt)
        assert image.encoding == encoding and image.format == (fmt or ImageFormat.PNG)
        assert image.stride == arr.strides[0] and (image.height, image.width) == arr.shape[:2]
        assert np.array_equal(np.asarray(image.to_pillow()), arr)


def test_from_pillow_mono16():
    values = np.array([[1, 513, 65535]], np.uint16)
    pil = PILImage.frombytes("I;16", (3, 1), values.astype("<u2").tobytes())
    image = Image.from_pillow(pil)
    assert image.encoding == "mono16" and image.is_bigendian == (sys.byteorder == "big")
    assert np.asarray(image.to_pillow()).astype(np.int64).tolist() == [[1, 513, 65535]]


def test_from_pillow_bgr8_stores_bgr():
    rgb = RNG.integers(0, 256, size=(2, 2, 3), dtype=np.uint8)
    image = Image.from_pillow(PILImage.fromarray(rgb), "bgr8", ImageFormat.RAW)
    assert image.data == rgb[..., ::-1].tobytes()
    assert np.array_equal(np.asarray(image.to_pillow()), rgb)


def test_from_pillow_casts_to_the_target_type():
    grey = np.array([[0, 7, 255]], np.uint8)
    image = Image.from_pillow(PILImage.fromarray(grey), "mono16", ImageFormat.RAW)
    assert image.stride == 6
    assert np.frombuffer(image.data, "=u2").tolist() == [0, 7, 255]


def test_from_pillow_converts_to_the_target_channels():
    rgba = RNG.integers(0, 256, size=(2, 2, 4), dtype=np.uint8)
    image = Image.from_pillow(PILImage.fromarray(rgba), "rgb8")
    assert np.array_equal(np.asarray(image.to_pillow()), rgba[..., :3])


def test_from_pillow_refuses_bad_arguments():
    pil = PILImage.new("RGB", (2, 2))
    with pytest.raises(ImageEncodingError, match="not supported"):
        Image.from_pillow(pil, "yuv422")
    with pytest.raises(ImageEncodingError, match="channel"):
        Image.from_pillow(pil, "mono16")
    with pytest.raises(ImageFormatError):
        Image.from_pillow(pil, output_format=ImageFormat.JPEG)


def test_from_pillow_palette_image_goes_through_rgb():
    pil = PILImage.new("P", (2, 1))
    pil.putpalette([10, 20, 30] * 256)
    image = Image.from_pillow(pil)
    assert image.encoding == "rgb8"
    assert np.asarray(image.to_pillow()).tolist() == [[[10, 20, 30], [10, 20, 30]]]


# --- CompressedImage -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", [ImageFormat.PNG, ImageFormat.TIFF, "png"])
def test_compressed_lossless_round_trip(fmt):
    arr = RNG.integers(0, 256, size=(5, 4, 3), dtype=np.uint8)
    compressed = CompressedImage.from_image(PILImage.fromarray(arr), fmt)
    with PILImage.open(io.BytesIO(compressed.data)) as direct:
        assert direct.format == str(getattr(fmt, "value", fmt)).upper()
        assert np.array_equal(np.asarray(direct), arr)
    decoded = compressed.to_image()
    assert decoded is not None and np.array_equal(np.asarray(decoded), arr)


def test_compressed_jpeg_passes_save_options():
    arr = np.full((16, 16, 3), 128, np.uint8)
    low = CompressedImage.from_image(PILImage.fromarray(arr), ImageFormat.JPEG, quality=5)
    assert low.format == ImageFormat.JPEG and low.data[:2] == b"\xff\xd8"
    decoded = low.to_image()
    assert decoded is not None and decoded.size == (16, 16)
    assert abs(int(np.asarray(decoded).astype(int).mean()) - 128) <= 3


def test_compressed_errors():
    with pytest.raises(ImageEncodeError, match="RGBA"):
        CompressedImage.from_image(PILImage.new("RGBA", (2, 2)), ImageFormat.JPEG)
    with pytest.raises(RuntimeError, match="h264"):  # the official's exception type
        CompressedImage.from_image(PILImage.new("RGB", (2, 2)), ImageFormat.H264)
    with pytest.raises(ImageDecodeError, match="jpeg"):
        CompressedImage(data=b"not a jpeg", format="jpeg").to_image()
    assert CompressedImage(data=b"", format="png").to_image() is None
    assert CompressedImage(data=b"\x00\x00\x00\x01", format="h264").to_image() is None


def test_to_image_with_a_custom_codec():
    calls = []

    class Codec:
        def decode(self, *, img_bytes, format, **kwargs):
            calls.append((img_bytes, format, kwargs))
            return "decoded"

    image = CompressedImage(data=b"abc", format="png")
    assert image.to_image(Codec(), hint=1) == "decoded"
    assert calls == [(b"abc", "png", {"hint": 1})]


# --- StatefulDecodingSession -------------------------------------------------------


def _h264_stream(levels, size=32, gop=3):
    encoder = av.CodecContext.create("libx264", "w")
    encoder.width = encoder.height = size
    encoder.pix_fmt, encoder.framerate, encoder.gop_size = "yuv420p", 10, gop
    encoder.max_b_frames = 0
    encoder.options = {"tune": "zerolatency", "preset": "ultrafast"}
    packets = []
    for pts, level in enumerate(levels):
        frame = av.VideoFrame.from_ndarray(np.full((size, size, 3), level, np.uint8),
                                           format="rgb24")
        frame.pts = pts
        packets += [bytes(p) for p in encoder.encode(frame)]
    packets += [bytes(p) for p in encoder.encode(None)]
    return packets


@pytest.fixture(scope="module")
def stream():
    try:
        av.Codec("libx264", "w")
    except Exception:  # FFmpeg built without x264
        pytest.skip("no H.264 encoder in this PyAV build")
    levels = [0, 60, 120, 180, 240, 30]
    packets = _h264_stream(levels)
    assert len(packets) == len(levels)
    return levels, packets


def _grey(image):
    assert image is not None and image.mode == "RGB" and image.size == (32, 32)
    return int(np.asarray(image).astype(int).mean())


def test_session_decodes_an_h264_stream(stream):
    levels, packets = stream
    session = StatefulDecodingSession()
    got = [_grey(session.decode(img_bytes=p, format=ImageFormat.H264, context="cam"))
           for p in packets]
    assert all(abs(g - lv) <= 4 for g, lv in zip(got, levels, strict=True)), got
    session.close()


def test_session_keeps_one_state_per_context(stream):
    levels, packets = stream
    session = StatefulDecodingSession()
    for packet, level in zip(packets, levels, strict=True):  # interleaved: two topics, same stream
        for context in ("left", "right"):
            image = session.decode(img_bytes=packet, format="h264", context=context)
            assert abs(_grey(image) - level) <= 4


def test_session_waits_for_a_key_frame_then_raises_on_corrupt_packets(stream):
    levels, packets = stream
    session = StatefulDecodingSession()
    # Starting mid group of pictures: no picture (None) until the key frame (gop=3).
    assert session.decode(img_bytes=packets[1], format="h264", context="c") is None
    assert session.decode(img_bytes=packets[2], format="h264", context="c") is None
    assert abs(_grey(session.decode(img_bytes=packets[3], format="h264", context="c"))
               - levels[3]) <= 4
    with pytest.raises(ImageDecodeError, match="'c'"):
        session.decode(img_bytes=b"\x00\x00\x00\x01\x65garbage!!", format="h264",
                       context="c")
    assert session.decode(img_bytes=b"", format="h264", context="c") is None


def test_session_through_to_image(stream):
    _, packets = stream
    session = StatefulDecodingSession()
    image = CompressedImage(data=packets[0], format=ImageFormat.H264).to_image(
        session, context="t")
    assert _grey(image) <= 4


def test_session_refuses_stateless_formats():
    with pytest.raises(ImageFormatError, match="'png'"):
        StatefulDecodingSession().decode(img_bytes=b"x", format=ImageFormat.PNG, context="a")


def test_session_is_exported_where_the_official_exports_it():
    assert SensorsSession is StatefulDecodingSession
    import mosaicolabs

    assert "StatefulDecodingSession" not in mosaicolabs.__all__


# --- optional dependencies -------------------------------------------------------------


@pytest.mark.parametrize("missing", ["PIL", "numpy"])
def test_missing_dependency_names_the_extra(monkeypatch, missing):
    monkeypatch.setitem(sys.modules, missing, None)
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'mosaico-hexclient\[images\]'"):
        Image.from_pillow(PILImage.new("L", (1, 1)))
    image = Image(data=bytes(1), format="raw", width=1, height=1, stride=1, encoding="mono8")
    with pytest.raises(ModuleNotFoundError, match="images"):
        image.to_pillow()


def test_missing_pyav_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "av", None)
    with pytest.raises(ModuleNotFoundError, match=r"PyAV: pip install 'mosaico-hexclient"):
        StatefulDecodingSession().decode(img_bytes=b"\x00", format="h264", context="a")


def test_missing_pillow_for_compressed_images(monkeypatch):
    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(ModuleNotFoundError, match=r"Pillow: pip install"):
        CompressedImage(data=b"x", format="png").to_image()


def test_importing_the_image_models_loads_no_image_library():
    code = ("import sys, mosaicolabs.models.sensors.image, mosaicolabs.models.sensors as s;"
            "s.StatefulDecodingSession;"
            "print(sorted(m for m in ('PIL', 'av') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True, timeout=120).stdout
    assert out.strip() == "[]"
