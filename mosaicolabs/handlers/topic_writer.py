"""Writing one topic.

The official package's ``mosaicolabs.handlers.topic_writer``, over our own objects from
:mod:`mosaicolabs.application.writing.topic_writer`.
"""

from mosaicolabs.application.writing.topic_writer import TopicWriter

__all__ = ["TopicWriter"]
