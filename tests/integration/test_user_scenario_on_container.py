"""The user scenario of tests/contract/test_user_scenario.py, unchanged, on the container."""

from tests.contract.test_user_scenario import *  # noqa: F403
