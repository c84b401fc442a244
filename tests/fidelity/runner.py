"""Run one fidelity scenario (tests/fidelity/fidelity.json) against any Flight server.

A scenario is a list of raw ``pyarrow.flight`` calls; set-up is wire calls too, so
the data never depends on our engine. The runner deliberately shares no code with
the library under test: it reads gRPC statuses from pyarrow's exceptions itself.

Step keys: ``op`` (``do_action``, ``get_flight_info``, ``list_flights``, ``do_put``,
``do_get``), ``key`` (``"admin"``, ``"none"`` or a token; default: the admin key if
one was given), ``save`` (``{"name": "dotted.path"}`` from the step's value, a
trailing ``|fingerprint`` keeps the text after the last ``_``), ``may_fail`` (go on
after an error). In strings, ``$RUN`` becomes a name unique to the run and a whole
string ``"$name"`` the saved value.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import pyarrow as pa
import pyarrow.flight as fl

__all__ = ["SCENARIOS", "Outcome", "check", "load_scenarios", "run_scenario"]

SCENARIOS = Path(__file__).with_name("fidelity.json")
TOKEN_HEADER = b"mosaico-api-key-token"
_TYPES = {"int64": pa.int64(), "int32": pa.int32(), "float64": pa.float64(), "utf8": pa.string()}
_PREFIX = re.compile(
    r"^(?:[A-Za-z ]+: )?(?:(?:Flight|gRPC) returned (?P<what>[a-z -]+) error"
    r"|Flight (?P<cancelled>cancelled) call|Flight RPC (?P<failed>failed)), with message: ",
    re.S,
)
_WHAT = {"not found": "NOT_FOUND", "already exists": "ALREADY_EXISTS",
         "invalid argument": "INVALID_ARGUMENT", "precondition failed": "FAILED_PRECONDITION",
         "unauthorized": "PERMISSION_DENIED", "unauthenticated": "UNAUTHENTICATED",
         "unimplemented": "UNIMPLEMENTED", "internal": "INTERNAL", "unavailable": "UNAVAILABLE",
         "timeout": "DEADLINE_EXCEEDED", "out-of-range": "OUT_OF_RANGE", "aborted": "ABORTED",
         "resource exhausted": "RESOURCE_EXHAUSTED", "data loss": "DATA_LOSS"}
# A pyarrow server (the mock) sends its status in trailers: pyarrow raises the class bare.
_CLASSES = ((fl.FlightUnauthenticatedError, "UNAUTHENTICATED"),
            (fl.FlightUnauthorizedError, "PERMISSION_DENIED"),
            (fl.FlightUnavailableError, "UNAVAILABLE"),
            (fl.FlightTimedOutError, "DEADLINE_EXCEEDED"), (fl.FlightCancelledError, "CANCELLED"),
            (fl.FlightInternalError, "INTERNAL"),
            (fl.FlightServerError, "UNKNOWN"), (pa.ArrowKeyError, "NOT_FOUND"),
            (pa.ArrowNotImplementedError, "UNIMPLEMENTED"), (pa.ArrowInvalid, "INVALID_ARGUMENT"))


@dataclass(frozen=True)
class Outcome:
    """What a scenario came to: the deciding step, its status and message or value.

    ``status`` is ``"OK"`` or a gRPC status name; ``message`` is the server's text
    (without pyarrow's wording); ``value`` is the last step's value when all went well;
    ``run`` is what ``$RUN`` stood for.
    """

    step: int
    status: str
    message: str = ""
    value: Any = None
    run: str = ""


def load_scenarios(path: Path = SCENARIOS) -> list[dict[str, Any]]:
    """The scenarios of the fidelity table."""
    return json.loads(path.read_text())["scenarios"]


def status_of(exc: BaseException) -> tuple[str, str]:
    """``(status name, server text)`` of what pyarrow raised for a failed call."""
    text = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
    text = re.sub(r"\.?\s*(?:Detail: |gRPC client debug context: ).*\Z", "", text, flags=re.S)
    match = _PREFIX.match(text)
    if match is not None:
        what = match.group("what")
        status = ("CANCELLED" if match.group("cancelled") else
                  "UNKNOWN" if match.group("failed") else _WHAT.get(what or "", "UNKNOWN"))
        return status, text[match.end():].strip()
    status = next((name for cls, name in _CLASSES if isinstance(exc, cls)), "UNKNOWN")
    return status, text.strip()


class _Run:
    """One run of one scenario: the client, the admin key and the saved values."""

    def __init__(self, client: fl.FlightClient, admin_key: str | None) -> None:
        self.client = client
        self.admin_key = admin_key
        self.saved: dict[str, Any] = {"RUN": f"fid{uuid.uuid4().hex[:10]}"}

    def resolve(self, value: Any) -> Any:
        """``value`` with ``$RUN`` and saved ``$name`` strings filled in."""
        if isinstance(value, str):
            name = value[1:]
            if value.startswith("$") and name in self.saved and name != "RUN":
                return self.saved[name]
            return value.replace("$RUN", self.saved["RUN"])
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if isinstance(value, dict):
            return {self.resolve(k): self.resolve(v) for k, v in value.items()}
        return value

    def options(self, step: Mapping[str, Any]) -> fl.FlightCallOptions:
        key = self.resolve(step.get("key", "admin"))
        token = self.admin_key if key == "admin" else None if key == "none" else key
        headers = [] if token is None else [(TOKEN_HEADER, token.encode())]
        return fl.FlightCallOptions(headers=headers, timeout=60)

    def save(self, step: Mapping[str, Any], value: Any) -> None:
        for name, path in step.get("save", {}).items():
            path, _, how = path.partition("|")
            found = value
            for part in path.split("."):
                found = found[int(part)] if isinstance(found, list) else found[part]
            self.saved[name] = found.rsplit("_", 1)[-1] if how == "fingerprint" else found


def _json(raw: bytes | None) -> Any:
    return json.loads(raw) if raw else None


def _descriptor(step: Mapping[str, Any]) -> fl.FlightDescriptor:
    if "path" in step:
        return fl.FlightDescriptor.for_path(*step["path"])
    command = step["command"]
    raw = command if isinstance(command, str) else json.dumps(command)
    return fl.FlightDescriptor.for_command(raw.encode())


def _do_action(run: _Run, step: Mapping[str, Any]) -> Any:
    body = step.get("body", {})
    raw = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    results = list(run.client.do_action(fl.Action(step["type"], raw), run.options(step)))
    return _json(results[0].body.to_pybytes()) if results else None


def _get_flight_info(run: _Run, step: Mapping[str, Any]) -> Any:
    info = run.client.get_flight_info(_descriptor(step), run.options(step))
    metadata = {k.decode(): v.decode() for k, v in (info.schema.metadata or {}).items()}
    endpoints = [{"ticket": e.ticket.ticket, "app_metadata": _json(e.app_metadata)}
                 for e in info.endpoints]
    return {"app_metadata": _json(info.app_metadata), "schema_metadata": metadata,
            "fields": info.schema.names, "endpoints": endpoints}


def _list_flights(run: _Run, step: Mapping[str, Any]) -> Any:
    criteria = step.get("criteria", "").encode()
    infos = run.client.list_flights(criteria, run.options(step))
    return {"names": [i.descriptor.path[0].decode() for i in infos]}


def _do_put(run: _Run, step: Mapping[str, Any]) -> Any:
    schema = pa.schema([pa.field(name, _TYPES[kind]) for name, kind in step["schema"]])
    writer, _ = run.client.do_put(_descriptor(step), schema, run.options(step))
    rows = 0
    for columns in step.get("batches", []):
        batch = pa.record_batch([pa.array(columns[f.name], f.type) for f in schema], schema)
        writer.write_batch(batch)
        rows += batch.num_rows
    writer.done_writing()
    writer.close()
    return {"rows": rows}


def _do_get(run: _Run, step: Mapping[str, Any]) -> Any:
    table = run.client.do_get(fl.Ticket(step["ticket"]), run.options(step)).read_all()
    return {"rows": table.num_rows, "timestamps": table.column("timestamp_ns").to_pylist()}


_OPS = {"do_action": _do_action, "get_flight_info": _get_flight_info,
        "list_flights": _list_flights, "do_put": _do_put, "do_get": _do_get}


def _client(host: str, port: int, tls_root: bytes | str | Path | None) -> fl.FlightClient:
    if tls_root is None:
        return fl.FlightClient(f"grpc://{host}:{port}")
    root = tls_root if isinstance(tls_root, bytes) else Path(tls_root).read_bytes()
    return fl.FlightClient(f"grpc+tls://{host}:{port}", tls_root_certs=root)


def run_scenario(scenario: Mapping[str, Any], host: str, port: int, *,
                 admin_key: str | None = None,
                 tls_root: bytes | str | Path | None = None) -> Outcome:
    """Run ``scenario``'s steps against the server at ``host:port``.

    Args:
        scenario: One entry of the fidelity table.
        host: Server host.
        port: Server port.
        admin_key: A Manage key, sent by every step that does not say otherwise.
        tls_root: PEM (bytes or a file path) of the CA to trust; ``None`` for plain gRPC.

    Returns:
        The outcome of the first failing step (unless it may fail), else of the last.
    """
    with _client(host, port, tls_root) as client:
        run = _Run(client, admin_key)
        value: Any = None
        steps = scenario["steps"]
        for index, raw_step in enumerate(steps):
            step = run.resolve(raw_step)
            try:
                value = _OPS[step["op"]](run, step)
            except (pa.ArrowException, OSError) as exc:
                if step.get("may_fail"):
                    continue
                status, message = status_of(exc)
                return Outcome(index, status, message, None, run.saved["RUN"])
            run.save(step, value)
        return Outcome(len(steps) - 1, "OK", "", value, run.saved["RUN"])


def check(outcome: Outcome, expected: Mapping[str, Any]) -> list[str]:
    """Differences between ``outcome`` and an expectation of the table (empty: it holds).

    A failure's message must be the expected text, alone or followed by ``" :: "``
    and a detail (our mock's addition). ``value`` is a pattern: objects need the
    listed keys, lists match item by item, ``"<any>"``/``"<int>"``/``"<str>"``/
    ``"<minute-datetime>"`` match by kind; ``$RUN`` stands for the run's name.
    """
    expected = json.loads(json.dumps(expected).replace("$RUN", outcome.run))
    problems = []
    step = expected.get("step")
    if step is not None and outcome.step != step:
        problems.append(f"decided at step {outcome.step}, expected step {step}")
    if outcome.status != expected["status"]:
        problems.append(f"status {outcome.status} ({outcome.message!r}), "
                        f"expected {expected['status']}")
    text = expected.get("text")
    # mosaicod's own texts may carry values after ": " ("flight encoding error: ..."); the
    # mock's deliberate detail follows " :: ".
    if text is not None and outcome.message != text and not outcome.message.startswith(
            (text + " :: ", text + ": ")):
        problems.append(f"message {outcome.message!r} does not lead with {text!r}")
    if "value" in expected and not _matches(expected["value"], outcome.value):
        problems.append(f"value {outcome.value!r} does not match {expected['value']!r}")
    return problems


_KINDS = {
    "<any>": lambda v: True,
    "<int>": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "<str>": lambda v: isinstance(v, str),
    "<minute-datetime>": lambda v: isinstance(v, str) and re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", v) is not None,
}


def _matches(pattern: Any, value: Any) -> bool:
    if isinstance(pattern, str) and pattern in _KINDS:
        return _KINDS[pattern](value)
    if isinstance(pattern, dict):
        return isinstance(value, dict) and all(
            key in value and _matches(sub, value[key]) for key, sub in pattern.items())
    if isinstance(pattern, list):
        return (isinstance(value, list) and len(value) == len(pattern)
                and all(_matches(p, v) for p, v in zip(pattern, value, strict=True)))
    return bool(pattern == value)
