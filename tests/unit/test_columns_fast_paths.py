"""The flat-struct fast path of ``messages_to_batch`` gives what the general path gives.

A struct column of a flat model (every field a leaf) with no None row is converted
from one tuple per row; anything else, or any value that does not fit, goes through
the general path, which raises the usual errors. These tests compare both paths.
"""

from __future__ import annotations

import copy
from typing import Any

import pyarrow as pa
import pytest

from mosaicolabs import IMU, Message, Quaternion, Vector3d
from mosaicolabs.domain.errors import InvalidRequestError
from mosaicolabs.domain.ontology import columns
from mosaicolabs.domain.ontology.columns import messages_to_batch
from mosaicolabs.domain.ontology.message import message_schema
from mosaicolabs.domain.ontology.serializable import model_for_tag
from tests.ontology_samples import SAMPLES, messages_for


def _general(model: Any, messages: list[Message], monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as patch:
        patch.setattr(columns, "_flat_struct", lambda *_: None)
        return messages_to_batch(model, messages, message_schema(model))


def _both(model: Any, messages: list[Message], monkeypatch: pytest.MonkeyPatch) -> Any:
    fast = messages_to_batch(model, messages, message_schema(model))
    general = _general(model, messages, monkeypatch)
    assert fast.schema == general.schema
    assert fast.equals(general)
    return fast


def _error(model: Any, messages: list[Message], monkeypatch: pytest.MonkeyPatch) -> str:
    with pytest.raises(InvalidRequestError) as fast:
        messages_to_batch(model, messages, message_schema(model))
    with pytest.raises(InvalidRequestError) as general:
        _general(model, messages, monkeypatch)
    assert str(fast.value) == str(general.value)
    return str(fast.value)


def _imu(i: int, **kwargs: Any) -> Message:
    return Message(timestamp_ns=i, data=IMU(
        acceleration=Vector3d(x=float(i), y=2.0, z=3.0),
        angular_velocity=Vector3d(x=0.1, y=0.2, z=0.3, **kwargs)))


@pytest.mark.parametrize("tag", sorted(SAMPLES))
def test_every_sample_model_same_batch(tag: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _both(model_for_tag(tag), messages_for(tag), monkeypatch)


def test_imu_shapes_same_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = [_imu(i) for i in range(50)]
    with_lists = [_imu(i, covariance=[float(i)] * 9, covariance_type=1) for i in range(50)]
    mixed = plain[:25] + with_lists[:25]
    oriented = [Message(timestamp_ns=i, data=IMU(
        acceleration=Vector3d(x=1.0, y=2.0, z=3.0),
        angular_velocity=Vector3d(x=0.1, y=0.2, z=0.3),
        orientation=Quaternion(x=0.0, y=0.0, z=0.0, w=1.0) if i % 3 else None))
        for i in range(30)]
    for messages in (plain, with_lists, mixed, oriented, plain[:1]):
        batch = _both(IMU, messages, monkeypatch)
        assert batch.num_rows == len(messages)


def test_values_changed_after_construction_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    messages = [_imu(i) for i in range(10)]
    messages[3].data.acceleration.x = 7  # an int in a double column: converted by both
    messages[4].data.acceleration.y = None  # a nullable leaf set to None
    messages[5].data.angular_velocity.covariance = [1.0, 2.0]
    _both(IMU, messages, monkeypatch)


@pytest.mark.parametrize(("field", "value"), [
    ("x", "not a float"), ("covariance", "nope"), ("covariance", [1.0, "x"]),
    ("covariance_type", 10**9), ("covariance_type", "1"), ("z", object()),
])
def test_wrong_values_refused_with_the_general_error(
        field: str, value: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    messages = [_imu(i) for i in range(10)]
    setattr(messages[6].data.acceleration, field, value)
    message = _error(IMU, messages, monkeypatch)
    assert f"acceleration.{field}" in message


def test_wrong_struct_type_and_required_none_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    messages = [_imu(i) for i in range(5)]
    messages[2].data.acceleration = Quaternion(x=0.0, y=0.0, z=0.0, w=1.0)
    assert "expects Vector3d" in _error(IMU, messages, monkeypatch)
    messages = [_imu(i) for i in range(5)]
    messages[1].data.angular_velocity = None
    assert "required" in _error(IMU, messages, monkeypatch)


def test_required_leaf_none_goes_to_the_general_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # A flat model whose field is not nullable: a None there is refused as before.
    spec = Vector3d.model_spec()
    required_x = copy.copy(spec.fields[0])
    object.__setattr__(required_x, "arrow", spec.fields[0].arrow.with_nullable(False))
    fields = (required_x, *spec.fields[1:])
    struct_type = pa.struct([f.arrow for f in fields])
    patched = type(spec)(fields)
    column = columns.FieldSpec("acceleration", pa.field("acceleration", struct_type,
                                                        nullable=False), Vector3d)
    values = [Vector3d(x=1.0, y=2.0, z=3.0) for _ in range(4)]
    monkeypatch.setattr(Vector3d, "model_spec", classmethod(lambda cls: patched))
    monkeypatch.setattr(columns, "_FLAT", {})
    fast = columns._array(list(values), column, "acceleration")  # pyright: ignore[reportPrivateUsage]
    assert fast.type == struct_type
    values[2].x = None
    with pytest.raises(InvalidRequestError, match=r"'acceleration\.x' is required"):
        columns._array(values, column, "acceleration")  # pyright: ignore[reportPrivateUsage]
    assert columns._flat_struct(  # pyright: ignore[reportPrivateUsage]
        values, {Vector3d}, column) is None
