"""Contract suite on the real mosaicod: the tests of
tests/contract/test_notifications_contract.py, unchanged.

The fixtures of this directory's conftest point them at mosaicod 0.3.0 (see its docstring).
"""

from tests.contract.test_notifications_contract import *  # noqa: F403
