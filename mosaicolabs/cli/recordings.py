"""Recording commands: ``import-recording`` (a ROS bag / MCAP file as a new sequence)
and ``export-recording`` (a sequence back to MCAP or a ROS bag).

``import-recording PATH --name NAME --dry-run`` only reads the file: it lists the
topics, their ROS types, message counts and the model each would be stored as,
without connecting to a server. Progress goes to stderr only on a terminal.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from .common import EXIT_OK, UsageError, open_client, parse_json_object
from .output import emit_json, format_size, note, print_table
from .progress import open_progress

__all__ = ["add_recording_commands", "cmd_export_recording", "cmd_import_recording"]

_FORMATS = ("mcap", "rosbag2", "rosbag2-mcap", "rosbag1")


def add_recording_commands(sub: Any, conn: argparse.ArgumentParser, add: Any) -> None:
    """Register the two commands (``add`` is the parser's ``_add`` helper)."""
    imp = add(sub, "import-recording", "recordings:cmd_import_recording",
              "import a ROS 1/ROS 2 bag or MCAP file as a new sequence", conn)
    imp.add_argument("path", metavar="PATH", help=".bag, .db3 or .mcap file, or ROS 2 bag dir")
    imp.add_argument("--name", required=True, help="the sequence to create")
    imp.add_argument("--topics", nargs="+", metavar="TOPIC", help="import only these topics")
    imp.add_argument("--dry-run", action="store_true",
                     help="list topics, types, counts and models; import nothing")
    imp.add_argument("--on-error", choices=("skip", "raise"), default="skip",
                     help="a message that does not decode: skip and count it (default), "
                          "or stop (nothing is kept)")
    imp.add_argument("--metadata-json", metavar="JSON", help="user metadata of the sequence")
    imp.add_argument("--batch-size", type=int, default=1000, metavar="N",
                     help="messages per uploaded batch, per topic (1000)")
    imp.add_argument("--no-progress", action="store_true", help="never draw a progress bar")
    exp = add(sub, "export-recording", "recordings:cmd_export_recording",
              "write a sequence imported from a recording to MCAP or a ROS bag", conn)
    exp.add_argument("sequence")
    exp.add_argument("path", metavar="PATH", help="file or bag directory to create")
    exp.add_argument("--format", choices=_FORMATS, default=None,
                     help="default: rosbag1 for a .bag path, else mcap")
    exp.add_argument("--topics", nargs="+", metavar="TOPIC", help="export only these topics")
    exp.add_argument("--no-progress", action="store_true", help="never draw a progress bar")


def _disk_size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def _model_of(lookup: Any, topic: Any, types: Any) -> str:
    try:
        model = lookup(topic.ros_type, topic.definition, types).model
    except Exception as exc:  # the dry run reports, the import would fail on it
        return f"(none: {exc})"
    return f"{model.__name__} ({getattr(model, '__ontology_tag__', '?')})"


def _dry_run(args: argparse.Namespace) -> int:
    from mosaicolabs.application.recordings.importing import select_topics
    from mosaicolabs.recordings import mapping_lookup, open_recording

    lookup = mapping_lookup()
    reader = open_recording(args.path)
    try:
        selected = select_topics(reader, args.topics)
        rows: list[dict[str, Any]] = [
            {"topic": t.name, "ros_type": t.ros_type, "messages": t.count,
             "encoding": t.encoding, "model": _model_of(lookup, t, reader.types)}
            for t in selected]
    finally:
        reader.close()
    if args.json:
        emit_json({"path": str(args.path), "sequence": args.name, "topics": rows})
        return EXIT_OK
    print(f"{args.path}: {len(rows)} topics, {sum(t.count for t in selected)} messages "
          f"(dry run: nothing imported into '{args.name}')")
    print_table(("TOPIC", "ROS TYPE", "MESSAGES", "MODEL"),
                [(r["topic"], r["ros_type"], r["messages"], r["model"]) for r in rows])
    return EXIT_OK


def cmd_import_recording(args: argparse.Namespace) -> int:
    """Import a recording (or, with ``--dry-run``, describe what would be imported)."""
    from mosaicolabs.recordings import import_recording

    path = Path(args.path)
    if not path.exists():
        raise UsageError(f"no such file or directory: {args.path}")
    if args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    if args.dry_run:
        return _dry_run(args)
    metadata = parse_json_object(args.metadata_json, "--metadata-json")
    with open_client(args) as client, \
            open_progress(path.name, _disk_size(path), disabled=args.no_progress) as bar:
        shown = [0]

        def progress(state: Any) -> None:
            bar.update(state.bytes_done - shown[0])
            shown[0] = state.bytes_done

        summary = import_recording(client, path, args.name, topics=args.topics,
                                   metadata=metadata, on_error=args.on_error,
                                   progress=progress, batch_size=args.batch_size)
    topics = [{"topic": t.name, "ros_type": t.ros_type, "ontology_tag": t.ontology_tag,
               "messages": t.messages, "bytes": t.bytes, "skipped": t.skipped,
               "skip_reasons": t.skip_reasons} for t in summary.topics]
    if args.json:
        emit_json({"sequence": summary.sequence, "messages": summary.messages,
                   "bytes": summary.bytes, "skipped": summary.skipped,
                   "seconds": summary.seconds,
                   "messages_per_second": summary.messages_per_second, "topics": topics})
        return EXIT_OK
    print_table(("TOPIC", "ROS TYPE", "MODEL", "MESSAGES", "SKIPPED"),
                [(t["topic"], t["ros_type"], t["ontology_tag"], t["messages"], t["skipped"])
                 for t in topics])
    for t in summary.topics:
        for reason, count in t.skip_reasons.items():
            note(f"{t.name}: skipped {count}: {reason}")
    print(f"imported {summary.messages} messages ({format_size(summary.bytes)}) into "
          f"'{summary.sequence}' in {summary.seconds:.2f} s "
          f"({summary.messages_per_second:,.0f} msg/s), skipped {summary.skipped}")
    return EXIT_OK


def cmd_export_recording(args: argparse.Namespace) -> int:
    """Write a sequence to a new MCAP file or ROS bag."""
    from mosaicolabs.recordings import export_recording

    fmt = args.format or ("rosbag1" if str(args.path).endswith(".bag") else "mcap")
    if os.path.exists(args.path):
        raise UsageError(f"{args.path} exists already, not overwriting it")
    with open_client(args) as client:
        sequence = client.sequence_handler(args.sequence)
        total = None
        if sequence is not None:
            handlers = [client.topic_handler(args.sequence, n) for n in sequence.topics]
            total = sum(h.total_size_bytes or 0 for h in handlers if h is not None) or None
        with open_progress(args.sequence, total, disabled=args.no_progress) as bar:
            shown = [0]

            def progress(_messages: int, read: int) -> None:
                bar.update(read - shown[0])
                shown[0] = read

            summary = export_recording(client, args.sequence, args.path, format=fmt,
                                       topics=args.topics, progress=progress)
    if args.json:
        emit_json({"sequence": summary.sequence, "path": summary.path, "format": fmt,
                   "messages": summary.messages, "seconds": summary.seconds,
                   "topics": [{"topic": t.name, "ros_type": t.ros_type,
                               "messages": t.messages} for t in summary.topics],
                   "skipped_topics": summary.skipped_topics})
        return EXIT_OK
    for name, reason in summary.skipped_topics.items():
        note(f"{name}: not exported, {reason}")
    print(f"wrote {summary.path} ({fmt}): {len(summary.topics)} topics, "
          f"{summary.messages} messages in {summary.seconds:.2f} s")
    return EXIT_OK
