"""An error inside a writer block, under each session policy, then notifications.

For ``Report`` (sequence ``pol_report``) and ``Delete`` (``pol_delete``): what
propagated out of the block, which sequences exist afterwards, the sequence and
topic notifications, and the topic's state. Then topic-level policies
(``Finalize``, ``Ignore``) in a clean block, and purging notifications.
"""

from __future__ import annotations

from _official import attempt, connect, emit, error_json, parse_args, to_json, topic_facts

from mosaicolabs import (
    Floating64,
    Message,
    SessionLevelErrorPolicy,
    TopicLevelErrorPolicy,
)


def failing_block(client, name: str, policy) -> dict:
    """Push two rows, then raise inside the ``with`` block."""
    try:
        with client.sequence_create(name, {"policy": policy.name}, on_error=policy) as writer:
            topic = writer.topic_create("/data", {}, Floating64)
            topic.push(Message(timestamp_ns=1, data=Floating64(data=1.0)))
            topic.push(Message(timestamp_ns=2, data=Floating64(data=2.0)))
            raise RuntimeError(f"sensor unplugged ({name})")
    except Exception as exc:  # noqa: BLE001 - what propagates is the result
        return error_json(exc)
    return {"error": None}


def notifications(client, sequence: str, topic: str | None = None) -> dict:
    if topic is None:
        return attempt(client.list_sequence_notifications, sequence)
    return attempt(client.list_topic_notifications, sequence, topic)


def topic_policies(client) -> dict:
    """Finalize and Ignore swallow the error; the session still finalizes."""
    out = {}
    with client.sequence_create("pol_topics", {}) as writer:
        with writer.topic_create("/fin", {}, Floating64,
                                 on_error=TopicLevelErrorPolicy.Finalize) as fin:
            fin.push(Message(timestamp_ns=1, data=Floating64(data=1.0)))
            raise ValueError("finalize me")
        with writer.topic_create("/ign", {}, Floating64,
                                 on_error=TopicLevelErrorPolicy.Ignore) as ign:
            raise ValueError("ignore me")
        ign.push(Message(timestamp_ns=5, data=Floating64(data=5.0)))
        out["statuses"] = {"fin": to_json(fin.status), "ign": to_json(ign.status)}
    for name in ("/fin", "/ign"):
        out[name] = {"notes": notifications(client, "pol_topics", name),
                     "facts": topic_facts(client.topic_handler("pol_topics", name))}
    return out


def main() -> None:
    args = parse_args()
    client = connect(args)
    result: dict = {}
    try:
        for label, policy in (("report", SessionLevelErrorPolicy.Report),
                              ("delete", SessionLevelErrorPolicy.Delete)):
            name = f"pol_{label}"
            raised = failing_block(client, name, policy)
            handler = client.sequence_handler(name)
            result[label] = {
                "raised": raised,
                "sequences": client.list_sequences(),
                "sequence_notes": notifications(client, name),
                "topic_notes": notifications(client, name, "/data"),
                "locked_sessions": None if handler is None
                else [s.locked for s in handler.sessions],
                "topic": None if handler is None
                else topic_facts(client.topic_handler(name, "/data")),
            }
        result["topic_policies"] = topic_policies(client)
        result["purge"] = {
            "sequence": attempt(client.clear_sequence_notifications, "pol_report"),
            "topic": attempt(client.clear_topic_notifications, "pol_report", "/data"),
            "after": [notifications(client, "pol_report"),
                      notifications(client, "pol_report", "/data")],
        }
    finally:
        client.close()
    emit(result)


if __name__ == "__main__":
    main()
