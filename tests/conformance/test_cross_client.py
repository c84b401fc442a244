"""Cross-client round trips for every built-in model: official → ours and ours → official.

The sample messages come from ``tests/ontology_samples.py`` (several per model, with
null optionals, nested structs, lists and extreme values). They are compared as JSON
(bytes as ``{"$hex": ...}``), after one trip through the mock server.

Documented difference: the official 0.3.2 models declare vector, point and
quaternion components (and ``Velocity``/``Acceleration`` parts) as required, while
the Arrow columns are nullable and our models accept ``None``. Rows with such nulls
cannot be built by the official client, and the official client cannot read them.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from mosaicolabs import MosaicoClient
from mosaicolabs.domain.ontology import models
from mosaicolabs.domain.ontology.message import Message, message_schema
from mosaicolabs.mock_server import running_server
from mosaicolabs.testkit import Transcript
from tests.ontology_samples import messages_for

MODELS = {getattr(models, n).__ontology_tag__: getattr(models, n) for n in models.__all__}
TAGS = sorted(MODELS)

#: tag -> indices (in ``messages_for(tag)``) of rows with nulls the official models refuse.
OFFICIAL_REFUSES = {
    "vector_2_d": [1, 2], "vector_3_d": [2], "vector_4_d": [2], "point_2_d": [2],
    "point_3_d": [2], "quaternion": [2], "transform": [2], "pose": [2],
    "force_torque": [2], "velocity": [2], "motion_state": [2], "roi": [2],
    "camera_info": [2], "imu": [2], "magnetometer": [2],
}


def to_json(value):
    """JSON-able value; bytes as ``{"$hex": ...}`` (same encoding as the scenarios)."""
    if isinstance(value, (bytes, bytearray)):
        return {"$hex": bytes(value).hex()}
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    return value


def message_json(message: Message) -> dict:
    return {"timestamp_ns": message.timestamp_ns,
            "recording_timestamp_ns": message.recording_timestamp_ns,
            "frame_id": message.frame_id, "sequence_id": message.sequence_id,
            "data": to_json(message.data.to_dict())}


def samples(tag: str, *, refused: bool = False) -> list[Message]:
    """The tag's sample messages the official models accept (or, with ``refused``, not)."""
    skip = set(OFFICIAL_REFUSES.get(tag, ()))
    return [m for i, m in enumerate(messages_for(tag)) if (i in skip) == refused]


def write_ours(client, sequence: str, rows: dict[str, list[Message]]) -> None:
    with client.sequence_create(sequence, {"writer": "ours"}) as writer:
        for tag, messages in rows.items():
            topic = writer.topic_create(f"/{tag}", {"tag": tag}, MODELS[tag])
            for message in messages:
                topic.push(message)


def read_ours(client, sequence: str) -> dict[str, list[dict]]:
    handler = client.sequence_handler(sequence)
    return {name: [message_json(m) for m in client.topic_handler(sequence, name)
                   .get_data_streamer()] for name in handler.topics}


def run_cross(official, port: int, folder) -> SimpleNamespace:
    """Both directions on the server at ``port``; everything the tests compare."""
    spec = {tag: [message_json(m) for m in messages_for(tag)] for tag in TAGS}
    spec_file = folder / "spec.json"
    spec_file.write_text(json.dumps(spec), encoding="utf-8")
    by_official = official.run("cross_write.py", "--port", port, "--input", spec_file,
                               "--sequence", "by_official")
    with MosaicoClient.connect("127.0.0.1", port) as client:
        ours_read = read_ours(client, "by_official")
        write_ours(client, "by_ours", {tag: samples(tag) for tag in TAGS})
        write_ours(client, "ours_nulls", {tag: samples(tag, refused=True)
                                          for tag in OFFICIAL_REFUSES})
    official_read = official.run("cross_read.py", "--port", port, "--sequence", "by_ours")
    nulls_read = official.run("cross_read.py", "--port", port, "--sequence", "ours_nulls")
    return SimpleNamespace(spec=spec, by_official=by_official, ours_read=ours_read,
                           official_read=official_read, nulls_read=nulls_read)


@pytest.fixture(scope="module")
def cross(official, tmp_path_factory) -> SimpleNamespace:
    """Both directions on one mock server."""
    with running_server(transcript=Transcript()) as server:
        return run_cross(official, server.port, tmp_path_factory.mktemp("cross"))


@pytest.fixture(scope="module")
def official_models(official) -> dict:
    return official.run("models.py")


def test_both_packages_have_the_same_builtin_models(official_models):
    assert sorted(official_models) == TAGS
    for tag, facts in official_models.items():
        model = MODELS[tag]
        assert facts["class"] == model.__name__, tag
        assert facts["format"] == model.__serialization_format__, tag


@pytest.mark.parametrize("tag", TAGS)
def test_upload_schemas_are_identical(official_models, tag):
    ours = message_schema(MODELS[tag]).to_string(show_field_metadata=False,
                                                 show_schema_metadata=False)
    assert ours == official_models[tag]["schema"]


def test_official_refuses_exactly_the_documented_rows(cross):
    refused = {tag: [index for index, _error in rows]
               for tag, rows in cross.by_official["refused"].items()}
    assert refused == OFFICIAL_REFUSES
    assert cross.by_official["written"] == {
        tag: len(samples(tag)) for tag in TAGS}


@pytest.mark.parametrize("tag", TAGS)
def test_written_by_official_reads_back_identically_through_ours(cross, tag):
    skip = set(OFFICIAL_REFUSES.get(tag, ()))
    expected = [row for i, row in enumerate(cross.spec[tag]) if i not in skip]
    assert cross.ours_read[f"/{tag}"] == expected


@pytest.mark.parametrize("tag", TAGS)
def test_written_by_ours_reads_back_identically_through_official(cross, tag):
    expected = [message_json(m) for m in samples(tag)]
    assert cross.official_read["topics"][f"/{tag}"] == expected
    facts = cross.official_read["facts"][f"/{tag}"]
    assert (facts["ontology_tag"], facts["serialization_format"]) == \
        (tag, MODELS[tag].__serialization_format__)
    assert facts["user_metadata"] == {"tag": tag} and facts["locked"] is True


@pytest.mark.parametrize("tag", sorted(OFFICIAL_REFUSES))
def test_official_cannot_read_rows_with_null_components(cross, tag):
    outcome = cross.nulls_read["topics"][f"/{tag}"]
    assert outcome["error"] == "ValidationError", outcome
