"""Data commands: ``get``/``export`` (topics to Parquet or CSV) and ``put``/``import``.

``get SEQ TOPIC`` writes one file; ``export SEQ`` writes one file per topic into
a directory, nested like the topic names (``/sensors/imu`` → ``sensors/imu.parquet``).
``put FILE SEQ TOPIC`` uploads a file as a new topic: into a new sequence, or as
a new session of an existing one. A failed upload deletes what it wrote (the
``Delete`` session policy), so a retry starts clean. Progress goes to stderr
only on a terminal (see :mod:`mosaicolabs.cli.progress`).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path, PurePosixPath
from typing import Any

from .common import (
    EXIT_OK,
    UsageError,
    open_client,
    parse_json_object,
    parse_time,
    require_sequence,
    require_topic,
)
from .output import emit_json, format_size, note
from .progress import open_progress

__all__ = ["cmd_export", "cmd_put"]

_SLICE_BYTES = 4 << 20  # granularity of the put progress bar; push_batch splits on its own


def _topic_path(topic: str, fmt: str) -> Path:
    """``/sensors/imu`` → ``sensors/imu.<fmt>``; ``.``/``..`` parts are dropped to stay inside."""
    parts = [p for p in PurePosixPath(topic).parts if p not in ("/", ".", "..")]
    return Path(*parts).with_name(f"{parts[-1]}.{fmt}") if parts else Path(f"topic.{fmt}")


def _default_file(sequence: str, topic: str, fmt: str) -> str:
    return f"{sequence}_{'_'.join(_topic_path(topic, fmt).parts)}"


def _read_topic(handler: Any, start: int | None, end: int | None, no_progress: bool) -> Any:
    """The topic's rows in ``[start, end)``, counting bytes on the progress bar as they arrive."""
    import pyarrow as pa

    from .tables import with_tag

    # The stored size is the right total only when the whole topic is read.
    total = handler.total_size_bytes if start is None and end is None else None
    with open_progress(handler.name, total, disabled=no_progress) as bar, \
            handler.get_data_streamer(start, end) as streamer:
        batches = []
        for batch in streamer.iter_batches():
            batches.append(batch)
            bar.update(batch.nbytes)
        table = pa.Table.from_batches(batches, schema=streamer.schema)
        return with_tag(table, streamer.ontology_tag)


def _write(table: Any, destination: str, fmt: str) -> int | None:
    """Write the file (``-``: stdout); returns its size, ``None`` for stdout."""
    from .tables import write_table

    if destination == "-":
        sys.stdout.flush()
        notes = write_table(table, sys.stdout.buffer, fmt)
        sys.stdout.buffer.flush()
    else:
        Path(destination).parent.mkdir(parents=True, exist_ok=True)
        notes = write_table(table, destination, fmt)
    for text in notes:
        note(f"{destination}: {text}")
    return None if destination == "-" else os.path.getsize(destination)


def _export_jobs(client: Any, args: argparse.Namespace, fmt: str) -> list[tuple[Any, str]]:
    """``(topic handler, destination)`` pairs; topics without data are skipped with a note."""
    if args.topic is not None:
        handler = require_topic(client, args.sequence, args.topic)
        return [(handler, args.output or _default_file(args.sequence, handler.name, fmt))]
    sequence = require_sequence(client, args.sequence)
    directory = Path(args.output or args.sequence)
    jobs = []
    for name in sequence.topics:
        handler = client.topic_handler(args.sequence, name)
        if handler is None or handler.chunks_number == 0:
            note(f"{name}: skipped, it holds no data")
            continue
        jobs.append((handler, str(directory / _topic_path(name, fmt))))
    return jobs


def _check_export_args(args: argparse.Namespace) -> None:
    if args.output == "-" and args.topic is None:
        raise UsageError("-o - (stdout) needs a topic: a sequence is exported to a directory")
    if args.output == "-" and args.json:
        raise UsageError("--json and -o - both want stdout: choose one")


def cmd_export(args: argparse.Namespace) -> int:
    """Download a topic (``get``, ``export SEQ TOPIC``) or every topic of a sequence."""
    from .tables import table_format

    _check_export_args(args)
    start, end = parse_time(args.start), parse_time(args.end)
    fmt = table_format(args.output if args.topic else None, args.format)
    files = []
    with open_client(args) as client:
        for handler, destination in _export_jobs(client, args, fmt):
            table = _read_topic(handler, start, end, args.no_progress)
            size = _write(table, destination, fmt)
            files.append({"sequence": args.sequence, "topic": handler.name, "path": destination,
                          "format": fmt, "rows": table.num_rows, "bytes": size})
    if args.json:
        emit_json({"files": files})
        return EXIT_OK
    out = sys.stderr if args.output == "-" else sys.stdout  # stdout may be carrying the data
    for item in files:
        shown = "" if item["bytes"] is None else f", {format_size(item['bytes'])}"
        print(f"wrote {item['path']}: {item['rows']} rows{shown}", file=out)
    return EXIT_OK


def _model_and_table(args: argparse.Namespace) -> tuple[Any, Any]:
    """The model (``--tag``, else the tag a Parquet file from ``export`` carries) and the
    file's table shaped into the model's topic schema."""
    from mosaicolabs.domain.errors import InvalidRequestError
    from mosaicolabs.domain.ontology.message import message_schema
    from mosaicolabs.domain.ontology.registry import model_for_tag

    from .tables import conform, read_table, table_format, tag_in_file

    if not Path(args.file).is_file():
        raise UsageError(f"no such file: {args.file}")
    try:
        fmt = table_format(args.file, args.format, default=None)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    raw = read_table(args.file, "parquet") if fmt == "parquet" else None
    tag = args.tag or (tag_in_file(raw.schema) if raw is not None else "")
    if not tag:
        raise UsageError("--tag is needed: the file does not say which model it holds")
    try:
        model = model_for_tag(tag)
    except InvalidRequestError:
        raise UsageError(f"unknown ontology tag {tag!r} (e.g. imu, gps, floating64)") from None
    schema = message_schema(model)
    if raw is None:
        raw = read_table(args.file, fmt, schema)
    return model, conform(raw, schema)


def _upload(session: Any, args: argparse.Namespace, model: Any, table: Any) -> None:
    metadata = parse_json_object(args.metadata_json, "--metadata-json")
    writer = session.topic_create(args.topic, metadata, model)
    rows_per_slice = max(1, _SLICE_BYTES * max(1, table.num_rows) // max(1, table.nbytes))
    with open_progress(args.topic, table.nbytes, disabled=args.no_progress) as bar:
        for offset in range(0, table.num_rows, rows_per_slice):
            piece = table.slice(offset, rows_per_slice)
            writer.push_batch(piece)
            bar.update(piece.nbytes)


def cmd_put(args: argparse.Namespace) -> int:
    """Upload a Parquet or CSV file as a new topic (creating the sequence if needed)."""
    from mosaicolabs.domain.policies import SessionLevelErrorPolicy

    sequence_metadata = parse_json_object(args.sequence_metadata_json,
                                          "--sequence-metadata-json")
    parse_json_object(args.metadata_json, "--metadata-json")  # bad JSON: fail before connecting
    model, table = _model_and_table(args)
    policy = SessionLevelErrorPolicy.Delete  # all or nothing: a retry must not find leftovers
    with open_client(args) as client:
        existing = client.sequence_handler(args.sequence)
        if existing is None:
            session = client.sequence_create(args.sequence, sequence_metadata, on_error=policy)
        else:
            if args.sequence_metadata_json is not None:
                note(f"sequence '{args.sequence}' exists: --sequence-metadata-json ignored")
            session = existing.update(on_error=policy)
        with session:
            _upload(session, args, model, table)
    doc = {"sequence": args.sequence, "topic": args.topic, "ontology_tag": model.__ontology_tag__,
           "rows": table.num_rows, "bytes": table.nbytes, "created_sequence": existing is None}
    if args.json:
        emit_json(doc)
    else:
        print(f"uploaded {doc['rows']} rows ({format_size(doc['bytes'])}) to "
              f"{args.sequence} {args.topic} as {doc['ontology_tag']}")
    return EXIT_OK
