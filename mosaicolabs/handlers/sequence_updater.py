"""Adding a session to an existing sequence.

The official package's ``mosaicolabs.handlers.sequence_updater``, over our own objects from
:mod:`mosaicolabs.application.writing.session_writer`.
"""

from mosaicolabs.application.writing.session_writer import SequenceUpdater

__all__ = ["SequenceUpdater"]
