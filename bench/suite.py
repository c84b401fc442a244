"""The benchmark cases of one run, against one server given by its port.

The mock server and mosaicod go through the same code: :func:`measure` runs every case
against ``127.0.0.1:port``. A case that fails (a protocol difference, a server error) is
recorded as ``{"error": "..."}``, printed, and the run goes on. :func:`mock_only` adds
the cases that only make sense with the mock server; :func:`skip_mock_only` says why
they are absent on another server.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from functools import partial
from typing import Any, Callable

import pyarrow as pa

from mosaicolabs import CompressedImage, MosaicoClient
from mosaicolabs.domain.ontology.message import Message

from . import cases, data, peers
from .server import bare_server_process

__all__ = ["Plan", "Workload", "failures", "measure", "mock_only", "skip_mock_only"]

IMAGE_BYTES = 512 * 1024
MOCK_ONLY = ("mock_server_ingest", "import_seconds")


@dataclass(frozen=True)
class Plan:
    """Sizes and repeats of a run (``--quick`` or full) and whether the peers run."""

    quick: bool
    n_imu: int
    n_msgs: int
    n_img: int
    repeats: int
    official_messages: int | None

    @classmethod
    def of(cls, quick: bool, official: bool) -> Plan:
        n_imu, n_msgs, n_img = (50_000, 20_000, 20) if quick else (1_000_000, 200_000, 200)
        peers_n = (4_000 if quick else 20_000) if official else None
        return cls(quick, n_imu, n_msgs, n_img, 1 if quick else 5, peers_n)

    def sizes(self) -> dict:
        return {"imu_rows": self.n_imu, "messages": self.n_msgs, "images": self.n_img,
                "image_bytes": IMAGE_BYTES}


@dataclass(frozen=True)
class Workload:
    """The data every case sends, built once before the server starts."""

    imu: pa.Table
    images: pa.Table
    messages: list[Message]

    @classmethod
    def build(cls, plan: Plan) -> Workload:
        # Frames of random bytes, as incompressible as real JPEG data: identical, highly
        # compressible frames are not what a server stores, and make mosaicod size its
        # read batches from the compressed bytes (one 105 MB DoGet message, over its
        # 50 MiB limit, for 200 x 512 kB frames).
        return cls(data.imu_table(plan.n_imu), data.jpeg_like_table(plan.n_img, IMAGE_BYTES),
                   data.imu_messages(plan.n_msgs))


def best(samples: list[float]) -> float:
    return min(samples)


def ratio_row(mb: float, raw_s: float, ours_s: float) -> dict:
    return {"ratio_vs_raw": round(raw_s / ours_s, 3), "raw_MB_s": round(mb / raw_s, 1),
            "ours_MB_s": round(mb / ours_s, 1), "raw_s": round(raw_s, 5),
            "ours_s": round(ours_s, 5), "target_ratio": 0.9}


def rate_row(count: int, seconds: float, target: int | None) -> dict:
    out = {"per_second": round(count / seconds), "us_per_item": round(seconds / count * 1e6, 3)}
    if target:
        out["target_per_second"] = target
    return out


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".strip()


def guarded(results: dict, names: tuple[str, ...], case: Callable[[], dict]) -> None:
    """Run ``case`` (it returns rows by name); on failure record and print the error."""
    try:
        results.update(case())
    except Exception as exc:  # reported in the JSON and the table, never hidden
        print(f"[bench] {', '.join(names)} FAILED: {describe(exc)}", file=sys.stderr, flush=True)
        results.update({name: {"error": describe(exc)} for name in names})


def _columnar_once(side: str, client: MosaicoClient, raw: cases.RawFlight, table: pa.Table,
                   model: Any, fmt: str) -> tuple[float, float]:
    """One upload and read back by ``side``, then delete (so neither side pays for the
    other's data on the server); returns (put seconds, get seconds)."""
    if side == "raw":
        seq, put = raw.put(table, model.__ontology_tag__, fmt)
        get = raw.get(seq)
    else:
        seq, put = cases.client_columnar_put(client, table, model)
        get = cases.client_arrow_get(client, seq)
    client.sequence_delete(seq)
    return put, get


def warm_up(client: MosaicoClient, raw: cases.RawFlight, work: Workload) -> dict:
    """First-use costs (connections, the server's first read of a format) out of the
    timings: a small untimed round trip per side and format. Records nothing unless it
    fails."""
    for table, model, fmt in ((work.imu.slice(0, 1_000), data.IMU, "default"),
                              (work.images.slice(0, 2), CompressedImage, "image")):
        for side in ("raw", "ours"):
            _columnar_once(side, client, raw, table, model, fmt)
    return {}


def _compared(mb: float, samples: dict[str, list[float]], errors: dict[str, str]) -> dict:
    if not errors:
        return ratio_row(mb, best(samples["raw"]), best(samples["ours"]))
    row: dict = {"error": "; ".join(f"{side}: {msg}" for side, msg in errors.items())}
    row.update({f"{side}_MB_s": round(mb / best(times), 1)
                for side, times in samples.items() if times and side not in errors})
    return row


def columnar(client: MosaicoClient, raw: cases.RawFlight, label: str, table: pa.Table,
             model: type, fmt: str, repeats: int) -> dict:
    """Columnar write and Arrow read, raw Flight vs ours, alternating who goes first.

    A side that fails stops (its error is recorded); the other side goes on, so its
    figures are still reported next to the error."""
    puts: dict[str, list[float]] = {"raw": [], "ours": []}
    gets: dict[str, list[float]] = {"raw": [], "ours": []}
    errors: dict[str, str] = {}
    for i in range(repeats):
        for side in (("raw", "ours") if i % 2 == 0 else ("ours", "raw")):
            if side in errors:
                continue
            try:
                put, get = _columnar_once(side, client, raw, table, model, fmt)
            except Exception as exc:  # reported, the other side goes on
                errors[side] = describe(exc)
                print(f"[bench] {label} columnar, {side}: FAILED: {errors[side]}",
                      file=sys.stderr, flush=True)
                continue
            puts[side].append(put)
            gets[side].append(get)
    mb = table.nbytes / 1e6
    return {f"{label}_columnar_write": _compared(mb, puts, errors),
            f"{label}_arrow_read": _compared(mb, gets, errors)}


def per_message(client: MosaicoClient, messages: list[Message], repeats: int) -> dict:
    """``push(Message)`` one by one, and the per-message read back."""
    push, read = [], []
    for _ in range(repeats):
        seq, t = cases.client_message_put(client, messages)
        push.append(t)
        read.append(cases.client_message_get(client, seq))
        client.sequence_delete(seq)
    n = len(messages)
    build = best([cases.timed(partial(data.imu_messages, n)) for _ in range(repeats)])
    return {"imu_message_build": rate_row(n, build, target=None),
            "imu_message_push": rate_row(n, best(push), target=100_000),
            "imu_build_and_push": rate_row(n, build + best(push), target=100_000),
            "imu_message_read": rate_row(n, best(read), target=None)}


def ontology_query(client: MosaicoClient, imu: pa.Table, repeats: int) -> dict:
    hits, t = cases.client_query(client, imu, repeats)
    return {"imu_ontology_query": {"rows": imu.num_rows, "seconds": round(t, 4),
                                   "matching_sequences": hits, "target_seconds": 1.0}}


def merged_read(client: MosaicoClient, n_msgs: int) -> dict:
    rows, t = cases.client_merged_get(client, data.imu_table(n_msgs // 4), topics=4)
    return {"imu_merged_read_4_topics": rate_row(rows, t, target=None)}


def measure(port: int, plan: Plan, work: Workload) -> dict:
    """Every case against the server on ``port``; failed cases hold ``{"error": ...}``."""
    results: dict[str, dict] = {}
    with MosaicoClient.connect("127.0.0.1", port) as client:
        raw = cases.RawFlight(port)
        guarded(results, ("warm_up",), partial(warm_up, client, raw, work))
        for label, table, model, fmt in (("imu", work.imu, data.IMU, "default"),
                                         ("image", work.images, CompressedImage, "image")):
            guarded(results, (f"{label}_columnar_write", f"{label}_arrow_read"),
                    partial(columnar, client, raw, label, table, model, fmt, plan.repeats))
        guarded(results, ("imu_message_build", "imu_message_push", "imu_build_and_push",
                          "imu_message_read"),
                partial(per_message, client, work.messages, plan.repeats))
        guarded(results, ("imu_ontology_query",),
                partial(ontology_query, client, work.imu, plan.repeats))
        guarded(results, ("imu_merged_read_4_topics",), partial(merged_read, client, plan.n_msgs))
    if plan.official_messages:
        # Same server, same script, both packages: ratios from one run.
        n = plan.official_messages
        guarded(results, ("vs_official",), lambda: {"vs_official": peers.compare(port, n)})
    return results


def failures(results: dict) -> dict[str, str]:
    """The cases that failed, with their messages."""
    return {name: row["error"] for name, row in results.items() if "error" in row}


def import_time() -> float:
    code = "import time; t=time.perf_counter(); import mosaicolabs; print(time.perf_counter()-t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(5)]
    return min(runs)


def _mock_ingest(imu: pa.Table, repeats: int, raw_s: float) -> dict:
    with bare_server_process() as bare_port:  # the ingest ceiling: same batches, bare server
        bare = best([cases.bare_put(bare_port, imu) for _ in range(repeats)])
    return {"mock_server_ingest": {
        "ratio_vs_bare_pyarrow_server": round(bare / raw_s, 3),
        "bare_MB_s": round(imu.nbytes / 1e6 / bare, 1),
        "mock_MB_s": round(imu.nbytes / 1e6 / raw_s, 1), "target_ratio": 0.8}}


def mock_only(results: dict, plan: Plan, work: Workload) -> None:
    """The mock server's ingest vs a bare pyarrow server, and the client's import time."""
    raw_s = results.get("imu_columnar_write", {}).get("raw_s")
    if raw_s is None:
        results["mock_server_ingest"] = {"error": "no raw IMU upload to compare with"}
    else:
        guarded(results, ("mock_server_ingest",),
                partial(_mock_ingest, work.imu, plan.repeats, raw_s))
    results["import_seconds"] = {"value": round(import_time(), 4), "target": 0.25}


def skip_mock_only(results: dict, kind: str) -> None:
    """Say why the mock-only cases are absent from a run on another server."""
    notes = {"mock_server_ingest": "mock-only: the mock server's ingest vs a bare pyarrow "
                                   f"server; not measured on {kind}",
             "import_seconds": f"client-only (no server involved); not measured on {kind}, "
                               "see the mock run"}
    results.update({name: {"skipped": notes[name]} for name in MOCK_ONLY})
