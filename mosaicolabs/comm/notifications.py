"""Server notifications.

The official package's ``mosaicolabs.comm.notifications``, over our own objects from
:mod:`mosaicolabs.domain.notifications`.
"""

from mosaicolabs.domain.notifications import Notification, NotificationType

__all__ = ["Notification", "NotificationType"]
