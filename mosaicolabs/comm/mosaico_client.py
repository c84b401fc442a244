"""The client.

The official package's ``mosaicolabs.comm.mosaico_client``, over our own objects from
:mod:`mosaicolabs.client`.
"""

from mosaicolabs.client import MosaicoClient

__all__ = ["MosaicoClient"]
