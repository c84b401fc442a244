"""The official 0.3.2 client against our mock server: error policies and notifications,
API keys and permissions, deletes."""

from __future__ import annotations

import time

import pytest

from mosaicolabs.adapters.memory import MemoryEngine
from mosaicolabs.domain.api_keys import APIKeyPermissionEnum
from mosaicolabs.mock_server import running_server
from mosaicolabs.testkit import Transcript

from .conftest import MANAGE_KEY

SESSION_NOTE = ("Exception caught in _BaseSessionWriter block for session {uuid}, sequence  "
                "'pol_report'.\nInner err: 'sensor unplugged (pol_report)'")

#: mosaicod's text for most refusals, as the official client shows it on the real server.
FACADE_ERROR = "Flight returned internal error, with message: facade error"


# -- session policies and notifications ------------------------------------------------
@pytest.fixture(scope="module")
def policies(scenario):
    return scenario("policies.py")


def test_report_policy_reraises_notifies_and_finalizes(policies):
    report = policies.result["report"]
    assert report["raised"]["error"] == "RuntimeError"
    assert report["raised"]["message"] == "sensor unplugged (pol_report)"
    assert "pol_report" in report["sequences"]
    assert report["locked_sessions"] == [True]  # Report finalizes the session
    [note] = report["sequence_notes"]["ok"]
    session = next(c.body["session_uuid"] for c in policies.transcript.calls
                   if c.action == "session_finalize")
    assert note["message"] == SESSION_NOTE.format(uuid=session)
    assert (note["type"], note["sequence_name"], note["topic_name"]) == \
        ("error", "pol_report", None)
    assert note["created_datetime"].endswith("+00:00")  # parsed from "... UTC"
    [topic_note] = report["topic_notes"]["ok"]
    assert (topic_note["message"], topic_note["topic_name"]) == \
        ("sensor unplugged (pol_report)", "/data")


def test_report_policy_drops_the_unsent_buffer(policies):
    # The official client skips the flush on error: the topic is locked with no rows.
    topic = policies.result["report"]["topic"]
    assert topic["locked"] is True and topic["chunks_number"] == 0
    put = next(c for c in policies.transcript.of_kind("DoPut")
               if c.descriptor["resource_locator"] == "pol_report/data")
    assert (put.rows, put.status) == (0, "ok")


def test_delete_policy_deletes_twice_and_the_users_error_propagates(policies):
    delete = policies.result["delete"]
    assert "pol_delete" not in delete["sequences"]
    # The official client sends sequence_delete twice. mosaicod 0.3.0 answers the repeat
    # OK (reference-server/README.md), so the user's own error propagates unwrapped.
    assert delete["raised"] == {"error": "RuntimeError", "message": "sensor unplugged (pol_delete)",
                                "kinds": ["RuntimeError", "Exception", "BaseException", "object"]}
    calls = [(c.body["locator"], c.status) for c in policies.transcript.calls
             if c.action == "sequence_delete"]
    assert calls == [("pol_delete", "ok"), ("pol_delete", "ok")]
    # gone with its notifications: an unknown sequence has none, an unknown topic is an error
    assert delete["sequence_notes"] == {"ok": []}
    assert delete["topic_notes"]["error"] == "FlightInternalError"
    assert delete["topic_notes"]["message"].startswith(FACADE_ERROR)


def test_topic_level_policies(policies):
    topics = policies.result["topic_policies"]
    assert topics["statuses"] == {"fin": "finalized_with_error", "ign": "active"}
    assert [n["message"] for n in topics["/fin"]["notes"]["ok"]] == ["finalize me"]
    assert [n["message"] for n in topics["/ign"]["notes"]["ok"]] == ["ignore me"]
    assert topics["/fin"]["facts"]["chunks_number"] == 0  # buffer dropped on Finalize
    assert topics["/ign"]["facts"]["timestamp_ns_min"] == 5  # Ignore kept writing


def test_purging_notifications(policies):
    purge = policies.result["purge"]
    assert purge["sequence"] == {"ok": None} and purge["topic"] == {"ok": None}
    assert purge["after"] == [{"ok": []}, {"ok": []}]


# -- API keys --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def keys(scenario):
    return scenario("api_keys.py", "--api-key", MANAGE_KEY, secured=True)


@pytest.mark.parametrize(("step", "error"), [
    ("no_key", "ConnectionError"), ("malformed", "ValueError"), ("unknown", "ConnectionError"),
])
def test_connecting_without_a_valid_key_fails(keys, step, error):
    assert keys.result[step]["error"] == error


def test_created_keys_are_accepted_by_the_official_format_check(keys):
    tokens = keys.result["keys"]
    assert set(tokens) == {"Read", "Write", "Delete", "Manage"}
    for level in tokens:
        status = keys.result["key_status"][level]["ok"]
        assert status["description"] == f"{level.lower()} key"
        assert status["expires_at_ns"] is None and status["is_expired"] is False
    assert keys.result["expiring_status"]["ok"]["expires_at_ns"] == 4_102_444_800_000_000_000
    assert keys.result["admin_status"]["ok"]["description"] == "boot"


@pytest.mark.parametrize(("level", "allowed"), [
    ("Read", {"list", "version", "query_notes"}),
    ("Write", {"list", "version", "query_notes", "write"}),
    ("Delete", {"list", "version", "query_notes", "write", "delete"}),
])
def test_permission_levels_are_cumulative(keys, level, allowed):
    outcome = keys.result["levels"][level]
    assert {step for step, r in outcome.items() if "ok" in r} == allowed
    for step in set(outcome) - allowed:
        assert outcome[step]["error"] == "FlightUnauthorizedError", step


def test_revoking_a_key(keys):
    assert keys.result["revoke"] == {"ok": None}
    assert keys.result["revoked_connect"]["error"] == "ConnectionError"
    for step in ("revoked_status", "revoke_unknown"):  # mosaicod 0.3.0: INTERNAL facade error
        assert keys.result[step]["error"] == "FlightInternalError"
        assert keys.result[step]["message"].startswith(FACADE_ERROR)
    fingerprint = keys.result["keys"]["Write"].rsplit("_", 1)[1]
    with pytest.raises(LookupError):  # NotFoundError
        keys.engine.keys.status(fingerprint)


def test_only_the_delete_level_deleted(keys):
    assert "by_manage" not in keys.result["sequences"]
    deletes = [(c.body["locator"], c.status) for c in keys.transcript.calls
               if c.action == "sequence_delete"]
    assert [s for _, s in deletes] == ["permission denied", "permission denied", "ok"]


#: Inline scenario: create a Read key expiring at ``--expires-at``; print its token.
CREATE_SHORT_LIVED_KEY = """
import json
from _official import connect, parse_args
from mosaicolabs.enum import APIKeyPermissionEnum
args = parse_args(("--expires-at", {"type": int, "required": True}))
client = connect(args)
token = client.api_key_create(APIKeyPermissionEnum.Read, "short-lived", args.expires_at)
client.close()
print(json.dumps({"token": token}))
"""


def test_an_expired_key_no_longer_connects(run_official):
    now = [time.time_ns()]
    engine = MemoryEngine(enforce_api_keys=True, clock=lambda: now[0])
    engine.keys.issue(APIKeyPermissionEnum.Manage, "boot", token=MANAGE_KEY)
    with running_server(engine, transcript=Transcript()) as server:
        port = ("--port", server.port)
        made = run_official(CREATE_SHORT_LIVED_KEY, *port, "--api-key", MANAGE_KEY,
                            "--expires-at", now[0] + 60 * 10**9)
        before = run_official("connect.py", *port, "--api-key", made["token"])
        now[0] += 61 * 10**9  # the server's clock passes the expiry
        after = run_official("connect.py", *port, "--api-key", made["token"])
    assert before["connect"] == "ok" and before["sequences"] == {"ok": []}
    assert after["connect"]["error"] == "ConnectionError"
    assert server.transcript.of_kind("ListFlights")[-1].status == "permission denied"


# -- deletes ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def deleted(scenario):
    return scenario("deletes.py")


def test_sequence_and_session_delete(deleted):
    result = deleted.result
    assert result["before"]["keep"] == {"exists": True, "topics": ["/first", "/second"],
                                        "sessions": 2}
    assert result["session_delete"] == {"ok": None}
    assert result["sequence_delete"] == {"ok": None}
    assert result["after"]["keep"] == {"exists": True, "topics": ["/first"], "sessions": 1}
    assert result["after"]["gone"] == {"exists": False}
    assert result["after"]["sequences"] == ["keep"]
    assert result["after"]["topic_gone"] is None and result["after"]["second_gone"] is None
    assert result["kept_rows"] == [0.0, 1.0, 2.0]


def test_deleting_unknown_things(deleted):
    # mosaicod 0.3.0: deleting a gone sequence is OK; an unknown session is a facade error
    assert deleted.result["delete_again"] == {"ok": None}
    assert deleted.result["session_delete_unknown"]["error"] == "FlightInternalError"
    assert deleted.result["session_delete_unknown"]["message"].startswith(FACADE_ERROR)
