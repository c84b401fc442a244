"""Reading a whole sequence in time order.

The official package's ``mosaicolabs.handlers.sequence_reader``, over our own objects from
:mod:`mosaicolabs.application.reading.streamers`.
"""

from mosaicolabs.application.reading.streamers import SequenceDataStreamer

__all__ = ["SequenceDataStreamer"]
