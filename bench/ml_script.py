"""One ML benchmark run in its own process: extractor + SyncTransformer (or ``aligned``).

``python ml_script.py PORT SEQUENCE MODE`` with MODE ``official`` (run by the official
venv's python, whose ``mosaicolabs`` is the official package), ``compat`` (ours, same
classes) or ``arrow`` (our ``aligned``). Prints JSON: seconds, peak RSS, rows, ticks.
"""

from __future__ import annotations

import json
import sys
import time


def _hwm_mb() -> float:
    """Peak RSS of this process (``VmHWM``: reset at exec, unlike ``ru_maxrss``)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    port, name, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    import pandas  # noqa: F401

    from mosaicolabs import MosaicoClient
    from mosaicolabs.ml import DataFrameExtractor, SyncTransformer

    # pandas is loaded before the clock starts on both sides: the official package imports
    # it with ``mosaicolabs.ml``, ours on first use; either way it is not the work measured
    base = _hwm_mb()
    started = time.perf_counter()
    rows = ticks = 0
    with MosaicoClient.connect("127.0.0.1", port) as client:
        handler = client.sequence_handler(name)
        assert handler is not None
        if mode == "arrow":
            from mosaicolabs.ml import aligned
            for batch in aligned(handler, None, hz=50):
                ticks += batch.num_rows
        else:
            sync = SyncTransformer(50)
            for frame in DataFrameExtractor(handler).to_pandas_chunks(window_sec=5.0):
                rows += len(frame)
                # list columns: the official transformer fails carrying them between chunks
                lists = [c for c in frame.columns if c.endswith("covariance")]
                ticks += len(sync.transform(frame.drop(columns=lists)))
    seconds = time.perf_counter() - started
    print(json.dumps({"mode": mode, "seconds": seconds, "peak_rss_mb": _hwm_mb(),
                      "rss_after_imports_mb": base, "rows": rows, "ticks": ticks}))


if __name__ == "__main__":
    main()
