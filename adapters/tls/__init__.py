"""Channel-security adapters: plain text and TLS (one-way, custom CA, mutual)."""

from .channel import PlainChannel, TLSChannel, channel_security_for

__all__ = ["PlainChannel", "TLSChannel", "channel_security_for"]
