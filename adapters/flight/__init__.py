"""Arrow Flight adapters: the only code of the library that imports ``pyarrow.flight``."""

from .api_keys import FlightAPIKeys
from .catalog import FlightCatalog
from .connection import FlightConnection
from .layers import FlightLayers
from .middleware import MosaicoAuthMiddleware, MosaicoAuthMiddlewareFactory
from .notifications import FlightNotifications
from .query import FlightQueryService
from .server_info import FlightServerInfo
from .streams import FlightTopicStreams

__all__ = [
    "FlightAPIKeys",
    "FlightCatalog",
    "FlightConnection",
    "FlightLayers",
    "FlightNotifications",
    "FlightQueryService",
    "FlightServerInfo",
    "FlightTopicStreams",
    "MosaicoAuthMiddleware",
    "MosaicoAuthMiddlewareFactory",
]
