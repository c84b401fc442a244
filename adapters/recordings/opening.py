"""Choosing the adapter for a recording: by content when reading, by format when writing."""

from __future__ import annotations

import os
from pathlib import Path

from mosaicolabs.ports.recordings import RecordingFormatError, RecordingReader, RecordingWriter

__all__ = ["FORMATS", "create_recording", "detect_kind", "open_recording"]

#: Formats :func:`create_recording` writes.
FORMATS = ("mcap", "rosbag2", "rosbag2-mcap", "rosbag1")

_MAGIC = (
    (b"#ROSBAG V2.0", "rosbag1"),
    (b"\x89MCAP0\r\n", "mcap"),
    (b"SQLite format 3\x00", "db3"),
)


def detect_kind(path: Path) -> str:
    """``rosbag1``, ``rosbag2`` (a bag directory), ``db3`` or ``mcap``, from the content.

    Raises:
        FileNotFoundError: nothing at ``path``.
        RecordingFormatError: something that is none of these.
    """
    if not path.exists():
        raise FileNotFoundError(f"no such recording: {path}")
    if path.is_dir():
        if (path / "metadata.yaml").is_file():
            return "rosbag2"
        raise RecordingFormatError(f"{path}: a directory without metadata.yaml is not a "
                                   "ROS 2 bag", resource=str(path))
    with path.open("rb") as handle:
        head = handle.read(16)
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"#ROSBAG"):
        raise RecordingFormatError(f"{path}: {head[:12].decode(errors='replace')} bags are "
                                   "not supported (only version 2.0)", resource=str(path))
    raise RecordingFormatError(
        f"{path}: not a ROS 1 bag, ROS 2 bag (.db3, .mcap, directory) or MCAP file "
        f"(it starts with {head[:8]!r})", resource=str(path))


def open_recording(path: str | os.PathLike[str]) -> RecordingReader:
    """Open a recording for reading, whatever its format (see :func:`detect_kind`).

    Raises:
        FileNotFoundError: nothing at ``path``.
        RecordingFormatError: unknown format, or a file too damaged to open.
        ModuleNotFoundError: the ``recordings`` extra is not installed.
    """
    from .rosbags_reader import RosbagsReader

    location = Path(path)
    return RosbagsReader(location, detect_kind(location))


def create_recording(path: str | os.PathLike[str], format: str) -> RecordingWriter:
    """A new recording at ``path`` (never overwritten).

    ``format``: ``mcap`` (one plain MCAP file), ``rosbag2`` (a bag directory, sqlite3
    storage), ``rosbag2-mcap`` (a bag directory, mcap storage) or ``rosbag1`` (``.bag``).

    Raises:
        FileExistsError: ``path`` exists.
        RecordingFormatError: an unknown ``format``.
    """
    from .writers import McapFileWriter, Rosbag1Writer, Rosbag2Writer

    location = Path(path)
    if format == "mcap":
        return McapFileWriter(location)
    if format == "rosbag2":
        return Rosbag2Writer(location, "sqlite3")
    if format == "rosbag2-mcap":
        return Rosbag2Writer(location, "mcap")
    if format == "rosbag1":
        return Rosbag1Writer(location)
    raise RecordingFormatError(f"unknown recording format {format!r} "
                               f"(one of: {', '.join(FORMATS)})", resource=format)
