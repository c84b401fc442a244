"""Reading one topic.

The official package's ``mosaicolabs.handlers.topic_reader``, over our own objects from
:mod:`mosaicolabs.application.reading.streamers`.
"""

from mosaicolabs.application.reading.streamers import TopicDataStreamer

__all__ = ["TopicDataStreamer"]
