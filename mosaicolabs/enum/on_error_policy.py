"""The deprecated session error policy name.

The official package's ``mosaicolabs.enum.on_error_policy``, over our own objects from
:mod:`mosaicolabs.domain.policies`.

Here ``OnErrorPolicy`` is :class:`~mosaicolabs.enum.SessionLevelErrorPolicy` itself.
"""

from mosaicolabs.domain.policies import OnErrorPolicy

__all__ = ["OnErrorPolicy"]
