"""Structural types of the query API, for code that writes its own query parts.

``QueryableProtocol`` is what :class:`~mosaicolabs.domain.query.builders.Query` and
``MosaicoClient.query`` are given: ``QuerySequence``, ``QueryTopic`` and
``QueryOntologyCatalog`` all satisfy it. ``FieldMapperProtocol`` is the shape of the
official package's field mappers (accepted, unused, by ``queryable``): our models
build their ``.Q`` proxies from their own field specs.
"""

from __future__ import annotations

from typing import Any, Protocol

from .expressions import Expression

__all__ = ["FieldMapperProtocol", "QueryableProtocol"]


class QueryableProtocol(Protocol):
    """One part of a query: a block name, its request body and a fluent ``with_expression``."""

    def with_expression(self, expr: Expression) -> QueryableProtocol:
        """Add a condition and return the part (for chaining)."""
        ...

    def name(self) -> str:
        """The part's key in the request body (``"sequence"``, ``"topic"``, ``"ontology"``)."""
        ...

    def to_dict(self) -> dict[str, Any]:
        """The part as the request body holds it."""
        ...


class FieldMapperProtocol(Protocol):
    """Maps a class's fields to the nested map of its queryable paths."""

    def build_map(self, class_type: type[Any], query_expression_type: type[Any],
                  path_prefix: str | None = None) -> tuple[str, dict[str, Any]]:
        """``(prefix, field map)`` of ``class_type``."""
        ...
