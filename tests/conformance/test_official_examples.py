"""The official wheel's own examples, unchanged, run with OUR package against our mock server.

``mosaicolabs/examples/data_inspection.py`` and ``query_catalogs.py`` are read at test
time from the official package installed in the conformance venv (never copied into
this repository) and executed in this interpreter, where ``import mosaicolabs`` is ours.
They are loaded the way the wheel's ``examples/cli.py`` runs them: as modules of a
package whose ``config`` module has had ``MOSAICO_HOST``/``MOSAICO_PORT`` set first
(their ``from .config import ...`` then reads the server we started).

The server is seeded with what the examples look for: a topic whose name matches
``image_raw``, an IMU topic named ``/front_stereo_imu/imu`` with ``acceleration.y >= 1``
in some rows, and one more topic. What they print (rich tables, 200 columns wide) is
checked for every seeded value. tests/reference/test_official_examples_on_mosaicod.py
runs the same against mosaicod 0.3.0.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path

import pytest

from mosaicolabs import (
    IMU,
    CompressedImage,
    Floating64,
    Message,
    MosaicoClient,
)
from mosaicolabs.domain.ontology.geometry import Vector3d

from .official_env import OfficialPython

SEQUENCE = "examples_drive"
IMU_TOPIC = "/front_stereo_imu/imu"
CAMERA_TOPIC = "/front_camera/image_raw"
SPEED_TOPIC = "/speed"
IMU_ROWS = ((1_000_000_000, 0.5), (2_000_000_000, 1.5), (3_000_000_000, 2.0),
            (4_000_000_000, 0.2))  # acceleration.y >= 1 from 2 s to 3 s
_PACKAGE = "_official_examples"  # the examples' package, as seen from this interpreter


def find_examples(official: OfficialPython) -> Path:
    """Folder of the examples inside the official package of the conformance venv."""
    found = official.run("import json, os, mosaicolabs.examples as e; "
                         "print(json.dumps(os.path.dirname(e.__file__)))")
    return Path(found)


@pytest.fixture(scope="module")
def examples_dir(official: OfficialPython) -> Path:
    return find_examples(official)


def seed(client: MosaicoClient) -> None:
    """The sequence the two examples inspect and query."""
    with client.sequence_create(SEQUENCE, {"site": "examples"}) as writer:
        imu = writer.topic_create(IMU_TOPIC, {"rate_hz": 1}, IMU)
        for ts, ay in IMU_ROWS:
            imu.push(Message(timestamp_ns=ts, data=IMU(
                acceleration=Vector3d(x=0.1, y=ay, z=9.8),
                angular_velocity=Vector3d(x=0.0, y=0.0, z=0.01))))
        camera = writer.topic_create(CAMERA_TOPIC, {}, CompressedImage)
        for i in range(3):
            camera.push(Message(timestamp_ns=1_000_000_000 + i * 500_000_000,
                                data=CompressedImage(data=bytes([i]) * 64, format="jpeg")))
        speed = writer.topic_create(SPEED_TOPIC, {}, Floating64)
        speed.push(Message(timestamp_ns=1_500_000_000, data=Floating64(data=3.5)))


def _load(name: str, folder: Path) -> types.ModuleType:
    qualified = f"{_PACKAGE}.{name}"
    spec = importlib.util.spec_from_file_location(qualified, folder / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[qualified] = module
    spec.loader.exec_module(module)
    return module


def run_example(name: str, folder: Path, host: str, port: int,
                monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``<folder>/<name>.py``'s ``main()`` against ``host:port``; return what it printed."""
    monkeypatch.setenv("COLUMNS", "200")  # rich's width: no cell is cut short
    package = types.ModuleType(_PACKAGE)
    package.__path__ = [str(folder)]
    for key in [k for k in sys.modules if k == _PACKAGE or k.startswith(f"{_PACKAGE}.")]:
        monkeypatch.delitem(sys.modules, key)
    monkeypatch.setitem(sys.modules, _PACKAGE, package)
    try:
        config = _load("config", folder)
        config.MOSAICO_HOST, config.MOSAICO_PORT = host, port  # what examples/cli.py does
        example = _load(name, folder)
        assert "mosaicolabs" in sys.modules and example.MosaicoClient is MosaicoClient
        capsys.readouterr()
        example.main()
        return capsys.readouterr().out
    finally:
        for key in [k for k in sys.modules if k.startswith(f"{_PACKAGE}.")]:
            del sys.modules[key]


def rows(output: str) -> list[list[str]]:
    """The cells of every table row rich printed (box-drawing separators split cells)."""
    found = []
    for line in output.splitlines():
        cells = [c.strip() for c in line.replace("│", "|").split("|")]
        if len(cells) > 2:
            found.append(cells[1:-1])
    return found


def check_data_inspection(output: str) -> None:
    assert f"Info for sequence '{SEQUENCE}'" in output
    assert "Error" not in output, output
    assert "Timestamps Range Found:  1000000000 - 4000000000" in output
    assert "Topics Found:  3" in output
    table = {row[0]: row[1:] for row in rows(output)}
    assert table[IMU_TOPIC][0] == "imu" and table[IMU_TOPIC][2] == "3.00"
    assert table[CAMERA_TOPIC][0] == "compressed_image" and table[CAMERA_TOPIC][2] == "1.00"
    assert table[SPEED_TOPIC][0] == "floating64" and table[SPEED_TOPIC][2] == "0.00"


def check_query_catalogs(output: str) -> None:
    for test in (1, 2, 3):
        assert f"TEST {test}:" in output
    found = rows(output)
    assert [SEQUENCE, CAMERA_TOPIC] in found  # TEST 1: name matches 'image_raw'
    assert [SEQUENCE, IMU_TOPIC] in found  # TEST 2: ontology tag of IMU
    # TEST 3: acceleration.y >= 1 on that topic, with the matching rows' time span
    assert [SEQUENCE, IMU_TOPIC, "2000000000-3000000000"] in found
    assert output.count("Query returned 1 items") == 3


def test_examples_are_read_from_the_official_package(examples_dir):
    assert (examples_dir / "data_inspection.py").is_file()
    assert (examples_dir / "query_catalogs.py").is_file()
    assert "site-packages" in examples_dir.parts


def test_data_inspection_example_runs_on_our_package(examples_dir, mock, monkeypatch, capsys):
    with MosaicoClient.connect("127.0.0.1", mock.port) as client:
        seed(client)
    output = run_example("data_inspection", examples_dir, "127.0.0.1", mock.port,
                         monkeypatch, capsys)
    check_data_inspection(output)


def test_query_catalogs_example_runs_on_our_package(examples_dir, mock, monkeypatch, capsys):
    with MosaicoClient.connect("127.0.0.1", mock.port) as client:
        seed(client)
    output = run_example("query_catalogs", examples_dir, "127.0.0.1", mock.port,
                         monkeypatch, capsys)
    check_query_catalogs(output)
