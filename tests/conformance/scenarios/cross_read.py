"""Read every topic of ``--sequence`` with the official client and print the messages.

Prints ``{"topics": {topic: [message] | {"error"...}}, "facts": {topic: {...}}}``.
"""

from __future__ import annotations

from _official import attempt, connect, emit, message_json, parse_args

FACTS = ("ontology_tag", "serialization_format", "user_metadata", "chunks_number", "locked")


def main() -> None:
    args = parse_args(("--sequence", {"required": True}))
    client = connect(args)
    topics, facts = {}, {}
    try:
        handler = client.sequence_handler(args.sequence)
        for name in handler.topics:
            topic = client.topic_handler(args.sequence, name)
            facts[name] = {f: getattr(topic, f) for f in FACTS}
            outcome = attempt(lambda t=topic: [message_json(m) for m in t.get_data_streamer()])
            topics[name] = outcome.get("ok", outcome)
    finally:
        client.close()
    emit({"topics": topics, "facts": facts})


if __name__ == "__main__":
    main()
