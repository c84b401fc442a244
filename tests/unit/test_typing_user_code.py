"""Type checkers see the package as a user's code does: exports, model fields, returns.

``mypy --strict`` (and basedpyright) run on small user modules against the package
installed from a wheel (``pip install .``, see ``tools/typing_checks.py``): a
correct module passes, and a wrong keyword, a missing required field or a value of
the wrong type is reported, which proves the checkers see each model's fields.
"""

from __future__ import annotations

import ast
import re
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import typing_checks  # noqa: E402

GOOD = '''
import pyarrow as pa

from mosaicolabs import (IMU, Floating64, Message, MosaicoClient, Pressure, Quaternion,
                         QueryOntologyCatalog, Serializable, Temperature, Vector3d, arrow_field)
from mosaicolabs.domain.ontology.mixins import VarianceMixin

imu = IMU(acceleration=Vector3d(x=0.1, y=0.2, z=9.81),
          angular_velocity=Vector3d.from_list([0.0, 0.0, 0.1]),
          orientation=Quaternion(x=0.0, y=0.0, z=0.0, w=1.0))
message = Message(timestamp_ns=1, data=imu, frame_id="base")
same: IMU = message.data                      # Message(data=IMU(...)) is a Message[IMU]
gravity: float | None = message.data.acceleration.z
maybe: Floating64 | None = message.get_data(Floating64)
model: type[IMU] = message.ontology_type()
tag: str = message.ontology_tag() + IMU.ontology_tag()
registered: bool = IMU.is_registered()
kelvin: float = Temperature.from_celsius(value=20.0).value
celsius: float = Temperature(value=300.0).to_celsius()
psi: float = Pressure.from_bar(value=1.0).to_psi()
dumped: dict[str, object] = imu.model_dump(exclude_none=True)
again: IMU = IMU.model_validate(dumped)
copied: IMU = imu.model_copy(update={"orientation": None})
query = QueryOntologyCatalog(IMU.Q.acceleration.x.gt(5.0))
client_type: type[MosaicoClient] = MosaicoClient

class Wheel(Serializable):
    speed: float = arrow_field(pa.float32(), nullable=False, description="m/s")
    note: str | None = arrow_field(pa.string())

wheel = Wheel(speed=1.5)
wheel_note: str | None = wheel.note
covariance: list[float] | None = Vector3d(covariance=[1.0], covariance_type=1).covariance
variance: float | None = Temperature(value=1.0, variance=0.5).variance

class Gauge(Serializable, VarianceMixin):  # written for the official client
    __msco_pyarrow_struct__ = pa.struct([pa.field("reading", pa.float32(), nullable=False)])
    reading: float

gauge = Gauge(reading=1.0, variance=0.5)

# What the client hands back is typed (assert_type fails on Any as on a wrong type).
from typing import Any

from typing_extensions import assert_type

from mosaicolabs import (Query, QueryResponse, QuerySequence, QueryTopic, SequenceDataStreamer,
                         SequenceHandler, SequenceWriter, TopicDataStreamer, TopicHandler,
                         TopicWriter)
from mosaicolabs.models.query.protocols import QueryableProtocol

parts: list[QueryableProtocol] = [QuerySequence(), QueryTopic(), query]
assert_type(QueryTopic().with_name("gps").with_ontology_tag(IMU), QueryTopic)
assert_type(query.with_expression(IMU.Q.acceleration.y.lt(1.0)), QueryOntologyCatalog)

def reads(client: MosaicoClient) -> None:
    assert_type(client.version(), str)
    assert_type(client.list_sequences(), list[str])
    assert_type(client.query(*parts), QueryResponse)
    assert_type(client.query(query=Query(*parts)), QueryResponse)
    handler = client.sequence_handler("run")
    assert_type(handler, SequenceHandler | None)
    if handler is not None:
        streamer = handler.get_data_streamer()
        assert_type(streamer, SequenceDataStreamer)
        for topic, msg in streamer:
            assert_type(topic, str)
            assert_type(msg, Message[Any])
        assert_type(handler.get_topic_handler("imu"), TopicHandler)
    topic = client.topic_handler("run", "imu")
    if topic is not None:
        assert_type(topic.get_data_streamer(), TopicDataStreamer)
        assert_type(topic.get_data_streamer().next_timestamp(), int | None)

def writes(client: MosaicoClient) -> None:
    with client.sequence_create("run", {"driver": "x"}) as writer:
        assert_type(writer, SequenceWriter)
        imu_writer = writer.topic_create("imu", {}, IMU)
        assert_type(imu_writer, TopicWriter | None)
        if imu_writer is not None:
            imu_writer.push(message=message)
'''

#: case -> (snippet, what mypy says, what basedpyright says)
BAD = {
    "unknown keyword": ("IMU(acceleration=Vector3d(), angular_velocity=Vector3d(), bogus=1)",
                        r'Unexpected keyword argument "bogus" for "IMU"',
                        r'No parameter named "bogus"'),
    "missing required": ("IMU(acceleration=Vector3d())",
                         r'Missing named argument "angular_velocity" for "IMU"',
                         r'Argument missing for parameter "angular_velocity"'),
    "wrong value type": ('Vector3d(x="1")',
                         r'Argument "x" to "Vector3d" has incompatible type "str"',
                         r'cannot be assigned to parameter "x" of type "float \| None"'),
    "wrong nested model": ("IMU(acceleration=Quaternion(), angular_velocity=Vector3d())",
                           r'Argument "acceleration" to "IMU" has incompatible type "Quaternion"',
                           r'"Quaternion" cannot be assigned to parameter "acceleration"'),
    "typo in a field": ("Vector3d().zz", r'"Vector3d" has no attribute "zz"',
                        r'Cannot access attribute "zz" for class "Vector3d"'),
    "unknown export": ("from mosaicolabs import NoSuchName",
                       r'Module "mosaicolabs" has no attribute "NoSuchName"',
                       r'"NoSuchName" is unknown import symbol'),
    "mixin field typed": ('Vector3d(covariance_type="full")',
                          r'Argument "covariance_type" to "Vector3d" has incompatible type "str"',
                          r'cannot be assigned to parameter "covariance_type"'),
    "payload type kept": ("Message(timestamp_ns=1, data=Floating64(data=1.0)).data.acceleration",
                          r'"Floating64" has no attribute "acceleration"',
                          r'Cannot access attribute "acceleration" for class "Floating64"'),
}
HEADER = "from mosaicolabs import IMU, Floating64, Message, Quaternion, Vector3d\n"


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Run each checker once over the good module and one module per bad snippet."""
    work = tmp_path_factory.mktemp("typing")
    view = typing_checks.install_view(work / "installed")
    sources = {"user_good": textwrap.dedent(GOOD)}
    for number, (snippet, _, _) in enumerate(BAD.values()):
        sources[f"user_bad_{number}"] = HEADER + snippet + "\n"
    files = typing_checks.write_modules(sources, work / "user_code")
    _, mypy_out = typing_checks.run_mypy(files, view, work)
    _, pyright_out = typing_checks.run_basedpyright(files, view, work)
    return {"mypy": mypy_out, "pyright": pyright_out}


def _errors(output: str, module: str) -> list[str]:
    """The module's errors (basedpyright's on one line, as ``--outputjson`` is not used);
    the bad snippets' unused header imports are left out."""
    lines = output.replace("\n    ", " ").splitlines()
    return [line for line in lines if f"{module}.py:" in line and "error" in line
            and "reportUnusedImport" not in line]


def test_user_module_passes_mypy_strict(checked: dict[str, str]) -> None:
    assert _errors(checked["mypy"], "user_good") == [], checked["mypy"]


def test_user_module_passes_basedpyright(checked: dict[str, str]) -> None:
    assert _errors(checked["pyright"], "user_good") == [], checked["pyright"]


@pytest.mark.parametrize("case", list(BAD))
def test_mypy_reports_the_mistake(checked: dict[str, str], case: str) -> None:
    number = list(BAD).index(case)
    errors = _errors(checked["mypy"], f"user_bad_{number}")
    assert any(re.search(BAD[case][1], e) for e in errors), checked["mypy"]


@pytest.mark.parametrize("case", list(BAD))
def test_basedpyright_reports_the_mistake(checked: dict[str, str], case: str) -> None:
    number = list(BAD).index(case)
    errors = _errors(checked["pyright"], f"user_bad_{number}")
    assert any(re.search(BAD[case][2], e) for e in errors), checked["pyright"]


def test_package_all_is_a_literal_list_matching_the_lazy_exports() -> None:
    tree = ast.parse((ROOT / "mosaicolabs" / "__init__.py").read_text())
    assigned = {t.id: node.value for node in tree.body if isinstance(node, ast.Assign)
                for t in node.targets if isinstance(t, ast.Name)}
    assigned.update({node.target.id: node.value for node in tree.body
                     if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                     and node.value is not None})
    literal = ast.literal_eval(assigned["__all__"])  # a checker reads no computed list
    exports = ast.literal_eval(assigned["_EXPORTS"])
    assert sorted(literal) == sorted([*exports, "__version__"])
    checking = next(node for node in tree.body if isinstance(node, ast.If)
                    and ast.unparse(node.test) == "TYPE_CHECKING")
    imported = {alias.asname or alias.name for node in ast.walk(checking)
                if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert imported == set(exports)  # each lazily loaded name is visible to checkers


def test_docs_example_markers_name_real_lines() -> None:
    lines = {line.strip() for page in typing_checks.DOC_PAGES
             for block in typing_checks.BLOCK.findall(page.read_text())
             for line in block.splitlines()}
    marked = {**typing_checks.EXPECTED_ERRORS, **typing_checks.DOCS_TO_FIX}
    assert set(marked) <= lines  # a stale marker would hide nothing and mean nothing
