"""What a sequence writer does on error.

The official package's ``mosaicolabs.enum.session_level_error_policy``, over our own objects from
:mod:`mosaicolabs.domain.policies`.
"""

from mosaicolabs.domain.policies import SessionLevelErrorPolicy

__all__ = ["SessionLevelErrorPolicy"]
