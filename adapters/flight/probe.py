"""The connection probe: wait until the server answers, but fail fast when waiting is futile.

pyarrow's ``wait_for_available`` retries every UNAVAILABLE until the timeout. Yet
gRPC also reports TLS failures (untrusted certificate, wrong host name, a client
certificate refused) as UNAVAILABLE, and those never heal by waiting. This probe
retries only what can heal (nothing listening yet) and raises the rest at once.
"""

from __future__ import annotations

import re
import time

import pyarrow as pa
import pyarrow.flight as flight

from mosaicolabs.domain.errors import TLSError
from mosaicolabs.domain.status_codes import StatusCode

from .errors import clean_server_message, translate

__all__ = ["probe_until_ready"]

_RETRY_PAUSE_S = 0.025
_TLS_FAILURE = re.compile(
    r"ssl handshake failed|peer name .* is not in peer certificate|certificate verify failed"
    r"|tsi_protocol_failure|handshake", re.I)
# The server accepted TCP and then hung up: a TLS server refusing a plain client,
# or a server demanding a client certificate we did not present.
_HUNG_UP = re.compile(r"socket closed", re.I)


def _tls_hint(message: str, location: str) -> str:
    if "peer name" in message.lower():
        return ("the server certificate does not name this host; connect with the name it was "
                "issued for, or pass tls_server_name=")
    if _HUNG_UP.search(message):
        if location.startswith("grpc+tls"):
            return ("the server closed the connection during the TLS handshake: it probably "
                    "requires a client certificate (tls_client_cert_path/tls_client_key_path)")
        return "the server closed the connection: it probably expects TLS (enable_tls=True)"
    return ("the server certificate is not trusted: pass tls_cert_path= with the CA (or the "
            "server certificate) that issued it")


def probe_until_ready(client: flight.FlightClient, location: str, timeout_s: float,
                      options: flight.FlightCallOptions) -> None:
    """Call ListFlights until it answers; raise typed errors (TLSError at once)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            next(iter(client.list_flights(options=options)), None)
            return
        except pa.ArrowNotImplementedError:
            return  # a server without ListFlights is still a server that answers
        except flight.FlightUnavailableError as exc:
            message = clean_server_message(exc)
            if _TLS_FAILURE.search(message) or _HUNG_UP.search(message):
                raise TLSError(f"connect {location}: {_tls_hint(message, location)} "
                               f"({message})", action="connect", resource=location,
                               server_message=message,
                               status_code=StatusCode.UNAVAILABLE) from exc
            if time.monotonic() + _RETRY_PAUSE_S >= deadline:
                raise translate(exc, "connect", location) from exc
        except (pa.ArrowException, OSError) as exc:
            raise translate(exc, "connect", location) from exc
        time.sleep(_RETRY_PAUSE_S)
