"""Ports: the capabilities the application needs, as ``typing.Protocol`` interfaces.

Only domain types (and Arrow data types) cross these boundaries; no Flight types.
"""

from .api_keys import APIKeys
from .catalog import Catalog
from .channel_security import ChannelSecurity
from .compression import Compression
from .credentials import Credentials
from .layers import Layers
from .notifications import Notifications
from .query import QueryService
from .server_info import ServerInfo
from .streams import TopicStreamReader, TopicStreams, TopicStreamWriter

__all__ = [
    "APIKeys",
    "Catalog",
    "ChannelSecurity",
    "Compression",
    "Credentials",
    "Layers",
    "Notifications",
    "QueryService",
    "ServerInfo",
    "TopicStreamReader",
    "TopicStreamWriter",
    "TopicStreams",
]
