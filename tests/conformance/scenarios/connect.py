"""Connect (with ``--api-key`` if given, or ``from_env`` with ``--from-env``), then
``version()`` and ``list_sequences()``.

Prints ``{"connect", "version", "version_type", "sequences", "closed"}``; a failed
connect reports the error and skips the rest.
"""

from __future__ import annotations

from _official import attempt, connect, emit, error_json, parse_args

from mosaicolabs import MosaicoClient


def main() -> None:
    args = parse_args(("--from-env", {"action": "store_true"}))
    try:
        client = (MosaicoClient.from_env(args.host, args.port) if args.from_env
                  else connect(args))
    except Exception as exc:  # noqa: BLE001 - the failure is the result
        emit({"connect": error_json(exc)})
        return
    result: dict = {"connect": "ok"}
    try:
        version = client.version()
        result["version"] = version
        result["version_type"] = type(version).__name__
        result["sequences"] = attempt(client.list_sequences)
    finally:
        client.close()
    result["closed"] = True
    emit(result)


if __name__ == "__main__":
    main()
