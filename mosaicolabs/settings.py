"""The settings a client container cannot do without, checked before any I/O.

:class:`~mosaicolabs.container.ClientContainer` reads its settings strictly (an
absent key raises inside dependency-injector); :func:`check_settings` turns that
into :class:`InvalidRequestError` naming the key, so a container built without,
say, a host fails at once and says so instead of dialling ``grpc://None``.
"""

from __future__ import annotations

from typing import Mapping, Protocol

from dependency_injector import providers
from dependency_injector.errors import Error as DIError

from mosaicolabs.domain.errors import InvalidRequestError

__all__ = ["REQUIRED_SETTINGS", "ClientSettings", "check_settings"]

#: The settings each backend cannot do without: no default, ``None`` refused.
REQUIRED_SETTINGS: Mapping[str, tuple[str, ...]] = {"flight": ("host", "port"), "memory": ()}


class ClientSettings(Protocol):
    """What the check reads of a :class:`~mosaicolabs.container.ClientContainer`."""

    @property
    def config(self) -> providers.Configuration:
        """The strict configuration."""
        ...

    @property
    def adapters(self) -> providers.DependenciesContainer:
        """Where :func:`~mosaicolabs.container.container_for` put the chosen adapters."""
        ...


def _setting(container: ClientSettings, key: str, needed_by: str) -> object:
    """A required setting; the strict configuration raises if it is absent."""
    try:
        value: object = container.config.get(key)
    except DIError:  # strict mode: "Undefined configuration option"
        value = None
    if value is None:
        raise InvalidRequestError(f"missing required setting {key!r} ({needed_by})",
                                  action="configure", resource=key)
    return value


def check_settings(container: ClientSettings) -> None:
    """Fail loudly, before any I/O, if ``container`` cannot work.

    Raises:
        InvalidRequestError: (a ``ValueError``) a required setting is absent or ``None``
            (``resource`` names it), the backend is unknown, or no adapters were chosen.
    """
    backend = _setting(container, "backend", f"one of {sorted(REQUIRED_SETTINGS)}")
    required = REQUIRED_SETTINGS.get(str(backend))
    if required is None:
        raise InvalidRequestError(
            f"unknown backend {backend!r}: expected one of {sorted(REQUIRED_SETTINGS)}",
            action="configure", resource="backend")
    for key in required:
        _setting(container, key, f"the {backend} backend needs {' and '.join(required)}")
    if not container.adapters.overridden:
        raise InvalidRequestError(
            "the container has no adapters: build it with container_for(settings)",
            action="configure")
