"""Checking a message's envelope at ``push``: the slow path for anything but a plain int.

``TopicWriter.push`` tests the envelope inline (``type(v) is int`` and the
column's range); values that fail that test come here, where numpy integers
are taken as ints and everything else is refused with a
:class:`~mosaicolabs.domain.ontology.validation.ModelValidationError` naming
``Message.<field>``.
"""

from __future__ import annotations

from typing import Any

from mosaicolabs.domain.ontology.validation import ModelValidationError, refuse

__all__ = ["INT64_MAX", "INT64_MIN", "UINT32_MAX", "envelope_int"]

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
UINT32_MAX = 2**32 - 1


def envelope_int(value: Any, name: str, low: int = INT64_MIN, high: int = INT64_MAX) -> int:
    """An envelope integer as a plain ``int``: numpy integers are taken; None, bools,
    floats and text are not (a float timestamp is a unit bug more often than not).

    Raises:
        ModelValidationError: naming ``Message.<name>``.
    """
    where = f"Message.{name}"
    expected = "an int (ns since the epoch)" if name.endswith("_ns") else "an int"
    if value is None:
        raise refuse(where, expected, value, " (the field is required)")
    dtype = getattr(value, "dtype", None) if getattr(value, "ndim", None) == 0 else None
    numpy_int = getattr(dtype, "kind", "") in ("i", "u")
    if isinstance(value, bool) or not (isinstance(value, int) or numpy_int):
        if name == "timestamp_ns":  # the long-standing wording of this refusal
            raise ModelValidationError(
                f"timestamp_ns must be an int (ns since the epoch), got {type(value).__name__}",
                field=where, expected=expected, got=type(value).__name__,
            )
        raise refuse(where, expected, value)
    number = int(value)
    if not low <= number <= high:
        raise refuse(where, expected, value, f" (out of range {low}..{high})")
    return number
