"""The error tree (see :mod:`mosaicolabs.domain.errors` for the diagram)."""

from mosaicolabs.domain.errors import (
    AlreadyExistsError,
    AuthenticationError,
    ClientClosedError,
    ConflictError,
    ConnectionRejectedError,
    DeadlineExceededError,
    InvalidAPIKeyError,
    InvalidNameError,
    InvalidRequestError,
    MosaicoConnectionError,
    MosaicoError,
    NotFoundError,
    PermissionDeniedError,
    ProtocolError,
    ServerError,
    UnavailableError,
)

__all__ = [
    "AlreadyExistsError",
    "AuthenticationError",
    "ClientClosedError",
    "ConflictError",
    "ConnectionRejectedError",
    "DeadlineExceededError",
    "InvalidAPIKeyError",
    "InvalidNameError",
    "InvalidRequestError",
    "MosaicoConnectionError",
    "MosaicoError",
    "NotFoundError",
    "PermissionDeniedError",
    "ProtocolError",
    "ServerError",
    "UnavailableError",
]
