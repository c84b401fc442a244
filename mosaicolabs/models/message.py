"""The message envelope.

The official package's ``mosaicolabs.models.message``, over our own objects from
:mod:`mosaicolabs.domain.ontology.message`.
"""

from mosaicolabs.domain.ontology.message import Message, TSerializable

__all__ = ["Message", "TSerializable"]
