"""Handlers, readers and writers.

The official package's ``mosaicolabs.handlers``, over our own objects from
:mod:`mosaicolabs.application.handlers`,
:mod:`mosaicolabs.application.reading.streamers`,
:mod:`mosaicolabs.application.writing.session_writer`,
:mod:`mosaicolabs.application.writing.topic_writer`.
Names are imported on first use (see :mod:`mosaicolabs._lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mosaicolabs._lazy import lazy_exports

__all__ = [
    "SequenceDataStreamer",
    "SequenceHandler",
    "SequenceUpdater",
    "SequenceWriter",
    "TopicDataStreamer",
    "TopicHandler",
    "TopicWriter",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from mosaicolabs.application.handlers import SequenceHandler, TopicHandler
    from mosaicolabs.application.reading.streamers import SequenceDataStreamer, TopicDataStreamer
    from mosaicolabs.application.writing.session_writer import SequenceUpdater, SequenceWriter
    from mosaicolabs.application.writing.topic_writer import TopicWriter
else:  # loaded on first use; a visible __getattr__ would make any name Any to checkers
    __getattr__, __dir__ = lazy_exports(__name__, __all__, {
        "SequenceDataStreamer": "mosaicolabs.application.reading.streamers",
        "SequenceHandler": "mosaicolabs.application.handlers",
        "SequenceUpdater": "mosaicolabs.application.writing.session_writer",
        "SequenceWriter": "mosaicolabs.application.writing.session_writer",
        "TopicDataStreamer": "mosaicolabs.application.reading.streamers",
        "TopicHandler": "mosaicolabs.application.handlers",
        "TopicWriter": "mosaicolabs.application.writing.topic_writer",
    })
