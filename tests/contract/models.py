"""A user-defined model for the data-plane contract tests (registered by subclassing)."""

from __future__ import annotations

import pyarrow as pa

from mosaicolabs.domain.ontology.fields import arrow_field
from mosaicolabs.domain.ontology.serializable import Serializable


class Axis(Serializable):
    """Test-only nested model."""

    __ontology_tag__ = "contract_axis"
    a: float | None = arrow_field(pa.float64())
    b: float | None = arrow_field(pa.float64())


class Reading(Serializable):
    """Test-only model: a required value, optional text, bytes and a nested struct."""

    __ontology_tag__ = "contract_reading"
    value: float = arrow_field(pa.float64(), nullable=False)
    label: str | None = arrow_field(pa.string())
    blob: bytes | None = arrow_field(pa.binary())
    axis: Axis | None = arrow_field(model=Axis)
    samples: list[float] | None = arrow_field(pa.list_(pa.float64()))
