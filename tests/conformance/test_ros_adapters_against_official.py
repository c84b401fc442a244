"""An adapter written for the official ``mosaicolabs.ros_bridge``, run by both injectors.

The same source (a model declared the official way, an adapter registered with
``register_default_adapter``, a second one named in ``adapter_overrides``) runs in the
official 0.3.2 venv and in ours; each ``RosbagInjector`` imports the same MCAP file
(a custom type on two topics, its definition in the file) into one mock server. Both
sequences must hold the same topics, models and rows.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("rosbags")

from mosaicolabs import MosaicoClient  # noqa: E402
from mosaicolabs.mock_server import running_server  # noqa: E402
from mosaicolabs.ros_bridge import ROSBridge  # noqa: E402
from tests.ros_ticks import write_ticks_bag  # noqa: E402

ADAPTERS = '''
from typing import Any
import pyarrow as pa
from mosaicolabs import Serializable
from mosaicolabs.ros_bridge import ROSAdapterBase, register_default_adapter

class OdometerTicks(Serializable):
    __msco_pyarrow_struct__ = pa.struct([pa.field("left", pa.int32(), nullable=False),
                                         pa.field("right", pa.int32(), nullable=False)])
    left: int
    right: int

@register_default_adapter
class TicksAdapter(ROSAdapterBase[OdometerTicks]):
    ros_msgtype = "odometry_test_msgs/msg/WheelTicks"
    __mosaico_ontology_type__ = OdometerTicks
    _REQUIRED_KEYS = ("left", "right")

    @classmethod
    def ros_msg_type(cls):
        return cls.ros_msgtype

    @classmethod
    def from_dict(cls, ros_data: dict) -> OdometerTicks:
        return OdometerTicks(left=ros_data["left"], right=ros_data["right"])

    @classmethod
    def schema_metadata(cls, ros_data: dict, **kwargs: Any):
        return None

class SwappedAdapter(TicksAdapter):
    @classmethod
    def from_dict(cls, ros_data: dict) -> OdometerTicks:
        return OdometerTicks(left=ros_data["right"], right=ros_data["left"])
'''

INJECT = '''
import sys
from pathlib import Path
from mosaicolabs.ros_bridge import RosbagInjector, ROSInjectionConfig
path, port, name = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
RosbagInjector(ROSInjectionConfig(
    file_path=path, sequence_name=name, metadata={}, host="127.0.0.1", port=port,
    log_level="WARNING", adapter_overrides={"/wheels/rear": SwappedAdapter})).run()
print("{}")
'''

COLUMNS = ("timestamp_ns", "recording_timestamp_ns", "frame_id", "left", "right")


def contents(client: MosaicoClient, sequence: str) -> dict[str, Any]:
    handler = client.sequence_handler(sequence)
    assert handler is not None, sequence
    out: dict[str, Any] = {}
    for topic in sorted(handler.topics):
        topic_handler = client.topic_handler(sequence, topic)
        assert topic_handler is not None
        table = topic_handler.get_data_streamer().to_arrow()
        out[topic] = (topic_handler.ontology_tag,
                      {c: table.column(c).to_pylist() for c in COLUMNS})
    return out


def test_the_same_adapter_code_imports_the_same_rows(official: Any, tmp_path_factory: Any
                                                     ) -> None:
    folder = write_ticks_bag(Path(tmp_path_factory.mktemp("adapters")) / "wheels")
    mcap = next(folder.glob("*.mcap"))
    before = ROSBridge.get_default_adapters()
    try:
        with running_server() as server:
            official.run(ADAPTERS + INJECT, mcap, server.port, "official")
            module = types.ModuleType("adapters_under_test")  # models need a real module
            sys.modules[module.__name__] = module
            exec(ADAPTERS, module.__dict__)
            from mosaicolabs.ros_bridge import RosbagInjector, ROSInjectionConfig

            RosbagInjector(ROSInjectionConfig(
                file_path=mcap, sequence_name="ours", host="127.0.0.1", port=server.port,
                log_level="WARNING",
                adapter_overrides={"/wheels/rear": module.SwappedAdapter})).run()
            with MosaicoClient.connect("127.0.0.1", server.port) as client:
                theirs, ours = contents(client, "official"), contents(client, "ours")
    finally:
        sys.modules.pop("adapters_under_test", None)
        ROSBridge._default_adapters.clear()
        ROSBridge._default_adapters.update(before)
    assert sorted(theirs) == ["/wheels/front", "/wheels/rear"]
    assert ours == theirs
    assert theirs["/wheels/rear"][1]["left"] == [0, 21, 42, 63]  # the override's rows


LOADER = '''
import json, sys
from mosaicolabs.ros_bridge import ROSLoader
with ROSLoader(file_path=sys.argv[1], topics=["/wheels/*", "!*rear"]) as loader:
    summary = {"topics": loader.topics, "msg_types": loader.msg_types,
               "count": loader.msg_count(), "duration": loader.duration,
               "messages": [[m.topic, m.msg_type, m.bag_timestamp_ns, m.data,
                             m.header.stamp.to_nanoseconds() if m.header else None,
                             None if exc is None else repr(exc)] for m, exc in loader]}
print(json.dumps(summary))
'''


def test_the_loader_reads_as_the_official_one(official: Any, tmp_path_factory: Any) -> None:
    from mosaicolabs.ros_bridge import ROSLoader

    folder = write_ticks_bag(Path(tmp_path_factory.mktemp("loader")) / "wheels")
    mcap = next(folder.glob("*.mcap"))
    theirs = official.run(LOADER, mcap)
    with ROSLoader(file_path=mcap, topics=["/wheels/*", "!*rear"]) as loader:
        ours = {"topics": loader.topics, "msg_types": loader.msg_types,
                "count": loader.msg_count(), "duration": loader.duration,
                "messages": [[m.topic, m.msg_type, m.bag_timestamp_ns, m.data,
                              m.header.stamp.to_nanoseconds() if m.header else None,
                              None if exc is None else repr(exc)] for m, exc in loader]}
    assert len(theirs["messages"]) == 4
    assert ours == theirs


BRIDGE = '''
import json, sys
from mosaicolabs.ros_bridge import ROSBridge, ROSLoader
out = []
with ROSLoader(file_path=sys.argv[1]) as loader:
    for msg, exc in loader:
        m = ROSBridge.from_ros_message(msg)
        out.append(None if m is None else [msg.topic, type(m.data).__name__, m.timestamp_ns,
                                           m.recording_timestamp_ns, m.frame_id,
                                           m.sequence_id, m.data.model_dump(mode="json")])
print(json.dumps(out))
'''


def test_the_bridge_translates_builtin_types_as_the_official_one(official: Any,
                                                                 tmp_path_factory: Any) -> None:
    """``ROSLoader`` then ``ROSBridge.from_ros_message``, the loop the official docs show:
    our built-in mappings give the messages the official adapters give (IMU, NavSatFix,
    Float64)."""
    from mosaicolabs.ros_bridge import ROSBridge, ROSLoader
    from tests.unit.test_ros_bridge_mirror import write_bag

    folder = write_bag(Path(tmp_path_factory.mktemp("bridge")) / "recording")
    mcap = next(folder.glob("*.mcap"))
    theirs = official.run(BRIDGE, mcap)
    ours = []
    with ROSLoader(file_path=mcap) as loader:
        for msg, _ in loader:
            m = ROSBridge.from_ros_message(msg)
            ours.append(None if m is None else [
                msg.topic, type(m.data).__name__, m.timestamp_ns, m.recording_timestamp_ns,
                m.frame_id, m.sequence_id, m.data.model_dump(mode="json")])
    assert len(theirs) == 15 and None not in theirs
    assert ours == theirs
