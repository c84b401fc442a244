"""Contract suite on the containerized server: the Catalog port.

The tests are those of tests/contract/test_catalog_contract.py, unchanged; the fixtures of
this directory's conftest point them at the container (see its docstring).
"""

from tests.contract.test_catalog_contract import *  # noqa: F403
