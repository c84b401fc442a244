"""The targets of performance.md, checked against one report: met or missed, with the value.

Every verdict comes from a measurement of the same run: ``met`` is true or false when the
case was measured and the target applies to the server of the run; otherwise it is
``None`` and the note says why (not measured, the case failed, or an absolute target set
for the mock server). Notes state facts of the run only; each row also names the statistic
its value is (:mod:`bench.stats`: medians, of paired ratios when two sides are compared).
Relative targets (vs raw Flight, vs the official package, scaling, memory vs its limit)
apply on every server; absolute and mock-only ones on the mock server only.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any, Callable

__all__ = ["TARGETS", "Target", "evaluate"]

NOT_MEASURED = "not measured on this server"


@dataclass(frozen=True)
class Target:
    name: str
    case: str  # the results row
    path: tuple[str, ...]  # the value inside it
    text: str  # the target, as printed
    check: Callable[[Any, Any], bool]  # operator.ge / operator.le
    bound: float
    everywhere: bool  # relative: evaluated on every server; else on the mock only

    def met(self, value: float) -> bool:
        return bool(self.check(value, self.bound))


def _t(name: str, case: str, key: str, text: str, check: Callable[[Any, Any], bool],
       bound: float, everywhere: bool = True) -> Target:
    return Target(name, case, tuple(key.split(".")), text, check, bound, everywhere)


GE, LE = operator.ge, operator.le
TARGETS = (
    _t("columnar_write_vs_raw", "imu_columnar_write", "ratio_vs_raw",
       ">= 0.9 of raw DoPut (IMU)", GE, 0.9),
    _t("arrow_read_vs_raw", "imu_arrow_read", "ratio_vs_raw", ">= 0.9 of raw DoGet (IMU)",
       GE, 0.9),
    _t("image_write_vs_raw", "image_columnar_write", "ratio_vs_raw",
       ">= 0.9 of raw DoPut (images)", GE, 0.9),
    _t("image_read_vs_raw", "image_arrow_read", "ratio_vs_raw",
       ">= 0.9 of raw DoGet (images)", GE, 0.9),
    _t("push_vs_official", "vs_official", "speedup.push_s", ">= 20x", GE, 20),
    _t("read_vs_official", "vs_official", "speedup.read_s", ">= 10x", GE, 10),
    # performance.md's per-message write, as user code does it: build each Message, push it.
    _t("build_and_push_vs_official", "vs_official", "speedup.build_and_push_s", ">= 20x",
       GE, 20),
    _t("merged_read", "imu_merged_read_scaling", "value",
       "per-row cost at 16 topics <= 2x that at 2 topics, same total rows (heap merge, "
       "O(log k) per row; a linear scan would be ~8x)", LE, 2.0),
    _t("write_buffer_4MiB", "write_buffer_peak_4MiB", "value",
       "peak held (heap + Arrow) <= 2x max_batch_size_bytes = 4 MiB", LE, 2.0),
    _t("write_buffer_1MiB", "write_buffer_peak_1MiB", "value",
       "peak held (heap + Arrow) <= 2x max_batch_size_bytes = 1 MiB", LE, 2.0),
    _t("push_msgs_per_s", "imu_message_push", "per_second", ">= 100000 msg/s", GE, 100_000,
       everywhere=False),
    _t("ontology_query_1M_rows_s", "imu_ontology_query", "seconds", "< 1 s", operator.lt, 1.0,
       everywhere=False),
    _t("mock_server_ingest_vs_bare", "mock_server_ingest", "ratio_vs_bare_pyarrow_server",
       ">= 0.8 of a bare pyarrow server keeping the last upload", GE, 0.8, everywhere=False),
    _t("mock_write_latency_vs_catalog", "mock_write_latency_vs_catalog", "value",
       "median at 10 000 sequences <= 1.5x median at 100 (flat)", LE, 1.5, everywhere=False),
    _t("import_seconds", "import_seconds", "value", "<= 0.25 s", LE, 0.25, everywhere=False),
    _t("import_and_names_seconds", "import_and_names_seconds", "value",
       "<= 0.25 s (import + every name of __all__)", LE, 0.25, everywhere=False),
)


def _row(target: Target, value: Any, met: bool | None, note: str = "",
         statistic: str | None = None) -> dict:
    return {"target": target.text, "value": value, "met": met,
            **({"statistic": statistic} if statistic else {}), **({"note": note} if note else {})}


def _unmeasured(row: dict | None) -> str:
    if row and "error" in row:
        return f"failed on this server: {row['error'].splitlines()[0][:160]}"
    return NOT_MEASURED if row and "skipped" in row else "not measured in this run"


def _value(row: dict | None, path: tuple[str, ...]) -> Any:
    found: Any = row
    for key in path:
        found = found.get(key) if isinstance(found, dict) else None
    return found if isinstance(found, (int, float)) and not isinstance(found, bool) else None


def _facts(case: dict) -> str:
    """What the run measured, for the note: sizes that differ between runs."""
    if "rows" in case and "seconds" in case:
        return f"over {case['rows']:,} rows"
    if "peak_bytes" in case:
        return f"peak {case['peak_bytes']:,} B for a limit of {case['limit_bytes']:,} B"
    if "median_ms_at_100" in case:
        return (f"medians {case['median_ms_at_100']} ms at 100, "
                f"{case['median_ms_at_10000']} ms at 10 000 sequences")
    return ""


def _evaluate(target: Target, results: dict, kind: str) -> dict:
    case = results.get(target.case)
    value = _value(case, target.path)
    if value is None or case is None:
        return _row(target, None, None, _unmeasured(case))
    statistic = case.get("statistic")
    if not target.everywhere and kind != "mock":
        return _row(target, value, None, f"absolute target set for the mock server; not "
                                          f"evaluated on {kind}", statistic)
    return _row(target, value, target.met(value), _facts(case), statistic)


def evaluate(results: dict, kind: str = "mock") -> dict:
    """One entry per target: ``met`` true/false, or None with the reason in ``note``."""
    return {target.name: _evaluate(target, results, kind) for target in TARGETS}
