"""Contract suite on the containerized server: API keys, permissions, server info.

The tests are those of tests/contract/test_api_keys_contract.py, unchanged (on the
``--api-keys`` container); the fixtures of this directory's conftest point them at it.
"""

from tests.contract.test_api_keys_contract import *  # noqa: F403
