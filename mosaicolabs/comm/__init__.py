"""The communication module: the client and what it reports (documented import path)."""

from mosaicolabs.client import MosaicoClient
from mosaicolabs.domain.compression import GRPCCompression, IPCCompression
from mosaicolabs.domain.notifications import Notification, NotificationType

__all__ = [
    "GRPCCompression",
    "IPCCompression",
    "MosaicoClient",
    "Notification",
    "NotificationType",
]
