"""The committed benchmark reports and the verdict rules of ``bench.targets``.

The stored reports (``bench/results/latest*.json``) must carry the verdicts that their own
results give under the current rules, and every met/missed verdict needs a number. The
rules themselves are checked on small hand-made results. No timing is asserted here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.flight as flight
import pytest

from bench import readme, targets
from bench.bare_server import BareServer
from bench.stats import paired_ratios, summary

RESULTS = Path(__file__).resolve().parents[2] / "bench" / "results"
REPORTS = [(RESULTS / "latest.json", "mock")] + [
    (path, "mosaicod") for path in [RESULTS / "latest-mosaicod.json"] if path.exists()]


def _load(path: Path) -> dict:
    assert path.exists(), f"{path} is missing: run `python -m bench` (full run) to produce it"
    return json.loads(path.read_text())


@pytest.mark.parametrize(("path", "kind"), REPORTS, ids=lambda p: getattr(p, "name", p))
def test_stored_verdicts_follow_from_the_stored_results(path, kind):
    report = _load(path)
    assert report["quick"] is False, "the committed report must come from a full run"
    assert report["server"]["kind"] == kind
    assert targets.evaluate(report["results"], kind) == report["targets"]


@pytest.mark.parametrize(("path", "kind"), REPORTS, ids=lambda p: getattr(p, "name", p))
def test_the_readme_tables_are_those_of_the_committed_run(path, kind):
    shown = readme.readme_block(kind, readme.README.read_text())
    assert shown is not None, f"README.md lacks the <!-- bench:{kind} --> block"
    assert shown == readme.block(kind), "run `python -m bench.readme --write`"


@pytest.mark.parametrize(("path", "kind"), REPORTS, ids=lambda p: getattr(p, "name", p))
def test_every_verdict_has_a_number_and_every_target_is_listed(path, kind):
    report = _load(path)
    assert set(report["targets"]) == {t.name for t in targets.TARGETS}
    for name, row in report["targets"].items():
        if row["met"] is not None:
            value = row["value"]
            assert isinstance(value, (int, float)) and not isinstance(value, bool), name
        else:
            assert row.get("note"), f"{name}: no verdict and no reason"


def test_full_run_repeats_at_least_five_times():
    report = _load(RESULTS / "latest.json")
    assert report["sizes"]["repeats"] >= 5
    for name in ("imu_columnar_write", "imu_arrow_read", "image_columnar_write",
                 "image_arrow_read"):
        assert report["results"][name]["ratio_stats"]["n"] >= 5, name


def _ratio(value: float) -> dict:
    return {"ratio_vs_raw": value, "statistic": "median of paired per-repeat ratios"}


def test_a_clear_miss_is_a_miss_with_its_number():
    out = targets.evaluate({"imu_columnar_write": _ratio(0.5),
                            "write_buffer_peak_4MiB": {"value": 7.3, "peak_bytes": 30_000_000,
                                                       "limit_bytes": 4_194_304}})
    assert out["columnar_write_vs_raw"]["met"] is False
    assert out["columnar_write_vs_raw"]["value"] == 0.5
    assert out["write_buffer_4MiB"]["met"] is False
    assert out["write_buffer_4MiB"]["value"] == 7.3


def test_a_clear_pass_is_met():
    out = targets.evaluate({"image_arrow_read": _ratio(1.4),
                            "imu_merged_read_scaling": {"value": 1.2},
                            "mock_write_latency_vs_catalog": {
                                "value": 1.0, "median_ms_at_100": 3.0,
                                "median_ms_at_10000": 3.0},
                            "import_and_names_seconds": {"value": 0.1},
                            "vs_official": {"speedup": {"push_s": 40.0, "read_s": 15.0,
                                                        "build_and_push_s": 21.0}}})
    for name in ("image_read_vs_raw", "merged_read", "mock_write_latency_vs_catalog",
                 "import_and_names_seconds", "push_vs_official", "read_vs_official",
                 "build_and_push_vs_official"):
        assert out[name]["met"] is True, name


def test_merged_read_is_judged_by_its_measurement():
    assert targets.evaluate({"imu_merged_read_scaling": {"value": 8.0}})["merged_read"][
        "met"] is False
    assert targets.evaluate({})["merged_read"]["met"] is None


def test_an_absent_case_has_no_verdict_and_says_not_measured():
    out = targets.evaluate({})
    for name, row in out.items():
        assert row["met"] is None and row["value"] is None, name
        assert "not measured" in row["note"], name


def test_a_failed_or_skipped_case_says_so():
    out = targets.evaluate({"imu_arrow_read": {"error": "ServerError: boom\nmore"},
                            "mock_server_ingest": {"skipped": "mock-only"}}, "mosaicod")
    assert out["arrow_read_vs_raw"]["met"] is None
    assert "boom" in out["arrow_read_vs_raw"]["note"]
    assert out["mock_server_ingest_vs_bare"]["note"] == "not measured on this server"


def test_absolute_targets_get_no_verdict_on_another_server():
    results = {"imu_message_push": {"per_second": 10}, "imu_columnar_write": _ratio(0.5)}
    out = targets.evaluate(results, "mosaicod")
    assert out["push_msgs_per_s"]["met"] is None and out["push_msgs_per_s"]["value"] == 10
    assert out["columnar_write_vs_raw"]["met"] is False  # relative: judged on every server
    assert targets.evaluate(results, "mock")["push_msgs_per_s"]["met"] is False


def test_statistics_of_hand_made_samples():
    assert summary([3.0, 1.0, 2.0, 10.0, 4.0]) == {"min": 1.0, "median": 3.0, "max": 10.0,
                                                   "n": 5}
    assert paired_ratios([2.0, 3.0], [1.0, 6.0]) == [2.0, 0.5]


@pytest.mark.parametrize(("keep", "held"), [("last", 1), ("all", 2)])
def test_the_bare_server_keeps_the_last_upload_unless_told_to_keep_all(keep, held):
    server = BareServer(keep)
    try:
        client = flight.FlightClient(f"grpc://127.0.0.1:{server.port}")
        table = pa.table({"x": [1, 2, 3]})
        for _ in range(2):
            writer, _ = client.do_put(flight.FlightDescriptor.for_command(b"-"), table.schema)
            writer.write_table(table)
            writer.close()
        client.close()
        assert len(server.stored) == held
        assert server.stored[-1].equals(table)
    finally:
        server.shutdown()


# --- the recording-import benchmark (bench.recordings); checked once its full run is committed

RECORDINGS = RESULTS / "recordings.json"
needs_recordings = pytest.mark.skipif(not RECORDINGS.exists(),
                                      reason="no committed bench/results/recordings.json")


@needs_recordings
def test_stored_recording_verdicts_follow_from_the_stored_results():
    from bench import recordings

    report = _load(RECORDINGS)
    assert report["quick"] is False, "the committed report must come from a full run"
    assert report["sizes"]["repeats"] >= 5
    assert recordings.evaluate(report["results"]) == report["targets"]
    assert set(report["targets"]) == set(recordings.TARGETS)
    for name, row in report["targets"].items():
        if row["met"] is not None:
            assert isinstance(row["value"], (int, float)), name
        else:
            assert row.get("note"), f"{name}: no verdict and no reason"


@needs_recordings
def test_the_readme_recordings_block_is_that_of_the_committed_run():
    shown = readme.readme_block("recordings", readme.README.read_text())
    assert shown is not None, "README.md lacks the <!-- bench:recordings --> block"
    assert shown == readme.block("recordings"), "run `python -m bench.readme --write`"


def test_recording_verdicts_of_hand_made_results():
    from bench import recordings

    out = recordings.evaluate({"import_vs_official": {"speedup": 25.0},
                               "image_import_vs_raw": {"ratio_vs_raw": 0.5}})
    assert out["import_vs_official"]["met"] is True
    assert out["image_import_vs_raw"] == {**out["image_import_vs_raw"], "met": False,
                                          "value": 0.5}
    failed = recordings.evaluate({"import_vs_official": {"error": "RuntimeError: boom\nx"}})
    assert failed["import_vs_official"]["met"] is None
    assert "boom" in failed["import_vs_official"]["note"]
    assert failed["image_import_vs_raw"]["note"] == "not measured"


# --- the ML-reads benchmark (bench.ml): the committed full run and its README block


def test_ml_verdicts_follow_from_the_committed_runs():
    report = _load(RESULTS / "ml.json")
    assert report["quick"] is False
    durations = sorted(report["runs"], key=int)
    assert len(durations) == 3 and int(durations[2]) == 2 * int(durations[1])
    middle, large = (report["runs"][key] for key in durations[1:])
    assert report["targets"] == {
        "speedup_compat_ge_20": large["compat"]["speedup"] >= 20,
        "speedup_arrow_ge_20": large["arrow"]["speedup"] >= 20,
        "memory_bounded_compat": large["compat"]["peak_rss_mb"]
        <= 1.1 * middle["compat"]["peak_rss_mb"],
        "memory_bounded_arrow": large["arrow"]["peak_rss_mb"]
        <= 1.1 * middle["arrow"]["peak_rss_mb"],
    }
    for run in report["runs"].values():
        for mode in ("compat", "arrow"):
            assert run[mode]["speedup"] == run["official"]["seconds"] / run[mode]["seconds"]


def test_the_readme_ml_block_is_that_of_the_committed_run():
    shown = readme.readme_block("ml", readme.README.read_text())
    assert shown == readme.block("ml"), "run `python -m bench.readme --write`"
