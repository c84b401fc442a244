"""Bad values are refused where they enter (issue 16, item 11).

A wrong-typed value fails at the model's construction (or, for the envelope, at
``push``) with a typed error naming the model, the field and the value's type;
everything accepted before it and after it is stored when the block exits.
"""

from __future__ import annotations

import dataclasses
import decimal
import fractions

import numpy as np
import pyarrow as pa
import pytest

from mosaicolabs import (
    IMU,
    Boolean,
    CameraInfo,
    CompressedImage,
    Floating32,
    Floating64,
    Integer8,
    Message,
    Quaternion,
    String,
    Unsigned8,
    Unsigned64,
    Vector3d,
)
from mosaicolabs.domain.errors import InvalidRequestError
from mosaicolabs.domain.ontology.models import Range, RobotJoint
from mosaicolabs.domain.ontology.registry import model_for_tag
from mosaicolabs.domain.ontology.validation import ModelValidationError
from mosaicolabs.testing import MemoryEngine, memory_client
from tests.ontology_samples import SAMPLES


@pytest.fixture
def client():
    engine = MemoryEngine()
    with memory_client(engine) as c:
        yield c


def stored(client, sequence: str, topic: str) -> pa.Table:
    return client.topic_handler(sequence, topic).to_arrow()


def imu(x: float = 0.1) -> IMU:
    return IMU(acceleration=Vector3d(x=x, y=0.2, z=9.81),
               angular_velocity=Vector3d(x=0.0, y=0.0, z=0.1))


# -- the reported case: message 10 of 100 is bad -----------------------------------------


def test_bad_float_is_refused_at_its_push_and_the_other_99_are_stored(client):
    with client.sequence_create("run", {}) as writer:
        topic = writer.topic_create("/values", {}, Floating64)
        for i in range(100):
            if i == 9:
                with pytest.raises(ModelValidationError) as caught:
                    topic.push(Message(timestamp_ns=i, data=Floating64(data="bad")))
                continue
            topic.push(Message(timestamp_ns=i, data=Floating64(data=float(i))))
        assert topic.is_active
    error = caught.value
    assert isinstance(error, InvalidRequestError) and isinstance(error, ValueError)
    assert error.field == "Floating64.data" and error.got == "str"
    assert "Floating64.data" in str(error) and "str" in str(error)
    table = stored(client, "run", "/values")
    assert table.num_rows == 99
    assert table.column("timestamp_ns").to_pylist() == [i for i in range(100) if i != 9]
    handler = client.sequence_handler("run")
    assert all(session.locked for session in handler.sessions)  # finalized, not left open
    assert client.list_sequence_notifications("run") == []


def test_a_value_changed_after_construction_is_dropped_at_flush_and_the_rest_kept(client):
    # Attributes are not checked when assigned (pydantic does not check them either):
    # the record is refused when the batch is built, the others still stored.
    with pytest.raises(InvalidRequestError, match="data"):
        with client.sequence_create("late", {}) as writer:
            topic = writer.topic_create("/values", {}, Floating64)
            for i in range(100):
                value = Floating64(data=float(i))
                if i == 9:
                    value.data = "bad"
                topic.push(Message(timestamp_ns=i, data=value))
    assert stored(client, "late", "/values").num_rows == 99
    assert all(s.locked for s in client.sequence_handler("late").sessions)


def test_a_refused_push_leaves_the_writer_usable_under_every_policy(client):
    with client.sequence_create("run", {}) as writer:
        topic = writer.topic_create("/imu", {}, IMU)
        topic.push(Message(timestamp_ns=1, data=imu()))
        with pytest.raises(ModelValidationError):
            topic.push(Message(timestamp_ns=2, data=IMU(
                acceleration=Vector3d(x="1"), angular_velocity=Vector3d())))
        topic.push(Message(timestamp_ns=3, data=imu()))
    assert stored(client, "run", "/imu").column("timestamp_ns").to_pylist() == [1, 3]


# -- construction ----------------------------------------------------------------------


def test_vector3d_with_a_string_is_refused_at_construction():
    with pytest.raises(ModelValidationError) as caught:
        Vector3d(x="1")
    assert caught.value.field == "Vector3d.x"
    assert "Vector3d.x" in str(caught.value) and "str" in str(caught.value)


def test_the_message_of_a_huge_bad_value_stays_short():
    with pytest.raises(ModelValidationError) as caught:
        Floating64(data="x" * 5_000_000)
    assert len(str(caught.value)) < 200
    with pytest.raises(ModelValidationError) as caught:
        Vector3d(covariance=list(range(10**6)) + ["bad"])
    assert len(str(caught.value)) < 200 and "Vector3d.covariance[1000000]" in str(caught.value)
    with pytest.raises(ModelValidationError) as caught:
        CompressedImage(data=bytes(10**7).decode(), format="raw")
    assert len(str(caught.value)) < 200


def test_none_is_refused_for_required_fields_only():
    with pytest.raises(ModelValidationError, match=r"Floating64\.data.*required"):
        Floating64(data=None)
    with pytest.raises(ModelValidationError, match=r"IMU\.acceleration"):
        IMU(acceleration=None, angular_velocity=Vector3d())
    assert Vector3d(x=None).x is None
    assert IMU(acceleration=Vector3d(), angular_velocity=Vector3d(), orientation=None)


def test_numbers_follow_pydantic_lax_mode():
    # ints, bools, Decimal, Fraction and numpy scalars fill float fields, stored as float
    v = Vector3d(x=1, y=np.float32(1.5), z=np.int64(3), covariance_type=np.int16(2))
    assert (v.x, v.y, v.z, v.covariance_type) == (1.0, 1.5, 3.0, 2)
    assert [type(a) for a in (v.x, v.y, v.z, v.covariance_type)] == [float, float, float, int]
    assert isinstance(Floating64(data=np.float64(0.25)).data, float)  # a float subclass: kept
    assert Vector3d(covariance=[1, np.float32(0.5), np.float64(2)]).covariance == [1.0, 0.5, 2.0]
    assert Floating64(data=True).data == 1.0  # pydantic's lax mode takes bools for floats
    assert Floating32(data=decimal.Decimal("0.5")).data == 0.5
    assert Floating64(data=np.array(0.5)).data == 0.5  # a 0-d array is a scalar too
    assert Floating64(data=fractions.Fraction(1, 4)).data == 0.25
    # whole numbers of any kind fill int fields, within the column's range
    assert Integer8(data=np.int64(-5)).data == -5 and type(Integer8(data=2.0).data) is int
    assert Unsigned64(data=np.uint64(2**64 - 1)).data == 2**64 - 1
    assert Boolean(data=np.bool_(True)).data is True and Boolean(data=0).data is False
    for bad in (2.5, float("nan"), 128, -129, "1", b"1", 1j):
        with pytest.raises(ModelValidationError, match=r"Integer8\.data"):
            Integer8(data=bad)
    with pytest.raises(ModelValidationError, match=r"Unsigned8\.data.*out of range"):
        Unsigned8(data=-1)
    for bad in ("1", b"1", 1j, [1.0], np.array([1.0, 2.0])):
        with pytest.raises(ModelValidationError, match=r"Floating64\.data"):
            Floating64(data=bad)
    for bad in (2, "true", 0.5):
        with pytest.raises(ModelValidationError, match=r"Boolean\.data"):
            Boolean(data=bad)


def test_text_bytes_lists_and_nested_models():
    with pytest.raises(ModelValidationError, match=r"String\.data.*bytes"):
        String(data=b"text")
    with pytest.raises(ModelValidationError, match=r"String\.data.*int"):
        String(data=5)
    with pytest.raises(ModelValidationError, match=r"CompressedImage\.data.*str"):
        CompressedImage(data="not bytes", format="jpeg")
    assert CompressedImage(data=bytearray(b"ok"), format="png").data == b"ok"
    # lists: list, tuple or 1-D array, items checked; fixed sizes enforced
    assert Vector3d(covariance=(1, 0.5)).covariance == [1.0, 0.5]
    assert Vector3d(covariance=np.eye(3).ravel()).covariance == np.eye(3).ravel().tolist()
    with pytest.raises(ModelValidationError, match=r"Vector3d\.covariance\[1\].*str"):
        Vector3d(covariance=[1.0, "0.5"])
    with pytest.raises(ModelValidationError, match=r"Vector3d\.covariance.*str"):
        Vector3d(covariance="1.0")
    with pytest.raises(ModelValidationError, match=r"RobotJoint\.names\[0\].*int"):
        RobotJoint(names=[1], positions=[], velocities=[], efforts=[])
    sample = SAMPLES["camera_info"][0]
    kwargs = {f.name: getattr(sample, f.name) for f in dataclasses.fields(CameraInfo)}
    with pytest.raises(ModelValidationError, match=r"CameraInfo\.intrinsic_parameters.*9"):
        CameraInfo(**{**kwargs, "intrinsic_parameters": [1.0] * 8})
    # nested models: the model (or a subclass), or a dict of its fields
    with pytest.raises(ModelValidationError, match=r"IMU\.acceleration.*Quaternion"):
        IMU(acceleration=Quaternion(), angular_velocity=Vector3d())
    built = IMU(acceleration={"x": 1, "y": 2.0}, angular_velocity=Vector3d())
    assert built.acceleration == Vector3d(x=1.0, y=2.0)
    with pytest.raises(ModelValidationError, match=r"IMU\.acceleration: Vector3d\.x"):
        IMU(acceleration={"x": "1"}, angular_velocity=Vector3d())
    with pytest.raises(ModelValidationError, match=r"IMU\.acceleration.*bogus"):
        IMU(acceleration={"bogus": 1.0}, angular_velocity=Vector3d())


def test_converted_values_round_trip(client):
    values = [Range(radiation_type=np.uint8(1), field_of_view=np.float32(0.5), min_range=0,
                    max_range=True, range=np.float64(0.75), variance=None, variance_type=2.0),
              Range(radiation_type=0, field_of_view=0.25, min_range=0.0, max_range=4.0,
                    range=1.0)]
    with client.sequence_create("numbers", {}) as writer:
        topic = writer.topic_create("/range", {}, Range)
        topic.push(Message(timestamp_ns=np.int64(1), data=values[0]))  # numpy timestamp too
        topic.push(Message(timestamp_ns=2, data=values[1], sequence_id=np.uint32(7)))
    read = [m.data for m in client.topic_handler("numbers", "/range").get_data_streamer()]
    assert read == values


# -- push -------------------------------------------------------------------------------


def test_pushing_a_model_without_its_message_is_a_typed_error(client):
    with client.sequence_create("run", {}) as writer:
        topic = writer.topic_create("/imu", {}, IMU)
        with pytest.raises(InvalidRequestError, match=r"Message\(timestamp_ns=\.\.\., data=IMU"):
            topic.push(imu())
        with pytest.raises(InvalidRequestError, match="not dict"):
            topic.push({"timestamp_ns": 1, "data": imu()})
        topic.push(Message(timestamp_ns=1, data=imu()))
    assert stored(client, "run", "/imu").num_rows == 1


@pytest.mark.parametrize(("field", "value", "match"), [
    ("timestamp_ns", "1", "timestamp_ns must be an int"),
    ("timestamp_ns", 1.5, "timestamp_ns must be an int"),
    ("timestamp_ns", True, "timestamp_ns must be an int"),
    ("timestamp_ns", 2**64, r"Message\.timestamp_ns.*out of range"),
    ("recording_timestamp_ns", "1", r"Message\.recording_timestamp_ns.*str"),
    ("frame_id", 5, r"Message\.frame_id.*int"),
    ("sequence_id", -1, r"Message\.sequence_id.*out of range"),
    ("sequence_id", 1.0, r"Message\.sequence_id.*float"),
])
def test_bad_envelope_values_are_refused_at_push(client, field, value, match):
    with client.sequence_create("env", {}) as writer:
        topic = writer.topic_create("/v", {}, Floating64)
        topic.push(Message(timestamp_ns=1, data=Floating64(data=1.0)))
        message = Message(timestamp_ns=2, data=Floating64(data=2.0))
        setattr(message, field, value)
        with pytest.raises(ModelValidationError, match=match) as caught:
            topic.push(message)
        assert caught.value.field == f"Message.{field}"
        topic.push(Message(timestamp_ns=3, data=Floating64(data=3.0), frame_id="f",
                           recording_timestamp_ns=4, sequence_id=5))
    assert stored(client, "env", "/v").column("timestamp_ns").to_pylist() == [1, 3]


def test_the_error_pickles_with_its_fields():
    import pickle

    with pytest.raises(ModelValidationError) as caught:
        Vector3d(y=object())
    clone = pickle.loads(pickle.dumps(caught.value))
    assert type(clone) is ModelValidationError
    assert (clone.field, clone.got, str(clone)) == ("Vector3d.y", "object", str(caught.value))


# -- every field of every built-in model ----------------------------------------------------


def _wrong_values(arrow: pa.DataType, nested: bool) -> list[object]:
    """Values of a wrong type for a field of that Arrow type (never None)."""
    t = pa.types
    if nested:
        return [object(), "a str", 1.0]
    if t.is_floating(arrow) or t.is_integer(arrow):
        return [object(), "1", b"1"]
    if t.is_boolean(arrow):
        return [object(), "true"]
    if t.is_string(arrow) or t.is_large_string(arrow):
        return [object(), 1, b"text"]
    if t.is_binary(arrow) or t.is_large_binary(arrow):
        return [object(), "text", 1]
    if t.is_list(arrow) or t.is_fixed_size_list(arrow):
        return [object(), "abc", 1.0, [object()]]
    return [object()]


def _sweep_cases() -> list[tuple[str, str, int]]:
    cases = []
    for tag in sorted(SAMPLES):
        model = model_for_tag(tag)
        for spec in model.model_spec().fields:
            count = len(_wrong_values(spec.arrow.type, spec.model is not None))
            cases.extend((tag, spec.name, i) for i in range(count))
    return cases


@pytest.mark.parametrize(("tag", "field", "which"), _sweep_cases())
def test_every_field_refuses_a_wrong_type(tag, field, which):
    model = model_for_tag(tag)
    spec = next(s for s in model.model_spec().fields if s.name == field)
    bad = _wrong_values(spec.arrow.type, spec.model is not None)[which]
    sample = SAMPLES[tag][0]
    kwargs = {f.name: getattr(sample, f.name) for f in dataclasses.fields(model)}
    kwargs[field] = bad
    with pytest.raises(ModelValidationError) as caught:
        data = model(**kwargs)
        # (were it accepted when built, push is the last place allowed to refuse it)
        with memory_client() as c, c.sequence_create("sweep", {}) as writer:
            writer.topic_create("/t", {}, model).push(Message(timestamp_ns=1, data=data))
    error = caught.value
    where = f"{model.__name__}.{field}"
    assert error.field.startswith(where) and where in str(error)
    inner = bad[0] if isinstance(bad, list) else bad
    assert type(inner).__name__ in str(error)


def test_user_models_are_checked_too():
    from mosaicolabs import Serializable, arrow_field

    class Odd(Serializable):
        __ontology_tag__ = "test_bad_values_odd"
        type: str = arrow_field(pa.string(), nullable=False)  # names that shadow builtins
        self: float | None = arrow_field(pa.float64())
        tags: list[str] = dataclasses.field(default_factory=list)  # inferred: list<string>

        def __post_init__(self) -> None:
            self.tags.append("seen")

    odd = Odd(type="t", self=1)
    assert (odd.type, odd.self, odd.tags) == ("t", 1.0, ["seen"])
    assert Odd(type="u").tags == ["seen"]  # a fresh list each time
    with pytest.raises(ModelValidationError, match=r"Odd\.type.*int"):
        Odd(type=1)
    with pytest.raises(ModelValidationError, match=r"Odd\.tags\[0\]"):
        Odd(type="t", tags=[1])
    with pytest.raises(TypeError, match="unexpected keyword"):
        Odd(type="t", bogus=1)
