"""Contract suite on the containerized server: the Notifications port.

The tests are those of tests/contract/test_notifications_contract.py, unchanged; the fixtures of
this directory's conftest point them at the container (see its docstring).
"""

from tests.contract.test_notifications_contract import *  # noqa: F403
