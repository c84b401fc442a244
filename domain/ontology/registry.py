"""Finding the model class for an ontology tag, loading the built-in models on demand."""

from __future__ import annotations

from importlib import import_module

from . import serializable
from .serializable import Serializable

__all__ = ["model_for_tag"]

_BUILTINS = "mosaicolabs.domain.ontology.models"


def model_for_tag(tag: str) -> type[Serializable]:
    """The model registered under ``tag``; built-in models are imported on first need.

    Raises:
        InvalidRequestError: if no model has that tag (import the module defining yours).
    """
    if tag not in serializable.registered_tags():
        import_module(_BUILTINS)
    return serializable.model_for_tag(tag)
