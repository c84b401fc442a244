"""``sensor_msgs`` images, camera calibration, regions of interest and point clouds.

Raw images are stored with their pixel bytes as they are (format ``raw``: no
encoding cost, nothing lost); ``ImageMapping(image_format="png")`` stores them as
lossless PNG instead, as the official ROS bridge does by default.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from mosaicolabs.domain.ontology import image_pixels
from mosaicolabs.domain.ontology.ros_models import PointCloud2
from mosaicolabs.domain.ontology.vision import ROI, CameraInfo, CompressedImage, Image

from .base import ColumnMapping, binary_array, child_type, header, ros, struct_array

__all__ = ["MAPPINGS", "ImageMapping"]

_PKG = "sensor_msgs/msg/"


def _blob(value: bytes | None) -> Any:
    return np.frombuffer(value or b"", dtype=np.uint8)


class ImageMapping(ColumnMapping):
    """``sensor_msgs/Image`` -> ``Image`` (``step`` is ``stride``)."""

    ros_type = _PKG + "Image"
    model = Image
    stamped = True

    def __init__(self, image_format: str = "raw") -> None:
        self.image_format = image_format

    def columns(self, messages: Sequence[Any]) -> dict[str, Any]:
        if self.image_format == "raw":
            blobs, names = [m.data for m in messages], ["raw"] * len(messages)
        else:
            packed = [image_pixels.pack_linear(m.data.tobytes(), stride=int(m.step),
                                               height=int(m.height), format=self.image_format)
                      for m in messages]
            blobs, names = [p[1] for p in packed], [p[0] for p in packed]
        return {"data": binary_array(blobs), "format": names,
                "width": [int(m.width) for m in messages],
                "height": [int(m.height) for m in messages],
                "stride": [int(m.step) for m in messages],
                "encoding": [m.encoding for m in messages],
                "is_bigendian": [bool(m.is_bigendian) for m in messages]}

    def message(self, types: Any, row: dict[str, Any]) -> Any:
        pixels = image_pixels.linear_bytes(row.get("data") or b"", row.get("format") or "raw")
        return ros(types, self.ros_type, {
            "header": header(types, row), "height": row.get("height") or 0,
            "width": row.get("width") or 0, "encoding": row.get("encoding") or "",
            "is_bigendian": int(bool(row.get("is_bigendian"))), "step": row.get("stride") or 0,
            "data": _blob(pixels)})


class CompressedImageMapping(ColumnMapping):
    ros_type = _PKG + "CompressedImage"
    model = CompressedImage
    stamped = True

    def columns(self, messages: Sequence[Any]) -> dict[str, Any]:
        return {"data": binary_array([m.data for m in messages]),
                "format": [m.format for m in messages]}

    def message(self, types: Any, row: dict[str, Any]) -> Any:
        return ros(types, self.ros_type, {"header": header(types, row),
                                          "format": row.get("format") or "",
                                          "data": _blob(row.get("data"))})


def _roi_columns(rois: Sequence[Any]) -> dict[str, Any]:
    n = len(rois)
    offset = {"x": [float(r.x_offset) for r in rois], "y": [float(r.y_offset) for r in rois]}
    return {"offset": struct_array(child_type(ROI, "offset"), n, offset),
            "height": [int(r.height) for r in rois], "width": [int(r.width) for r in rois],
            "do_rectify": [bool(r.do_rectify) for r in rois]}


def _roi_message(types: Any, values: dict[str, Any] | None) -> Any:
    values = values or {}
    offset = values.get("offset") or {}
    return ros(types, _PKG + "RegionOfInterest", {
        "x_offset": int(offset.get("x") or 0), "y_offset": int(offset.get("y") or 0),
        "height": values.get("height") or 0, "width": values.get("width") or 0,
        "do_rectify": bool(values.get("do_rectify"))})


class RegionOfInterestMapping(ColumnMapping):
    ros_type = _PKG + "RegionOfInterest"
    model = ROI

    def columns(self, messages: Sequence[Any]) -> dict[str, Any]:
        return _roi_columns(messages)

    def message(self, types: Any, row: dict[str, Any]) -> Any:
        return _roi_message(types, row)


def _matrix(message: Any, name: str) -> Any:
    """A calibration matrix (ROS 2 ``k``, ROS 1 ``K``)."""
    value = getattr(message, name, None)
    return getattr(message, name.upper()) if value is None else value


class CameraInfoMapping(ColumnMapping):
    """``d, k, r, p`` (ROS 1: ``D, K, R, P``) as the distortion, intrinsic,
    rectification and projection parameters; ``binning_x/y`` as ``binning``."""

    ros_type = _PKG + "CameraInfo"
    model = CameraInfo
    stamped = True

    def columns(self, messages: Sequence[Any]) -> dict[str, Any]:
        n = len(messages)

        def floats(name: str) -> list[Any]:
            return [np.asarray(_matrix(m, name), np.float64) for m in messages]

        binning = {"x": [float(m.binning_x) for m in messages],
                   "y": [float(m.binning_y) for m in messages]}
        return {"height": [int(m.height) for m in messages],
                "width": [int(m.width) for m in messages],
                "distortion_model": [m.distortion_model for m in messages],
                "distortion_parameters": floats("d"), "intrinsic_parameters": floats("k"),
                "rectification_parameters": floats("r"),
                "projection_parameters": floats("p"),
                "binning": struct_array(child_type(CameraInfo, "binning"), n, binning),
                "roi": struct_array(child_type(CameraInfo, "roi"), n,
                                    _roi_columns([m.roi for m in messages]))}

    def message(self, types: Any, row: dict[str, Any]) -> Any:
        def floats(name: str, size: int) -> Any:
            values = row.get(name)
            return np.zeros(size) if values is None else np.asarray(values, np.float64)

        binning = row.get("binning") or {}
        return ros(types, self.ros_type, {
            "header": header(types, row), "height": row.get("height") or 0,
            "width": row.get("width") or 0, "distortion_model": row.get("distortion_model") or "",
            "d": floats("distortion_parameters", 0), "k": floats("intrinsic_parameters", 9),
            "r": floats("rectification_parameters", 9),
            "p": floats("projection_parameters", 12),
            "binning_x": int(binning.get("x") or 0), "binning_y": int(binning.get("y") or 0),
            "roi": _roi_message(types, row.get("roi"))})


_FIELD_KEYS = ("name", "offset", "datatype", "count")


class PointCloud2Mapping(ColumnMapping):
    ros_type = _PKG + "PointCloud2"
    model = PointCloud2
    stamped = True

    def columns(self, messages: Sequence[Any]) -> dict[str, Any]:
        fields = [[{k: getattr(f, k) for k in _FIELD_KEYS} for f in m.fields] for m in messages]
        columns: dict[str, Any] = {name: [getattr(m, name) for m in messages] for name in (
            "height", "width", "is_bigendian", "point_step", "row_step", "is_dense")}
        columns["fields"] = fields
        columns["data"] = binary_array([m.data for m in messages])
        return columns

    def message(self, types: Any, row: dict[str, Any]) -> Any:
        fields = [ros(types, _PKG + "PointField", {k: f.get(k) or (0 if k != "name" else "")
                                                   for k in _FIELD_KEYS})
                  for f in row.get("fields") or []]
        values = {name: row.get(name) or 0 for name in (
            "height", "width", "point_step", "row_step")}
        return ros(types, self.ros_type, {
            **values, "header": header(types, row), "fields": fields,
            "is_bigendian": bool(row.get("is_bigendian")), "is_dense": bool(row.get("is_dense")),
            "data": _blob(row.get("data"))})


MAPPINGS: list[ColumnMapping] = [ImageMapping(), CompressedImageMapping(),
                                 RegionOfInterestMapping(), CameraInfoMapping(),
                                 PointCloud2Mapping()]
