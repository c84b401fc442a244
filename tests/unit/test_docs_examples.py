"""Every ``python`` example in README.md and docs/*.md runs, in order, against a mock server.

Examples connect to ``localhost:6726``; the runner serves a fresh mock server per page and
points that port number at it. Blocks of one page share a namespace (a later example may read
what an earlier one wrote). Functions named ``test_*`` taking ``mosaico_client`` are called
with an offline client, as the pytest plugin would.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import re
import sys
import types
from pathlib import Path

import pytest

from mosaicolabs.mock_server import running_server
from mosaicolabs.testing import memory_client

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def test_pages_have_examples():
    assert sum(len(BLOCK.findall(p.read_text())) for p in PAGES) >= 12


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_examples_run(page):
    blocks = BLOCK.findall(page.read_text())
    module = types.ModuleType(f"docs_{page.stem}")  # a real module, as a user script would be
    sys.modules[module.__name__] = module
    namespace = module.__dict__
    with running_server() as server:
        for number, code in enumerate(blocks, start=1):
            source = code.replace("6726", str(server.port))
            output = io.StringIO()
            with contextlib.redirect_stdout(output):
                # dont_inherit: the examples must not pick up this file's __future__ imports
                code_object = compile(source, f"{page.name}#example{number}", "exec",
                                      dont_inherit=True)
                exec(code_object, namespace)
            _run_test_functions(namespace)


def _run_test_functions(namespace: dict) -> None:
    for name, value in list(namespace.items()):
        if name.startswith("test_") and callable(value):
            if list(inspect.signature(value).parameters) == ["mosaico_client"]:
                with memory_client() as client:
                    value(client)
            namespace.pop(name)
