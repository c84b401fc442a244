"""Query builders: ``QuerySequence``, ``QueryTopic``, ``QueryOntologyCatalog`` and ``Query``.

Each builder fills one block of the query; every field may appear once per
block. ``Query`` joins at most one builder of each kind (AND). The result is
the neutral block form ``{"sequence": {...}, "topic": {...}, "ontology": {...}}``
that adapters put on the wire or evaluate in memory.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..errors import InvalidRequestError
from ..timeutil import datetime_to_ns
from .checks import checked_ontology_expression
from .expressions import Expression
from .protocols import QueryableProtocol
from .proxies import SEQUENCE_Q, TOPIC_Q, CatalogQuery

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from typing_extensions import Self

__all__ = ["Query", "QueryBuilder", "QueryOntologyCatalog", "QuerySequence", "QueryTopic"]

_METADATA_OPS = ("eq", "neq", "lt", "leq", "gt", "geq", "between")


class _QueryPart:
    """What every builder offers as one part of a :class:`Query` (``QueryableProtocol``)."""

    @property
    def scope(self) -> str:
        """The block this builder fills (``"sequence"``, ``"topic"`` or ``"ontology"``)."""
        raise NotImplementedError

    def to_block(self) -> dict[str, Any]:
        """This builder's conditions in neutral (wire) form."""
        raise NotImplementedError

    def name(self) -> str:
        """The key of this block in :meth:`Query.to_dict` (its :attr:`scope`)."""
        return self.scope

    def to_dict(self) -> dict[str, Any]:
        """This block as the request body holds it (the same as :meth:`to_block`)."""
        return self.to_block()


class _CatalogBlock(_QueryPart):
    """Common part of the sequence and topic builders."""

    _fields: CatalogQuery

    def __init__(self, *expressions: Expression) -> None:
        self._entries: dict[str, dict[str, Any]] = {}
        self._metadata: dict[str, dict[str, Any]] = {}
        for expression in expressions:  # as the official constructors take them
            self.with_expression(expression)

    @property
    def scope(self) -> str:
        """The block this builder fills (``"sequence"`` or ``"topic"``)."""
        # The metadata proxy carries the block's scope publicly; CatalogQuery keeps its own
        # attribute namespace for field names (``Sequence.Q.<field>``).
        return self._fields.user_metadata.scope

    def with_expression(self, expr: Expression | None = None, *,
                        expression: Expression | None = None) -> Self:
        """Add a condition built from ``Sequence.Q`` / ``Topic.Q``.

        ``expression=``: this library's older keyword for ``expr``.
        """
        expression = _renamed("expr", expr, "expression", expression)
        if not isinstance(expression, Expression) or expression.scope != self.scope:
            raise InvalidRequestError(
                f"{type(self).__name__} takes {self.scope} expressions, got {expression!r}")
        metadata = expression.key.startswith("user_metadata.")
        target = self._metadata if metadata else self._entries
        key = expression.key[len("user_metadata."):] if metadata else expression.key
        if key in target:
            raise InvalidRequestError(
                f"{type(self).__name__}: {expression.key!r} is already filtered", resource=key)
        target[key] = expression.as_entry()
        return self

    def with_name(self, name: str) -> Self:
        """Exactly this name."""
        return self.with_expression(self._fields.name.eq(self._normalize(name)))

    def with_name_match(self, name: str | None = None, *, text: str | None = None) -> Self:
        """Names containing ``name`` (``text=``: this library's older keyword)."""
        return self.with_expression(self._fields.name.match(_renamed("name", name, "text", text)))

    def with_created_timestamp(self, time_start: Any = None, time_end: Any = None, *,
                               start: Any = None, end: Any = None) -> Self:
        """Created within ``[time_start, time_end]``; either bound may be omitted.

        Bounds are ns, datetimes (naive ones are UTC) or objects with ``to_nanoseconds()``
        (the official ``Time``). ``start=``/``end=``: this library's older keywords.
        """
        low = _bound("time_start", time_start, "start", start)
        high = _bound("time_end", time_end, "end", end)
        field = self._fields.created_timestamp
        if low is not None and high is not None:
            if isinstance(low, int) and isinstance(high, int) and low > high:
                raise InvalidRequestError(
                    f"'time_start' must be less than 'time_end'. (got {low} > {high})")
            return self.with_expression(field.between(low, high))
        if low is not None:
            return self.with_expression(field.geq(low))
        if high is not None:
            return self.with_expression(field.leq(high))
        raise InvalidRequestError(
            "At least one among 'time_start' and 'time_end' is mandatory")

    def with_user_metadata(self, key: str, **condition: Any) -> Self:
        """One condition on a user-metadata value: ``key`` is a dotted path.

        Example: ``with_user_metadata("environment.visibility", lt=50)``.
        """
        if len(condition) != 1 or next(iter(condition)) not in _METADATA_OPS:
            raise InvalidRequestError(
                f"with_user_metadata({key!r}) takes exactly one of {', '.join(_METADATA_OPS)}")
        (op, value), = condition.items()
        proxy = self._fields.user_metadata[key]
        expression = proxy.between(value) if op == "between" else getattr(proxy, op)(value)
        return self.with_expression(expression)

    def _normalize(self, name: str) -> str:
        return name

    def is_empty(self) -> bool:
        """True when no condition was added."""
        return not self._entries and not self._metadata

    def to_block(self) -> dict[str, Any]:
        """The block in neutral (wire) form."""
        block: dict[str, Any] = {k: dict(v) for k, v in self._entries.items()}
        if self._metadata:
            block["user_metadata"] = {k: dict(v) for k, v in self._metadata.items()}
        return block

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.to_block()})"


class QuerySequence(_CatalogBlock):
    """Filter sequences by name, creation time and user metadata.

    ``QuerySequence(Sequence.Q.user_metadata["a"].eq(1), ...)`` adds expressions at once.
    """

    _fields = SEQUENCE_Q


class QueryTopic(_CatalogBlock):
    """Filter topics by name, ontology tag, creation time and user metadata.

    ``QueryTopic(Topic.Q.user_metadata["a"].eq(1), ...)`` adds expressions at once.
    """

    _fields = TOPIC_Q

    def _normalize(self, name: str) -> str:
        return topic_filter_name(name)

    def with_ontology_tag(self, ontology_tag: Any = None, *, tag: Any = None) -> Self:
        """Topics of one model: a tag string or a model class (``tag=``: older keyword)."""
        tag = _renamed("ontology_tag", ontology_tag, "tag", tag)
        if isinstance(tag, type) and hasattr(tag, "__ontology_tag__"):
            tag = tag.__ontology_tag__
        return self.with_expression(self._fields.ontology_tag.eq(tag))


class QueryOntologyCatalog(_QueryPart):
    """Filter by the content of the data: ``IMU.Q.acceleration.x.gt(5.0)`` …

    Args:
        *expressions: Conditions from model ``.Q`` proxies.
        include_timestamp_range: Ask for the time span of matching rows per topic
            (``None``, the default as in the official client, and ``False`` do not).
    """

    @property
    def scope(self) -> str:
        """The block this builder fills: ``"ontology"``."""
        return "ontology"

    def __init__(self, *expressions: Expression,
                 include_timestamp_range: bool | None = None) -> None:
        flag = include_timestamp_range  # checked at run time: untyped callers may pass anything
        if flag is not None and not isinstance(flag, bool):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidRequestError("include_timestamp_range must be a bool or None")
        self.include_timestamp_range = include_timestamp_range
        self._entries: dict[str, dict[str, Any]] = {}
        for expression in expressions:
            self.with_expression(expression)

    def with_expression(self, expr: Expression | None = None, *,
                        expression: Expression | None = None) -> Self:
        """Add a condition; conditions on the same model must hold on one row together.

        ``expression=``: this library's older keyword for ``expr``.
        """
        expression = _renamed("expr", expr, "expression", expression)
        if not isinstance(expression, Expression) or expression.scope != "ontology":
            raise InvalidRequestError(
                f"QueryOntologyCatalog takes model field expressions, got {expression!r}")
        if expression.key in self._entries:
            raise InvalidRequestError(f"{expression.key!r} is already filtered",
                                      resource=expression.key)
        expression = checked_ontology_expression(expression)
        self._entries[expression.key] = expression.as_entry()
        return self

    def is_empty(self) -> bool:
        """True when no condition was added."""
        return not self._entries

    def to_block(self) -> dict[str, Any]:
        """The block in neutral (wire) form."""
        block: dict[str, Any] = {k: dict(v) for k, v in self._entries.items()}
        if self.include_timestamp_range:
            block["include_timestamp_range"] = True
        return block

    def __repr__(self) -> str:
        return f"QueryOntologyCatalog({self.to_block()})"


def _renamed(name: str, value: Any, old_name: str, old_value: Any) -> Any:
    """An argument given under its official ``name`` or this library's older ``old_name``."""
    if value is not None and old_value is not None:
        raise InvalidRequestError(f"give {name}= or {old_name}=, not both")
    if value is None and old_value is None:
        raise InvalidRequestError(f"{name} is required")
    return old_value if value is None else value


def _bound(name: str, value: Any, old_name: str, old_value: Any) -> Any:
    """One bound of ``with_created_timestamp``, under either spelling; ``Time``-like → ns."""
    if value is not None and old_value is not None:
        raise InvalidRequestError(f"give {name}= or {old_name}=, not both")
    value = old_value if value is None else value
    if isinstance(value, datetime):
        return datetime_to_ns(value)
    to_ns = getattr(value, "to_nanoseconds", None)
    return to_ns() if callable(to_ns) else value


def topic_filter_name(name: object) -> str:
    """A topic name in the ``/name`` form the topic block filters on."""
    if not isinstance(name, str):
        raise InvalidRequestError(f"topic name must be a str, got {name!r}")
    return "/" + name.lstrip("/")


QueryBuilder = (QuerySequence, QueryTopic, QueryOntologyCatalog)


class Query:
    """Several builders joined with AND (at most one of each kind)."""

    def __init__(self, *queries: QueryableProtocol) -> None:
        self._builders: dict[str, Any] = {}
        self.append(*queries)

    def append(self, *queries: QueryableProtocol) -> Self:
        """Add builders; a second builder of the same kind is an error."""
        for query in queries:
            if not isinstance(query, QueryBuilder):
                raise InvalidRequestError(f"not a query builder: {query!r}")
            if query.scope in self._builders:
                raise InvalidRequestError(
                    f"a query takes one {type(query).__name__}; combine the conditions in it")
            self._builders[query.scope] = query
        return self

    def to_blocks(self) -> dict[str, Any]:
        """The whole query in neutral (wire) form; empty builders are left out.

        Raises:
            InvalidRequestError: if no builder has a condition.
        """
        blocks = {scope: b.to_block() for scope, b in self._builders.items() if not b.is_empty()}
        if not blocks:
            raise InvalidRequestError("the query has no conditions")
        return blocks

    def to_dict(self) -> dict[str, Any]:
        """The request body: each builder's :meth:`name` mapped to its :meth:`to_dict`.

        Unlike :meth:`to_blocks`, empty builders are kept and nothing is checked.
        """
        return {b.name(): b.to_dict() for b in self._builders.values()}

    def __repr__(self) -> str:
        return f"Query({list(self._builders.values())})"
