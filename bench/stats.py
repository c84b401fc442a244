"""The statistics every case reports, and the one rule the verdicts use.

Each timed case keeps all its samples and reports ``{"min", "median", "max", "n"}``.
Verdicts use the **median**: of the paired per-repeat ratios when two sides are compared
(each pair runs back to back, the order alternating between repeats), of the repeats for
an absolute figure. Rates (MB/s, messages/s) are computed from the median time.
"""

from __future__ import annotations

import statistics

__all__ = ["PAIRED", "REPEATS", "RULE", "paired_ratios", "rate_row", "ratio_row", "summary"]

RULE = ("every timed case reports min/median/max over its repeats; verdicts use the "
        "median: of the paired per-repeat ratios when two sides are compared, of the "
        "repeats for an absolute figure; rates come from the median time")
PAIRED = "median of paired per-repeat ratios (pairs back to back, order alternating)"
REPEATS = "median of the repeats"


def summary(samples: list[float], digits: int = 5) -> dict:
    """``min``/``median``/``max``/``n`` of ``samples`` (rounded to ``digits``)."""
    if not samples:
        raise ValueError("no samples")
    return {"min": round(min(samples), digits),
            "median": round(statistics.median(samples), digits),
            "max": round(max(samples), digits), "n": len(samples)}


def paired_ratios(baseline: list[float], ours: list[float]) -> list[float]:
    """Per repeat, baseline time / our time (1.0 = as fast; above 1 = we are faster)."""
    return [b / o for b, o in zip(baseline, ours, strict=True) if o > 0]


def ratio_row(mb: float, raw: list[float], ours: list[float], target: float = 0.9) -> dict:
    """A side-by-side row: the median paired ratio, and both sides' times and MB/s."""
    raw_s, ours_s = summary(raw), summary(ours)
    ratios = summary(paired_ratios(raw, ours), 3)
    return {"ratio_vs_raw": ratios["median"], "ratio_stats": ratios,
            "raw_MB_s": round(mb / raw_s["median"], 1),
            "ours_MB_s": round(mb / ours_s["median"], 1),
            "raw_s": raw_s["median"], "ours_s": ours_s["median"],
            "raw_s_stats": raw_s, "ours_s_stats": ours_s,
            "target_ratio": target, "statistic": PAIRED + "; MB/s from the median time"}


def rate_row(count: int, samples: list[float], target: int | None = None) -> dict:
    """Items per second from the median time of the repeats."""
    seconds = summary(samples)
    out = {"per_second": round(count / seconds["median"]),
           "us_per_item": round(seconds["median"] / count * 1e6, 3),
           "count": count, "seconds_stats": seconds, "statistic": REPEATS}
    if target:
        out["target_per_second"] = target
    return out
