"""Write given messages with the official client: one topic ``/<tag>`` per ontology tag.

``--input`` is a JSON file ``{tag: [{timestamp_ns, recording_timestamp_ns, frame_id,
sequence_id, data}]}`` (bytes as ``{"$hex": ...}``). Messages the official models
refuse are skipped and reported. Prints ``{"written": {tag: n}, "refused": {tag:
[[index, error]]}}``.
"""

from __future__ import annotations

import json

from _official import connect, emit, from_json, parse_args, registry

from mosaicolabs import Message


def build(cls, row: dict) -> Message:
    fields = from_json(row)
    return Message(timestamp_ns=fields["timestamp_ns"], data=cls(**fields["data"]),
                   recording_timestamp_ns=fields["recording_timestamp_ns"],
                   frame_id=fields["frame_id"], sequence_id=fields["sequence_id"])


def main() -> None:
    args = parse_args(("--input", {"required": True}), ("--sequence", {"required": True}))
    with open(args.input, encoding="utf-8") as handle:
        spec = json.load(handle)
    classes = registry()
    written, refused = {}, {}
    client = connect(args)
    try:
        with client.sequence_create(args.sequence, {"writer": "official"}) as writer:
            for tag, rows in spec.items():
                cls = classes[tag]
                topic = writer.topic_create(f"/{tag}", {"tag": tag}, cls)
                written[tag] = 0
                for index, row in enumerate(rows):
                    try:
                        message = build(cls, row)
                    except Exception as exc:  # noqa: BLE001 - pydantic refused the row
                        refused.setdefault(tag, []).append([index, type(exc).__name__])
                        continue
                    topic.push(message)
                    written[tag] += 1
    finally:
        client.close()
    emit({"written": written, "refused": refused})


if __name__ == "__main__":
    main()
