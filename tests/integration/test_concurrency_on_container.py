"""Contract suite on the containerized server: one client shared by threads.

The tests are those of tests/contract/test_concurrency.py, unchanged; the fixtures of
this directory's conftest point them at the container (see its docstring).
"""

from tests.contract.test_concurrency import *  # noqa: F403
