"""ROS bag injection under the official package's names (``mosaicolabs.ros_bridge``).

``RosbagInjector(ROSInjectionConfig(...)).run()`` imports a ROS 1/ROS 2 bag or an MCAP
file as a new sequence, through our :func:`mosaicolabs.recordings.import_recording`;
the models for battery states, point clouds and TF messages are ours from
:mod:`mosaicolabs.domain.ontology.ros_models`. Adapters written for the official package
(``ROSAdapterBase`` subclasses registered with ``register_default_adapter`` on
``ROSBridge``, or named in ``adapter_overrides``) import their topics, reading
``ROSMessage`` / ``ROSHeader``; our built-in types are columnar mappings, not adapter
classes (register your own with
:func:`mosaicolabs.adapters.recordings.mappings.register_mapping`). ``ROSLoader`` reads
a recording as ``ROSMessage`` containers; ``ROSTypeRegistry`` holds message definitions
for the types a recording does not define.
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
    "ROSAdapterBase",
    "ROSBridge",
    "ROSHeader",
    "ROSInjectionConfig",
    "ROSLoader",
    "ROSMessage",
    "ROSTypeRegistry",
    "RosbagInjector",
    "register_default_adapter",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from mosaicolabs.domain.ontology.ros_models import (
        BatteryState,
        FrameTransform,
        PointCloud2,
        PointField,
    )
    from mosaicolabs.ros_bridge.adapter_base import ROSAdapterBase
    from mosaicolabs.ros_bridge.injector import RosbagInjector, ROSInjectionConfig
    from mosaicolabs.ros_bridge.loader import LoaderErrorPolicy, ROSLoader
    from mosaicolabs.ros_bridge.registry import ROSTypeRegistry
    from mosaicolabs.ros_bridge.ros_bridge import ROSBridge, register_default_adapter
    from mosaicolabs.ros_bridge.ros_message import ROSHeader, ROSMessage
else:  # loaded on first use; a visible __getattr__ would make any name Any to checkers
    __getattr__, __dir__ = lazy_exports(__name__, __all__, {
        "BatteryState": "mosaicolabs.domain.ontology.ros_models",
        "FrameTransform": "mosaicolabs.domain.ontology.ros_models",
        "LoaderErrorPolicy": "mosaicolabs.ros_bridge.loader",
        "PointCloud2": "mosaicolabs.domain.ontology.ros_models",
        "PointField": "mosaicolabs.domain.ontology.ros_models",
        "ROSAdapterBase": "mosaicolabs.ros_bridge.adapter_base",
        "ROSBridge": "mosaicolabs.ros_bridge.ros_bridge",
        "ROSHeader": "mosaicolabs.ros_bridge.ros_message",
        "ROSInjectionConfig": "mosaicolabs.ros_bridge.injector",
        "ROSLoader": "mosaicolabs.ros_bridge.loader",
        "ROSMessage": "mosaicolabs.ros_bridge.ros_message",
        "ROSTypeRegistry": "mosaicolabs.ros_bridge.registry",
        "RosbagInjector": "mosaicolabs.ros_bridge.injector",
        "register_default_adapter": "mosaicolabs.ros_bridge.ros_bridge",
    })
