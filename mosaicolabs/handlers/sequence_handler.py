"""Sequence handlers.

The official package's ``mosaicolabs.handlers.sequence_handler``, over our own objects from
:mod:`mosaicolabs.application.handlers`.
"""

from mosaicolabs.application.handlers import SequenceHandler

__all__ = ["SequenceHandler"]
