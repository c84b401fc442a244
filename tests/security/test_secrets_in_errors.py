"""An API key passed in the wrong slot, or slightly mangled, never shows in an error.

Each case passes a real key where it does not belong (the timeout, a certificate path, the
host ...) and checks the error's text, repr and args: the payload must not be there, the
fingerprint (the key's public id) may be. Mangled keys get a message that names the problem.
"""

from __future__ import annotations

import pytest

from mosaicolabs import MosaicoClient
from mosaicolabs.comm import GRPCCompression
from mosaicolabs.domain.errors import InvalidAPIKeyError
from mosaicolabs.domain.redaction import redact_secrets

KEY = "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_f9010b9e"
PAYLOAD = KEY.split("_")[1]

WRONG_SLOTS = {
    "timeout": lambda: MosaicoClient.connect("localhost", 6800, KEY),
    "call_timeout": lambda: MosaicoClient.connect("localhost", 6800, call_timeout=KEY),
    "tls_cert_path": lambda: MosaicoClient.connect("localhost", 6800, tls_cert_path=KEY),
    "client certificate": lambda: MosaicoClient.connect(
        "localhost", 6800, tls_client_cert_path=KEY, tls_client_key_path=KEY),
    "host": lambda: MosaicoClient.connect(KEY, 6800, timeout=2),
    "port": lambda: MosaicoClient.connect("localhost", KEY),
    "compression": lambda: MosaicoClient.connect("localhost", 6800, compression=KEY),
    "compression level": lambda: GRPCCompression(level=KEY),  # type: ignore[arg-type]
}


def _everything_said(exc: BaseException) -> str:
    return "\n".join((str(exc), repr(exc), repr(exc.args))).lower()


@pytest.mark.parametrize("slot", list(WRONG_SLOTS))
def test_a_key_in_the_wrong_slot_is_never_echoed(slot):
    with pytest.raises(Exception) as caught:  # noqa: B017 - the type depends on the slot
        WRONG_SLOTS[slot]()
    assert PAYLOAD not in _everything_said(caught.value)


@pytest.mark.parametrize(("mangled", "problem"), [
    (f" {KEY}\n", "whitespace"),
    (KEY.upper(), "capital letters"),
    (KEY.replace("s3l8", "s3l9"), "does not match"),
])
def test_a_mangled_key_is_named_as_the_problem(mangled, problem):
    with pytest.raises(InvalidAPIKeyError, match=problem) as caught:
        MosaicoClient.connect("localhost", 6800, api_key=mangled)
    assert PAYLOAD not in _everything_said(caught.value)
    assert PAYLOAD.replace("s3l8", "s3l9") not in _everything_said(caught.value)


def test_redaction_keeps_the_fingerprint_and_our_own_format_text():
    assert redact_secrets(f"got {KEY!r}") == "got 'msco_<redacted>_f9010b9e'"
    assert redact_secrets(KEY.upper()) == "MSCO_<redacted>_F9010B9E"
    assert redact_secrets("expected 'msco_<payload>_<fingerprint>'") == \
        "expected 'msco_<payload>_<fingerprint>'"
