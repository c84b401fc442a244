"""Contract suite on the containerized server: queries through the public API.

The tests are those of tests/contract/test_query_contract.py, unchanged; the fixtures of
this directory's conftest point them at the container (see its docstring).
"""

from tests.contract.test_query_contract import *  # noqa: F403
