"""The user scenario of tests/contract/test_user_scenario.py, unchanged, on mosaicod 0.3.0."""

from tests.contract.test_user_scenario import *  # noqa: F403
