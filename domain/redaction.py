"""Keeping API keys out of every message the library makes.

A key can reach a message from anywhere a user can put it by mistake: the timeout slot,
a certificate path, a host name. Errors pass their texts through :func:`redact_secrets`,
so a token never appears in a message, a repr or a log line built from one. The
fingerprint (the key's public identifier, shown by ``api_key_status``) is kept, so the
user can still tell which key was meant.
"""

from __future__ import annotations

import re

__all__ = ["redact_secrets"]

# msco_ + a payload-looking run (any case: an upper-cased key is still a secret), then the
# optional _fingerprint. Short runs are left alone: "msco_<payload>_<fingerprint>" in our
# own messages must stay readable.
_TOKEN = re.compile(r"(?i)\b(msco_)[a-z0-9]{12,}((?:_[a-z0-9]{1,16})?)")


def redact_secrets(text: str) -> str:
    """``text`` with every API-key payload replaced by ``<redacted>``."""
    return _TOKEN.sub(r"\1<redacted>\2", text) if "_" in text else text
