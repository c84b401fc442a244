"""Write a sequence of several ontologies with the official client, then read it back.

Prints ``pushed`` (per topic, in push order), ``sequences``, ``sequence`` and
``topics`` (handler metadata), ``read_full`` / ``read_bounded`` (per topic),
``merged`` / ``merged_bounded`` (``SequenceHandler.get_data_streamer``: what it
yields, as ``[item type, topic, message]``), ``missing`` (handlers of unknown names)
and ``duplicate_create`` (creating the same sequence again).
"""

from __future__ import annotations

from _official import (
    attempt,
    connect,
    emit,
    message_json,
    parse_args,
    sequence_facts,
    to_json,
    topic_facts,
)

from mosaicolabs import (
    GPS,
    IMU,
    CompressedImage,
    Floating64,
    GPSStatus,
    Image,
    Message,
    Point3d,
    Quaternion,
    String,
    Vector3d,
)

T0 = 1_700_000_000_000_000_000
SEQUENCE = "drive_001"
METADATA = {"driver": {"name": "ann", "years": 7}, "weather": "rain", "visibility": 40.5,
            "tags": ["urban", "night"]}
BOUNDS = (T0 + 10, T0 + 41)  # [start, end)


def _imu(i: int) -> Message:
    data = IMU(acceleration=Vector3d(x=1.5 * i, y=-float(i), z=9.81),
               angular_velocity=Vector3d(x=0.0, y=0.0, z=0.01 * i),
               orientation=Quaternion(x=0.0, y=0.0, z=0.0, w=1.0) if i % 2 == 0 else None)
    return Message(timestamp_ns=T0 + 10 * i, data=data, frame_id="imu_link",
                   recording_timestamp_ns=T0 + 10 * i + 3, sequence_id=i)


def _gps(i: int) -> Message:
    data = GPS(position=Point3d(x=45.0 + i / 1000, y=9.19, z=120.0),
               velocity=Vector3d(x=1.0, y=0.0, z=0.0) if i else None,
               status=GPSStatus(status=0, service=1, satellites=8 + i))
    return Message(timestamp_ns=T0 + 5 + 20 * i, data=data)


def plan() -> list[tuple[str, dict, type, list[Message]]]:
    """(topic, metadata, ontology class, messages in push order)."""
    imu = [_imu(i) for i in (0, 2, 1, 3, 5, 4)]  # out of order on purpose
    raw = [Message(timestamp_ns=T0 + 7 + i, data=Image(
        data=bytes(range(i, i + 12)), format="raw", width=2, height=2, stride=6,
        encoding="rgb8", is_bigendian=bool(i))) for i in range(2)]
    jpeg = [Message(timestamp_ns=T0 + 8 + i, data=CompressedImage(
        data=b"\xff\xd8" + bytes([i]) * 5 + b"\xff\xd9", format="jpeg")) for i in range(2)]
    speed = [Message(timestamp_ns=T0 + 3 + 10 * i, data=Floating64(data=i / 3))
             for i in range(5)]
    log = [Message(timestamp_ns=T0 + 15 * i, data=String(data=f"line {i} ✓"))
           for i in range(3)]
    return [
        ("/sensors/imu", {"interface": {"type": "UART", "rate_hz": 100}}, IMU, imu),
        ("/sensors/gps", {"vendor": "ublox"}, GPS, [_gps(i) for i in range(4)]),
        ("/camera/raw", {}, Image, raw),
        ("/camera/jpeg", {"quality": 90}, CompressedImage, jpeg),
        ("/speed", {"unit": "m/s"}, Floating64, speed),
        ("/log", {}, String, log),
        ("/idle", {"note": "no data"}, Floating64, []),
    ]


def write(client) -> dict:
    pushed = {}
    with client.sequence_create(SEQUENCE, METADATA) as writer:
        for name, metadata, cls, messages in plan():
            topic = writer.topic_create(name, metadata, cls)
            for message in messages:
                topic.push(message)
            pushed[name] = [message_json(m) for m in messages]
    return pushed


def merged(handler, **kwargs) -> list:
    streamer = handler.get_data_streamer(**kwargs)
    first = streamer.next_timestamp()
    items = [[type(item).__name__, item[0], message_json(item[1])] for item in streamer]
    return [first, items]


def main() -> None:
    args = parse_args()
    client = connect(args)
    try:
        result = {"pushed": write(client), "sequences": client.list_sequences()}
        handler = client.sequence_handler(SEQUENCE)
        result["sequence"] = sequence_facts(handler)
        topics, full, bounded = {}, {}, {}
        for name, _metadata, _cls, messages in plan():
            th = client.topic_handler(SEQUENCE, name)
            topics[name] = topic_facts(th)
            if messages:
                full[name] = [message_json(m) for m in th.get_data_streamer()]
                bounded[name] = [message_json(m) for m in th.get_data_streamer(*BOUNDS)]
            else:
                full[name] = attempt(th.get_data_streamer)
        result.update(topics=topics, read_full=full, read_bounded=bounded, bounds=BOUNDS)
        result["merged"] = merged(handler)
        result["merged_bounded"] = merged(
            handler, topics=["/sensors/imu", "/speed"],
            start_timestamp_ns=BOUNDS[0], end_timestamp_ns=BOUNDS[1])
        result["missing"] = {
            "sequence": to_json(client.sequence_handler("no_such_sequence")),
            "topic": to_json(client.topic_handler(SEQUENCE, "/no/such/topic")),
        }

        def again():
            with client.sequence_create(SEQUENCE, {}) as writer:
                writer.topic_create("/again", {}, Floating64)

        result["duplicate_create"] = attempt(again)
        result["sequences_after"] = client.list_sequences()
    finally:
        client.close()
    emit(result)


if __name__ == "__main__":
    main()
