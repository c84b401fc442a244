"""Plain and TLS channel settings, loaded and checked before any network I/O."""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass

from mosaicolabs.domain.errors import InvalidRequestError, TLSError
from mosaicolabs.domain.redaction import redact_secrets

__all__ = ["PlainChannel", "TLSChannel", "channel_security_for", "read_pem"]


@dataclass(frozen=True)
class PlainChannel:
    """No encryption: ``grpc://``."""

    scheme: str = "grpc"
    root_certificates: bytes | None = None
    cert_chain: bytes | None = None
    private_key: bytes | None = None
    override_hostname: str | None = None


@dataclass(frozen=True, repr=False)
class TLSChannel:
    """TLS: ``grpc+tls://``. No root certificates means the system trust store."""

    scheme: str = "grpc+tls"
    root_certificates: bytes | None = None
    cert_chain: bytes | None = None
    private_key: bytes | None = None
    override_hostname: str | None = None

    def __repr__(self) -> str:  # never print key material
        return (
            f"TLSChannel(custom_roots={self.root_certificates is not None}, "
            f"mutual={self.cert_chain is not None})"
        )


def read_pem(path: object, what: str) -> bytes:
    """Read a PEM file.

    Raises:
        InvalidRequestError: (a ``ValueError``) for an empty path or a file without PEM data.
        FileNotFoundError: if the file does not exist.
    """
    if not isinstance(path, (str, os.PathLike)) or not os.fspath(path):
        raise InvalidRequestError(f"{what} path must be a non-empty path, got {path!r}")
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError as exc:  # documented; the name may be a key in the wrong slot
        raise FileNotFoundError(exc.errno, exc.strerror,
                                redact_secrets(os.fspath(path))) from None
    if b"-----BEGIN " not in data:
        raise InvalidRequestError(f"{what} {os.fspath(path)!r} contains no PEM data")
    return data


def _check_client_pair(cert_path: str | os.PathLike[str],
                       key_path: str | os.PathLike[str]) -> None:
    """Refuse a client certificate and key that do not belong together, before connecting.

    gRPC only finds out inside the handshake and then reports an unrelated "empty address
    list" after its timeout; the standard library can tell at once.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:
        context.load_cert_chain(os.fspath(cert_path), os.fspath(key_path))
    except ssl.SSLError as exc:
        if "KEY_VALUES_MISMATCH" in str(exc) or "key values mismatch" in str(exc):
            raise TLSError(
                "the client certificate and the client key do not match (tls_client_cert_path "
                "and tls_client_key_path must be one pair)", action="connect") from None
        raise TLSError(f"the client certificate or key cannot be used: {exc.reason or exc}",
                       action="connect") from None


def channel_security_for(
    *,
    enable_tls: bool = False,
    tls_cert_path: str | os.PathLike[str] | None = None,
    tls_client_cert_path: str | os.PathLike[str] | None = None,
    tls_client_key_path: str | os.PathLike[str] | None = None,
    tls_server_name: str | None = None,
) -> PlainChannel | TLSChannel:
    """Choose and load the channel settings from ``connect``'s parameters.

    A certificate path implies TLS. Client certificate and key go together (mutual TLS).
    """
    mutual = (tls_client_cert_path, tls_client_key_path)
    if any(p is not None for p in mutual) and not all(p is not None for p in mutual):
        raise InvalidRequestError(
            "mutual TLS needs both tls_client_cert_path and tls_client_key_path"
        )
    if tls_cert_path is None and not enable_tls and tls_client_cert_path is None:
        return PlainChannel()
    if tls_client_cert_path is not None and tls_client_key_path is not None:
        _check_client_pair(tls_client_cert_path, tls_client_key_path)
    return TLSChannel(
        root_certificates=None
        if tls_cert_path is None
        else read_pem(tls_cert_path, "TLS certificate"),
        cert_chain=None
        if tls_client_cert_path is None
        else read_pem(tls_client_cert_path, "client certificate"),
        private_key=None
        if tls_client_key_path is None
        else read_pem(tls_client_key_path, "client key"),
        override_hostname=tls_server_name,
    )
