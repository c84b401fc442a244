"""Contract suite on the real mosaicod: the tests of
tests/contract/test_layers_contract.py, unchanged (layer names, the default layer,
duplicate and unknown names, key levels).

The fixtures of this directory's conftest point them at mosaicod 0.3.0 (see its docstring).
The layers fixture puts the shared server's layers back as a fresh one has them.
"""

from tests.contract.test_layers_contract import *  # noqa: F403
