"""Every built-in model written and read back through the public API, on both backends."""

from __future__ import annotations

import pytest

from mosaicolabs.domain.ontology.registry import model_for_tag
from tests.ontology_samples import SAMPLES, messages_for

TAGS = sorted(SAMPLES)


def test_all_built_in_models_have_samples():
    assert len(TAGS) == 39


@pytest.mark.parametrize("tag", TAGS)
def test_built_in_model_round_trips(client, tag):
    model = model_for_tag(tag)
    sent = messages_for(tag)
    with client.sequence_create("seq", {"model": tag}) as writer:
        topic = writer.topic_create(f"/{tag}", {}, model)
        for message in sent:
            topic.push(message)
    handler = client.topic_handler("seq", f"/{tag}")
    assert handler.ontology_tag == tag
    assert handler.serialization_format == model.__serialization_format__
    with handler.get_data_streamer() as streamer:
        received = list(streamer)
    assert received == sorted(sent, key=lambda m: m.timestamp_ns)
    table = handler.to_arrow()
    assert table.num_rows == len(sent)
    assert table.schema.names[:4] == [
        "timestamp_ns", "recording_timestamp_ns", "frame_id", "sequence_id",
    ]
