"""The mock server's ingest vs a bare pyarrow Flight server, interleaved in one loop.

Like with like: both servers are fresh processes started side by side, both receive the
same pre-built batches (same batch sizes) in one DoPut, and both hold one upload at a
time, as the mock does in this benchmark (each sequence is deleted before the next
upload; the bare server runs ``--keep last``, see :mod:`bench.bare_server`). Only the
DoPut is timed: the mock's catalog calls (sequence, session, topic before; finalize and
delete after) carry none of the bytes and run untimed. Both sides are warmed up untimed;
the order alternates between repeats. The verdict uses the median of the paired
per-repeat ratios (bare time / mock time).
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.flight as flight

from . import cases
from .server import bare_server_process, server_process
from .stats import PAIRED, paired_ratios, summary

__all__ = ["mock_vs_bare"]


class _Mock:
    def __init__(self, port: int) -> None:
        self.raw = cases.RawFlight(port)

    def upload(self, schema: pa.Schema, batches: list[pa.RecordBatch]) -> float:
        seq = cases.fresh("ingest")
        session, command = self.raw.open_topic(seq, "imu", "default")
        seconds = cases.timed(lambda: cases.doput(self.raw.client, command, schema, batches))
        self.raw.action("session_finalize", {"session_uuid": session})
        self.raw.action("sequence_delete", {"locator": seq})  # one upload held at a time
        return seconds


class _Bare:
    COMMAND = '{"resource_locator": "bare/data", "topic_uuid": "-"}'

    def __init__(self, port: int) -> None:
        self.client = flight.FlightClient(f"grpc://127.0.0.1:{port}")

    def upload(self, schema: pa.Schema, batches: list[pa.RecordBatch]) -> float:
        return cases.timed(lambda: cases.doput(self.client, self.COMMAND, schema, batches))


def mock_vs_bare(imu: pa.Table, repeats: int) -> dict:
    batches = cases.flight_batches(imu)
    mb = imu.nbytes / 1e6
    times: dict[str, list[float]] = {"mock": [], "bare": []}
    with server_process() as mock_port, bare_server_process("last") as bare_port:
        sides = {"mock": _Mock(mock_port), "bare": _Bare(bare_port)}
        for side in sides.values():  # warm-up, untimed
            side.upload(imu.schema, batches)
        for i in range(repeats):
            for name in (("mock", "bare") if i % 2 == 0 else ("bare", "mock")):
                times[name].append(sides[name].upload(imu.schema, batches))
        sides["bare"].client.close()
        sides["mock"].raw.client.close()
    ratios = summary(paired_ratios(times["bare"], times["mock"]), 3)
    mock, bare = summary(times["mock"]), summary(times["bare"])
    rates = {f"{name}_MB_s_stats": {"min": round(mb / s["max"], 1),
                                    "median": round(mb / s["median"], 1),
                                    "max": round(mb / s["min"], 1)}
             for name, s in (("mock", mock), ("bare", bare))}
    return {"mock_server_ingest": {
        "ratio_vs_bare_pyarrow_server": ratios["median"], "ratio_stats": ratios,
        "mock_MB_s": rates["mock_MB_s_stats"]["median"],
        "bare_MB_s": rates["bare_MB_s_stats"]["median"], **rates,
        "mock_s_stats": mock, "bare_s_stats": bare, "bare_keeps": "last upload only",
        "batches": len(batches), "MB": round(mb, 1), "statistic": PAIRED,
        "target_ratio": 0.8}}
