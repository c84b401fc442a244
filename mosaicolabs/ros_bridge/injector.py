"""The official ``RosbagInjector`` / ``ROSInjectionConfig``, over our recording importer.

``RosbagInjector(config).run()`` connects to ``config.host:config.port``, reads the
bag (ROS 1 ``.bag``, ROS 2 ``.db3`` / ``.mcap`` or a bag directory) and writes it as
the new sequence ``config.sequence_name`` with
:func:`mosaicolabs.application.recordings.importing.import_recording`: one topic per
selected recorded topic, in columnar batches, memory bounded by the batch size.

Where we differ from the official injector:

* ``run()`` raises what went wrong (the official logs it and returns); the failed
  sequence is always deleted, whatever ``on_error`` says, so no partial sequence is
  left that looks complete. A topic write failure stops the import whatever
  ``topics_on_error`` says.
* A topic whose type has no model is stored with a generic model derived from its
  definition, not skipped. Messages that do not decode are left out and counted
  (logged as a warning), like the official loader's ``IGNORE`` policy.
* Official-style adapters (:class:`~mosaicolabs.ros_bridge.ROSAdapterBase` subclasses,
  registered with ``register_default_adapter`` or named per topic in
  ``adapter_overrides``) are used for their topics, message by message as the official
  importer does; every other topic goes through our columnar mappings. An adapter that
  fails on a message stops the import (the sequence is deleted).
* ``log_level`` sets the level of the ``mosaicolabs.ros_bridge`` logger only.
* ``metadata`` defaults to ``{}`` (the official field has no default).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mosaicolabs.domain.policies import SessionLevelErrorPolicy, TopicLevelErrorPolicy
from mosaicolabs.logging_config import get_logger

from .adapter_base import ROSAdapterBase
from .adapter_mapping import AdapterMapping
from .definitions import add_definitions, add_distro, register_custom
from .registry import ROSTypeRegistry
from .ros_bridge import ROSBridge

if TYPE_CHECKING:  # pragma: no cover - rosbags is loaded when a file is opened
    from rosbags.typesys import Stores

    from mosaicolabs.application.recordings.importing import ImportSummary
    from mosaicolabs.client import MosaicoClient

__all__ = ["ROSInjectionConfig", "RosbagInjector", "select_topics"]

logger = get_logger(__name__)


@dataclass
class ROSInjectionConfig:
    """Everything an injection needs: the file, the sequence, the server, the filters.

    Attributes:
        file_path: the ROS bag (``.bag``, ``.db3``, ``.mcap``) or ROS 2 bag directory.
        sequence_name: the sequence to create (it must not exist).
        metadata: user metadata of the sequence.
        host: the server's host.
        port: the server's port.
        ros_distro: a ``rosbags.typesys.Stores`` whose definitions serve the types the
            file does not define (bags recorded without definitions); the
            :class:`~mosaicolabs.ros_bridge.ROSTypeRegistry` definitions registered
            globally and for this distribution serve them too.
        on_error: accepted for compatibility; a failed import is always deleted.
        topics_on_error: accepted for compatibility; a failed topic stops the import.
        custom_msgs: ``(package_name, path, store)`` triples: ``path`` is a folder of
            ``.msg`` files (or one ``.msg`` file) of ``package_name``; each becomes the
            type ``package_name/msg/<file stem>`` where the file does not define it.
        topics: shell-style patterns choosing topics, in order; ``"!pattern"`` removes
            what it matches; with no inclusion pattern, every topic is the start.
        adapter_overrides: topic name -> the ``ROSAdapterBase`` subclass importing it
            (ahead of the adapter registered for its type).
        log_level: level of the ``mosaicolabs.ros_bridge`` logger.
        mosaico_api_key: API key with write permission.
        tls_cert_path: PEM certificate to trust (implies TLS).
    """

    file_path: Path
    sequence_name: str
    metadata: dict[str, Any] = field(default_factory=dict[str, Any])
    host: str = "localhost"
    port: int = 6726
    ros_distro: Stores | None = None
    on_error: SessionLevelErrorPolicy = SessionLevelErrorPolicy.Report
    topics_on_error: TopicLevelErrorPolicy | dict[str, TopicLevelErrorPolicy] = (
        TopicLevelErrorPolicy.Raise)
    custom_msgs: list[tuple[str, Path, Stores | None]] | None = None
    topics: list[str] | None = None
    adapter_overrides: dict[str, type[ROSAdapterBase[Any]]] | None = None
    log_level: str = "INFO"
    mosaico_api_key: str | None = None
    tls_cert_path: str | None = None


def select_topics(available: Sequence[str], patterns: Sequence[str] | None) -> list[str]:
    """The names of ``available`` the ordered ``patterns`` choose, in ``available`` order.

    Each pattern adds the names it matches, each ``"!pattern"`` removes them; later
    patterns win. Without an inclusion pattern the selection starts with every name.
    ``None`` or an empty list chooses everything. A pattern matching nothing is logged.
    """
    if not patterns:
        return list(available)
    chosen = set() if any(not p.startswith("!") for p in patterns) else set(available)
    for pattern in patterns:
        exclude = pattern.startswith("!")
        raw = pattern[1:] if exclude else pattern
        matched = {name for name in available if fnmatch.fnmatchcase(name, raw)}
        if not matched:
            logger.warning("topic pattern %r matches no topic of the recording", pattern)
        chosen = chosen - matched if exclude else chosen | matched
    return [name for name in available if name in chosen]


class RosbagInjector:
    """Imports the recording a :class:`ROSInjectionConfig` describes.

    Args:
        config: what to import, and where.
        client: a connected client to use instead of connecting to
            ``config.host:config.port`` (an offline one, say); it is left open.
    """

    def __init__(self, config: ROSInjectionConfig, *, client: MosaicoClient | None = None
                 ) -> None:
        self.cfg = config
        self.summary: ImportSummary | None = None  #: set by a successful :meth:`run`
        self._client = client
        logger.setLevel(config.log_level.upper())

    def run(self) -> None:
        """Create the sequence and import the selected topics into it.

        Raises:
            FileNotFoundError: nothing at ``file_path`` (or at a ``custom_msgs`` path).
            TypeError: an ``adapter_overrides`` value is not an adapter class.
            RecordingFormatError: not a recording we read, truncated or damaged.
            MosaicoError: connecting or writing failed (``AlreadyExistsError``: the
                sequence exists); the partial sequence is deleted.
            ModuleNotFoundError: the ``recordings`` extra is not installed.
        """
        if self._client is not None:
            self._import(self._client)
            return
        from mosaicolabs.client import MosaicoClient

        logger.info("connecting to Mosaico at %s:%s", self.cfg.host, self.cfg.port)
        with MosaicoClient.connect(self.cfg.host, self.cfg.port,
                                   api_key=self.cfg.mosaico_api_key,
                                   tls_cert_path=self.cfg.tls_cert_path) as client:
            self._import(client)

    def _adapted(self, reader: Any, names: list[str]) -> dict[str, AdapterMapping]:
        """The topics an official-style adapter imports: named in ``adapter_overrides``,
        or of a type with a registered adapter.

        Raises:
            TypeError: an ``adapter_overrides`` value is not an adapter class.
        """
        overrides = self.cfg.adapter_overrides or {}
        for topic_name, given in overrides.items():
            if not all(callable(getattr(given, m, None)) for m in ("translate",
                                                                   "ontology_data_type")):
                raise TypeError(f"adapter_overrides[{topic_name!r}] is {given!r}, not an "
                                "adapter class (a ROSAdapterBase subclass)")
        unknown = sorted(set(overrides) - {t.name for t in reader.topics()})
        if unknown:
            logger.warning("adapter_overrides names topics the file does not have: %s",
                           ", ".join(unknown))
        found: dict[str, AdapterMapping] = {}
        for topic in reader.topics():
            adapter = overrides.get(topic.name) or ROSBridge.get_default_adapter(topic.ros_type)
            if topic.name in names and adapter is not None:
                found[topic.name] = AdapterMapping(adapter, topic.ros_type, topic.name)
        return found

    def _import(self, client: MosaicoClient) -> None:
        from mosaicolabs.application.recordings.importing import import_recording
        from mosaicolabs.recordings import mapping_lookup, open_recording

        path = Path(self.cfg.file_path)
        logger.info("opening %s", path)
        reader = open_recording(path)
        try:
            if self.cfg.ros_distro is not None:
                add_distro(reader.types, self.cfg.ros_distro)
            if self.cfg.custom_msgs:
                register_custom(reader.types, self.cfg.custom_msgs)
            add_definitions(reader.types, ROSTypeRegistry.get_types(self.cfg.ros_distro))
            names = select_topics([t.name for t in reader.topics()], self.cfg.topics)
            logger.info("importing %d topic(s) as sequence %r", len(names),
                        self.cfg.sequence_name)
            summary = import_recording(client, reader, self.cfg.sequence_name,
                                       mapping_for=mapping_lookup(), topics=names,
                                       metadata=dict(self.cfg.metadata or {}),
                                       on_error="skip",
                                       topic_mappings=self._adapted(reader, names))
        finally:
            reader.close()
        self.summary = summary
        for topic in summary.topics:
            if topic.skipped:
                logger.warning("%s: %d message(s) did not decode and were left out (%s)",
                               topic.name, topic.skipped, "; ".join(topic.skip_reasons))
        logger.info("imported %d message(s) (%d bytes) of %d topic(s) in %.2f s",
                    summary.messages, summary.bytes, len(summary.topics), summary.seconds)
