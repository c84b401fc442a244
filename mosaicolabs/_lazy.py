"""Lazy re-exports for the modules that mirror the official package's layout.

A mirror module (``mosaicolabs.models.sensors``, ``mosaicolabs.handlers`` ...) holds
no objects of its own: it maps each public name to the module of ours that defines
it and imports that module on first attribute access, so importing the mirror costs
next to nothing::

    __all__ = ["GPS", "IMU"]
    __getattr__, __dir__ = lazy_exports(__name__, __all__, {
        "GPS": "mosaicolabs.domain.ontology.sensors",
        "IMU": "mosaicolabs.domain.ontology.sensors",
    })

A target ``"module:attr"`` exports ``attr`` of ``module`` under another name.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any, Callable

__all__ = ["lazy_exports"]


def lazy_exports(
    module: str, public: list[str], exports: dict[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``(__getattr__, __dir__)`` pair of mirror module ``module``.

    Args:
        module: The mirror's ``__name__``.
        public: Its ``__all__``; must name exactly the keys of ``exports``.
        exports: Public name -> ``"defining.module"`` or ``"defining.module:attr"``.

    Raises:
        ImportError: ``public`` and ``exports`` disagree (a bug in the mirror).
    """
    if sorted(public) != sorted(exports):
        raise ImportError(f"{module}: __all__ and its export table disagree: "
                          f"{sorted(set(public) ^ set(exports))}")
    namespace = sys.modules[module].__dict__

    def __getattr__(name: str) -> Any:
        target = exports.get(name)
        if target is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        source, _, attr = target.partition(":")
        value = getattr(import_module(source), attr or name)
        namespace[name] = value  # cached: the next lookup skips this function
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(public))

    return __getattr__, __dir__
