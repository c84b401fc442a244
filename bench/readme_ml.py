"""The README block of the ML-reads benchmark (``bench/results/ml.json``)."""

from __future__ import annotations

from typing import Any

__all__ = ["ml_block"]

_VERDICT = {True: "met", False: "**missed**"}


def ml_block(report: dict[str, Any]) -> str:
    """Markdown for one committed ``python -m bench.ml`` run."""
    when = (f"Run {report['date'][:16].replace('T', ' ')} UTC on {report['machine']}: "
            if "date" in report else "")
    out = [f"{when}`python -m bench.ml`; each reader in its own process on one mock server, "
           "median of 3 alternating runs; peak RSS is the largest of the runs. The clock "
           "starts once the packages and pandas are imported (the official package imports "
           "pandas with `mosaicolabs.ml`, ours on first use).", "",
           "| sequence | official `DataFrameExtractor` + `SyncTransformer` | ours, same classes "
           "| ours, `aligned()` |", "|---|---|---|---|"]
    for duration, run in report["runs"].items():
        cells = [f"{run['official']['seconds']:.2f} s, {run['official']['peak_rss_mb']:.0f} MB"]
        cells += [f"{run[m]['seconds']:.2f} s ({run[m]['speedup']:.1f}×), "
                  f"{run[m]['peak_rss_mb']:.0f} MB" for m in ("compat", "arrow")]
        out.append(f"| {duration} s, {run['messages']:,} messages | " + " | ".join(cells) + " |")
    targets = report["targets"]
    out += ["", "Targets on the longest sequence: ≥ 20× the official with the same classes "
            f"{_VERDICT[targets['speedup_compat_ge_20']]}, with `aligned()` "
            f"{_VERDICT[targets['speedup_arrow_ge_20']]}; memory bounded by the window (peak at "
            "most 1.1× that of the sequence half as long; the shortest shows the ramp while "
            "the server's chunks grow to full size): same classes "
            f"{_VERDICT[targets['memory_bounded_compat']]}, `aligned()` "
            f"{_VERDICT[targets['memory_bounded_arrow']]}."]
    return "\n".join(out)
