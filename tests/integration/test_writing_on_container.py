"""Contract suite on the containerized server: writing through the public API.

The tests are those of tests/contract/test_writing_contract.py, unchanged; the fixtures of
this directory's conftest point them at the container (see its docstring).
"""

from tests.contract.test_writing_contract import *  # noqa: F403
