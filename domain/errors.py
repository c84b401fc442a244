"""The error tree of the library.

Every failure the library reports is a :class:`MosaicoError`. Subclasses also
derive from the closest builtin exception so that generic handlers keep working
(``except ConnectionError`` or ``except ValueError``)::

    MosaicoError
    ├── MosaicoConnectionError (ConnectionError)
    │   ├── UnavailableError            server unreachable or went away
    │   ├── DeadlineExceededError       (TimeoutError) a call ran out of time
    │   ├── AuthenticationError         missing or unknown credentials
    │   │   └── APIKeyRejectedError     (also ConnectionRejectedError) key refused at connect
    │   ├── TLSError                    TLS handshake refused (trust, host name, client cert)
    │   └── ConnectionRejectedError     the server refused us while connecting
    ├── PermissionDeniedError (PermissionError)  key lacks the permission level
    ├── NotFoundError (LookupError)     sequence, session, topic or key unknown
    │   └── UnknownTopicError (ValueError) a sequence has no topic of that name
    ├── AlreadyExistsError              name already taken
    ├── InvalidRequestError (ValueError)
    │   ├── InvalidNameError            sequence/topic name breaks the naming rules
    │   ├── InvalidAPIKeyError          API-key string is malformed
    │   ├── ModelValidationError        a model field given a value it cannot hold
    │   └── CompressionRefusedError     the server does not accept that compression
    ├── ConflictError                   resource state forbids it (locked, empty session)
    ├── ServerError                     the server failed internally
    ├── ProtocolError                   the server answered something we cannot decode
    ├── WriteFailedError                an upload failed; says which rows were acknowledged
    ├── WriterStateError (RuntimeError) a writer used outside ``with`` or after it finished
    └── ClientClosedError (RuntimeError) the client was used after ``close()``

Each error carries ``action`` (what we were doing), ``resource`` (what it was
about), ``server_message`` (the server's own words, when there are some) and
``status_code``: the gRPC status of the server's answer it was translated from, as a
:class:`~mosaicolabs.domain.status_codes.StatusCode` (``None`` when the client raised
it itself, the transport broke without a status, or the answer could not be decoded).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeAlias

from .redaction import redact_secrets
from .status_codes import StatusCode

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


class MosaicoError(Exception):
    """Base class of every error raised by the library.

    Args:
        message: Human-readable explanation.
        action: The operation that failed (e.g. ``"sequence_create"``).
        resource: The sequence, topic, session or key involved, if any.
        server_message: The message the server sent, if the failure came from it.
        status_code: The status of the server's answer this error was translated from;
            ``None`` for an error the client raised itself.
    """

    def __init__(
        self,
        message: str,
        *,
        action: str | None = None,
        resource: str | None = None,
        server_message: str | None = None,
        status_code: StatusCode | None = None,
    ) -> None:
        message = redact_secrets(message)
        super().__init__(message)
        self.message = message
        self.action = action
        self.resource = None if resource is None else redact_secrets(resource)
        self.server_message = None if server_message is None else redact_secrets(server_message)
        self.status_code = None if status_code is None else StatusCode(status_code)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        status = "" if self.status_code is None else f", status_code={self.status_code.value!r}"
        return f"{type(self).__name__}({self.message!r}{status})"

    def _fields(self) -> dict[str, object]:
        """The keyword arguments that rebuild this error (subclasses add theirs)."""
        return {"action": self.action, "resource": self.resource,
                "server_message": self.server_message, "status_code": self.status_code}

    def __reduce__(self) -> _Reduced:  # keep keyword fields when pickled across processes
        return (_rebuild, (type(self), self.message, self._fields()))


#: What ``__reduce__`` returns: a rebuild function and its arguments (field values).
_Reduced: TypeAlias = tuple[Callable[..., MosaicoError], tuple[object, ...]]


def _rebuild(cls: Callable[..., MosaicoError], message: str,
             fields: Mapping[str, object]) -> MosaicoError:
    return cls(message, **fields)


class MosaicoConnectionError(MosaicoError, ConnectionError):
    """The connection to the server failed or was refused."""


class UnavailableError(MosaicoConnectionError):
    """The server could not be reached (refused, reset, or not listening)."""


class DeadlineExceededError(MosaicoConnectionError, TimeoutError):
    """A call did not finish within its deadline."""


class AuthenticationError(MosaicoConnectionError):
    """The server did not accept our credentials (missing or unknown API key)."""


class TLSError(MosaicoConnectionError):
    """The TLS handshake failed: untrusted certificate, name mismatch, or a client
    certificate missing or refused. Retrying does not help, so it is raised at once."""


class ConnectionRejectedError(MosaicoConnectionError):
    """The server answered but refused the connection probe (see ``__cause__``)."""


class APIKeyRejectedError(AuthenticationError, ConnectionRejectedError):
    """While connecting, the server refused our API key (unknown, revoked or expired there).

    It is both an :class:`AuthenticationError` (the credentials are at fault) and a
    :class:`ConnectionRejectedError` (the server answered and said no).
    """


class PermissionDeniedError(MosaicoError, PermissionError):
    """The API key is valid but its permission level does not allow the call."""


class NotFoundError(MosaicoError, LookupError):
    """The named sequence, session, topic or API key does not exist."""


class UnknownTopicError(NotFoundError, ValueError):
    """The sequence has no topic of that name.

    A :class:`~mosaicolabs.domain.errors.NotFoundError` (a ``LookupError``) and a
    ``ValueError``, which is what the official client raises there.
    """


class AlreadyExistsError(MosaicoError):
    """A resource with that name already exists."""


class InvalidRequestError(MosaicoError, ValueError):
    """The request is malformed or violates a rule (checked locally or by the server)."""


class InvalidNameError(InvalidRequestError):
    """A sequence or topic name does not follow the naming rules."""


class InvalidAPIKeyError(InvalidRequestError):
    """An API-key string does not have the ``msco_<payload>_<fingerprint>`` form."""


class ModelValidationError(InvalidRequestError):
    """A model (or message) field was given a value it cannot hold.

    It is an :class:`InvalidRequestError`, hence a ``ValueError`` (what pydantic's
    ``ValidationError`` is, for code written against the official client).

    Attributes:
        field: ``Model.field`` (``Model.field[3]`` for a list item).
        expected: What the field takes, e.g. ``"a float (double)"``.
        got: The type name of the refused value.
    """

    def __init__(self, message: str, *, field: str = "", expected: str = "", got: str = "",
                 action: str | None = None, resource: str | None = None,
                 server_message: str | None = None, status_code: StatusCode | None = None,
                 ) -> None:
        super().__init__(message, action=action, resource=resource or field or None,
                         server_message=server_message, status_code=status_code)
        self.field = field
        self.expected = expected
        self.got = got

    def _fields(self) -> dict[str, object]:
        return {**super()._fields(), "field": self.field, "expected": self.expected,
                "got": self.got}


class CompressionRefusedError(InvalidRequestError):
    """The server does not accept requests compressed the way the client sends them.

    mosaicod 0.3.0, for one, has no gzip switch: a client connected with
    ``compression=GRPCCompressionAlgorithm.Gzip`` gets this at its first call.
    """


class ConflictError(MosaicoError):
    """The resource is in a state that forbids the operation (e.g. locked)."""


class ServerError(MosaicoError):
    """The server reported an internal failure."""


class ProtocolError(MosaicoError):
    """The server's answer could not be decoded (malformed or unexpected)."""


class ClientClosedError(MosaicoError, RuntimeError):
    """The client (or a handler) was used after it was closed."""


class WriteFailedError(MosaicoError):
    """Uploading a topic failed. ``__cause__`` holds the transport's typed error.

    Attributes:
        topic_name: The topic (``/name`` form).
        rows_acknowledged: Rows the server confirmed as stored (an upload is
            committed as a whole when it completes, so this is all or nothing).
        rows_sent: Rows written to the stream before the failure.
        rows_buffered: Rows still held by the writer, not sent.
    """

    def __init__(self, message: str, *, topic_name: str = "", rows_acknowledged: int = 0,
                 rows_sent: int = 0, rows_buffered: int = 0, action: str | None = None,
                 resource: str | None = None, server_message: str | None = None,
                 status_code: StatusCode | None = None) -> None:
        super().__init__(message, action=action, resource=resource,
                         server_message=server_message, status_code=status_code)
        self.topic_name = topic_name
        self.rows_acknowledged = rows_acknowledged
        self.rows_sent = rows_sent
        self.rows_buffered = rows_buffered

    def _fields(self) -> dict[str, object]:
        return {**super()._fields(), "topic_name": self.topic_name,
                "rows_acknowledged": self.rows_acknowledged, "rows_sent": self.rows_sent,
                "rows_buffered": self.rows_buffered}


class WriterStateError(MosaicoError, RuntimeError):
    """A writer was used outside its ``with`` block, or after it finished or failed."""
