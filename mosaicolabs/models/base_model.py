"""The official ``mosaicolabs.models.base_model``: the root of every model and message."""

from mosaicolabs.domain.ontology.pydantic_names import BaseModel

__all__ = ["BaseModel"]
