"""The client cases of a run, against any server: each returns its rows by name.

Every timed case keeps all its repeats and reports min/median/max (:mod:`bench.stats`);
rates and ratios come from the medians.
"""

from __future__ import annotations

import sys
from functools import partial
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from mosaicolabs import CompressedImage, MosaicoClient
from mosaicolabs.domain.ontology.message import Message

from . import cases, data
from .stats import REPEATS, rate_row, ratio_row, summary

__all__ = ["columnar", "merged_read", "ontology_query", "per_message", "warm_up"]

MERGED_TOPICS = (2, 16)


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".strip()


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


def warm_up(client: MosaicoClient, raw: cases.RawFlight, imu: pa.Table, images: pa.Table) -> dict:
    """First-use costs (connections, the server's first read of a format) out of the
    timings: a small untimed round trip per side and format. Records nothing unless it
    fails."""
    for table, model, fmt in ((imu.slice(0, 1_000), data.IMU, "default"),
                              (images.slice(0, 2), CompressedImage, "image")):
        for side in ("raw", "ours"):
            _columnar_once(side, client, raw, table, model, fmt)
    return {}


def _compared(mb: float, samples: dict[str, list[float]], errors: dict[str, str]) -> dict:
    if not errors:
        return ratio_row(mb, samples["raw"], samples["ours"])
    row: dict = {"error": "; ".join(f"{side}: {msg}" for side, msg in errors.items())}
    row.update({f"{side}_MB_s": round(mb / summary(times)["median"], 1)
                for side, times in samples.items() if times and side not in errors})
    return row


def columnar(client: MosaicoClient, raw: cases.RawFlight, label: str, table: pa.Table,
             model: type, fmt: str, repeats: int) -> dict:
    """Columnar write and Arrow read, raw Flight vs ours, alternating who goes first;
    the ratio is the median of the per-repeat pairs.

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
    """Building IMU messages, ``push(Message)`` one by one, and the per-message read back."""
    n = len(messages)
    build, push, read = [], [], []
    for _ in range(repeats):
        build.append(cases.timed(partial(data.imu_messages, n)))
        seq, t = cases.client_message_put(client, messages)
        push.append(t)
        read.append(cases.client_message_get(client, seq))
        client.sequence_delete(seq)
    both = [b + p for b, p in zip(build, push, strict=True)]  # the same repeat's build and push
    return {"imu_message_build": rate_row(n, build),
            "imu_message_push": rate_row(n, push, target=100_000),
            "imu_build_and_push": rate_row(n, both, target=100_000),
            "imu_message_read": rate_row(n, read)}


def ontology_query(client: MosaicoClient, imu: pa.Table, repeats: int) -> dict:
    hits, times = cases.client_query(client, imu, repeats)
    stats = summary(times)
    return {"imu_ontology_query": {"rows": imu.num_rows, "seconds": stats["median"],
                                   "seconds_stats": stats, "statistic": REPEATS,
                                   "matching_sequences": hits, "target_seconds": 1.0}}


def _interleaved_topics(total_rows: int, topics: int) -> list[pa.Table]:
    """``topics`` IMU tables of ``total_rows / topics`` rows whose timestamps interleave
    (topic k is shifted by k ns), so the merge really picks among every topic."""
    base = data.imu_table(total_rows // topics)
    stamps = base.column(0)
    return [base.set_column(0, base.schema.field(0), pc.add(stamps, pa.scalar(k, pa.int64())))
            for k in range(topics)]


def merged_read(client: MosaicoClient, total_rows: int, repeats: int) -> dict:
    """Per-row cost of the merged sequence read with 2 and with 16 topics, same total rows
    (written untimed, read ``repeats`` times alternating). A heap merge costs O(log k) per
    row (16 vs 2 topics: ~1.3-2x); a linear scan over the topics would be ~8x."""
    seqs = {k: cases.write_topics(client, _interleaved_topics(total_rows, k))
            for k in MERGED_TOPICS}
    times: dict[int, list[float]] = {k: [] for k in MERGED_TOPICS}
    rows: dict[int, int] = {}
    try:
        for i in range(repeats):
            for k in (MERGED_TOPICS if i % 2 == 0 else MERGED_TOPICS[::-1]):
                rows[k], t = cases.client_merged_get(client, seqs[k])
                times[k].append(t)
    finally:
        for seq in seqs.values():
            client.sequence_delete(seq)
    out = {f"imu_merged_read_{k}_topics": rate_row(rows[k], times[k]) for k in MERGED_TOPICS}
    few, many = MERGED_TOPICS
    per_row = {k: [t / rows[k] for t in times[k]] for k in MERGED_TOPICS}
    ratios = summary([m / f for f, m in zip(per_row[few], per_row[many], strict=True)], 3)
    out["imu_merged_read_scaling"] = {
        "value": ratios["median"], "ratio_stats": ratios, "topics": list(MERGED_TOPICS),
        "rows": total_rows, f"us_per_row_{few}": round(summary(per_row[few], 9)["median"] * 1e6, 3),
        f"us_per_row_{many}": round(summary(per_row[many], 9)["median"] * 1e6, 3),
        "statistic": f"median of paired per-repeat ratios: per-row time at {many} topics "
                     f"/ at {few} topics", "target": 2.0}
    return out
