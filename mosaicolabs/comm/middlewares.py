"""Flight client middlewares that attach the API key to every call."""

from mosaicolabs.adapters.flight.middleware import (
    MosaicoAuthMiddleware,
    MosaicoAuthMiddlewareFactory,
)

__all__ = ["MosaicoAuthMiddleware", "MosaicoAuthMiddlewareFactory"]
