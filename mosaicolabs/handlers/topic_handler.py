"""Topic handlers.

The official package's ``mosaicolabs.handlers.topic_handler``, over our own objects from
:mod:`mosaicolabs.application.handlers`.
"""

from mosaicolabs.application.handlers import TopicHandler

__all__ = ["TopicHandler"]
