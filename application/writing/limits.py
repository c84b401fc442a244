"""Batch limits and the cheap per-record size estimate that enforces them.

A record's size is estimated from its model's fixed-width columns plus the
length of its top-level variable-width values (bytes, strings, lists). Nothing
is serialized to measure it. After each flush the estimate is corrected by the
ratio of the real batch size to the estimated one, so nested lists and
per-value overheads are accounted for without a per-record probe.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pyarrow as pa

from mosaicolabs.domain.errors import InvalidRequestError
from mosaicolabs.domain.ontology.message import ENVELOPE_FIELDS, Message
from mosaicolabs.domain.ontology.serializable import Serializable

__all__ = ["DEFAULT_MAX_BATCH_BYTES", "DEFAULT_MAX_BATCH_RECORDS", "BatchLimits", "RecordSizer"]

_log = logging.getLogger("mosaicolabs.writer")

#: Arrow batches of a few MB move fastest over Flight (fixed per-batch costs vanish).
DEFAULT_MAX_BATCH_BYTES = 4 * 1024 * 1024
DEFAULT_MAX_BATCH_RECORDS = 50_000
#: Largest single record accepted; stays below common 16 MiB gRPC message caps.
MAX_RECORD_BYTES = 15 * 1024 * 1024
_HARD_BATCH_CAP = int(0.9 * 64 * 1024 * 1024)


@dataclass(frozen=True)
class BatchLimits:
    """When a topic writer sends its buffer: whichever limit is reached first."""

    max_bytes: int = DEFAULT_MAX_BATCH_BYTES
    max_records: int = DEFAULT_MAX_BATCH_RECORDS
    max_record_bytes: int = MAX_RECORD_BYTES

    @classmethod
    def from_options(cls, max_bytes: int | None, max_records: int | None) -> BatchLimits:
        """Validate user options (``None`` keeps the default).

        Raises:
            InvalidRequestError: for non-positive values or a byte limit above the cap.
        """
        for name, value in (  # checked at run time: untyped callers may pass anything
            ("max_batch_size_bytes", max_bytes),
            ("max_batch_size_records", max_records),
        ):
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or value <= 0  # pyright: ignore[reportUnnecessaryIsInstance]
            ):
                raise InvalidRequestError(f"{name} must be a positive int, got {value!r}")
        if max_bytes is not None and max_bytes > _HARD_BATCH_CAP:
            raise InvalidRequestError(
                f"max_batch_size_bytes {max_bytes} exceeds the cap of {_HARD_BATCH_CAP} bytes"
            )
        nbytes = max_bytes or DEFAULT_MAX_BATCH_BYTES
        return cls(nbytes, max_records or DEFAULT_MAX_BATCH_RECORDS)

    def warn_oversized(self, topic: str, size: int) -> None:
        """Log that a record over ``max_bytes`` is sent as a batch of its own."""
        _log.warning("topic %s: a record of about %d bytes is over the %d-byte batch limit; "
                     "it is sent alone", topic, size, self.max_bytes)


def _fixed_width(data_type: pa.DataType) -> int:
    if pa.types.is_struct(data_type):
        return sum(_fixed_width(f.type) for f in data_type) + 1
    if pa.types.is_fixed_size_list(data_type):
        list_size: int = data_type.list_size  # pyarrow is untyped: name what it returns
        return list_size * _fixed_width(data_type.value_type)
    if pa.types.is_boolean(data_type):
        return 1
    try:
        bit_width: int = data_type.bit_width
    except ValueError:  # variable width: offsets only, contents are measured per record
        return 8
    return max(1, bit_width // 8)


def _is_variable(data_type: pa.DataType) -> bool:
    return bool(
        pa.types.is_binary(data_type)
        or pa.types.is_large_binary(data_type)
        or pa.types.is_string(data_type)
        or pa.types.is_large_string(data_type)
        or pa.types.is_list(data_type)
        or pa.types.is_large_list(data_type)
    )


class RecordSizer:
    """Estimate bytes per record for one model, self-correcting after each flush."""

    def __init__(self, model: type[Serializable]) -> None:
        fields = list(ENVELOPE_FIELDS) + model.arrow_fields()
        self.fixed = sum(_fixed_width(f.type) for f in fields)
        self.variable = tuple(f.name for f in model.arrow_fields() if _is_variable(f.type))
        self.factor = 1.0

    def estimate(self, message: Message) -> int:
        """Estimated bytes this record adds to a batch."""
        size = self.fixed
        data = message.data
        for name in self.variable:
            value = getattr(data, name)
            if value is not None:
                size += len(value) * (8 if isinstance(value, list) else 1)
        if message.frame_id is not None:
            size += len(message.frame_id)
        return int(size * self.factor)

    def calibrate(self, estimated: int, actual: int) -> None:
        """Fold the real size of a sent batch into the estimate (moving average)."""
        if estimated > 0 and actual > 0:
            ratio = actual * self.factor / estimated
            self.factor = 0.5 * self.factor + 0.5 * ratio
