"""The printed report of ``python -m bench``: which server, the cases, the targets.

Every figure printed is the median of its repeats (ratios: of the paired per-repeat
ratios), with the min-max range of the ratio or of the time next to it.
"""

from __future__ import annotations

__all__ = ["describe_server", "print_official", "print_table"]


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
    runs = row.get("runs", 1)
    print(f"\nvs official mosaicolabs 0.3.2 ({row['messages']} IMU messages, same script, "
          f"{runs} runs per side interleaved; medians, speed-up = median of paired ratios):")
    if "error" in row:
        print(f"  FAILED: {row['error']}")
        return
    print(f"{'':<22}{'official':>12}{'ours':>12}{'speed-up':>10}  {'range':>12}")
    for key, label in (("push_s", "push (per message)"), ("build_s", "build messages"),
                       ("build_and_push_s", "build + push"), ("read_s", "read (per message)"),
                       ("merged_read_s", "merged read, 4 topics"),
                       ("import_s", "import + names")):
        stats = row.get("speedup_stats", {}).get(key, {})
        span = f"{stats.get('min')}-{stats.get('max')}x" if stats else ""
        print(f"{label:<22}{row['official'][key]:>11.3f}s{row['ours'][key]:>11.3f}s"
              f"{row['speedup'].get(key, 0):>9}x  {span:>12}")
    print(f"{'query':<22}{row['official']['query_s']:>11.4f}s{row['ours']['query_s']:>11.4f}s")
    heap = "heap per buffered msg"
    print(f"{heap:<22}{row['official']['heap_bytes_per_buffered_message']:>11.0f}B"
          f"{row['ours']['heap_bytes_per_buffered_message']:>11.0f}B")


def _span(stats: dict | None, unit: str = "") -> str:
    return f"{stats['min']}-{stats['max']}{unit}" if stats else ""


def _special(name: str, row: dict) -> str | None:
    if name == "mock_server_ingest":
        return (f"{name:<28}{row['ratio_vs_bare_pyarrow_server']:>14.2f}{row['bare_MB_s']:>11}"
                f"{row['mock_MB_s']:>11}{'':>12}  ratio {_span(row.get('ratio_stats'))} "
                f"(bare server keeps the {row.get('bare_keeps', '?')})")
    if name == "imu_merged_read_scaling":
        topics = row["topics"]
        return (f"{name:<28}{row['value']:>14}  x per row, {topics[1]} vs {topics[0]} topics "
                f"({row[f'us_per_row_{topics[0]}']} vs {row[f'us_per_row_{topics[1]}']} us), "
                f"range {_span(row.get('ratio_stats'))}")
    if name.startswith("write_buffer_peak_"):
        return (f"{name:<28}{row['value']:>14}  x limit: peak {row['peak_bytes']:,} B held, "
                f"limit {row['limit_bytes']:,} B, {row['messages']:,} messages")
    if name == "mock_write_latency_vs_catalog":
        return (f"{name:<28}{row['value']:>14}  x: median {row['median_ms_at_100']} ms at 100, "
                f"{row['median_ms_at_10000']} ms at 10 000 sequences")
    if name == "imu_write_breakdown":
        stages = ", ".join(f"{k} {v}" for k, v in row["us_per_message"].items())
        return (f"{name:<28}{row['total_us_per_message']:>14} us/msg: {stages} "
                f"({row['end_to_end_per_second']:,} msg/s)")
    if name.startswith("import"):
        return (f"{name:<28}{row['value']:>14} s median, best {row['best']} s "
                f"({row['what']})")
    return None


def _case_line(name: str, row: dict) -> str | None:
    if name == "vs_official":
        return None  # its own table below
    if "error" in row:
        done = "".join(f" {side} {row[f'{side}_MB_s']} MB/s;" for side in ("raw", "ours")
                       if f"{side}_MB_s" in row)
        return f"{name:<28} FAILED:{done} {row['error'].splitlines()[0][:200]}"
    if "skipped" in row:
        return f"{name:<28} skipped: {row['skipped']}"
    special = _special(name, row)
    if special is not None:
        return special
    if "ratio_vs_raw" in row:
        return (f"{name:<28}{row['ratio_vs_raw']:>14.2f}{row['raw_MB_s']:>11}"
                f"{row['ours_MB_s']:>11}{'':>12}  ratio {_span(row.get('ratio_stats'))}")
    if "seconds" in row:
        return (f"{name:<28}{row['seconds']:>14} s over {row['rows']:,} rows, "
                f"range {_span(row.get('seconds_stats'), ' s')}")
    if "per_second" in row:
        return (f"{name:<28}{'':>14}{'':>11}{'':>11}{row['per_second']:>12,}  "
                f"time {_span(row.get('seconds_stats'), ' s')}")
    return f"{name:<28}{row.get('value', '')!s:>14}"


def _target_line(name: str, row: dict) -> str:
    mark = {True: "met", False: "MISS", None: "n/a"}[row["met"]]
    note = f"  ({row['note']})" if row.get("note") else ""
    value = "-" if row["value"] is None else row["value"]
    return f"  {mark:<4} {name:<30} {value!s:>10}  target {row['target']}{note}"


def print_table(report: dict) -> None:
    server = report.get("server", {"kind": "mock"})
    print(f"\nbenchmark {report['date']} on {report['machine']} (quick={report['quick']})")
    print(f"server: {describe_server(server)}")
    if report.get("statistics"):
        print(f"statistics: {report['statistics']}")
    print(f"{'case':<28}{'ratio':>14}{'base MB/s':>11}{'ours MB/s':>11}{'rate/s':>12}")
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
