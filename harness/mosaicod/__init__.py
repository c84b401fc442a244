"""The real Mosaico server, mosaicod, for tests and benchmarks.

:class:`MosaicodFleet` starts servers (containers or processes) from a binary built on
this machine (:func:`find_binary`); :class:`Endpoint` says where one listens.
"""

from .binary import BINARY_ENV, VERSION, MosaicodUnavailable, binary_version, find_binary
from .process import TLSFiles
from .server import RUNTIME_ENV, Endpoint, MosaicodFleet, choose_runtime

__all__ = ["BINARY_ENV", "RUNTIME_ENV", "VERSION", "Endpoint", "MosaicodFleet",
           "MosaicodUnavailable", "TLSFiles", "binary_version", "choose_runtime",
           "find_binary"]
