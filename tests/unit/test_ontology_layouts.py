"""Built-in ontology models: tags, formats and Arrow layouts match the wire spec, and round-trip.

The expected layouts are copied verbatim from the ontology spec (the column layouts the
official ``mosaicolabs`` 0.3.2 client writes), one ``"name: type[ not null]"`` string per
top-level column, as pyarrow prints the field.
"""

from __future__ import annotations

import dataclasses

import pyarrow as pa
import pytest

from mosaicolabs.domain.ontology import models
from mosaicolabs.domain.ontology.columns import batch_to_messages, messages_to_batch
from mosaicolabs.domain.ontology.message import ENVELOPE_FIELDS, message_schema
from mosaicolabs.domain.ontology.serializable import model_for_tag
from tests.ontology_samples import SAMPLES, messages_for

# tag -> (Python class name, serialization format, columns as printed in the spec)
EXPECTED: dict[str, tuple[str, str, list[str]]] = {
    "acceleration": ("Acceleration", "default", [
        (
            "linear: struct<x: double, y: double, z: double, covariance: list<item: double>, "
            "covariance_type: int16>"
        ),
        (
            "angular: struct<x: double, y: double, z: double, covariance: list<item: double>, "
            "covariance_type: int16>"
        ),
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "boolean": ("Boolean", "default", [
        "data: bool not null",
    ]),
    "camera_info": ("CameraInfo", "default", [
        "height: uint32 not null",
        "width: uint32 not null",
        "distortion_model: string not null",
        "distortion_parameters: list<item: double> not null",
        "intrinsic_parameters: fixed_size_list<item: double>[9] not null",
        "rectification_parameters: fixed_size_list<item: double>[9] not null",
        "projection_parameters: fixed_size_list<item: double>[12] not null",
        (
            "binning: struct<x: double, y: double, covariance: list<item: double>, "
            "covariance_type: int16>"
        ),
        (
            "roi: struct<offset: struct<x: double, y: double, covariance: list<item: double>, "
            "covariance_type: int16> not null, height: uint32 not null, width: uint32 not null, "
            "do_rectify: bool>"
        ),
    ]),
    "compressed_image": ("CompressedImage", "image", [
        "data: binary not null",
        "format: string not null",
    ]),
    "floating16": ("Floating16", "default", [
        "data: halffloat not null",
    ]),
    "floating32": ("Floating32", "default", [
        "data: float not null",
    ]),
    "floating64": ("Floating64", "default", [
        "data: double not null",
    ]),
    "force_torque": ("ForceTorque", "default", [
        (
            "force: struct<x: double, y: double, z: double, covariance: list<item: double>, "
            "covariance_type: int16> not null"
        ),
        (
            "torque: struct<x: double, y: double, z: double, covariance: list<item: double>, "
            "covariance_type: int16> not null"
        ),
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "gps": ("GPS", "default", [
        (
            "position: struct<x: double, y: double, z: double, covariance: list<item: double>, "
            "covariance_type: int16> not null"
        ),
        (
            "velocity: struct<x: double, y: double, z: double, covariance: list<item: double>, "
            "covariance_type: int16>"
        ),
        (
            "status: struct<status: int8 not null, service: uint16 not null, satellites: int8, "
            "hdop: double, vdop: double>"
        ),
    ]),
    "gps_status": ("GPSStatus", "default", [
        "status: int8 not null",
        "service: uint16 not null",
        "satellites: int8",
        "hdop: double",
        "vdop: double",
    ]),
    "image": ("Image", "image", [
        "data: binary not null",
        "format: string not null",
        "width: int32 not null",
        "height: int32 not null",
        "stride: int32 not null",
        "encoding: string not null",
        "is_bigendian: bool",
    ]),
    "imu": ("IMU", "default", [
        (
            "acceleration: struct<x: double, y: double, z: double, "
            "covariance: list<item: double>, covariance_type: int16> not null"
        ),
        (
            "angular_velocity: struct<x: double, y: double, z: double, "
            "covariance: list<item: double>, covariance_type: int16> not null"
        ),
        (
            "orientation: struct<x: double, y: double, z: double, w: double, "
            "covariance: list<item: double>, covariance_type: int16>"
        ),
    ]),
    "integer16": ("Integer16", "default", [
        "data: int16 not null",
    ]),
    "integer32": ("Integer32", "default", [
        "data: int32 not null",
    ]),
    "integer64": ("Integer64", "default", [
        "data: int64 not null",
    ]),
    "integer8": ("Integer8", "default", [
        "data: int8 not null",
    ]),
    "large_string": ("LargeString", "default", [
        "data: large_string not null",
    ]),
    "magnetometer": ("Magnetometer", "default", [
        (
            "magnetic_field: struct<x: double, y: double, z: double, "
            "covariance: list<item: double>, covariance_type: int16> not null"
        ),
    ]),
    "motion_state": ("MotionState", "default", [
        (
            "pose: struct<position: struct<x: double, y: double, z: double, "
            "covariance: list<item: double>, covariance_type: int16> not null, "
            "orientation: struct<x: double, y: double, z: double, w: double, "
            "covariance: list<item: double>, covariance_type: int16> not null, "
            "covariance: list<item: double>, covariance_type: int16> not null"
        ),
        (
            "velocity: struct<linear: struct<x: double, y: double, z: double, "
            "covariance: list<item: double>, covariance_type: int16>, angular: struct<x: double, "
            "y: double, z: double, covariance: list<item: double>, covariance_type: int16>, "
            "covariance: list<item: double>, covariance_type: int16> not null"
        ),
        "target_frame_id: string not null",
        (
            "acceleration: struct<linear: struct<x: double, y: double, z: double, "
            "covariance: list<item: double>, covariance_type: int16>, angular: struct<x: double, "
            "y: double, z: double, covariance: list<item: double>, covariance_type: int16>, "
            "covariance: list<item: double>, covariance_type: int16>"
        ),
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "nmea_sentence": ("NMEASentence", "default", [
        "sentence: string not null",
    ]),
    "point_2_d": ("Point2d", "default", [
        "x: double",
        "y: double",
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "point_3_d": ("Point3d", "default", [
        "x: double",
        "y: double",
        "z: double",
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "pose": ("Pose", "default", [
        (
            "position: struct<x: double, y: double, z: double, covariance: list<item: double>, "
            "covariance_type: int16> not null"
        ),
        (
            "orientation: struct<x: double, y: double, z: double, w: double, "
            "covariance: list<item: double>, covariance_type: int16> not null"
        ),
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "pressure": ("Pressure", "default", [
        "value: double not null",
        "variance: double",
        "variance_type: int16",
    ]),
    "quaternion": ("Quaternion", "default", [
        "x: double",
        "y: double",
        "z: double",
        "w: double",
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "range": ("Range", "default", [
        "radiation_type: uint8 not null",
        "field_of_view: float not null",
        "min_range: float not null",
        "max_range: float not null",
        "range: float not null",
        "variance: double",
        "variance_type: int16",
    ]),
    "robot_joint": ("RobotJoint", "default", [
        "names: list<item: string> not null",
        "positions: list<item: double> not null",
        "velocities: list<item: double> not null",
        "efforts: list<item: double> not null",
    ]),
    "roi": ("ROI", "default", [
        (
            "offset: struct<x: double, y: double, covariance: list<item: double>, "
            "covariance_type: int16> not null"
        ),
        "height: uint32 not null",
        "width: uint32 not null",
        "do_rectify: bool",
    ]),
    "string": ("String", "default", [
        "data: string not null",
    ]),
    "temperature": ("Temperature", "default", [
        "value: double not null",
        "variance: double",
        "variance_type: int16",
    ]),
    "transform": ("Transform", "default", [
        (
            "translation: struct<x: double, y: double, z: double, "
            "covariance: list<item: double>, covariance_type: int16> not null"
        ),
        (
            "rotation: struct<x: double, y: double, z: double, w: double, "
            "covariance: list<item: double>, covariance_type: int16> not null"
        ),
        "target_frame_id: string",
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "unsigned16": ("Unsigned16", "default", [
        "data: uint16 not null",
    ]),
    "unsigned32": ("Unsigned32", "default", [
        "data: uint32 not null",
    ]),
    "unsigned64": ("Unsigned64", "default", [
        "data: uint64 not null",
    ]),
    "unsigned8": ("Unsigned8", "default", [
        "data: uint8 not null",
    ]),
    "vector_2_d": ("Vector2d", "default", [
        "x: double",
        "y: double",
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "vector_3_d": ("Vector3d", "default", [
        "x: double",
        "y: double",
        "z: double",
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "vector_4_d": ("Vector4d", "default", [
        "x: double",
        "y: double",
        "z: double",
        "w: double",
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
    "velocity": ("Velocity", "default", [
        (
            "linear: struct<x: double, y: double, z: double, covariance: list<item: double>, "
            "covariance_type: int16>"
        ),
        (
            "angular: struct<x: double, y: double, z: double, covariance: list<item: double>, "
            "covariance_type: int16>"
        ),
        "covariance: list<item: double>",
        "covariance_type: int16",
    ]),
}

ENVELOPE = [
    "timestamp_ns: int64 not null",
    "recording_timestamp_ns: int64",
    "frame_id: string",
    "sequence_id: uint32",
]


def _printed(field: pa.Field) -> str:
    return f"{field.name}: {field.type}" + ("" if field.nullable else " not null")


TAGS = sorted(EXPECTED)


def test_spec_and_models_module_cover_the_same_classes():
    assert sorted(models.__all__) == sorted(name for name, _, _ in EXPECTED.values())
    assert set(SAMPLES) == set(EXPECTED)


@pytest.mark.parametrize("tag", TAGS)
def test_tag_is_registered_with_class_and_format(tag):
    name, fmt, _ = EXPECTED[tag]
    model = getattr(models, name)
    assert model.__name__ == name
    assert model.__dict__["__ontology_tag__"] == tag  # set explicitly, not derived
    assert model_for_tag(tag) is model
    assert model.__serialization_format__ == fmt


@pytest.mark.parametrize("tag", TAGS)
def test_arrow_layout_matches_spec(tag):
    name, _, columns = EXPECTED[tag]
    model = getattr(models, name)
    assert [_printed(f) for f in model.arrow_fields()] == columns
    assert all(f.metadata and f.metadata.get(b"description") for f in model.arrow_fields())


@pytest.mark.parametrize("tag", TAGS)
def test_message_schema_is_envelope_then_model_columns(tag):
    model = model_for_tag(tag)
    schema = message_schema(model)
    assert [_printed(f) for f in schema][:4] == ENVELOPE
    assert list(schema)[:4] == list(ENVELOPE_FIELDS)
    assert [_printed(f) for f in schema][4:] == EXPECTED[tag][2]


@pytest.mark.parametrize("tag", TAGS)
def test_round_trip(tag):
    model = model_for_tag(tag)
    msgs = messages_for(tag)
    assert len(msgs) >= 3 and all(type(m.data) is model for m in msgs)
    schema = message_schema(model)
    batch = messages_to_batch(model, msgs, schema)
    assert batch.schema == schema
    batch.validate(full=True)
    assert batch_to_messages(model, batch) == msgs
    # Through IPC (what goes on the wire) and on a sliced batch (offsets into children).
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, schema) as writer:
        writer.write_batch(batch)
    received = pa.ipc.open_stream(sink.getvalue()).read_next_batch()
    assert batch_to_messages(model, received) == msgs
    assert batch_to_messages(model, batch.slice(1)) == msgs[1:]


def _required_cases() -> list[tuple[str, str]]:
    return [
        (tag, f.arrow.name)
        for tag in TAGS
        for f in model_for_tag(tag).model_spec().fields
        if not f.arrow.nullable
    ]


@pytest.mark.parametrize(("tag", "missing"), _required_cases())
def test_missing_required_field_raises_type_error(tag, missing):
    model = model_for_tag(tag)
    sample = SAMPLES[tag][0]
    kwargs = {f.name: getattr(sample, f.name) for f in dataclasses.fields(model)}
    assert model(**kwargs) == sample
    del kwargs[missing]
    with pytest.raises(TypeError, match=missing):
        model(**kwargs)


@pytest.mark.parametrize("tag", TAGS)
def test_optional_fields_default_to_none(tag):
    model = model_for_tag(tag)
    sample = SAMPLES[tag][0]
    required = {f.arrow.name for f in model.model_spec().fields if not f.arrow.nullable}
    obj = model(**{name: getattr(sample, name) for name in required})
    for f in dataclasses.fields(model):
        if f.name not in required:
            assert getattr(obj, f.name) is None
