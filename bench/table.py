"""The printed report of ``python -m bench``: which server, the cases, the targets."""

from __future__ import annotations

__all__ = ["describe_server", "print_official", "print_table"]

_SKIP_IN_TABLE = ("vs_official", "mock_server_ingest")


def describe_server(server: dict) -> str:
    """One line: ``mock server`` or ``mosaicod 0.3.0, optimised build, process (/path)``."""
    if server.get("kind") != "mosaicod":
        return "mock server (mosaicolabs.mock_server)"
    build = ("'optimized' profile build (LTO, 1 codegen unit)" if server.get("optimized")
             else "not the LTO 'optimized' profile build")
    return (f"{server.get('version') or 'mosaicod'}, {build}, {server.get('runtime')} "
            f"({server.get('binary')})")


def print_official(row: dict) -> None:
    """The side-by-side with the official package."""
    print(f"\nvs official mosaicolabs 0.3.2 ({row['messages']} IMU messages, same script):")
    if "error" in row:
        print(f"  FAILED: {row['error']}")
        return
    print(f"{'':<22}{'official':>12}{'ours':>12}{'speed-up':>10}")
    for key, label in (("push_s", "push (per message)"), ("read_s", "read (per message)"),
                       ("merged_read_s", "merged read, 4 topics"), ("build_s", "build messages"),
                       ("import_s", "import + names")):
        print(f"{label:<22}{row['official'][key]:>11.3f}s{row['ours'][key]:>11.3f}s"
              f"{row['speedup'].get(key, 0):>9}x")
    print(f"{'query':<22}{row['official']['query_s']:>11.4f}s{row['ours']['query_s']:>11.4f}s")
    heap = "heap per buffered msg"
    print(f"{heap:<22}{row['official']['heap_bytes_per_buffered_message']:>11.0f}B"
          f"{row['ours']['heap_bytes_per_buffered_message']:>11.0f}B")


def _case_line(name: str, row: dict) -> str | None:
    if name == "vs_official":
        return None  # its own table below
    if "error" in row:
        done = "".join(f" {side} {row[f'{side}_MB_s']} MB/s;" for side in ("raw", "ours")
                       if f"{side}_MB_s" in row)
        return f"{name:<28} FAILED:{done} {row['error'].splitlines()[0][:200]}"
    if "skipped" in row:
        return f"{name:<28} skipped: {row['skipped']}"
    if name in _SKIP_IN_TABLE:
        return None
    if "ratio_vs_raw" in row:
        return (f"{name:<28}{row['ratio_vs_raw']:>14.2f}{row['raw_MB_s']:>11}"
                f"{row['ours_MB_s']:>11}{'':>12}")
    if "seconds" in row:
        return f"{name:<28}{row['seconds']:>14} s over {row['rows']:,} rows"
    if "per_second" in row:
        return f"{name:<28}{'':>14}{'':>11}{'':>11}{row['per_second']:>12,}"
    return f"{name:<28}{row['value']:>14}"


def _target_line(name: str, row: dict) -> str:
    mark = {True: "met", False: "GAP", None: "n/a"}[row["met"]]
    note = f"  ({row['note']})" if row.get("note") and row["met"] is not True else ""
    value = "-" if row["value"] is None else row["value"]
    return f"  {mark:<4} {name:<32} {value!s:>14}  target {row['target']}{note}"


def print_table(report: dict) -> None:
    server = report.get("server", {"kind": "mock"})
    print(f"\nbenchmark {report['date']} on {report['machine']} (quick={report['quick']})")
    print(f"server: {describe_server(server)}")
    print(f"{'case':<28}{'ratio vs raw':>14}{'raw MB/s':>11}{'ours MB/s':>11}{'rate/s':>12}")
    for name, row in report["results"].items():
        line = _case_line(name, row)
        if line is not None:
            print(line)
    if "vs_official" in report["results"]:
        print_official(report["results"]["vs_official"])
    print(f"\ntargets (performance.md), on the {server['kind']} server:")
    for name, row in report["targets"].items():
        print(_target_line(name, row))
    if report.get("failures"):
        print(f"\nfailed on {server['kind']} (full messages):")
        for name, message in report["failures"].items():
            print(f"  {name}: {message}")
