"""What each kind of model field accepts, and the error for what it does not.

Every :class:`~.serializable.Serializable` model's ``__init__`` checks each
argument against the field's Arrow type before storing it (the generated code,
and the converters of lists and nested models, are in :mod:`.checked_init`; the
scalar converters here take what the inline checks did not accept), so a wrong
value fails at the line that built it, naming the model, the field and the
value's type, instead of failing a whole upload later.

The checks follow pydantic's lax mode (what the official client accepts) for
numbers, and its strict mode for text and bytes:

* float fields: ``float``, ``int``, ``bool``, ``Decimal``, ``Fraction`` and numpy
  scalars, stored as ``float`` (``1`` -> ``1.0``); float subclasses such as
  ``np.float64`` are kept as given (they are floats).
* int fields: ``int``, ``bool``, numpy integers and whole floats (``2.0``), within
  the range of the column's type (``Integer8(data=300)`` is refused).
* bool fields: ``bool``, numpy bools and numbers equal to 0 or 1.
* str fields: ``str`` only; bytes fields: ``bytes``, ``bytearray``, ``memoryview``.
  Strings are never parsed into numbers (pydantic would take ``"1"``), nor encoded
  into bytes.
* list fields: ``list``, ``tuple`` or a 1-D numpy array (stored as a list), each
  item checked like a field of the list's item type; fixed-size lists need their size.
* nested models: an instance of the model (or a subclass), or a ``dict`` of its
  fields, which is turned into the model.
* ``None`` only for optional fields.

The common case costs one ``type(v) is float`` comparison per field: values of
the exact expected type never leave the generated code. Values assigned to an
attribute after construction are not checked (pydantic does not check them
either); the writer still refuses them when it converts the batch.
"""

from __future__ import annotations

import decimal
import numbers
import reprlib
from typing import Any, Callable

import pyarrow as pa

from ..errors import ModelValidationError

__all__ = [
    "FLOATABLE",
    "Converter",
    "ModelValidationError",
    "bool_converter",
    "bytes_converter",
    "float_converter",
    "int_converter",
    "refuse",
    "required",
    "short_repr",
    "str_converter",
]

Converter = Callable[[Any, str], Any]
_EXACT = 2**53  # ints up to this convert to float exactly
#: numpy scalar types seen in float fields: ``float(v)`` never fails for them, so the
#: generated ``__init__`` converts them inline (see ``checked_init``).
FLOATABLE: set[type] = {bool}


_REPR = reprlib.Repr()
_REPR.maxstring = 40
_REPR.maxother = 40
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxdict = 4


def short_repr(value: Any) -> str:
    """A repr of at most about 60 characters (never the repr of a whole huge value)."""
    if isinstance(value, (bytes, bytearray)):
        text = repr(bytes(value[:24])) + ("..." if len(value) > 24 else "")
    elif isinstance(value, memoryview):
        text = f"<memoryview of {value.nbytes} bytes>"
    else:
        text = _REPR.repr(value)
    return text if len(text) <= 64 else text[:60] + "..."


def refuse(where: str, expected: str, value: Any, why: str = "") -> ModelValidationError:
    """The error for ``value`` given to the field ``where`` (``Model.field``)."""
    got = type(value).__name__
    shown = "None" if value is None else f"{got} {short_repr(value)}"
    return ModelValidationError(
        f"{where}: expected {expected}, got {shown}{why}", field=where, expected=expected, got=got
    )


def _numpy_kind(value: Any) -> str:
    """The dtype kind of a numpy scalar or 0-d array ('' for anything else)."""
    dtype = getattr(value, "dtype", None)
    if dtype is None or getattr(value, "ndim", None) != 0:
        return ""
    kind = getattr(dtype, "kind", "")
    return kind if isinstance(kind, str) else ""


_NUMBER_TYPES: dict[tuple[type, bool], bool] = {}


def _is_number(value: Any, integral: bool = False) -> bool:
    """Whether ``value`` is a real number (an integral one with ``integral``): ``int``,
    ``float``, ``Decimal``, ``Fraction``, numpy scalars... Cached per type: the
    abstract-class checks behind it are slow and the answer depends on the type only."""
    key = (type(value), integral)
    known = _NUMBER_TYPES.get(key)
    if known is None:
        kinds = numbers.Integral if integral else (numbers.Real, decimal.Decimal)
        known = isinstance(value, kinds)
        if len(_NUMBER_TYPES) < 1024:
            _NUMBER_TYPES[key] = known
    return known


def required(where: str, expected: str) -> ModelValidationError:
    return ModelValidationError(
        f"{where}: expected {expected}, got None (the field is required)",
        field=where, expected=expected, got="NoneType",
    )


# -- one converter per kind of field: (value, where) -> value to store, or raise ------------


def float_converter(arrow: pa.DataType, nullable: bool) -> Converter:
    expected = f"a float ({arrow})"

    def convert(value: Any, where: str) -> Any:
        if isinstance(value, float):  # np.float64 and other subclasses are kept
            return value
        if type(value) is int and -_EXACT <= value <= _EXACT:
            return float(value)
        if value is None:
            if nullable:
                return None
            raise required(where, expected)
        kind = _numpy_kind(value)
        if _is_number(value) or kind in ("b", "i", "u", "f"):
            try:
                number = float(value)
            except (OverflowError, ValueError, TypeError):
                raise refuse(where, expected, value, " (out of range)") from None
            if kind and type(value).__module__ == "numpy" and not hasattr(value, "__len__"):
                FLOATABLE.add(type(value))  # a numpy scalar type: next time converted inline
            return number
        raise refuse(where, expected, value)

    return convert


def int_converter(arrow: pa.DataType, nullable: bool) -> tuple[Converter, int, int]:
    bits = arrow.bit_width
    signed = pa.types.is_signed_integer(arrow)
    low, high = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2**bits - 1)
    expected = f"an int ({arrow}, {low}..{high})"

    def convert(value: Any, where: str) -> Any:
        if value is None:
            if nullable:
                return None
            raise required(where, expected)
        kind = _numpy_kind(value)
        if _is_number(value, integral=True) or kind in ("b", "i", "u"):
            number = int(value)
        elif _is_number(value) or kind == "f":
            try:
                whole = value == int(value)
            except (OverflowError, ValueError, TypeError):  # inf, nan
                whole = False
            if not whole:
                raise refuse(where, expected, value, " (not a whole number)")
            number = int(value)
        else:
            raise refuse(where, expected, value)
        if not low <= number <= high:
            raise refuse(where, expected, value, " (out of range)")
        return number

    return convert, low, high


def bool_converter(nullable: bool) -> Converter:
    expected = "a bool"

    def convert(value: Any, where: str) -> Any:
        if value is None:
            if nullable:
                return None
            raise required(where, expected)
        kind = _numpy_kind(value)
        if kind == "b":
            return bool(value)
        if _is_number(value) or kind in ("i", "u", "f"):
            if value == 0 or value == 1:
                return bool(value)
            raise refuse(where, expected, value, " (only 0 and 1 stand for a bool)")
        raise refuse(where, expected, value)

    return convert


def str_converter(nullable: bool) -> Converter:
    expected = "a str"

    def convert(value: Any, where: str) -> Any:
        if value is None:
            if nullable:
                return None
            raise required(where, expected)
        if isinstance(value, str):
            return value
        raise refuse(where, expected, value)

    return convert


def bytes_converter(nullable: bool, size: int | None = None) -> Converter:
    expected = "bytes" if size is None else f"{size} bytes"

    def convert(value: Any, where: str) -> Any:
        if value is None:
            if nullable:
                return None
            raise required(where, expected)
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise refuse(where, expected, value)
        if size is not None and (value.nbytes if isinstance(value, memoryview)
                                 else len(value)) != size:
            raise refuse(where, expected, value, " (wrong length)")
        return value

    return convert
