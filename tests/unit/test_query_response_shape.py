"""A matched topic's timestamp_range: ``.start``/``.end`` like the official package, and a tuple."""

from __future__ import annotations

from mosaicolabs.domain.catalog import TimeRange
from mosaicolabs.domain.query.response import QueryResponse, TimestampRange
from mosaicolabs.domain.query_result import QueryHit, QueryTopicHit


def test_timestamp_range_has_start_and_end_and_stays_a_tuple():
    response = QueryResponse.from_hits([QueryHit("seq", (
        QueryTopicHit("/imu", TimeRange(20, 30)), QueryTopicHit("/gps")))])
    imu, gps = response[0].topics
    assert isinstance(imu.timestamp_range, TimestampRange)
    assert (imu.timestamp_range.start, imu.timestamp_range.end) == (20, 30)
    start, end = imu.timestamp_range
    assert (start, end) == imu.timestamp_range == (20, 30)
    assert imu.timestamp_range[0] == 20 and gps.timestamp_range is None


def test_integer_bounds_on_floating_point_fields_are_sent_as_floats():
    # mosaicod 0.3.0 caches the numeric type per query shape and connection: a field's
    # values must always arrive with the column's type (docs/testing.md).
    from mosaicolabs import GPS, IMU

    for expression in (IMU.Q.acceleration.x.gt(5), IMU.Q.acceleration.x.eq(5),
                       IMU.Q.acceleration.x.between(1, 2), GPS.Q.position.x.lt(3)):
        values = expression.value if isinstance(expression.value, list) else [expression.value]
        assert all(type(v) is float for v in values), expression
    assert type(IMU.Q.timestamp_ns.gt(5).value) is int  # an integer column keeps integers
