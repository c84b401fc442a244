"""The error tree (see :mod:`mosaicolabs.domain.errors` for the diagram)."""

from mosaicolabs.domain.errors import (
    AlreadyExistsError as AlreadyExistsError,
)
from mosaicolabs.domain.errors import (
    APIKeyRejectedError as APIKeyRejectedError,
)
from mosaicolabs.domain.errors import (
    AuthenticationError as AuthenticationError,
)
from mosaicolabs.domain.errors import (
    ClientClosedError as ClientClosedError,
)
from mosaicolabs.domain.errors import (
    CompressionRefusedError as CompressionRefusedError,
)
from mosaicolabs.domain.errors import (
    ConflictError as ConflictError,
)
from mosaicolabs.domain.errors import (
    ConnectionRejectedError as ConnectionRejectedError,
)
from mosaicolabs.domain.errors import (
    DeadlineExceededError as DeadlineExceededError,
)
from mosaicolabs.domain.errors import (
    InvalidAPIKeyError as InvalidAPIKeyError,
)
from mosaicolabs.domain.errors import (
    InvalidNameError as InvalidNameError,
)
from mosaicolabs.domain.errors import (
    InvalidRequestError as InvalidRequestError,
)
from mosaicolabs.domain.errors import (
    ModelValidationError as ModelValidationError,
)
from mosaicolabs.domain.errors import (
    MosaicoConnectionError as MosaicoConnectionError,
)
from mosaicolabs.domain.errors import (
    MosaicoError as MosaicoError,
)
from mosaicolabs.domain.errors import (
    NotFoundError as NotFoundError,
)
from mosaicolabs.domain.errors import (
    PermissionDeniedError as PermissionDeniedError,
)
from mosaicolabs.domain.errors import (
    ProtocolError as ProtocolError,
)
from mosaicolabs.domain.errors import (
    ServerError as ServerError,
)
from mosaicolabs.domain.errors import (
    TLSError as TLSError,
)
from mosaicolabs.domain.errors import (
    UnavailableError as UnavailableError,
)
from mosaicolabs.domain.errors import (
    UnknownTopicError as UnknownTopicError,
)
from mosaicolabs.domain.errors import (
    WriteFailedError as WriteFailedError,
)
from mosaicolabs.domain.errors import (
    WriterStateError as WriterStateError,
)

__all__ = [
    "APIKeyRejectedError",
    "AlreadyExistsError",
    "AuthenticationError",
    "ClientClosedError",
    "CompressionRefusedError",
    "ConflictError",
    "ConnectionRejectedError",
    "DeadlineExceededError",
    "InvalidAPIKeyError",
    "InvalidNameError",
    "InvalidRequestError",
    "ModelValidationError",
    "MosaicoConnectionError",
    "MosaicoError",
    "NotFoundError",
    "PermissionDeniedError",
    "ProtocolError",
    "ServerError",
    "TLSError",
    "UnavailableError",
    "UnknownTopicError",
    "WriteFailedError",
    "WriterStateError",
]
