"""The official ``mosaicolabs.models.mixins``: covariance and variance fields of the models."""

from mosaicolabs.domain.ontology.mixins import CovarianceMixin, VarianceMixin

__all__ = ["CovarianceMixin", "VarianceMixin"]
