"""Contract of the Notifications port on both backends."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from mosaicolabs.domain.errors import NotFoundError
from mosaicolabs.domain.notifications import NotificationType
from mosaicolabs.ports import Notifications

from .helpers import new_topic


def test_adapter_satisfies_the_port(ports):
    assert isinstance(ports.notifications, Notifications)


def test_sequence_notifications_are_listed_oldest_first(ports):
    ports.catalog.create_sequence("seq", {})
    ports.notifications.create("seq", None, "first failure")
    ports.notifications.create("seq", None, "second: 'quoted' \"text\" ünïcode")
    listed = ports.notifications.list("seq")
    assert [n.message for n in listed] == ["first failure", "second: 'quoted' \"text\" ünïcode"]
    first = listed[0]
    assert first.sequence_name == "seq" and first.topic_name is None
    assert first.type is NotificationType.ERROR
    now = datetime.now(timezone.utc)
    assert first.created_datetime.tzinfo is not None
    assert abs(first.created_datetime - now) < timedelta(minutes=5)


def test_topic_notifications_are_separate_from_the_sequence(ports):
    new_topic(ports, "seq", "/sensors/imu")
    ports.notifications.create("seq", "/sensors/imu", "stream broke")
    topic_list = ports.notifications.list("seq", "sensors/imu")
    assert [(n.sequence_name, n.topic_name, n.message) for n in topic_list] == [
        ("seq", "/sensors/imu", "stream broke")
    ]
    assert ports.notifications.list("seq") == []


def test_purge_empties_only_that_resource(ports):
    new_topic(ports, "seq", "/imu")
    ports.notifications.create("seq", None, "s")
    ports.notifications.create("seq", "/imu", "t")
    ports.notifications.purge("seq", "/imu")
    assert ports.notifications.list("seq", "/imu") == []
    assert [n.message for n in ports.notifications.list("seq")] == ["s"]
    ports.notifications.purge("seq")
    assert ports.notifications.list("seq") == []


def test_unknown_resources_are_not_found(ports):
    # mosaicod 0.3.0 looks a sequence's notifications up by name: none for a stranger
    assert ports.notifications.list("ghost") == []
    ports.notifications.purge("ghost")
    with pytest.raises(NotFoundError):
        ports.notifications.create("ghost", None, "x")
    ports.catalog.create_sequence("seq", {})
    with pytest.raises(NotFoundError):
        ports.notifications.list("seq", "/ghost")
    with pytest.raises(NotFoundError):
        ports.notifications.purge("seq", "/ghost")


def test_deleting_the_sequence_removes_its_notifications(ports):
    ports.catalog.create_sequence("seq", {})
    ports.notifications.create("seq", None, "old")
    ports.catalog.delete_sequence("seq")
    ports.catalog.create_sequence("seq", {})
    assert ports.notifications.list("seq") == []
