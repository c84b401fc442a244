"""Seed four sequences with the official client, then run the documented query builders.

Prints ``{"queries": {name: [{"sequence", "topics": [[topic, range|None]]}] | error}}``.
"""

from __future__ import annotations

from _official import attempt, connect, emit, parse_args, query_json

from mosaicolabs import (
    GPS,
    IMU,
    Floating16,
    Floating64,
    Message,
    Point3d,
    Query,
    QueryOntologyCatalog,
    QuerySequence,
    QueryTopic,
    Unsigned64,
    Vector3d,
)

T0 = 1_000_000

#: sequence -> (metadata, IMU acceleration.x values, GPS altitude values)
SEEDS = {
    "test_drive_a": ({"environment": {"visibility": 40, "weather": "rain"}, "car": "alpha"},
                     [1.0, 6.5, 2.0, 7.5], [100.0, 110.0]),
    "test_drive_b": ({"environment": {"visibility": 80, "weather": "sun"}, "car": "beta"},
                     [0.5, 1.5], [50.0]),
    "other_run": ({"environment": {"visibility": 45.5}, "car": "alpha"}, [9.0], []),
}


def seed(client) -> None:
    for name, (metadata, accel, alt) in SEEDS.items():
        with client.sequence_create(name, metadata) as writer:
            imu = writer.topic_create("/sensors/imu", {"interface": {"type": "UART"}}, IMU)
            for i, x in enumerate(accel):
                imu.push(Message(timestamp_ns=T0 + 100 * i, frame_id=f"f{i % 2}", data=IMU(
                    acceleration=Vector3d(x=x, y=0.0, z=9.8),
                    angular_velocity=Vector3d(x=0.0, y=0.0, z=0.0))))
            if alt:
                gps = writer.topic_create("/sensors/gps", {"interface": {"type": "USB"}}, GPS)
                for i, z in enumerate(alt):
                    gps.push(Message(timestamp_ns=T0 + 50 + 100 * i,
                                     data=GPS(position=Point3d(x=45.0, y=9.0, z=z))))
            speed = writer.topic_create("/speed", {}, Floating64)
            speed.push(Message(timestamp_ns=T0, data=Floating64(data=len(accel))))
    with client.sequence_create("numeric_run", {}) as writer:
        half = writer.topic_create("/half", {}, Floating16)
        wide = writer.topic_create("/u64", {}, Unsigned64)
        for i, value in enumerate([0.5, -1.25, 1024.0]):
            half.push(Message(timestamp_ns=T0 + i, data=Floating16(data=value)))
        for i, value in enumerate([0, 5, 2**64 - 1]):
            wide.push(Message(timestamp_ns=T0 + i, data=Unsigned64(data=value)))


def builders() -> dict:
    """name -> builders passed to ``client.query`` (or a ``Query``)."""
    return {
        "seq_name": [QuerySequence().with_name("test_drive_a")],
        "seq_name_match": [QuerySequence().with_name_match("drive")],
        "seq_name_none": [QuerySequence().with_name("nope")],
        "seq_meta_lt": [QuerySequence().with_user_metadata("environment.visibility", lt=50)],
        "seq_meta_eq_str": [QuerySequence().with_user_metadata("car", eq="alpha")],
        "seq_meta_between": [QuerySequence().with_user_metadata(
            "environment.visibility", between=[41, 100])],
        "topic_tag_imu": [QueryTopic().with_ontology_tag(IMU.__ontology_tag__)],
        "topic_tag_gps": [QueryTopic().with_ontology_tag("gps")],
        "topic_name": [QueryTopic().with_name("/sensors/gps")],
        "topic_name_match": [QueryTopic().with_name_match("sensors")],
        "topic_meta": [QueryTopic().with_user_metadata("interface.type", eq="USB")],
        "ontology_gt": [QueryOntologyCatalog(IMU.Q.acceleration.x.gt(5.0))],
        "ontology_gt_range": [QueryOntologyCatalog(IMU.Q.acceleration.x.gt(5.0),
                                                   include_timestamp_range=True)],
        "ontology_row_and": [QueryOntologyCatalog(IMU.Q.acceleration.x.gt(5.0))
                             .with_expression(IMU.Q.frame_id.eq("f0"))],
        "ontology_two_tags": [QueryOntologyCatalog(IMU.Q.acceleration.x.geq(1.0),
                                                   include_timestamp_range=True)
                              .with_expression(GPS.Q.position.z.lt(105.0))],
        "ontology_between": [QueryOntologyCatalog(
            IMU.Q.timestamp_ns.between([T0 + 100, T0 + 200]), include_timestamp_range=True)],
        "ontology_in": [QueryOntologyCatalog(Floating64.Q.data.in_([1.0, 2.0]))],
        "ontology_float16_eq": [QueryOntologyCatalog(Floating16.Q.data.eq(0.5))],
        "ontology_float16_gt": [QueryOntologyCatalog(Floating16.Q.data.gt(0.0),
                                                     include_timestamp_range=True)],
        "ontology_uint64_gt": [QueryOntologyCatalog(Unsigned64.Q.data.gt(1),
                                                    include_timestamp_range=True)],
        "ontology_uint64_small": [QueryOntologyCatalog(Unsigned64.Q.data.lt(3))],
        "combined": [QuerySequence().with_name_match("test_drive"),
                     QueryTopic().with_ontology_tag("imu"),
                     QueryOntologyCatalog(IMU.Q.acceleration.x.lt(1.8),
                                          include_timestamp_range=True)],
        "query_object": Query(QuerySequence().with_user_metadata("car", eq="alpha"),
                              QueryTopic().with_name("/speed")),
    }


def main() -> None:
    args = parse_args()
    client = connect(args)
    try:
        seed(client)
        results = {}
        for name, query in builders().items():
            if isinstance(query, list):
                outcome = attempt(lambda q=query: query_json(client.query(*q)))
            else:
                outcome = attempt(lambda q=query: query_json(client.query(query=q)))
            results[name] = outcome.get("ok", outcome)
        first = client.query(QueryOntologyCatalog(IMU.Q.acceleration.x.gt(8.0)))
        results["chained"] = query_json(client.query(
            first.to_query_sequence(), QueryTopic().with_name("/speed")))
        results["duplicate_block"] = attempt(
            client.query, QuerySequence().with_name("a"), QuerySequence().with_name("b"))
    finally:
        client.close()
    emit({"queries": results})


if __name__ == "__main__":
    main()
