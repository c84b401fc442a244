"""Catalog port over Flight: ListFlights, GetFlightInfo and the catalog actions."""

from __future__ import annotations

from typing import Any, Mapping

from mosaicolabs.domain.catalog import Sequence, Topic
from mosaicolabs.domain.errors import ProtocolError
from mosaicolabs.domain.metadata import check_user_metadata
from mosaicolabs.domain.names import topic_locator
from mosaicolabs.domain.policies import SerializationFormat
from mosaicolabs.domain.vocabulary import Action

from .catalog_codec import TopicEndpoint, parse_sequence_info, parse_topic_info
from .codec import require
from .connection import FlightConnection
from .tickets import TicketBook

__all__ = ["FlightCatalog"]


class FlightCatalog:
    """:class:`~mosaicolabs.ports.Catalog` speaking the Mosaico Flight protocol."""

    def __init__(self, connection: FlightConnection) -> None:
        self._conn = connection
        #: The whole-topic read tickets this catalog was handed, for the topic streams.
        self.tickets = TicketBook()

    def list_sequences(self) -> list[str]:
        names: list[str] = []
        for info in self._conn.list_flights():
            path = info.descriptor.path or []
            if len(path) != 1:
                raise ProtocolError(f"list_sequences: unexpected descriptor path {path!r}")
            raw = path[0]
            names.append(raw.decode("utf-8") if isinstance(raw, bytes) else str(raw))
        return names

    def create_sequence(self, name: str, user_metadata: Mapping[str, Any]) -> None:
        body = {"locator": name, "user_metadata": check_user_metadata(user_metadata)}
        self._conn.action(Action.sequence_create.name, body, name)

    def describe_sequence(self, name: str) -> Sequence:
        return self.sequence_endpoints(name)[0]

    def sequence_endpoints(
        self, name: str, start_ns: int | None = None, end_ns: int | None = None
    ) -> tuple[Sequence, list[TopicEndpoint]]:
        """The sequence and one read ticket per topic, bounded to ``[start_ns, end_ns)``."""
        info = self._conn.flight_info(_command(name, start_ns, end_ns), name)
        return parse_sequence_info(info, name)

    def delete_sequence(self, name: str) -> None:
        self.tickets.forget(name)
        self._conn.action(Action.sequence_delete.name, {"locator": name}, name)

    def create_session(self, sequence_name: str) -> str:
        action = Action.session_create.name
        response = self._conn.action(action, {"locator": sequence_name}, sequence_name)
        return str(require(response, "uuid", str, action))

    def finalize_session(self, session_uuid: str) -> None:
        body = {"session_uuid": session_uuid}
        self._conn.action(Action.session_finalize.name, body, session_uuid)

    def delete_session(self, session_uuid: str) -> None:
        self._conn.action(Action.session_delete.name, {"session_uuid": session_uuid}, session_uuid)

    def create_topic(
        self,
        session_uuid: str,
        sequence_name: str,
        topic_name: str,
        ontology_tag: str,
        serialization_format: SerializationFormat,
        user_metadata: Mapping[str, Any],
    ) -> str:
        locator = topic_locator(sequence_name, topic_name)
        body = {
            "session_uuid": session_uuid,
            "locator": locator,
            "serialization_format": SerializationFormat(serialization_format).value,
            "ontology_tag": ontology_tag,
            "user_metadata": check_user_metadata(user_metadata),
        }
        response = self._conn.action(Action.topic_create.name, body, locator)
        return str(require(response, "uuid", str, Action.topic_create.name))

    def describe_topic(self, sequence_name: str, topic_name: str) -> Topic:
        endpoint = self.topic_endpoint(sequence_name, topic_name)
        self.tickets.remember(endpoint.topic.locator, endpoint.ticket)
        return endpoint.topic

    def topic_endpoint(
        self,
        sequence_name: str,
        topic_name: str,
        start_ns: int | None = None,
        end_ns: int | None = None,
    ) -> TopicEndpoint:
        """The topic and its read ticket, bounded to ``[start_ns, end_ns)``."""
        locator = topic_locator(sequence_name, topic_name)
        info = self._conn.flight_info(_command(locator, start_ns, end_ns), locator)
        return parse_topic_info(info, locator)

    def delete_topic(self, sequence_name: str, topic_name: str) -> None:
        locator = topic_locator(sequence_name, topic_name)
        self.tickets.forget(locator)
        self._conn.action(Action.topic_delete.name, {"locator": locator}, locator)


def _command(locator: str, start_ns: int | None, end_ns: int | None) -> dict[str, Any]:
    # The bounds are sent only when given, as the official client does.
    command: dict[str, Any] = {"resource_locator": locator}
    if start_ns is not None:
        command["timestamp_ns_start"] = int(start_ns)
    if end_ns is not None:
        command["timestamp_ns_end"] = int(end_ns)
    return command
