"""Check hand-built ontology conditions against the model they name, before sending.

``Expression("imu.acceleration.w", "$gt", 0)`` bypasses the ``.Q`` proxies. mosaicod
0.3.0 answers such a query (an unknown field, or a value of the wrong type) with an empty
result, not an error, so the mistake would look like "no data". When the tag names a
model this process knows, the condition is rebuilt through that model's ``.Q`` proxy,
which refuses it with a typed error naming the field; a tag we do not know is left to
the server.
"""

from __future__ import annotations

from typing import Any

from ..errors import InvalidRequestError
from .expressions import Expression, FieldProxy, UnknownFieldError

__all__ = ["checked_ontology_expression"]

_METHODS = {"$eq": "eq", "$neq": "neq", "$lt": "lt", "$leq": "leq", "$gt": "gt",
            "$geq": "geq", "$between": "between", "$in": "in_", "$match": "match"}


def _known_model(tag: str) -> Any:
    from ..ontology.registry import model_for_tag  # the models import this package

    try:
        return model_for_tag(tag)
    except InvalidRequestError:
        return None


def checked_ontology_expression(expression: Expression) -> Expression:
    """``expression`` re-built through its model's ``.Q`` proxy (unchanged if the tag is unknown).

    Raises:
        UnknownFieldError: the model has no such field (the message names the whole key).
        InvalidRequestError: the operator does not apply to the field, or the value does
            not fit its type.
    """
    tag, _, path = expression.key.partition(".")
    model = _known_model(tag)
    if model is None or not path:
        return expression
    node: Any = model.Q
    try:
        for part in path.split("."):
            node = getattr(node, part)
    except UnknownFieldError as exc:
        raise UnknownFieldError(f"{expression.key}: {exc.message}",
                                resource=expression.key) from None
    if not isinstance(node, FieldProxy):
        raise InvalidRequestError(f"{expression.key} is a group of fields; name one of them",
                                  resource=expression.key)
    method = _METHODS.get(expression.op)
    if method is None:
        raise InvalidRequestError(f"{expression.key}: unknown operator {expression.op!r}",
                                  resource=expression.key)
    rebuilt: Expression = getattr(node, method)(expression.value)  # a FieldProxy method
    return rebuilt
