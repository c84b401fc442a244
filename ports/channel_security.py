"""Port: how the transport channel is secured (plain or TLS)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["ChannelSecurity"]


@runtime_checkable
class ChannelSecurity(Protocol):
    """TLS material and the URI scheme to use."""

    @property
    def scheme(self) -> str:
        """``"grpc"`` for plain text or ``"grpc+tls"``."""
        ...

    @property
    def root_certificates(self) -> bytes | None:
        """PEM trust anchors; ``None`` means the system store (or no TLS)."""
        ...

    @property
    def cert_chain(self) -> bytes | None:
        """PEM client certificate chain for mutual TLS, else ``None``."""
        ...

    @property
    def private_key(self) -> bytes | None:
        """PEM client private key for mutual TLS, else ``None``."""
        ...

    @property
    def override_hostname(self) -> str | None:
        """Name to verify the server certificate against instead of the host."""
        ...
