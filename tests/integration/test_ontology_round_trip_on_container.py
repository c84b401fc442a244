"""Contract suite on the containerized server: every built-in model written and read back.

The tests are those of tests/contract/test_ontology_round_trip.py, unchanged; the fixtures of
this directory's conftest point them at the container (see its docstring).
"""

from tests.contract.test_ontology_round_trip import *  # noqa: F403
