"""Container health check: exit 0 if the Flight server on this container answers, else 1.

A real Flight call (``ListFlights``) is made, so a live process whose server is not
serving counts as unhealthy. Any answer *from the server* counts as healthy, refusals
included: with ``--api-keys`` the key-less probe is rejected as unauthenticated,
which still proves the server is up. The probe tries plain gRPC first, then TLS
(without verifying the certificate: this checks liveness, not identity). If the
server requires client certificates, point ``MOSAICO_HEALTHCHECK_CLIENT_CERT`` and
``MOSAICO_HEALTHCHECK_CLIENT_KEY`` at a PEM pair it accepts.
"""

from __future__ import annotations

import os
import sys

import pyarrow.flight as flight

PORT = int(os.environ.get("MOSAICO_HEALTHCHECK_PORT", "6726"))
TIMEOUT_S = 2.0

# Raised when the server itself answered (it is up, it just said no).
ANSWERED = (
    flight.FlightUnauthenticatedError,
    flight.FlightUnauthorizedError,
    flight.FlightServerError,
    flight.FlightCancelledError,
    NotImplementedError,
)


def _client_cert() -> dict:
    cert = os.environ.get("MOSAICO_HEALTHCHECK_CLIENT_CERT")
    key = os.environ.get("MOSAICO_HEALTHCHECK_CLIENT_KEY")
    if not (cert and key):
        return {}
    with open(cert, "rb") as c, open(key, "rb") as k:
        return {"cert_chain": c.read(), "private_key": k.read()}


def probe(scheme: str, **options) -> bool:
    """True if a ListFlights call over ``scheme`` reaches the server."""
    client = flight.FlightClient(f"{scheme}://127.0.0.1:{PORT}", **options)
    try:
        list(client.list_flights(options=flight.FlightCallOptions(timeout=TIMEOUT_S)))
        return True
    except ANSWERED:
        return True
    except Exception:  # unavailable, timed out, TLS handshake refused...
        return False
    finally:
        client.close()


def main() -> int:
    if probe("grpc+tcp"):
        return 0
    if probe("grpc+tls", disable_server_verification=True, **_client_cert()):
        return 0
    print(f"no Flight server answers on port {PORT}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
