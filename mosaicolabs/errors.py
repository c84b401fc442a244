"""The error tree (see :mod:`mosaicolabs.domain.errors` for the diagram)."""

from mosaicolabs.domain import errors as _errors
from mosaicolabs.domain.errors import *  # noqa: F403  (the whole tree is public)

__all__ = list(_errors.__all__)
