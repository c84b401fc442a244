"""The official models' methods on ours: tags, registration, unit constructors, the
``Message`` accessors and the pydantic-named operations code for the official client uses."""

from __future__ import annotations

import ast
import dataclasses
import json
import math
import sys
from pathlib import Path

import pyarrow as pa
import pytest

from mosaicolabs import (
    GPS,
    IMU,
    CompressedImage,
    Floating64,
    Message,
    Point2d,
    Point3d,
    Pressure,
    Quaternion,
    Serializable,
    Temperature,
    Vector2d,
    Vector3d,
    Vector4d,
    arrow_field,
)
from mosaicolabs.domain.errors import ModelValidationError
from mosaicolabs.domain.ontology import models
from mosaicolabs.domain.ontology.message import TSerializable
from mosaicolabs.domain.ontology.mixins import CovarianceMixin, VarianceMixin
from mosaicolabs.domain.ontology.pydantic_names import BaseModel
from mosaicolabs.domain.ontology.vision import ImageFormat

BUILTINS = [getattr(models, name) for name in models.__all__]


def _imu() -> IMU:
    return IMU(acceleration=Vector3d(x=0.1, y=0.2, z=9.81),
               angular_velocity=Vector3d(x=0.0, y=0.0, z=0.1))


# -- tags and registration ------------------------------------------------------------------


@pytest.mark.parametrize("model", BUILTINS, ids=lambda m: m.__name__)
def test_ontology_tag_is_the_registered_tag(model):
    assert model.ontology_tag() == model.__ontology_tag__
    assert model.is_registered()
    assert model.__class_type__ is model


def test_custom_model_tag_defaults_to_snake_case_and_registers():
    class WheelSpeedSensor(Serializable):
        speed: float = arrow_field(pa.float32(), nullable=False)

    assert WheelSpeedSensor.ontology_tag() == "wheel_speed_sensor"
    assert WheelSpeedSensor.is_registered()


def test_the_base_class_has_no_tag_and_is_not_registered():
    assert not Serializable.is_registered()
    with pytest.raises(AttributeError, match="no ontology tag"):
        Serializable.ontology_tag()


# -- Message --------------------------------------------------------------------------------


def test_message_ontology_accessors():
    message = Message(timestamp_ns=1, data=_imu())
    assert message.ontology_tag() == "imu"
    assert message.ontology_type() is IMU


def test_get_data_gives_the_model_or_none_like_the_official_client():
    message = Message(timestamp_ns=1, data=_imu())
    assert message.get_data(IMU) is message.data
    assert message.get_data(Serializable) is message.data
    assert message.get_data(GPS) is None  # the official returns None, it does not raise
    assert message.get_data() is message.data


def test_message_model_dump_nests_the_data():
    message = Message(timestamp_ns=5, data=Floating64(data=1.5), frame_id="base")
    assert message.model_dump() == {
        "data": {"data": 1.5}, "timestamp_ns": 5, "recording_timestamp_ns": None,
        "frame_id": "base", "sequence_id": None,
    }
    assert message.model_dump(exclude_none=True) == {
        "data": {"data": 1.5}, "timestamp_ns": 5, "frame_id": "base"}


# -- unit constructors (the official formulas) ---------------------------------------------


def test_temperature_units():
    t = Temperature.from_celsius(value=25.0, variance=0.1, variance_type=2)
    assert (t.value, t.variance, t.variance_type) == (pytest.approx(298.15), 0.1, 2)
    assert t.to_celsius() == pytest.approx(25.0)
    assert t.to_fahrenheit() == pytest.approx(77.0)
    f = Temperature.from_fahrenheit(value=212.0)
    assert f.value == pytest.approx(373.15) and f.variance is None
    assert Temperature(value=0.0).to_celsius() == pytest.approx(-273.15)


def test_pressure_units():
    assert Pressure.from_atm(value=1.0).value == pytest.approx(101325.0)
    assert Pressure.from_bar(value=2.0, variance=5.0).value == pytest.approx(200000.0)
    assert Pressure.from_psi(value=1.0).value == pytest.approx(6894.7572931783)
    p = Pressure(value=101325.0)
    assert (p.to_atm(), p.to_bar(), p.to_psi()) == (
        pytest.approx(1.0), pytest.approx(1.01325), pytest.approx(14.6959, rel=1e-5))


def test_unit_constructors_check_their_values():
    with pytest.raises(TypeError):
        Temperature.from_celsius(25.0)  # keyword-only, as in the official client
    assert math.isnan(Temperature.from_celsius(value=float("nan")).value)


@pytest.mark.parametrize("model, size", [(Vector2d, 2), (Point2d, 2), (Vector3d, 3),
                                         (Point3d, 3), (Vector4d, 4), (Quaternion, 4)],
                         ids=lambda v: getattr(v, "__name__", str(v)))
def test_from_list(model, size):
    values = [float(i + 1) for i in range(size)]
    built = model.from_list(values)
    assert type(built) is model
    assert [getattr(built, name) for name in "xyzw"[:size]] == values
    assert built.covariance is None
    for wrong in (values[:-1], [*values, 9.0]):
        with pytest.raises(ValueError, match=f"expected {size} values"):
            model.from_list(wrong)
    with pytest.raises(ModelValidationError):
        model.from_list(["a"] * size)  # the constructor's checks apply


# -- pydantic's names ----------------------------------------------------------------------


def test_model_dump_and_json():
    imu = _imu()
    assert imu.model_dump() == imu.to_dict()
    assert imu.model_dump(exclude_none=True) == {
        "acceleration": {"x": 0.1, "y": 0.2, "z": 9.81},
        "angular_velocity": {"x": 0.0, "y": 0.0, "z": 0.1}}
    assert json.loads(imu.model_dump_json()) == imu.model_dump()
    assert json.loads(CompressedImage(data=b"png", format="png").model_dump_json()) == {
        "data": "png", "format": "png"}
    assert imu.model_dump_json(indent=2).startswith("{\n  ")


def test_model_validate_checks_like_the_constructor():
    imu = _imu()
    assert IMU.model_validate(imu) is imu
    assert IMU.model_validate(imu.model_dump()) == imu
    with pytest.raises(ModelValidationError, match="Vector3d.x"):
        IMU.model_validate({"acceleration": {"x": "1"}, "angular_velocity": {}})
    with pytest.raises(ModelValidationError, match="IMU or a dict"):
        IMU.model_validate([1, 2])


def test_model_construct_skips_checks_and_fills_defaults():
    built = Vector3d.model_construct(x="not checked")
    assert (built.x, built.y, built.covariance) == ("not checked", None, None)


def test_model_copy():
    imu = _imu()
    shallow = imu.model_copy(update={"orientation": Quaternion(w=1.0)})
    assert shallow.orientation == Quaternion(w=1.0) and imu.orientation is None
    assert shallow.acceleration is imu.acceleration
    deep = imu.model_copy(deep=True)
    assert deep == imu and deep.acceleration is not imu.acceleration


def test_model_fields_and_arrow_struct():
    assert list(IMU.model_fields) == ["acceleration", "angular_velocity", "orientation"]
    assert all(isinstance(f, dataclasses.Field) for f in IMU.model_fields.values())
    assert IMU.__msco_pyarrow_struct__ == IMU.arrow_struct()


# -- what type checkers see ---------------------------------------------------------------


def test_models_are_dataclass_transforms_for_type_checkers():
    transform = Serializable.__dict__.get("__dataclass_transform__")
    assert transform is not None and transform["kw_only_default"] is True


@pytest.mark.parametrize("model", BUILTINS, ids=lambda m: m.__name__)
def test_required_fields_are_exactly_the_non_nullable_ones(model):
    for field, spec in zip(dataclasses.fields(model), model.model_spec().fields, strict=True):
        has_default = (field.default is not dataclasses.MISSING
                       or field.default_factory is not dataclasses.MISSING)
        assert has_default == spec.arrow.nullable, f"{model.__name__}.{field.name}"


def test_builtin_models_declare_required_fields_with_the_field_specifier():
    # Type checkers take any `= arrow_field(...)` as a default: a required field of a
    # built-in model declared that way would look optional to them.
    for path in sorted({Path(sys.modules[m.__module__].__file__ or "") for m in BUILTINS}):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "arrow_field":
                nullable = [k for k in node.keywords if k.arg == "nullable"]
                assert not nullable, f"{path.name}:{node.lineno} use required_field()"


# -- the official base classes: mixins, and models declaring __msco_pyarrow_struct__ ------


@pytest.mark.parametrize("model", BUILTINS, ids=lambda m: m.__name__)
def test_builtin_models_carry_the_official_mixins(model):
    names = [f.name for f in model.model_spec().fields]
    assert issubclass(model, CovarianceMixin) == ("covariance" in names)
    assert issubclass(model, VarianceMixin) == ("variance" in names)
    if issubclass(model, (CovarianceMixin, VarianceMixin)):
        assert names[-2].endswith("variance")  # the mixin's fields come last
        assert [f.name for f in dataclasses.fields(model)] == names


def test_mixin_fields_come_after_the_models_own_and_are_checked():
    class Gauge(Serializable, VarianceMixin, CovarianceMixin):
        reading: float = arrow_field(pa.float32(), nullable=False)

    assert Gauge.model_spec().names == (
        "reading", "variance", "variance_type", "covariance", "covariance_type")
    assert Gauge.arrow_struct().field("variance").type == pa.float64()
    gauge = Gauge(reading=1, variance=2, covariance=(1, 0))
    assert (gauge.reading, gauge.variance, gauge.covariance) == (1.0, 2.0, [1.0, 0.0])
    with pytest.raises(ModelValidationError, match="Gauge.variance_type"):
        Gauge(reading=1.0, variance_type="x")
    assert "reading=1.0, variance=2.0" in repr(gauge)
    assert not hasattr(CovarianceMixin, "__dataclass_fields__")  # fields copied, not shared


def test_a_model_written_for_the_official_client():
    class Barometer(Serializable, VarianceMixin):
        __msco_pyarrow_struct__ = pa.struct([
            pa.field("altitude", pa.float32(), nullable=True),
            pa.field("pressure", pa.float32(), nullable=False,
                     metadata={"description": "Pressure (Pa)."}),
            pa.field("position", Point3d.arrow_struct(), nullable=True),
        ])
        pressure: float
        position: Point3d | None = None
        altitude: float | None = None

    spec = Barometer.model_spec()
    assert spec.names == ("altitude", "pressure", "position", "variance", "variance_type")
    assert Barometer.arrow_struct().field("pressure").type == pa.float32()
    assert spec.fields[1].arrow.metadata == {b"description": b"Pressure (Pa)."}
    assert spec.fields[2].model is Point3d
    built = Barometer(pressure=101325, position={"x": 1.0})
    assert (built.pressure, built.position, built.variance) == (101325.0, Point3d(x=1.0), None)
    with pytest.raises(TypeError):
        Barometer()  # pressure is required, as in pydantic
    with pytest.raises(ModelValidationError, match="Barometer.pressure"):
        Barometer(pressure="high")


def test_a_declared_struct_must_name_fields_of_the_model():
    with pytest.raises(TypeError, match="not fields"):
        class Broken(Serializable):
            __msco_pyarrow_struct__ = pa.struct([pa.field("missing", pa.float64())])
            present: float


def test_base_model_is_the_common_root():
    message = Message(timestamp_ns=1, data=_imu())
    for value in (message, message.data, Vector3d(), CovarianceMixin, VarianceMixin):
        assert isinstance(value, BaseModel) or issubclass(value, BaseModel)
    assert Message.__msco_pyarrow_struct__.names == [
        "timestamp_ns", "recording_timestamp_ns", "frame_id", "sequence_id"]
    assert BaseModel.__msco_pyarrow_struct__ == pa.struct([])
    assert not hasattr(message, "__dict__")  # the envelope keeps its slots


def test_image_format_values_fit_the_format_field():
    assert [f.value for f in ImageFormat] == ["raw", "png", "jpeg", "tiff", "h264", "hevc"]
    image = CompressedImage(data=b"\x89PNG", format=ImageFormat.PNG)
    assert image.format == "png" and isinstance(image.format, str)


def test_tserializable_is_the_get_data_type_variable():
    assert TSerializable.__bound__ is Serializable


def test_model_dump_json_mode():
    """``model_dump(mode="json")``, as user code written for pydantic models calls it: only
    JSON types (bytes as UTF-8 text), nested in the message too."""
    from mosaicolabs import CompressedImage

    image = CompressedImage(data=b"ab", format="jpeg")
    assert image.model_dump(mode="json") == {"data": "ab", "format": "jpeg"}
    assert image.model_dump() == {"data": b"ab", "format": "jpeg"}
    message = Message(timestamp_ns=5, data=image)
    assert message.model_dump(mode="json", exclude_none=True) == {
        "data": {"data": "ab", "format": "jpeg"}, "timestamp_ns": 5}
    with pytest.raises(ValueError, match="mode"):
        image.model_dump(mode="yaml")  # type: ignore[arg-type]
