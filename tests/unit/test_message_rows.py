"""``Message.from_dataframe_row``: a message back from one row of a flattened table."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from mosaicolabs import GPS, IMU, Message, Vector3d
from mosaicolabs.errors import InvalidRequestError, ModelValidationError

NAN = float("nan")


def imu_row(**overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "timestamp_ns": 1_700_000_000_000_000_000,
        "/imu.imu.acceleration.x": 0.5, "/imu.imu.acceleration.y": -1.0,
        "/imu.imu.acceleration.z": 9.81,
        "/imu.imu.angular_velocity.x": 0.0, "/imu.imu.angular_velocity.y": NAN,
        "/imu.imu.angular_velocity.z": 0.25,
        "/imu.imu.orientation.x": NAN, "/imu.imu.orientation.y": NAN,
        "/imu.imu.orientation.z": NAN, "/imu.imu.orientation.w": NAN,
        "/imu.imu.frame_id": "base_link",
        "/gps.gps.position.x": NAN, "/gps.gps.position.y": NAN,
    }
    row.update(overrides)
    return row


def test_a_series_row_gives_the_typed_message_with_nested_models_and_envelope() -> None:
    message = Message.from_dataframe_row(pd.Series(imu_row()), "/imu")
    assert message is not None
    assert message.timestamp_ns == 1_700_000_000_000_000_000
    assert message.frame_id == "base_link"
    assert isinstance(message.data, IMU)
    assert message.data.acceleration == Vector3d(x=0.5, y=-1.0, z=9.81)
    assert message.data.angular_velocity.x == 0.0
    assert message.data.angular_velocity.y is None  # NaN in the table is a missing value
    assert message.data.orientation is None  # every component missing: no quaternion


def test_a_plain_mapping_works_too_and_numpy_scalars_become_python_numbers() -> None:
    row = imu_row(**{"/imu.imu.acceleration.x": np.float64(2.5), "timestamp_ns": np.int64(7)})
    message = Message.from_dataframe_row(row, "/imu")
    assert message is not None and message.timestamp_ns == 7
    assert type(message.timestamp_ns) is int
    assert message.data.acceleration.x == 2.5


def test_list_cells_keep_their_values_with_missing_entries_as_none() -> None:
    row = imu_row(**{"/imu.imu.acceleration.covariance": np.array([1.0, NAN, 3.0])})
    message = Message.from_dataframe_row(row, "/imu")
    assert message is not None
    covariance = message.data.acceleration.covariance
    assert covariance is not None and covariance[0] == 1.0 and covariance[2] == 3.0
    assert covariance[1] is None or math.isnan(covariance[1])


@pytest.mark.parametrize("topic", ["/gps", "/nothing"])
def test_a_topic_without_values_in_the_row_gives_none(topic: str) -> None:
    assert Message.from_dataframe_row(pd.Series(imu_row()), topic) is None


@pytest.mark.parametrize("missing", [None, NAN, pd.NA, pd.NaT])
def test_a_missing_timestamp_gives_none(missing: object) -> None:
    assert Message.from_dataframe_row(imu_row(timestamp_ns=missing), "/imu") is None


def test_another_timestamp_column_can_be_named() -> None:
    row = imu_row()
    row["t"] = row.pop("timestamp_ns")
    message = Message.from_dataframe_row(row, "/imu", timestamp_column_name="t")
    assert message is not None and message.timestamp_ns == 1_700_000_000_000_000_000


def test_columns_without_a_tag_are_refused_with_the_topic_named() -> None:
    with pytest.raises(ValueError, match="'/odd'.*no ontology tag"):
        Message.from_dataframe_row({"timestamp_ns": 1, "/odd.value": 1.0}, "/odd")


def test_an_unknown_tag_is_refused() -> None:
    with pytest.raises(InvalidRequestError, match="no_such_tag"):
        Message.from_dataframe_row({"timestamp_ns": 1, "/x.no_such_tag.v": 1.0}, "/x")


def test_values_that_make_no_valid_model_are_refused_not_dropped() -> None:
    unknown = {"timestamp_ns": 1, "/gps.gps.position.x": 1.0, "/gps.gps.bogus": 3}
    with pytest.raises(TypeError, match="bogus"):
        Message.from_dataframe_row(unknown, "/gps")
    wrong = {"timestamp_ns": 1, "/gps.gps.position.x": "north", "/gps.gps.position.y": 1.0,
             "/gps.gps.position.z": 0.0}
    with pytest.raises(ModelValidationError, match="x"):
        Message.from_dataframe_row(wrong, "/gps")
    assert GPS.ontology_tag() == "gps"  # the tag these columns name
