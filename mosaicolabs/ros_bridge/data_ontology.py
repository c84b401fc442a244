"""The official ``mosaicolabs.ros_bridge.data_ontology``: models for ROS messages the
core ontology lacks, our own objects from :mod:`mosaicolabs.domain.ontology.ros_models`.
Names are imported on first use (see :mod:`mosaicolabs._lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mosaicolabs._lazy import lazy_exports

__all__ = ["BatteryState", "FrameTransform", "PointCloud2", "PointField"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from mosaicolabs.domain.ontology.ros_models import (
        BatteryState,
        FrameTransform,
        PointCloud2,
        PointField,
    )
else:  # loaded on first use; a visible __getattr__ would make any name Any to checkers
    __getattr__, __dir__ = lazy_exports(__name__, __all__, {
        name: "mosaicolabs.domain.ontology.ros_models" for name in __all__})
