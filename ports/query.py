"""Port: catalog and content queries."""

from __future__ import annotations

from typing import Any, Mapping, Protocol, runtime_checkable

from mosaicolabs.domain.query_result import QueryHit

__all__ = ["QueryService"]


@runtime_checkable
class QueryService(Protocol):
    """Evaluate a query given as its neutral block form.

    The form is ``{"sequence": {...}, "topic": {...}, "ontology": {...}}`` with
    ``{field: {"$op": value}}`` conditions (see the query model in the domain).
    """

    def query(self, blocks: Mapping[str, Any]) -> list[QueryHit]:
        """Sequences (and their topics) matching every block, ordered by name."""
        ...
