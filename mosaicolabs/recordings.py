"""ROS bags and MCAP files in and out of Mosaico.

Import a ROS 1 bag (``.bag``), a ROS 2 bag (a directory with ``metadata.yaml``, or
its ``.db3`` / ``.mcap`` storage file) or a plain MCAP file with ROS 2 messages as a
new sequence, one topic per recorded topic; export a sequence back to MCAP or a
ROS bag::

    from mosaicolabs import MosaicoClient
    from mosaicolabs.recordings import export_recording, import_recording

    with MosaicoClient.connect("localhost", 6726) as client:
        summary = import_recording(client, "drive.bag", "drive_0001")
        print(summary.messages, summary.messages_per_second)
        export_recording(client, "drive_0001", "drive_0001.mcap")

Needs the optional dependencies: ``pip install 'mosaico-hexclient[recordings]'``.
Importing this module is cheap: ``rosbags`` and ``mcap`` load when a file is opened.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mosaicolabs.application.recordings.exporting import ExportSummary, TopicExport
from mosaicolabs.application.recordings.importing import (
    ImportProgress,
    ImportSummary,
    MappingLookup,
    OnError,
    RecordingDecodeError,
    TopicImport,
)
from mosaicolabs.ports.recordings import RecordingFormatError

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from mosaicolabs.client import MosaicoClient

__all__ = ["ExportSummary", "ImportProgress", "ImportSummary", "RecordingDecodeError",
           "RecordingFormatError", "TopicExport", "TopicImport", "export_recording",
           "import_recording", "open_recording"]

#: Formats :func:`export_recording` writes.
EXPORT_FORMATS = ("mcap", "rosbag2", "rosbag2-mcap", "rosbag1")


def mapping_lookup() -> MappingLookup:
    """The mapping registry (ROS message type -> model) as the use-cases call it; loaded
    on first use."""
    from mosaicolabs.adapters.recordings.mappings import mapping_for

    def lookup(ros_type: str, definition: str, types: Any) -> Any:
        return mapping_for(ros_type, definition or None, types)

    return lookup


def open_recording(path: str | os.PathLike[str]) -> Any:
    """Open a recording for reading (a :class:`~mosaicolabs.ports.recordings.RecordingReader`:
    ``topics()``, ``messages(names)``, ``decode(topic, data)``, ``close()``).

    Raises:
        FileNotFoundError: nothing at ``path``.
        RecordingFormatError: not a recording we read, or too damaged to open.
        ModuleNotFoundError: the ``recordings`` extra is not installed.
    """
    from mosaicolabs.adapters.recordings.opening import open_recording as open_file

    return open_file(path)


def import_recording(
    client: MosaicoClient,
    path: str | os.PathLike[str],
    sequence_name: str,
    *,
    topics: Sequence[str] | None = None,
    metadata: dict[str, Any] | None = None,
    on_error: OnError = "skip",
    progress: Callable[[ImportProgress], None] | None = None,
    batch_size: int = 1000,
    batch_bytes: int = 4 * 1024 * 1024,
) -> ImportSummary:
    """Import a ROS bag or MCAP file as the new sequence ``sequence_name``.

    Each recorded topic becomes a topic of the same name stored as the model its ROS
    type maps to (``sensor_msgs/msg/Imu`` -> ``IMU``…; other types a generic model);
    the topic's user metadata keeps the ROS type and message definition, so
    :func:`export_recording` can write it back. Messages are pushed in columnar batches
    of ``batch_size`` per topic: memory stays bounded whatever the file size.

    Args:
        client: a connected :class:`~mosaicolabs.MosaicoClient`.
        path: a ``.bag`` file, a ROS 2 bag directory, a ``.db3`` or ``.mcap`` file.
        sequence_name: the sequence to create (it must not exist).
        topics: names of the topics to import (default: all).
        metadata: user metadata of the new sequence.
        on_error: a message that does not decode is counted in the summary and left
            out (``"skip"``), or stops the import (``"raise"``).
        progress: called with an :class:`ImportProgress` after each batch.
        batch_size: messages per pushed batch, per topic.
        batch_bytes: serialized bytes per pushed batch, per topic (a topic's batch is
            pushed at ``batch_size`` messages or ``batch_bytes`` bytes, whichever comes
            first: a camera topic holds a few MiB, not a thousand frames).

    Returns:
        What was imported: per-topic messages, bytes, skipped messages with reasons,
        the time taken and the rate.

    Raises:
        FileNotFoundError: nothing at ``path``.
        RecordingFormatError: not a recording we read, truncated or damaged.
        RecordingDecodeError: a message does not decode and ``on_error="raise"``.
        NotFoundError: a topic of ``topics`` is not in the recording.
        ModuleNotFoundError: the ``recordings`` extra is not installed.

    A failed import deletes what it wrote: no sequence is left that looks complete.
    """
    from mosaicolabs.application.recordings.importing import import_recording as run

    lookup = mapping_lookup()
    reader = open_recording(path)
    try:
        return run(client, reader, sequence_name, mapping_for=lookup, topics=topics,
                   metadata=metadata, on_error=on_error, progress=progress,
                   batch_size=batch_size, batch_bytes=batch_bytes)
    finally:
        reader.close()


def export_recording(
    client: MosaicoClient,
    sequence_name: str,
    path: str | os.PathLike[str],
    *,
    format: str = "mcap",
    topics: Sequence[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExportSummary:
    """Write a sequence imported from a recording to a new recording file.

    Topics whose metadata names a ROS type (those :func:`import_recording` created)
    are written with that type, merged in log-time order; other topics are left out
    and listed in ``ExportSummary.skipped_topics``.

    Args:
        client: a connected :class:`~mosaicolabs.MosaicoClient`.
        sequence_name: the sequence to export.
        path: the file (``mcap``, ``rosbag1``) or directory (``rosbag2*``) to create;
            it must not exist.
        format: ``"mcap"`` (one plain MCAP file, ROS 2 messages), ``"rosbag2"`` (a ROS 2
            bag, sqlite3 storage), ``"rosbag2-mcap"`` (a ROS 2 bag, mcap storage) or
            ``"rosbag1"`` (a ROS 1 ``.bag``).
        topics: names of the topics to export (default: all).
        progress: called with the messages written and the Arrow bytes read so far.

    Raises:
        NotFoundError: no such sequence or topic.
        FileExistsError: ``path`` exists.
        RecordingFormatError: an unknown ``format``, or a type that cannot be written.
        ModuleNotFoundError: the ``recordings`` extra is not installed.

    A failed export removes the partial file.
    """
    from mosaicolabs.adapters.recordings.opening import create_recording
    from mosaicolabs.application.recordings.exporting import export_recording as run

    lookup = mapping_lookup()
    writer = create_recording(path, format)
    try:
        return run(client, sequence_name, writer, mapping_for=lookup, path=str(path),
                   format=format, topics=topics, progress=progress)
    except BaseException:
        _remove(Path(path))
        raise


def _remove(path: Path) -> None:
    """Delete a partial export (file or bag directory)."""
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
