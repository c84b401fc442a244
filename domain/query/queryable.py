"""``queryable`` and ``is_model_queryable``: the official query-proxy API over ours.

The official client builds each model's ``.Q`` proxy with a class decorator.
Ours come with the classes (every ontology model and the catalog classes have
one), so the decorator checks that the class has a ``.Q`` and returns it unchanged.
"""

from __future__ import annotations

import inspect
from typing import Any, Callable, TypeVar

from ..errors import InvalidRequestError
from .proxies import CatalogQuery, ModelQuery

__all__ = ["T", "is_model_queryable", "queryable"]

T = TypeVar("T")


def is_model_queryable(model: type[Any]) -> bool:
    """True when ``model`` is a class with a ``.Q`` query proxy (``IMU``, ``Sequence`` ...)."""
    if not inspect.isclass(model):
        return False
    try:
        proxy = getattr(model, "Q", None)
    except Exception:  # noqa: BLE001 - a broken descriptor means: not queryable
        return False
    return isinstance(proxy, (ModelQuery, CatalogQuery))


def queryable(mapper_type: type[Any], query_expression_type: type[Any],
              prefix: str | None = None, **kwargs: Any) -> Callable[[type[T]], type[T]]:
    """A class decorator kept for the official API: our queryable classes need none.

    ``mapper_type``, ``query_expression_type``, ``prefix`` and ``kwargs`` are accepted
    and not used: the ``.Q`` proxy of our models comes from their base class.

    Raises:
        InvalidRequestError: (when decorating) the class has no ``.Q`` proxy, e.g. it
            does not derive from ``Serializable``.
    """
    del mapper_type, query_expression_type, prefix, kwargs

    def decorator(cls: type[T]) -> type[T]:
        if not is_model_queryable(cls):
            raise InvalidRequestError(
                f"{getattr(cls, '__name__', cls)!r} has no .Q query proxy: derive it from "
                "Serializable to make it queryable")
        return cls

    return decorator
