"""The models' generated ``__init__``: every argument checked against its field.

For each model a keyword-only ``__init__`` is generated (with ``exec``, as
dataclasses do) whose body tests each argument inline, e.g. for ``Vector3d``::

    if type(x) is not float and x is not None:
        if type(x) is int and -2**53 <= x <= 2**53: x = float(x)
        elif isinstance(x, float): pass  # np.float64
        elif type(x) in FLOATABLE: x = float(x)  # other numpy scalars, bool
        else: x = <float converter>(x, 'Vector3d.x')
    if covariance is not None:
        if type(covariance) is list:
            for item in covariance:
                if type(item) is not float: covariance = <list converter>(...); break
        else: covariance = <list converter>(covariance, 'Vector3d.covariance')

so a value of the exact expected type costs one comparison and never leaves the
generated code (a list of floats, one per item); anything else goes to the
field's converter (scalars in :mod:`.validation`, lists and nested models here),
which returns the value to store or raises :class:`~.validation.ModelValidationError`.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any, Callable, ClassVar, Protocol

import pyarrow as pa

from .validation import (
    FLOATABLE,
    Converter,
    ModelValidationError,
    bool_converter,
    bytes_converter,
    float_converter,
    int_converter,
    refuse,
    required,
    str_converter,
)

__all__ = ["has_own_init", "install_checked_init", "plan"]


class _FieldLayout(Protocol):
    """A field of a model's layout (``serializable.FieldSpec``), by shape: the models
    import this module, so it does not import theirs."""

    @property
    def name(self) -> str: ...
    @property
    def arrow(self) -> pa.Field: ...
    @property
    def model(self) -> Any: ...


class _Layout(Protocol):  # serializable.ModelSpec, by shape
    @property
    def fields(self) -> tuple[_FieldLayout, ...]: ...


class _Model(Protocol):
    """What generating a checked ``__init__`` needs of a model class: a dataclass with a
    layout (``Serializable`` subclasses, once made dataclasses)."""

    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]

    @classmethod
    def model_spec(cls) -> _Layout: ...

#: kind ("exact", "float", "int", "floats" or "always"), converter, type accepted as
#: is (or None), description, extra (int bounds for "int", list size for "floats")
Plan = tuple[str, Converter, Any, str, Any]
_FACTORY = object()  # stands for "use the field's default_factory"
_EXACT = 2**53  # ints up to this convert to float exactly


# -- containers: lists and nested models -------------------------------------------------


def list_converter(arrow: Any, nullable: bool, plan: Plan | None) -> Converter:
    """Lists: ``plan`` is how each item is checked, or None."""
    size = arrow.list_size if pa.types.is_fixed_size_list(arrow) else None
    item_convert = plan[1] if plan is not None else None
    exact = frozenset({plan[2]}) if plan is not None and plan[2] is not None else None
    if plan is not None and plan[0] == "int":
        exact = None  # int items also need their range checked
    items = "" if plan is None else f" of {plan[3].removeprefix('a ').removeprefix('an ')}"
    expected = ("a list" if size is None else f"a list of {size} items") + items
    exact_or_empty = exact or frozenset()
    float_items = plan is not None and plan[0] == "float"

    def convert(value: Any, where: str) -> Any:
        if value is None:
            if nullable:
                return None
            raise required(where, expected)
        trusted = False
        if type(value) is not list:
            if isinstance(value, (list, tuple)):
                value = list(value)
            elif getattr(value, "ndim", None) == 1 and hasattr(value, "tolist"):
                # a 1-D numpy array: a float one gives Python floats, nothing to check
                trusted = float_items and getattr(value.dtype, "kind", "") == "f"
                value = value.tolist()
            else:
                raise refuse(where, expected, value)
        if size is not None and len(value) != size:
            raise refuse(where, expected, value, f" (length {len(value)})")
        if trusted or item_convert is None or (
            exact is not None and exact.issuperset(map(type, value))
        ):
            return value
        return [e if type(e) in exact_or_empty else item_convert(e, f"{where}[{i}]")
                for i, e in enumerate(value)]

    return convert


def model_converter(model: type, nullable: bool) -> Converter:
    expected = f"a {model.__name__}"

    def convert(value: Any, where: str) -> Any:
        if value is None:
            if nullable:
                return None
            raise required(where, expected)
        if isinstance(value, model):
            return value
        if isinstance(value, dict):
            try:
                return model(**value)
            except ModelValidationError as exc:  # Vector3d.x -> IMU.acceleration.x
                field = where + exc.field[exc.field.find("."):] if "." in exc.field else where
                raise ModelValidationError(f"{where}: {exc}", field=field,
                                           expected=exc.expected, got=exc.got) from None
            except TypeError as exc:  # unknown or missing keys
                raise refuse(where, f"{expected} (or a dict of its fields)", value,
                             f" ({exc})") from None
        raise refuse(where, expected, value)

    return convert


# -- the generated __init__ -----------------------------------------------------------------


def plan(arrow: pa.DataType, nullable: bool, model: type | None) -> Plan | None:
    """How to check one field, or None when its type is not checked here."""
    t = pa.types
    if model is not None:
        return ("exact", model_converter(model, nullable), model, f"a {model.__name__}", None)
    if t.is_floating(arrow):
        return ("float", float_converter(arrow, nullable), float, "a float", None)
    if t.is_integer(arrow):
        convert, low, high = int_converter(arrow, nullable)
        return ("int", convert, int, "an int", (low, high))
    if t.is_boolean(arrow):
        return ("exact", bool_converter(nullable), bool, "a bool", None)
    is_view = getattr(t, "is_string_view", None)
    if t.is_string(arrow) or t.is_large_string(arrow) or (is_view is not None and is_view(arrow)):
        return ("exact", str_converter(nullable), str, "a str", None)
    if t.is_binary(arrow) or t.is_large_binary(arrow):
        return ("exact", bytes_converter(nullable), bytes, "bytes", None)
    if t.is_fixed_size_binary(arrow):
        return ("always", bytes_converter(nullable, arrow.byte_width), None, "bytes", None)
    if t.is_list(arrow) or t.is_large_list(arrow) or t.is_fixed_size_list(arrow):
        item = arrow.value_field
        convert = list_converter(arrow, nullable, plan(item.type, item.nullable, None))
        if t.is_floating(item.type):  # covariances and the like: checked inline
            size = arrow.list_size if t.is_fixed_size_list(arrow) else None
            return ("floats", convert, None, "a list", size)
        return ("always", convert, None, "a list", None)
    return None


def _check_lines(name: str, how: Plan, nullable: bool, index: int, where: str) -> list[str]:
    """The generated lines checking argument ``name``; see the module docstring."""
    kind, _, _, _, extra = how
    call = f"{name} = __m_c{index}({name}, {where!r})"
    unless_none = f" and {name} is not None" if nullable else ""
    if kind == "exact":
        return [f"    if __m_type({name}) is not __m_t{index}{unless_none}: {call}"]
    if kind == "float":  # ints become floats inline; float subclasses (np.float64) stay
        return [
            f"    if __m_type({name}) is not __m_float{unless_none}:",
            f"        if __m_type({name}) is __m_int and {-_EXACT} <= {name} <= {_EXACT}: "
            f"{name} = __m_float({name})",
            f"        elif __m_isinstance({name}, __m_float): pass",
            f"        elif __m_type({name}) in __m_floatable: {name} = __m_float({name})",
            f"        else: {call}",
        ]
    if kind == "int":
        low, high = extra
        test = f"__m_type({name}) is not __m_int or not {low} <= {name} <= {high}"
        if nullable:
            return [f"    if {name} is not None and ({test}): {call}"]
        return [f"    if {test}: {call}"]
    if kind == "floats":  # a list of exact floats passes without a call
        size = "" if extra is None else f" and __m_len({name}) == {extra}"
        return [
            f"    if {name} is not None:" if nullable else "    if True:",
            f"        if __m_type({name}) is __m_list{size}:",
            f"            for __m_item in {name}:",
            "                if __m_type(__m_item) is not __m_float:",
            f"                    {call}",
            "                    break",
            "        else:",
            f"            {call}",
        ]
    return [f"    if {name} is not None: {call}" if nullable else f"    {call}"]


def _build_init(cls: type[_Model]) -> Callable[..., None]:
    """Generate the checked ``__init__`` of the dataclass ``cls``."""
    specs = {f.name: f for f in cls.model_spec().fields}
    # builtins under private names: a field may well be called ``type`` or ``int``
    namespace: dict[str, Any] = {"__m_factory": _FACTORY, "__m_type": type, "__m_int": int,
                                 "__m_float": float, "__m_list": list, "__m_len": len,
                                 "__m_isinstance": isinstance, "__m_floatable": FLOATABLE}
    params: list[str] = []
    body: list[str] = []
    stores: list[str] = []
    for index, field in enumerate(dataclasses.fields(cls)):
        name = field.name
        if field.default is not dataclasses.MISSING:
            namespace[f"__m_d{index}"] = field.default
        elif field.default_factory is not dataclasses.MISSING:
            namespace[f"__m_f{index}"] = field.default_factory
        if not field.init:  # set from its default, as dataclasses do
            if f"__m_d{index}" in namespace:
                stores.append(f"    __m_self.{name} = __m_d{index}")
            elif f"__m_f{index}" in namespace:
                stores.append(f"    __m_self.{name} = __m_f{index}()")
            continue
        if f"__m_d{index}" in namespace:
            params.append(f"{name}=__m_d{index}")
        elif f"__m_f{index}" in namespace:
            params.append(f"{name}=__m_factory")
            body.append(f"    if {name} is __m_factory: {name} = __m_f{index}()")
        else:
            params.append(name)
        spec = specs.get(name)
        how = None if spec is None else plan(spec.arrow.type, spec.arrow.nullable, spec.model)
        if how is not None and spec is not None:
            namespace[f"__m_c{index}"] = how[1]
            namespace[f"__m_t{index}"] = how[2]
            where = f"{cls.__name__}.{name}"
            body.extend(_check_lines(name, how, spec.arrow.nullable, index, where))
        stores.append(f"    __m_self.{name} = {name}")
    if hasattr(cls, "__post_init__"):
        stores.append("    __m_self.__post_init__()")
    signature = ", ".join(["__m_self", "*", *params]) if params else "__m_self"
    source = f"def __init__({signature}):\n" + "\n".join(body + stores or ["    pass"]) + "\n"
    exec(compile(source, f"<checked __init__ of {cls.__qualname__}>", "exec"), namespace)
    init: Callable[..., None] = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


def _has_init_vars(cls: type) -> bool:
    initvar = getattr(dataclasses, "_FIELD_INITVAR", None)
    return any(
        getattr(f, "_field_type", None) is initvar
        for f in getattr(cls, "__dataclass_fields__", {}).values()
    )


def has_own_init(cls: type) -> bool:
    """Whether the class body defines ``__init__`` itself (then it is left alone)."""
    return "__init__" in cls.__dict__


def install_checked_init(cls: type) -> None:
    """Give ``cls`` (just made a dataclass) a checked ``__init__``, built on first use.

    The model's layout may name classes defined later, so the checks are generated
    at the first instantiation; until then a stub stands in. Classes using
    ``InitVar`` keep the dataclass ``__init__`` (unchecked).
    """
    plain = cls.__dict__["__init__"]
    if _has_init_vars(cls):
        return

    @functools.wraps(plain)
    def __init__(self: Any, /, *args: Any, **kwargs: Any) -> None:
        try:
            checked = _build_init(cls)
        except Exception:  # no Arrow layout (yet, e.g. a forward reference): writing will
            plain(self, *args, **kwargs)  # say why; until then the instance is unchecked
            return
        functools.update_wrapper(checked, plain)  # name, doc and signature for help()
        type.__setattr__(cls, "__init__", checked)
        checked(self, *args, **kwargs)

    type.__setattr__(cls, "__init__", __init__)
