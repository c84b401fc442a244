"""Adapters: concrete implementations of the ports (Flight, in-memory, TLS, auth, compression)."""
