"""How clients are built: containers for each backend, and opening them safely.

Kept apart from the facade so ``client.py`` stays a thin list of delegations.
"""

from __future__ import annotations

import math
import os
from typing import Any

from mosaicolabs.domain.errors import (
    APIKeyRejectedError,
    ConnectionRejectedError,
    InvalidRequestError,
    MosaicoConnectionError,
    MosaicoError,
    PermissionDeniedError,
)
from mosaicolabs.domain.retry import RetryPolicy

from .container import DEFAULT_STREAM_IDLE_TIMEOUT_S, ClientContainer, check_settings

__all__ = ["check_endpoint", "check_stream_idle_timeout", "flight_container", "open_container",
           "settings_from_env"]

_API_KEY_ENV = ("MOSAICO_API_KEY", "MOSAICOD_API_KEY")
_TLS_CERT_ENV = ("MOSAICO_TLS_CERT_FILE", "MOSAICOD_TLS_CERT_FILE")


def check_endpoint(host: object, port: object, timeout: object) -> None:
    """Validate connection arguments before anything is built.

    Raises:
        InvalidRequestError: (a ``ValueError``) naming the bad argument.
    """
    if not isinstance(host, str) or not host:
        raise InvalidRequestError(f"host must be a non-empty str, got {host!r}")
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise InvalidRequestError(f"port must be an int in 1..65535, got {port!r}")
    if (isinstance(timeout, bool) or not isinstance(timeout, (int, float))
            or not math.isfinite(timeout) or timeout <= 0):
        raise InvalidRequestError(f"timeout must be a positive number of seconds, got {timeout!r}")


def check_stream_idle_timeout(value: object) -> None:
    """``None`` (no limit) or a positive number of seconds.

    Raises:
        InvalidRequestError: (a ``ValueError``) for anything else.
    """
    if value is None:
        return
    if (isinstance(value, bool) or not isinstance(value, (int, float))
            or not math.isfinite(value) or value <= 0):
        raise InvalidRequestError(
            f"stream_idle_timeout must be None or a positive number of seconds, got {value!r}")


def settings_from_env() -> dict[str, str | None]:
    """``api_key`` and ``tls_cert_path`` from the environment (either spelling)."""
    def first(names: tuple[str, ...]) -> str | None:
        return next((os.environ[n] for n in names if os.environ.get(n)), None)

    return {"api_key": first(_API_KEY_ENV), "tls_cert_path": first(_TLS_CERT_ENV)}


def flight_container(host: str, port: int, *, api_key: str | None, call_timeout: float | None,
                     tls: dict[str, Any], compression: object = None,
                     ipc_compression: object = None, retry: object = None,
                     stream_idle_timeout: object = DEFAULT_STREAM_IDLE_TIMEOUT_S,
                     ) -> ClientContainer:
    """A container wired for a server over Arrow Flight.

    ``compression`` and ``ipc_compression`` are passed through unchecked; they are
    validated (before any I/O) by :func:`open_container`.
    """
    return ClientContainer.for_flight(host, port, api_key=api_key, call_timeout=call_timeout,
                                      tls=tls, compression=compression,
                                      ipc_compression=ipc_compression, retry=retry,
                                      stream_idle_timeout=stream_idle_timeout)


def open_container(container: ClientContainer, timeout: float) -> ClientContainer:
    """Validate credentials and TLS material, then wait for the server; clean up on failure.

    Raises:
        InvalidRequestError: a required setting missing, a bad key, certificate or
            compression option (before any I/O).
        MosaicoConnectionError: unreachable, unauthenticated or refused.
    """
    check_settings(container)  # a required setting missing: a typed error naming it
    retry = container.config.retry()
    if retry is not None and not isinstance(retry, RetryPolicy):
        raise InvalidRequestError(f"retry must be a RetryPolicy, got {retry!r}")
    check_stream_idle_timeout(container.config.stream_idle_timeout())
    try:
        container.credentials()  # validate the key before any I/O
        if container.config.backend() == "flight":
            container.channel_security()  # read certificates before any I/O
            container.compression()  # refuse bad or unsupported compression before any I/O
        container.inspect_server().wait_until_ready(timeout)
    except MosaicoConnectionError:
        container.shutdown_resources()
        raise
    except MosaicoError as exc:
        container.shutdown_resources()
        if isinstance(exc, InvalidRequestError):
            raise
        if isinstance(exc, PermissionDeniedError):  # the key, refused: worded as on the wire
            raise APIKeyRejectedError(
                f"the server refused the connection: unauthorized :: {exc}",
                action="connect", status_code=exc.status_code) from exc
        raise ConnectionRejectedError(f"the server refused the connection: {exc}",
                                      action="connect", status_code=exc.status_code) from exc
    except BaseException:
        container.shutdown_resources()
        raise
    return container
