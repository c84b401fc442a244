"""The official wheel's two examples, unchanged, with OUR package against mosaicod 0.3.0.

The same run as tests/conformance/test_official_examples.py (see its docstring for
how the examples are loaded from the official venv and pointed at a server), but the
server is the real one: wiped, then seeded by our client with the data they look for.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.mosaicod import Endpoint
from tests.conformance.official_env import OfficialPython
from tests.conformance.test_official_examples import (
    check_data_inspection,
    check_query_catalogs,
    find_examples,
    run_example,
    seed,
)


@pytest.fixture(scope="module")
def examples_dir(official: OfficialPython) -> Path:
    return find_examples(official)


@pytest.mark.parametrize(("name", "check"), [
    ("data_inspection", check_data_inspection),
    ("query_catalogs", check_query_catalogs),
])
def test_official_example_runs_on_our_package_against_mosaicod(
        name, check, examples_dir, open_server: Endpoint, client, monkeypatch, capsys):
    seed(client)  # `client` is connected to the wiped open server
    output = run_example(name, examples_dir, open_server.host, open_server.port,
                         monkeypatch, capsys)
    check(output)
