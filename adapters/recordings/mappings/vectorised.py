"""The columns of the registered mappings read straight from CDR payloads, many at once.

:func:`builder_for` gives, for a mapping whose type has a fixed layout in the common case
(IMU, GNSS fix, geometry, odometry, ``std_msgs`` scalars, TF, images), a function from a
:class:`~mosaicolabs.adapters.recordings.cdr.Group` or ``Rows`` (the fields of many
messages as numpy arrays) to the same record batch its ``to_batch`` makes from decoded
messages. Other mappings have none: their messages take the per-message path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from mosaicolabs.domain.ontology.kinematics import MotionState
from mosaicolabs.domain.ontology.message import message_schema
from mosaicolabs.domain.ontology.ros_models import FrameTransform
from mosaicolabs.domain.ontology.sensors import GPS, IMU

from .base import ColumnMapping, as_array, child_type, struct_array
from .geometry import POSE, QUATERNION, TRANSFORM, TWIST, VECTOR3, Core, GeometryMapping
from .sensors import ImuMapping, NavSatFixMapping
from .std import DataMapping, OdometryMapping, TFMessageMapping
from .vision import CompressedImageMapping, ImageMapping

__all__ = ["Columns", "builder_for"]

Columns = Any  #: a ``cdr.Group`` or ``cdr.Rows``
Builder = Callable[[Columns, Sequence[int]], pa.RecordBatch]
_NS = 1_000_000_000


def matrices(values: np.ndarray[Any, Any], known: np.ndarray[Any, Any] | None = None) -> pa.Array:
    """A ``list<double>`` column of the rows of ``values`` (null where not ``known``)."""
    n, width = values.shape
    offsets = pa.array(np.arange(n + 1, dtype=np.int32) * width)
    flat = pa.array(np.ascontiguousarray(values, dtype=np.float64).reshape(-1))
    mask = None if known is None else pa.array(~known)
    return pa.ListArray.from_arrays(offsets, flat, mask=mask)


def core(spec: Core, cols: Columns, path: tuple[str | int, ...]) -> dict[str, Any]:
    """The model's columns of the ``spec`` objects at ``path``."""
    if spec.xyz:
        return {k: cols.num(*path, k) for k in spec.xyz}
    return {name: struct_array(child_type(spec.model, name), cols.n,
                               core(part, cols, (*path, ros_name)))
            for name, ros_name, part in spec.parts}


def _imu(mapping: Any, cols: Columns) -> dict[str, Any]:
    n = cols.n

    def vector(name: str, ros_name: str, spec: Core, valid: Any = None) -> pa.Array:
        columns = core(spec, cols, (ros_name,))
        cov = cols.num(ros_name + "_covariance")
        known = (cov != 0).any(axis=1)
        if valid is not None:
            known &= valid
        columns["covariance"] = matrices(cov, known)
        return struct_array(child_type(IMU, name), n, columns, valid)

    provided = cols.num("orientation_covariance")[:, 0] != -1.0
    return {"acceleration": vector("acceleration", "linear_acceleration", VECTOR3),
            "angular_velocity": vector("angular_velocity", "angular_velocity", VECTOR3),
            "orientation": vector("orientation", "orientation", QUATERNION, provided)}


def _gps(mapping: Any, cols: Columns) -> dict[str, Any]:
    n = cols.n
    position = {"x": cols.num("latitude"), "y": cols.num("longitude"),
                "z": cols.num("altitude"), "covariance": matrices(cols.num("position_covariance")),
                "covariance_type": cols.num("position_covariance_type")}
    status = {"status": cols.num("status", "status"), "service": cols.num("status", "service")}
    return {"position": struct_array(child_type(GPS, "position"), n, position),
            "status": struct_array(child_type(GPS, "status"), n, status)}


def _geometry(mapping: Any, cols: Columns) -> dict[str, Any]:
    columns = core(mapping.core, cols, mapping.path)
    if mapping.covariance is not None:
        columns["covariance"] = matrices(cols.num(*mapping.covariance))
    if mapping.ros_type.endswith("/TransformStamped"):
        columns["target_frame_id"] = cols.text("child_frame_id")
    return columns


def _odometry(mapping: Any, cols: Columns) -> dict[str, Any]:
    n = cols.n
    pose = core(POSE, cols, ("pose", "pose"))
    pose["covariance"] = matrices(cols.num("pose", "covariance"))
    twist = core(TWIST, cols, ("twist", "twist"))
    twist["covariance"] = matrices(cols.num("twist", "covariance"))
    return {"pose": struct_array(child_type(MotionState, "pose"), n, pose),
            "velocity": struct_array(child_type(MotionState, "velocity"), n, twist),
            "target_frame_id": cols.text("child_frame_id")}


def _data(mapping: Any, cols: Columns) -> dict[str, Any]:
    if mapping.ros_type.endswith("/String"):
        return {"data": cols.text("data")}
    values = cols.num("data")
    return {"data": values != 0 if mapping.ros_type.endswith("/Bool") else values}


def _interleave(arrays: list[pa.Array]) -> pa.Array:
    """Row-major ``(message, k)`` order of per-``k`` columns."""
    n, k = len(arrays[0]), len(arrays)
    order = (np.arange(k)[None, :] * n + np.arange(n)[:, None]).reshape(-1)
    return pa.concat_arrays(arrays).take(pa.array(order))


def _tf_frames(cols: Columns) -> pa.Array | None:
    count = cols.count("transforms")
    if count == 0:
        return None
    first = cols.text("transforms", 0, "header", "frame_id")
    same = pc.call_function("equal", [first, first])
    for k in range(1, count):
        other = cols.text("transforms", k, "header", "frame_id")
        same = pc.call_function("and", [same, pc.call_function("equal", [first, other])])
    return pc.call_function("if_else", [same, first, pa.scalar(None, pa.string())])


def _tf(mapping: Any, cols: Columns) -> dict[str, Any]:
    count, n = cols.count("transforms"), cols.n
    list_type = child_type(FrameTransform, "transforms")
    item = list_type.value_type
    if count == 0:
        items = pa.array([], item)
    else:
        def flat(path: tuple[str, ...]) -> np.ndarray[Any, Any]:
            return np.stack([cols.num("transforms", k, "transform", *path)
                             for k in range(count)], axis=1).reshape(-1)

        columns: dict[str, Any] = {}
        for name, ros_name, part in TRANSFORM.parts:
            values = {c: flat((ros_name, c)) for c in part.xyz}
            columns[name] = struct_array(child_type(TRANSFORM.model, name), n * count, values)
        columns["target_frame_id"] = _interleave(
            [cols.text("transforms", k, "child_frame_id") for k in range(count)])
        items = struct_array(item, n * count, columns)
    offsets = pa.array(np.arange(n + 1, dtype=np.int32) * count)
    return {"transforms": pa.ListArray.from_arrays(offsets, items, type=list_type)}


def _compressed(mapping: Any, cols: Columns) -> dict[str, Any]:
    return {"data": cols.blob("data"), "format": cols.text("format")}


def _image(mapping: Any, cols: Columns) -> dict[str, Any]:
    return {"data": cols.blob("data"), "format": pa.repeat("raw", cols.n),
            "width": cols.num("width"), "height": cols.num("height"),
            "stride": cols.num("step"), "encoding": cols.text("encoding"),
            "is_bigendian": cols.num("is_bigendian") != 0}


_BUILDERS: dict[type, Callable[[Any, Columns], dict[str, Any]]] = {
    ImuMapping: _imu, NavSatFixMapping: _gps, GeometryMapping: _geometry,
    OdometryMapping: _odometry, DataMapping: _data, TFMessageMapping: _tf,
    CompressedImageMapping: _compressed, ImageMapping: _image,
}


def builder_for(mapping: Any) -> Builder | None:
    """The vectorised ``to_batch`` of ``mapping`` (one of ours, exactly), or None."""
    columns = _BUILDERS.get(type(mapping))
    if columns is None or not isinstance(mapping, ColumnMapping):
        return None
    if isinstance(mapping, ImageMapping) and mapping.image_format != "raw":
        return None
    schema = message_schema(mapping.model)
    stamped = mapping.stamped

    def build(cols: Columns, log_times_ns: Sequence[int]) -> pa.RecordBatch:
        logged = pa.array(np.asarray(log_times_ns, dtype=np.int64))
        values: dict[str, Any] = {"recording_timestamp_ns": logged, **columns(mapping, cols)}
        if stamped:
            sec = cols.num("header", "stamp", "sec").astype(np.int64)
            values["timestamp_ns"] = sec * _NS + cols.num("header", "stamp", "nanosec")
            values["frame_id"] = cols.text("header", "frame_id")
        else:
            values["timestamp_ns"] = logged
            if isinstance(mapping, TFMessageMapping):
                values["frame_id"] = _tf_frames(cols)
        arrays = [pa.nulls(cols.n, f.type) if values.get(f.name) is None
                  else as_array(values[f.name], f.type) for f in schema]
        return pa.RecordBatch.from_arrays(arrays, schema=schema)

    return build
