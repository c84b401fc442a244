"""Sensor models.

The official package's ``mosaicolabs.models.sensors``, over our own objects from
:mod:`mosaicolabs.domain.ontology.sensors`,
:mod:`mosaicolabs.domain.ontology.vision`,
:mod:`mosaicolabs.domain.ontology.video_session`.
Names are imported on first use (see :mod:`mosaicolabs._lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mosaicolabs._lazy import lazy_exports

__all__ = [
    "GPS",
    "IMU",
    "CameraInfo",
    "CompressedImage",
    "GPSStatus",
    "Image",
    "ImageFormat",
    "Magnetometer",
    "NMEASentence",
    "Pressure",
    "Range",
    "RobotJoint",
    "StatefulDecodingSession",
    "Temperature",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from mosaicolabs.domain.ontology.sensors import (
        GPS,
        IMU,
        GPSStatus,
        Magnetometer,
        NMEASentence,
        Pressure,
        Range,
        RobotJoint,
        Temperature,
    )
    from mosaicolabs.domain.ontology.video_session import StatefulDecodingSession
    from mosaicolabs.domain.ontology.vision import CameraInfo, CompressedImage, Image, ImageFormat
else:  # loaded on first use; a visible __getattr__ would make any name Any to checkers
    __getattr__, __dir__ = lazy_exports(__name__, __all__, {
        "CameraInfo": "mosaicolabs.domain.ontology.vision",
        "CompressedImage": "mosaicolabs.domain.ontology.vision",
        "GPS": "mosaicolabs.domain.ontology.sensors",
        "GPSStatus": "mosaicolabs.domain.ontology.sensors",
        "IMU": "mosaicolabs.domain.ontology.sensors",
        "Image": "mosaicolabs.domain.ontology.vision",
        "ImageFormat": "mosaicolabs.domain.ontology.vision",
        "Magnetometer": "mosaicolabs.domain.ontology.sensors",
        "NMEASentence": "mosaicolabs.domain.ontology.sensors",
        "Pressure": "mosaicolabs.domain.ontology.sensors",
        "Range": "mosaicolabs.domain.ontology.sensors",
        "RobotJoint": "mosaicolabs.domain.ontology.sensors",
        "StatefulDecodingSession": "mosaicolabs.domain.ontology.video_session",
        "Temperature": "mosaicolabs.domain.ontology.sensors",
    })
