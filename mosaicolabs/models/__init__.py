"""The message envelope, the model base classes and the mixins.

The official package's ``mosaicolabs.models``, over our own objects from
:mod:`mosaicolabs.domain.ontology`. Names are imported on first use (see
:mod:`mosaicolabs._lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mosaicolabs._lazy import lazy_exports

__all__ = ["BaseModel", "CovarianceMixin", "Message", "Serializable", "VarianceMixin"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from mosaicolabs.domain.ontology.message import Message
    from mosaicolabs.domain.ontology.mixins import CovarianceMixin, VarianceMixin
    from mosaicolabs.domain.ontology.pydantic_names import BaseModel
    from mosaicolabs.domain.ontology.serializable import Serializable
else:  # loaded on first use; a visible __getattr__ would make any name Any to checkers
    __getattr__, __dir__ = lazy_exports(__name__, __all__, {
        "BaseModel": "mosaicolabs.domain.ontology.pydantic_names",
        "CovarianceMixin": "mosaicolabs.domain.ontology.mixins",
        "Message": "mosaicolabs.domain.ontology.message",
        "Serializable": "mosaicolabs.domain.ontology.serializable",
        "VarianceMixin": "mosaicolabs.domain.ontology.mixins",
    })
