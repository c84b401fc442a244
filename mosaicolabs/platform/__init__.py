"""Platform records (official import path ``mosaicolabs.platform``).

The official package has no names here, only submodules: :mod:`.api_key` is mirrored.
"""

__all__: list[str] = []
