"""Scalar, geometry, kinematics and region models.

The official package's ``mosaicolabs.models.data``, over our own objects from
:mod:`mosaicolabs.domain.ontology.base_types`,
:mod:`mosaicolabs.domain.ontology.geometry`,
:mod:`mosaicolabs.domain.ontology.kinematics`,
:mod:`mosaicolabs.domain.ontology.vision`.
Names are imported on first use (see :mod:`mosaicolabs._lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mosaicolabs._lazy import lazy_exports

__all__ = [
    "ROI",
    "Acceleration",
    "Boolean",
    "Floating16",
    "Floating32",
    "Floating64",
    "ForceTorque",
    "Integer8",
    "Integer16",
    "Integer32",
    "Integer64",
    "LargeString",
    "MotionState",
    "Point2d",
    "Point3d",
    "Pose",
    "Quaternion",
    "String",
    "Transform",
    "Unsigned8",
    "Unsigned16",
    "Unsigned32",
    "Unsigned64",
    "Vector2d",
    "Vector3d",
    "Vector4d",
    "Velocity",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from mosaicolabs.domain.ontology.base_types import (
        Boolean,
        Floating16,
        Floating32,
        Floating64,
        Integer8,
        Integer16,
        Integer32,
        Integer64,
        LargeString,
        String,
        Unsigned8,
        Unsigned16,
        Unsigned32,
        Unsigned64,
    )
    from mosaicolabs.domain.ontology.geometry import (
        Point2d,
        Point3d,
        Pose,
        Quaternion,
        Transform,
        Vector2d,
        Vector3d,
        Vector4d,
    )
    from mosaicolabs.domain.ontology.kinematics import (
        Acceleration,
        ForceTorque,
        MotionState,
        Velocity,
    )
    from mosaicolabs.domain.ontology.vision import ROI
else:  # loaded on first use; a visible __getattr__ would make any name Any to checkers
    __getattr__, __dir__ = lazy_exports(__name__, __all__, {
        "Acceleration": "mosaicolabs.domain.ontology.kinematics",
        "Boolean": "mosaicolabs.domain.ontology.base_types",
        "Floating16": "mosaicolabs.domain.ontology.base_types",
        "Floating32": "mosaicolabs.domain.ontology.base_types",
        "Floating64": "mosaicolabs.domain.ontology.base_types",
        "ForceTorque": "mosaicolabs.domain.ontology.kinematics",
        "Integer16": "mosaicolabs.domain.ontology.base_types",
        "Integer32": "mosaicolabs.domain.ontology.base_types",
        "Integer64": "mosaicolabs.domain.ontology.base_types",
        "Integer8": "mosaicolabs.domain.ontology.base_types",
        "LargeString": "mosaicolabs.domain.ontology.base_types",
        "MotionState": "mosaicolabs.domain.ontology.kinematics",
        "Point2d": "mosaicolabs.domain.ontology.geometry",
        "Point3d": "mosaicolabs.domain.ontology.geometry",
        "Pose": "mosaicolabs.domain.ontology.geometry",
        "Quaternion": "mosaicolabs.domain.ontology.geometry",
        "ROI": "mosaicolabs.domain.ontology.vision",
        "String": "mosaicolabs.domain.ontology.base_types",
        "Transform": "mosaicolabs.domain.ontology.geometry",
        "Unsigned16": "mosaicolabs.domain.ontology.base_types",
        "Unsigned32": "mosaicolabs.domain.ontology.base_types",
        "Unsigned64": "mosaicolabs.domain.ontology.base_types",
        "Unsigned8": "mosaicolabs.domain.ontology.base_types",
        "Vector2d": "mosaicolabs.domain.ontology.geometry",
        "Vector3d": "mosaicolabs.domain.ontology.geometry",
        "Vector4d": "mosaicolabs.domain.ontology.geometry",
        "Velocity": "mosaicolabs.domain.ontology.kinematics",
    })
