"""What a topic writer does on error.

The official package's ``mosaicolabs.enum.topic_level_error_policy``, over our own objects from
:mod:`mosaicolabs.domain.policies`.
"""

from mosaicolabs.domain.policies import TopicLevelErrorPolicy

__all__ = ["TopicLevelErrorPolicy"]
