"""Scalar and string models.

The official package's ``mosaicolabs.models.data.base_types``, over our own objects from
:mod:`mosaicolabs.domain.ontology.base_types`.
"""

from mosaicolabs.domain.ontology.base_types import (
    Boolean,
    Floating16,
    Floating32,
    Floating64,
    Integer8,
    Integer16,
    Integer32,
    Integer64,
    LargeString,
    String,
    Unsigned8,
    Unsigned16,
    Unsigned32,
    Unsigned64,
)

__all__ = [
    "Boolean",
    "Floating16",
    "Floating32",
    "Floating64",
    "Integer8",
    "Integer16",
    "Integer32",
    "Integer64",
    "LargeString",
    "String",
    "Unsigned8",
    "Unsigned16",
    "Unsigned32",
    "Unsigned64",
]
