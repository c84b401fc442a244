"""Writing a new sequence.

The official package's ``mosaicolabs.handlers.sequence_writer``, over our own objects from
:mod:`mosaicolabs.application.writing.session_writer`.
"""

from mosaicolabs.application.writing.session_writer import SequenceWriter

__all__ = ["SequenceWriter"]
