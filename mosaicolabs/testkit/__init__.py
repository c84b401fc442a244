"""Test tooling for the wire: what the mock server received, and what crossed the wire.

* :class:`Transcript` records every call the mock server receives (give it to
  ``running_server(transcript=Transcript())`` and read ``server.transcript``):
  methods, action bodies, descriptors, upload schemas and counts, header names
  (never their values) and each call's outcome, as :class:`RecordedCall`.
* :class:`ByteCountingProxy` forwards a loopback port to a server, counting the bytes
  each way (compression tests and the compression benchmark).

The mock server only offers the hook (:mod:`mosaicolabs.mock_server.recorder`); it
never imports this package. For unit-testing your own code offline, see
:mod:`mosaicolabs.testing`.
"""

from .proxy import ByteCountingProxy
from .transcript import RecordedCall, Transcript

__all__ = ["ByteCountingProxy", "RecordedCall", "Transcript"]
