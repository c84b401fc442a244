"""ROS bag injection under the official package's names (``mosaicolabs.ros_bridge``).

``RosbagInjector(ROSInjectionConfig(...)).run()`` imports a ROS 1/ROS 2 bag or an MCAP
file as a new sequence, through our :func:`mosaicolabs.recordings.import_recording`;
the models for battery states, point clouds and TF messages are ours from
:mod:`mosaicolabs.domain.ontology.ros_models`. The official adapter classes, type
registry and loader (``ROSBridge``, ``ROSAdapterBase``, ``ROSTypeRegistry``,
``ROSLoader``, ``ROSMessage``, ``ROSHeader``, ``register_default_adapter``) are not
provided: register a mapping with
:func:`mosaicolabs.adapters.recordings.mappings.register_mapping` instead.
Names are imported on first use (see :mod:`mosaicolabs._lazy`): importing this
package loads neither ``rosbags`` nor ``mcap``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mosaicolabs._lazy import lazy_exports

__all__ = [
    "BatteryState",
    "FrameTransform",
    "LoaderErrorPolicy",
    "PointCloud2",
    "PointField",
    "ROSInjectionConfig",
    "RosbagInjector",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from mosaicolabs.domain.ontology.ros_models import (
        BatteryState,
        FrameTransform,
        PointCloud2,
        PointField,
    )
    from mosaicolabs.ros_bridge.injector import RosbagInjector, ROSInjectionConfig
    from mosaicolabs.ros_bridge.loader import LoaderErrorPolicy
else:  # loaded on first use; a visible __getattr__ would make any name Any to checkers
    __getattr__, __dir__ = lazy_exports(__name__, __all__, {
        "BatteryState": "mosaicolabs.domain.ontology.ros_models",
        "FrameTransform": "mosaicolabs.domain.ontology.ros_models",
        "LoaderErrorPolicy": "mosaicolabs.ros_bridge.loader",
        "PointCloud2": "mosaicolabs.domain.ontology.ros_models",
        "PointField": "mosaicolabs.domain.ontology.ros_models",
        "ROSInjectionConfig": "mosaicolabs.ros_bridge.injector",
        "RosbagInjector": "mosaicolabs.ros_bridge.injector",
    })
