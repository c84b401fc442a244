"""The ``mosaico`` command end to end, in process: catalog, query, keys, errors, exit codes.

Every test runs ``mosaicolabs.cli.main([...])`` against a real mock server
(``running_server``) seeded through the library, and reads stdout/stderr.
"""

from __future__ import annotations

import json
import socket

import pytest

from mosaicolabs import (
    IMU,
    Floating64,
    Message,
    MosaicoClient,
    Query,
    QueryOntologyCatalog,
    QuerySequence,
    QueryTopic,
    SessionLevelErrorPolicy,
)
from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.cli import main
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum
from mosaicolabs.domain.ontology.models import Vector3d
from mosaicolabs.mock_server import running_server

T0 = 1_700_000_000_000_000_000
MANAGE_KEY = "msco_s3l8gcdwuadege3pkhou0k0n2t5omfij_f9010b9e"
READ_KEY = "msco_vrfeceju4lqivysxgaseefa3tsxs0vrl_1b676530"


def seed(port: int) -> None:
    """Two sequences: ``drive_1`` (IMU + speed, foggy) and ``drive_2`` (speed, clear)."""
    with MosaicoClient.connect("127.0.0.1", port) as client:
        for name, visibility, with_imu in (("drive_1", 30, True), ("drive_2", 90, False)):
            meta = {"environment": {"visibility": visibility}, "driver": "ann"}
            with client.sequence_create(name, meta) as writer:
                speed = writer.topic_create("/speed", {"unit": "m/s"}, Floating64)
                imu = writer.topic_create("/sensors/imu", {"rate_hz": 100}, IMU) if with_imu \
                    else None
                for i in range(20):
                    stamp = T0 + i * 10_000_000
                    speed.push(Message(timestamp_ns=stamp, data=Floating64(data=i * 1.5)))
                    if imu is not None:
                        imu.push(Message(timestamp_ns=stamp, data=IMU(
                            acceleration=Vector3d(x=float(i), y=0.5, z=9.8),
                            angular_velocity=Vector3d(x=0.0, y=0.0, z=0.01))))
        with pytest.raises(RuntimeError):  # a failed session leaves a notification behind
            with client.sequence_create("broken", {}, on_error=SessionLevelErrorPolicy.Report):
                raise RuntimeError("camera unplugged")


@pytest.fixture(scope="module")
def port():
    with running_server() as server:
        seed(server.port)
        yield server.port


@pytest.fixture
def fresh_port():
    with running_server() as server:
        seed(server.port)
        yield server.port


def run(capsys, *argv: str, port: int | None = None) -> tuple[int, str, str]:
    conn = ["--host", "127.0.0.1", "--port", str(port)] if port is not None else []
    code = main([*argv, *conn])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv: str, port: int) -> object:
    code, out, err = run(capsys, *argv, "--json", port=port)
    assert code == 0, err
    return json.loads(out)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- catalog -------------------------------------------------------------------------------
def test_version(capsys, port):
    code, out, _ = run(capsys, "version", port=port)
    assert code == 0 and out.strip()
    assert run_json(capsys, "version", port=port) == {"version": out.strip()}


def test_ls_table_and_json(capsys, port):
    code, out, err = run(capsys, "ls", port=port)
    assert code == 0 and err == ""
    header, *rows = out.splitlines()
    assert header.split() == ["SEQUENCE", "TOPICS", "SIZE", "START", "END", "DURATION"]
    drive_1 = next(r for r in rows if r.startswith("drive_1 "))
    assert " 2 " in drive_1 and "KiB" in drive_1 and "2023-11-14T22:13:20Z" in drive_1
    docs = {d["name"]: d for d in run_json(capsys, "ls", port=port)}
    assert set(docs) == {"drive_1", "drive_2", "broken"}
    assert docs["drive_1"]["topics"] == 2 and docs["drive_1"]["total_size_bytes"] > 0
    assert docs["drive_1"]["start_ns"] == T0 and docs["drive_1"]["end_ns"] == T0 + 190_000_000
    assert docs["drive_1"]["end"] == "2023-11-14T22:13:20.190Z"
    assert docs["broken"]["start_ns"] is None


def test_show_sequence(capsys, port):
    code, out, _ = run(capsys, "show", "drive_1", port=port)
    assert code == 0
    assert "/sensors/imu  imu" in out and "floating64" in out
    assert '"visibility": 30' in out and "SESSION" in out
    doc = run_json(capsys, "show", "drive_1", port=port)
    topics = {t["name"]: t for t in doc["topics"]}
    assert topics["/sensors/imu"]["ontology_tag"] == "imu"
    assert topics["/speed"]["chunks"] >= 1 and topics["/speed"]["locked"] is True
    assert doc["user_metadata"]["environment"] == {"visibility": 30}
    assert [s["locked"] for s in doc["sessions"]] == [True]


def test_show_topic(capsys, port):
    doc = run_json(capsys, "show", "drive_1", "sensors/imu", port=port)
    assert doc["name"] == "/sensors/imu" and doc["user_metadata"] == {"rate_hz": 100}
    assert "acceleration" in [c["name"] for c in doc["schema"]]
    code, out, _ = run(capsys, "show", "drive_1", "/speed", port=port)
    assert code == 0 and "floating64" in out and "COLUMN" in out


def test_show_notifications_of_a_failed_session(capsys, port):
    doc = run_json(capsys, "show", "broken", port=port)
    assert any("camera unplugged" in n["message"] for n in doc["notifications"])
    notes = run_json(capsys, "notifications", "broken", port=port)
    assert notes and notes[0]["type"] == "error" and notes[0]["created"].endswith("Z")
    code, out, _ = run(capsys, "notifications", "broken", port=port)
    assert code == 0 and "camera unplugged" in out


def test_notifications_clear(capsys, fresh_port):
    assert run_json(capsys, "notifications", "broken", "--clear", port=fresh_port)["cleared"] >= 1
    assert run_json(capsys, "notifications", "broken", port=fresh_port) == []
    assert run_json(capsys, "notifications", "drive_1", "/speed", port=fresh_port) == []


@pytest.mark.parametrize("argv", [("show", "ghost"), ("show", "drive_1", "/nope"),
                                  ("notifications", "ghost"), ("get", "ghost", "/speed"),
                                  ("rm", "ghost", "--yes")])
def test_missing_things_exit_3(capsys, port, argv):
    code, out, err = run(capsys, *argv, port=port)
    assert code == 3 and out == ""
    assert err.startswith("mosaico: error: NotFoundError: ") and err.count("\n") == 1


# -- rm --------------------------------------------------------------------------------------
def test_rm_refuses_without_yes_when_not_a_tty(capsys, fresh_port, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    code, _, err = run(capsys, "rm", "drive_2", port=fresh_port)
    assert code == 2 and "--yes" in err
    assert "drive_2" in [d["name"] for d in run_json(capsys, "ls", port=fresh_port)]


def test_rm_with_yes_deletes(capsys, fresh_port):
    assert run_json(capsys, "rm", "drive_2", "broken", "--yes", port=fresh_port) == {
        "deleted": ["drive_2", "broken"]}
    assert [d["name"] for d in run_json(capsys, "ls", port=fresh_port)] == ["drive_1"]


# -- query -----------------------------------------------------------------------------------
def test_query_flags(capsys, port):
    docs = run_json(capsys, "query", "--metadata", "environment.visibility<50",
                    "--where", "imu.acceleration.x>5.0", "--with-ranges", port=port)
    assert [d["sequence"] for d in docs] == ["drive_1"]
    (topic,) = docs[0]["topics"]
    assert topic["name"] == "/sensors/imu"
    assert topic["timestamp_range"]["start_ns"] == T0 + 60_000_000
    code, out, _ = run(capsys, "query", "--name-match", "drive", "--tag", "floating64", port=port)
    assert code == 0 and "drive_1" in out and "drive_2" in out and "/speed" in out


def test_query_values_and_operators(capsys, port):
    def names(*argv):
        return sorted(d["sequence"] for d in run_json(capsys, "query", *argv, port=port))

    assert names("--metadata", "environment.visibility>=90") == ["drive_2"]
    assert names("--metadata", "driver=='ann'", "--name", "drive_2") == ["drive_2"]
    assert names("--metadata", "driver!=ann") == []
    assert names("--topic-name", "speed", "--topic-metadata", "unit==m/s") == [
        "drive_1", "drive_2"]
    assert names("--where", "floating64.data<=0") == ["drive_1", "drive_2"]


def test_query_dry_run_matches_the_library(capsys):
    code, out, _ = run(capsys, "query", "--metadata", "environment.visibility<50", "--name-match",
                       "drive", "--tag", "imu", "--where", "imu.acceleration.x>5.0",
                       "--with-ranges", "--dry-run")
    expected = Query(
        QuerySequence().with_user_metadata("environment.visibility", lt=50)
        .with_name_match("drive"),
        QueryTopic().with_ontology_tag(IMU),
        QueryOntologyCatalog(IMU.Q.acceleration.x.gt(5.0), include_timestamp_range=True),
    ).to_blocks()
    assert code == 0 and json.loads(out) == expected


def test_query_file_gives_the_same_answer_as_flags(capsys, port, tmp_path):
    blocks = Query(
        QuerySequence().with_user_metadata("environment.visibility", lt=50),
        QueryTopic().with_ontology_tag("imu"),
        QueryOntologyCatalog(IMU.Q.acceleration.x.gt(5.0), include_timestamp_range=True),
    ).to_blocks()
    path = tmp_path / "query.json"
    path.write_text(json.dumps(blocks))
    from_file = run_json(capsys, "query", "--file", str(path), port=port)
    from_flags = run_json(capsys, "query", "--metadata", "environment.visibility<50", "--tag",
                          "imu", "--where", "imu.acceleration.x>5.0", "--with-ranges", port=port)
    assert from_file == from_flags and from_file[0]["sequence"] == "drive_1"
    code, out, _ = run(capsys, "query", "--file", str(path), "--dry-run")
    assert code == 0 and json.loads(out) == blocks


@pytest.mark.parametrize("argv", [
    ("query",),                                             # no condition at all
    ("query", "--where", "imu.acceleration>5"),             # a group, not a field
    ("query", "--where", "imu.nothing.x>5"),                # unknown field
    ("query", "--where", "imu.acceleration.x~5"),           # unknown operator
    ("query", "--metadata", "visibility"),                  # no operator
    ("query", "--where", "imu.frame_id<'a'"),               # text cannot be ordered
    ("query", "--file", "/nonexistent/query.json"),
    ("ls", "--port", "many"),
    ("frobnicate",),
    ("keys",),
])
def test_bad_usage_exits_2(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and err


def test_bad_query_file_exits_2(capsys, tmp_path):
    for text in ("not json", '{"sequences": {}}', '{"topic": {"locator": {"$eq": 1, "$neq": 2}}}'):
        (tmp_path / "q.json").write_text(text)
        code, _, err = run(capsys, "query", "--file", str(tmp_path / "q.json"), "--dry-run")
        assert code == 2 and "--file" in err


# -- errors and exit codes -------------------------------------------------------------------
def test_connection_refused_exits_4(capsys):
    code, out, err = run(capsys, "ls", "--timeout", "1", port=free_port())
    assert code == 4 and out == ""
    assert err.startswith("mosaico: error: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_debug_shows_the_traceback_before_or_after_the_command(capsys, port):
    for argv in (("--debug", "show", "ghost"), ("show", "ghost", "--debug")):
        code, _, err = run(capsys, *argv, port=port)
        assert code == 3 and "Traceback" in err and "NotFoundError" in err


def test_ctrl_c_exits_130(capsys, port, monkeypatch):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr("mosaicolabs.cli.commands.open_client", interrupted)
    code, _, err = run(capsys, "ls", port=port)
    assert code == 130 and "interrupted" in err


def test_help_exits_0(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "exit codes" in out and "MOSAICO_API_KEY" in out


# -- API keys against a server that enforces them --------------------------------------------
@pytest.fixture
def secured():
    engine = MemoryEngine(enforce_api_keys=True)
    engine.keys.issue(APIKeyPermissionEnum.Manage, "boot", token=MANAGE_KEY)
    engine.keys.issue(APIKeyPermissionEnum.Read, "reader", token=READ_KEY)
    with running_server(engine) as server:
        yield server.port


def test_keys_create_status_revoke(capsys, secured, monkeypatch):
    monkeypatch.setenv("MOSAICO_API_KEY", MANAGE_KEY)  # the environment, as from_env reads it
    created = run_json(capsys, "keys", "create", "--permission", "write", "--description", "ci",
                       "--expires-in", "3600", port=secured)
    assert created["token"].startswith("msco_") and created["expires_ns"] is not None
    fingerprint = created["fingerprint"]
    status = run_json(capsys, "keys", "status", fingerprint, port=secured)
    assert status["fingerprint"] == fingerprint and status["description"] == "ci"
    assert run_json(capsys, "keys", "status", port=secured)["fingerprint"] == "f9010b9e"
    code, out, _ = run(capsys, "keys", "status", fingerprint, port=secured)
    assert code == 0 and "ci" in out
    code, out, _ = run(capsys, "keys", "revoke", fingerprint, port=secured)
    assert code == 0 and fingerprint in out
    code, _, err = run(capsys, "ls", "--api-key", created["token"], port=secured)
    assert code == 4, err


def test_keys_create_prints_only_the_token(capsys, secured):
    code, out, err = run(capsys, "keys", "create", "--permission", "read", "--description", "x",
                         "--api-key", MANAGE_KEY, port=secured)
    assert code == 0 and out.count("\n") == 1 and out.startswith("msco_")
    assert "shown only once" in err and out.strip() not in err


def test_permission_and_authentication_failures_exit_4(capsys, secured, monkeypatch):
    monkeypatch.delenv("MOSAICO_API_KEY", raising=False)
    monkeypatch.delenv("MOSAICOD_API_KEY", raising=False)
    code, _, err = run(capsys, "ls", port=secured)  # no key at all
    assert code == 4 and "Authentication" in err
    code, _, err = run(capsys, "keys", "create", "--permission", "read", "--description", "x",
                       "--api-key", READ_KEY, port=secured)
    assert code == 4 and "PermissionDeniedError" in err
    code, _, err = run(capsys, "ls", "--api-key", "msco_bad", port=secured)
    assert code == 4 and "msco_bad" not in err
