"""Import one recording with one package; run with that package's interpreter.

``python bench/recordings_script.py official|ours BAG HOST PORT SEQUENCE`` imports BAG
as SEQUENCE and prints one JSON line: ``seconds`` (connect + import, not the interpreter
start nor the package import), ``maxrss_kb`` (``ru_maxrss`` of this process, the peak
RSS) and, for ours, the summary's message count. ``official`` runs the official 0.3.2
``RosbagInjector`` (the documented library call, its default settings); ``ours`` runs
``mosaicolabs.recordings.import_recording``. Run it from a scratch directory so the
repository is not on the import path.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def official(bag: Path, host: str, port: int, sequence: str) -> dict:
    from mosaicolabs.ros_bridge import RosbagInjector, ROSInjectionConfig

    config = ROSInjectionConfig(file_path=bag, sequence_name=sequence, metadata={},
                                host=host, port=port, log_level="WARNING")
    injector = RosbagInjector(config)
    started = time.perf_counter()
    injector.run()  # logs and swallows its errors: the caller checks the stored sequence
    return {"seconds": time.perf_counter() - started}


def ours(bag: Path, host: str, port: int, sequence: str) -> dict:
    import rosbags.highlevel  # noqa: F401  # imported up front, as the official package does
    import rosbags.typesys  # noqa: F401

    from mosaicolabs import MosaicoClient
    from mosaicolabs.recordings import import_recording

    started = time.perf_counter()
    with MosaicoClient.connect(host, port) as client:
        summary = import_recording(client, bag, sequence)
    return {"seconds": time.perf_counter() - started, "messages": summary.messages,
            "skipped": summary.skipped}


def main(argv: list[str]) -> int:
    side, bag, host, port, sequence = argv
    run = {"official": official, "ours": ours}[side]
    row = run(Path(bag), host, int(port), sequence)
    row["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
