"""The writer's batch limits are limits: no batch it sends is over them.

A batch is sent *before* the record that would take it over ``max_batch_size_bytes``;
a single record larger than the limit goes alone, with a warning. Sizes are the Arrow
bytes of what is actually sent (``RecordBatch.nbytes``), not the writer's estimates.
"""

from __future__ import annotations

import logging

import pytest

from mosaicolabs import CompressedImage, Message, TopicWriter

MiB = 1 << 20


@pytest.fixture
def sent(monkeypatch) -> list[tuple[int, int]]:
    """(rows, Arrow bytes) of every batch the writers send."""
    batches: list[tuple[int, int]] = []
    send = TopicWriter._write
    monkeypatch.setattr(TopicWriter, "_write", lambda writer, batch: (
        batches.append((batch.num_rows, batch.nbytes)), send(writer, batch)))
    return batches


def write_frames(client, sizes: list[int], **limits) -> None:
    with client.sequence_create("frames", {}, **limits) as writer:
        topic = writer.topic_create("/cam", {}, CompressedImage)
        for stamp, size in enumerate(sizes):
            topic.push(Message(timestamp_ns=stamp, data=CompressedImage(
                data=bytes([stamp % 256]) * size, format="jpeg")))


def test_records_that_do_not_fit_together_go_in_separate_batches(client, sent):
    write_frames(client, [3 * MiB] * 6, max_batch_size_bytes=4 * MiB)
    assert [rows for rows, _ in sent] == [1] * 6  # 3 + 3 MiB would cross the 4 MiB limit
    assert all(size <= 4 * MiB for _, size in sent)


def test_no_batch_is_over_a_one_megabyte_limit(client, sent):
    write_frames(client, [200_000] * 40, max_batch_size_bytes=1_000_000)
    assert sum(rows for rows, _ in sent) == 40
    assert max(size for _, size in sent) <= 1_000_000
    assert all(rows >= 4 for rows, _ in sent[:-1])  # and batches are not needlessly small


def test_a_record_over_the_limit_goes_alone_with_a_warning(client, sent, caplog):
    with caplog.at_level(logging.WARNING, logger="mosaicolabs.writer"):
        write_frames(client, [100_000, 2 * MiB, 100_000], max_batch_size_bytes=1 * MiB)
    assert [rows for rows, _ in sent] == [1, 1, 1]
    assert any("over the 1048576-byte batch limit" in r.getMessage() for r in caplog.records)


def test_the_record_limit_is_exact(client, sent):
    write_frames(client, [10] * 25, max_batch_size_records=10)
    assert [rows for rows, _ in sent] == [10, 10, 5]
