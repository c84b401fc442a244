"""Writer settings: batch limits and error policies.

The official package's ``mosaicolabs.handlers.config``, over our own objects from
:mod:`mosaicolabs.domain.writer_config`.
"""

from mosaicolabs.domain.writer_config import SessionWriterConfig, TopicWriterConfig, WriterConfig

__all__ = ["SessionWriterConfig", "TopicWriterConfig", "WriterConfig"]
