"""API keys with the official client against a server that enforces them.

``--api-key`` must be a Manage key. Prints the outcome of each step: connecting
without / with a malformed / with an unknown key, creating keys of each level,
their status, what each level may and may not do, and revocation.
"""

from __future__ import annotations

import zlib

from _official import attempt, connect, emit, error_json, parse_args

from mosaicolabs import Floating64, Message
from mosaicolabs.enum import APIKeyPermissionEnum

FUTURE_NS = 4_102_444_800_000_000_000  # 2100-01-01


def unknown_key() -> str:
    """A well-formed key (valid CRC) that the server never issued."""
    payload = "zzzzzzzzzzzzzzzzzzzzzzzzzzzz1234"
    return f"msco_{payload}_{zlib.crc32(payload.encode()):08x}"


def status(client, fingerprint: str | None = None) -> dict:
    """``api_key_status`` as plain fields (the official result is a plain class)."""

    def call():
        found = client.api_key_status(fingerprint)
        return None if found is None else {
            "created_at_ns": found.created_at_ns, "expires_at_ns": found.expires_at_ns,
            "description": found.description, "is_expired": found.is_expired}

    return attempt(call)


def try_connect(args, key) -> dict:
    try:
        client = connect(args, api_key=key)
    except Exception as exc:  # noqa: BLE001 - the failure is the result
        return error_json(exc)
    client.close()
    return {"ok": True}


def write_sequence(client, name: str) -> None:
    with client.sequence_create(name, {"by": name}) as writer:
        writer.topic_create("/v", {}, Floating64).push(
            Message(timestamp_ns=1, data=Floating64(data=1.0)))


def as_level(args, key: str) -> dict:
    """What a client holding ``key`` can do."""
    client = connect(args, api_key=key)
    try:
        return {
            "list": attempt(client.list_sequences),
            "version": attempt(client.version),
            "query_notes": attempt(client.list_sequence_notifications, "by_manage"),
            "write": attempt(write_sequence, client, f"seq_{key[-8:]}"),
            "delete": attempt(client.sequence_delete, "by_manage"),
            "create_key": attempt(client.api_key_create, APIKeyPermissionEnum.Read, "x"),
            "status_self": status(client),
        }
    finally:
        client.close()


def main() -> None:
    args = parse_args()
    result: dict = {
        "no_key": try_connect(args, ""),
        "malformed": try_connect(args, "msco_short_123"),
        "unknown": try_connect(args, unknown_key()),
    }
    admin = connect(args)
    try:
        result["admin_status"] = status(admin)
        keys = {}
        for level in ("Read", "Write", "Delete", "Manage"):
            keys[level] = admin.api_key_create(getattr(APIKeyPermissionEnum, level),
                                               f"{level.lower()} key")
        expiring = admin.api_key_create(APIKeyPermissionEnum.Read, "expiring", FUTURE_NS)
        result["keys"] = keys
        result["key_status"] = {lvl: status(admin, tok.rsplit("_", 1)[1])
                                for lvl, tok in keys.items()}
        result["expiring_status"] = status(admin, expiring.rsplit("_", 1)[1])
        write_sequence(admin, "by_manage")
        result["levels"] = {}
        for level in ("Read", "Write", "Delete"):  # only Delete may remove "by_manage"
            result["levels"][level] = as_level(args, keys[level])
        fingerprint = keys["Write"].rsplit("_", 1)[1]
        result["revoke"] = attempt(admin.api_key_revoke, fingerprint)
        result["revoked_status"] = status(admin, fingerprint)
        result["revoked_connect"] = try_connect(args, keys["Write"])
        result["revoke_unknown"] = attempt(admin.api_key_revoke, "00000000")
        result["sequences"] = admin.list_sequences()
    finally:
        admin.close()
    emit(result)


if __name__ == "__main__":
    main()
