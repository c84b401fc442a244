"""States of a topic writer.

The official package's ``mosaicolabs.enum.topic_writer_status``, over our own objects from
:mod:`mosaicolabs.domain.statuses`.
"""

from mosaicolabs.domain.statuses import TopicWriterStatus

__all__ = ["TopicWriterStatus"]
