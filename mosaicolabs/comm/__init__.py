"""The communication module: the client and what it reports (documented import path)."""

from mosaicolabs.client import MosaicoClient
from mosaicolabs.domain.notifications import Notification, NotificationType

__all__ = ["MosaicoClient", "Notification", "NotificationType"]
