"""States of an upload session.

The official package's ``mosaicolabs.enum.session_status``, over our own objects from
:mod:`mosaicolabs.domain.statuses`.

Here ``SequenceStatus`` is :class:`~mosaicolabs.enum.SessionStatus` itself.
"""

from mosaicolabs.domain.statuses import SequenceStatus, SessionStatus

__all__ = ["SequenceStatus", "SessionStatus"]
