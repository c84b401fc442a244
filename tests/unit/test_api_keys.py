"""API-key token format, fingerprints, permission levels and key status (domain/api_keys.py)."""

from __future__ import annotations

import re
import time
import zlib
from datetime import datetime, timezone

import pytest

from mosaicolabs.domain.api_keys import (
    APIKey,
    APIKeyPermissionEnum,
    APIKeyStatus,
    fingerprint_of,
    validate_fingerprint,
)
from mosaicolabs.domain.errors import InvalidAPIKeyError, InvalidRequestError

P = APIKeyPermissionEnum

REAL_KEYS = [  # (token, payload, fingerprint), from protocol.md §2.2
    (
        "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_f9010b9e",
        "s3l8gcdwuadege3pkhou0k0n2t5omfij",
        "f9010b9e",
    ),
    (
        "msco_vrfeceju4lqivysxgaseefa3tsxs0vrl_1b676530",
        "vrfeceju4lqivysxgaseefa3tsxs0vrl",
        "1b676530",
    ),
]
GOOD_PAYLOAD = REAL_KEYS[0][1]
GOOD_FP = REAL_KEYS[0][2]


@pytest.mark.parametrize(("token", "payload", "fingerprint"), REAL_KEYS)
def test_real_keys_parse(token, payload, fingerprint):
    key = APIKey.parse(token)
    assert key.payload == payload
    assert key.fingerprint == fingerprint
    assert key.token == token
    assert fingerprint_of(payload) == fingerprint


@pytest.mark.parametrize(("token", "payload", "fingerprint"), REAL_KEYS)
def test_repr_and_str_hide_the_payload(token, payload, fingerprint):
    key = APIKey.parse(token)
    for text in (repr(key), str(key), f"{key}", f"{key!r}", repr([key])):
        assert payload not in text
        assert token not in text
        assert fingerprint in text


def _malformed_tokens() -> list[tuple[str, str]]:
    p, f = GOOD_PAYLOAD, GOOD_FP
    return [
        ("wrong header", f"msci_{p}_{f}"),
        ("uppercase header", f"MSCO_{p}_{f}"),
        ("empty header", f"_{p}_{f}"),
        ("two parts", f"msco_{p}{f}"),
        ("two parts, no fingerprint", f"msco_{p}"),
        ("four parts", f"msco_{p}_{f}_extra"),
        ("four parts, split payload", f"msco_{p[:16]}_{p[16:]}_{f}"),
        ("seven-char fingerprint", "msco_vy9lqa7u4lr7w3vimhz5t8bvvc0xbmk2_9c94a86"),
        ("nine-char fingerprint", f"msco_{p}_{f}0"),
        ("uppercase payload", f"msco_{p.upper()}_{fingerprint_of(p.upper())}"),
        ("uppercase fingerprint", f"msco_{p}_{f.upper()}"),
        ("short payload", f"msco_{p[:31]}_{fingerprint_of(p[:31])}"),
        ("long payload", f"msco_{p}a_{fingerprint_of(p + 'a')}"),
        ("non-alnum payload", f"msco_{p[:31]}-_{f}"),
        ("non-hex fingerprint", f"msco_{p}_f9010b9g"),
        ("crc mismatch", f"msco_{p}_{'0' * 8}"),
        ("crc of other key", f"msco_{p}_{REAL_KEYS[1][2]}"),
        ("one payload char changed", f"msco_{'t' + p[1:]}_{f}"),
        ("trailing newline", f"msco_{p}_{f}\n"),
        ("leading space", f" msco_{p}_{f}"),
        ("empty", ""),
    ]


@pytest.mark.parametrize(("why", "token"), _malformed_tokens())
def test_malformed_keys_raise_without_leaking_the_payload(why, token):
    with pytest.raises(InvalidAPIKeyError) as info:
        APIKey.parse(token)
    err = info.value
    assert isinstance(err, ValueError), why
    assert isinstance(err, InvalidRequestError), why
    text = f"{err} {err!r} {err.args} {err.resource} {err.server_message}"
    payload = token.split("_")[1] if token.count("_") >= 1 else token
    if len(payload) >= 8:  # never quote the secret part
        assert payload not in text, why
    if token:
        assert token.strip() not in text, why


def test_seven_char_fingerprint_is_rejected_for_its_length():
    with pytest.raises(InvalidAPIKeyError, match="8 lowercase hex"):
        APIKey.parse("msco_vy9lqa7u4lr7w3vimhz5t8bvvc0xbmk2_9c94a86")


def test_crc_mismatch_message_names_the_fingerprint_only():
    with pytest.raises(InvalidAPIKeyError) as info:
        APIKey.parse(f"msco_{GOOD_PAYLOAD}_00000000")
    assert "00000000" in str(info.value)
    assert GOOD_PAYLOAD not in str(info.value)


@pytest.mark.parametrize("token", [None, 42, b"msco_x_y", ["msco"], APIKey.parse(REAL_KEYS[0][0])])
def test_non_str_tokens_raise_invalid_api_key_error(token):
    with pytest.raises(InvalidAPIKeyError, match="must be a str"):
        APIKey.parse(token)


def test_generate_gives_parseable_keys_with_letters_and_digits():
    seen = set()
    for _ in range(200):
        key = APIKey.generate()
        assert re.fullmatch(r"msco_[a-z0-9]{32}_[0-9a-f]{8}", key.token)
        assert any(c.isdigit() for c in key.payload)
        assert any(c.isalpha() for c in key.payload)
        parsed = APIKey.parse(key.token)
        assert parsed == key
        assert parsed.fingerprint == fingerprint_of(parsed.payload)
        assert key.payload not in repr(key)
        seen.add(key.payload)
    assert len(seen) == 200  # random, not a constant


def test_matches_compares_the_whole_token():
    key = APIKey.parse(REAL_KEYS[0][0])
    assert key.matches(REAL_KEYS[0][0])
    assert not key.matches(REAL_KEYS[1][0])
    assert not key.matches(REAL_KEYS[0][0] + " ")
    assert not key.matches("")
    assert not key.matches("msco_ü_" + GOOD_FP)


@pytest.mark.parametrize(
    "payload",
    ["", "a", GOOD_PAYLOAD, REAL_KEYS[1][1], "0" * 32, "z" * 32, "abcdefghijklmnopqrstuvwxyz0123"],
)
def test_fingerprint_of_matches_zlib_crc32(payload):
    expected = format(zlib.crc32(payload.encode("ascii")) & 0xFFFFFFFF, "08x")
    assert fingerprint_of(payload) == expected
    assert re.fullmatch(r"[0-9a-f]{8}", fingerprint_of(payload))


def test_fingerprint_of_pads_to_eight_digits():
    # find a short payload whose CRC has a leading zero nibble and check the padding
    for i in range(10_000):
        payload = f"p{i}"
        if zlib.crc32(payload.encode()) < 0x10000000:
            break
    else:  # pragma: no cover
        pytest.fail("no small CRC found")
    assert fingerprint_of(payload).startswith("0")
    assert len(fingerprint_of(payload)) == 8


@pytest.mark.parametrize("fingerprint", ["f9010b9e", "00000000", "deadbeef"])
def test_validate_fingerprint_accepts_eight_lowercase_hex(fingerprint):
    assert validate_fingerprint(fingerprint) == fingerprint


@pytest.mark.parametrize(
    "fingerprint", ["F9010B9E", "f9010b9", "f9010b9e0", "g0000000", "", None, 1]
)
def test_validate_fingerprint_rejects_others(fingerprint):
    with pytest.raises(InvalidAPIKeyError):
        validate_fingerprint(fingerprint)


# -- permissions --------------------------------------------------------------------------

ORDER = [P.Read, P.Write, P.Delete, P.Manage]


def test_permission_values_are_the_wire_strings():
    assert [p.value for p in ORDER] == ["read", "write", "delete", "manage"]
    assert [p.level for p in ORDER] == [1, 2, 3, 4]
    assert P("manage") is P.Manage


@pytest.mark.parametrize("held", ORDER)
@pytest.mark.parametrize("required", ORDER)
def test_permissions_are_cumulative(held, required):
    assert held.allows(required) is (ORDER.index(held) >= ORDER.index(required))


def test_every_level_allows_read_and_only_manage_allows_manage():
    assert all(p.allows(P.Read) for p in ORDER)
    assert [p for p in ORDER if p.allows(P.Manage)] == [P.Manage]


# -- status -------------------------------------------------------------------------------

T0 = 1_700_000_000_123_456_789  # 2023-11-14T22:13:20.123456789Z


def test_status_datetimes_are_aware_utc():
    status = APIKeyStatus("f9010b9e", "ci key", T0, T0 + 3_600_000_000_000, P.Write)
    created = status.created_datetime
    assert created.tzinfo is not None and created.utcoffset().total_seconds() == 0
    assert created == datetime(2023, 11, 14, 22, 13, 20, 123456, tzinfo=timezone.utc)
    expires = datetime(2023, 11, 14, 23, 13, 20, 123456, tzinfo=timezone.utc)
    assert status.expires_datetime == expires
    assert status.permission is P.Write


def test_status_without_expiry():
    status = APIKeyStatus("f9010b9e", "forever", T0)
    assert status.expires_at_ns is None
    assert status.expires_datetime is None
    assert status.permission is None
    assert not status.expired_at(T0)
    assert not status.expired_at(2**62)


def test_is_expired_at_and_after_the_expiry_instant():
    status = APIKeyStatus("f9010b9e", "d", T0, expires_at_ns=T0 + 10)
    assert not status.expired_at(T0)
    assert not status.expired_at(T0 + 9)
    assert status.expired_at(T0 + 10)
    assert status.expired_at(T0 + 11)


def test_status_is_frozen():
    status = APIKeyStatus("f9010b9e", "d", T0)
    with pytest.raises(AttributeError):
        status.description = "other"  # type: ignore[misc]


def test_is_expired_is_a_property_read_against_the_clock():
    # User code written for the official client reads ``status.is_expired`` as a bool;
    # a bound method there would always be truthy.
    past = APIKeyStatus("f9010b9e", "d", T0, expires_at_ns=time.time_ns() - 10**9)
    future = APIKeyStatus("f9010b9e", "d", T0, expires_at_ns=time.time_ns() + 3600 * 10**9)
    assert past.is_expired is True
    assert future.is_expired is False
    assert APIKeyStatus("f9010b9e", "d", T0).is_expired is False
