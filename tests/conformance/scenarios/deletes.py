"""Deleting with the official client: a whole sequence, one session, and unknown names.

``keep`` gets a second session through ``SequenceHandler.update()``; that session
is then deleted with ``session_delete``. ``gone`` is deleted with
``sequence_delete``. Prints the catalogue state after each step.
"""

from __future__ import annotations

from _official import attempt, connect, emit, parse_args, to_json

from mosaicolabs import Floating64, Message


def fill(writer, topic: str, start: int) -> None:
    handle = writer.topic_create(topic, {}, Floating64)
    for i in range(3):
        handle.push(Message(timestamp_ns=start + i, data=Floating64(data=float(i))))


def state(client, name: str) -> dict:
    client.clear_sequence_handlers_cache()
    handler = client.sequence_handler(name)
    if handler is None:
        return {"exists": False}
    return {"exists": True, "topics": handler.topics, "sessions": len(handler.sessions)}


def main() -> None:
    args = parse_args()
    client = connect(args)
    result: dict = {}
    try:
        for name in ("keep", "gone"):
            with client.sequence_create(name, {"name": name}) as writer:
                fill(writer, "/first", 100)
        with client.sequence_handler("keep").update() as updater:
            fill(updater, "/second", 200)
            second_session = updater.session_uuid
        result["before"] = {"keep": state(client, "keep"), "gone": state(client, "gone"),
                            "sequences": client.list_sequences()}
        result["session_delete"] = attempt(client.session_delete, second_session)
        result["sequence_delete"] = attempt(client.sequence_delete, "gone")
        result["after"] = {"keep": state(client, "keep"), "gone": state(client, "gone"),
                           "sequences": client.list_sequences(),
                           "topic_gone": to_json(client.topic_handler("gone", "/first")),
                           "second_gone": to_json(client.topic_handler("keep", "/second"))}
        result["delete_again"] = attempt(client.sequence_delete, "gone")
        result["session_delete_unknown"] = attempt(
            client.session_delete, "00000000-0000-4000-8000-000000000000")
        kept = client.topic_handler("keep", "/first")
        result["kept_rows"] = [m.data.data for m in kept.get_data_streamer()]
    finally:
        client.close()
    emit(result)


if __name__ == "__main__":
    main()
