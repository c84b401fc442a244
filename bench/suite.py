"""The benchmark cases of one run, against one server given by its port.

The mock server and mosaicod go through the same code: :func:`measure` runs every case
against ``127.0.0.1:port``. A case that fails (a protocol difference, a server error) is
recorded as ``{"error": "..."}``, printed, and the run goes on. :func:`mock_only` adds
the cases that only make sense with the mock server (or with no server at all);
:func:`skip_mock_only` says why they are absent on another server.

Every timed case keeps its repeats and reports min/median/max; verdicts use medians
(:mod:`bench.stats` states the rule).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import partial
from typing import Callable

import pyarrow as pa

from mosaicolabs import CompressedImage, MosaicoClient
from mosaicolabs.domain.ontology.message import Message

from . import cases, client_cases, data, peers
from .catalog_latency import write_latency_vs_catalog
from .import_time import import_times
from .ingest import mock_vs_bare
from .memory_bound import LIMITS, write_buffer_peak
from .write_breakdown import write_breakdown

__all__ = ["MOCK_ONLY", "Plan", "Workload", "failures", "measure", "mock_only",
           "skip_mock_only"]

IMAGE_BYTES = 512 * 1024
MOCK_ONLY = ("mock_server_ingest", "mock_write_latency_vs_catalog", "import_seconds",
             "import_and_names_seconds")
MERGED = tuple(f"imu_merged_read_{k}_topics" for k in client_cases.MERGED_TOPICS) + (
    "imu_merged_read_scaling",)
WRITE_BUFFER = tuple(f"write_buffer_peak_{limit // 1024 // 1024}MiB" for limit in LIMITS)


@dataclass(frozen=True)
class Plan:
    """Sizes and repeats of a run (``--quick`` or full) and whether the peers run."""

    quick: bool
    n_imu: int
    n_msgs: int
    n_img: int
    repeats: int
    official_messages: int | None
    latency_writes: int

    @classmethod
    def of(cls, quick: bool, official: bool) -> Plan:
        n_imu, n_msgs, n_img = (50_000, 20_000, 20) if quick else (1_000_000, 200_000, 200)
        peers_n = (4_000 if quick else 20_000) if official else None
        return cls(quick, n_imu, n_msgs, n_img, 2 if quick else 5, peers_n,
                   10 if quick else 50)

    def sizes(self) -> dict:
        return {"imu_rows": self.n_imu, "messages": self.n_msgs, "images": self.n_img,
                "image_bytes": IMAGE_BYTES, "repeats": self.repeats,
                "official_messages": self.official_messages,
                "catalog_latency_writes": self.latency_writes}


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


def guarded(results: dict, names: tuple[str, ...], case: Callable[[], dict]) -> None:
    """Run ``case`` (it returns rows by name); on failure record and print the error."""
    try:
        results.update(case())
    except Exception as exc:  # reported in the JSON and the table, never hidden
        message = client_cases.describe(exc)
        print(f"[bench] {', '.join(names)} FAILED: {message}", file=sys.stderr, flush=True)
        results.update({name: {"error": message} for name in names})


def measure(port: int, plan: Plan, work: Workload) -> dict:
    """Every case against the server on ``port``; failed cases hold ``{"error": ...}``."""
    results: dict[str, dict] = {}
    with MosaicoClient.connect("127.0.0.1", port) as client:
        raw = cases.RawFlight(port)
        guarded(results, ("warm_up",),
                partial(client_cases.warm_up, client, raw, work.imu, work.images))
        for label, table, model, fmt in (("imu", work.imu, data.IMU, "default"),
                                         ("image", work.images, CompressedImage, "image")):
            # Twice the repeats: one transfer is short and this VM's noise is not.
            guarded(results, (f"{label}_columnar_write", f"{label}_arrow_read"),
                    partial(client_cases.columnar, client, raw, label, table, model, fmt,
                            2 * plan.repeats))
        guarded(results, ("imu_message_build", "imu_message_push", "imu_build_and_push",
                          "imu_message_read"),
                partial(client_cases.per_message, client, work.messages, plan.repeats))
        guarded(results, ("imu_write_breakdown",),
                partial(write_breakdown, client, plan.official_messages or 20_000,
                        plan.repeats))
        guarded(results, ("imu_ontology_query",),
                partial(client_cases.ontology_query, client, work.imu, plan.repeats))
        guarded(results, MERGED,
                partial(client_cases.merged_read, client, plan.n_msgs, plan.repeats))
        guarded(results, WRITE_BUFFER, partial(write_buffer_peak, client))
    if plan.official_messages:
        # Same server, same script, both packages, interleaved: ratios from one run.
        n, runs = plan.official_messages, plan.repeats
        guarded(results, ("vs_official",),
                lambda: {"vs_official": peers.compare(port, n, runs)})
    return results


def failures(results: dict) -> dict[str, str]:
    """The cases that failed, with their messages."""
    return {name: row["error"] for name, row in results.items() if "error" in row}


def mock_only(results: dict, plan: Plan, work: Workload) -> None:
    """The mock server's ingest vs a bare pyarrow server and its write latency vs catalog
    size (servers of their own, started here), and the client's import time."""
    # An upload is short (~0.15 s for 124 MB): three times the repeats, for a steadier median.
    guarded(results, ("mock_server_ingest",),
            partial(mock_vs_bare, work.imu, 3 * plan.repeats))
    guarded(results, ("mock_write_latency_vs_catalog",),
            partial(write_latency_vs_catalog, plan.latency_writes))
    guarded(results, ("import_seconds", "import_and_names_seconds"),
            partial(import_times, max(plan.repeats, 5)))


def skip_mock_only(results: dict, kind: str) -> None:
    """Say why the mock-only cases are absent from a run on another server."""
    mock = f"a property of the mock server; not measured on {kind}"
    client = f"client-only (no server involved); not measured on {kind}, see the mock run"
    notes = {"mock_server_ingest": mock, "mock_write_latency_vs_catalog": mock,
             "import_seconds": client, "import_and_names_seconds": client}
    results.update({name: {"skipped": notes[name]} for name in MOCK_ONLY})
