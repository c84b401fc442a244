"""Use-case: run a query given as builders or as a ``Query``."""

from __future__ import annotations

from mosaicolabs.domain.errors import InvalidRequestError
from mosaicolabs.domain.query.builders import Query
from mosaicolabs.domain.query.protocols import QueryableProtocol
from mosaicolabs.domain.query.response import QueryResponse
from mosaicolabs.ports.query import QueryService

__all__ = ["RunQuery"]


class RunQuery:
    """Join builders with AND, send the query, wrap the answer."""

    def __init__(self, service: QueryService) -> None:
        self._service = service

    def run(self, *queries: QueryableProtocol, query: Query | None = None) -> QueryResponse:
        """Run ``queries`` (builders) or one prepared ``query``.

        Raises:
            InvalidRequestError: (a ``ValueError``) both or neither given, two builders of
                one kind, or no condition at all.
        """
        given: object = query  # object: untyped callers may pass anything
        if query is not None and queries:
            raise InvalidRequestError("pass builders or query=Query(...), not both")
        if query is None:
            if not queries:
                raise InvalidRequestError("query() needs at least one query builder")
            query = Query(*queries)
        elif not isinstance(given, Query):
            raise InvalidRequestError(f"query= takes a Query, not {type(query).__name__}")
        return QueryResponse.from_hits(self._service.query(query.to_blocks()))
