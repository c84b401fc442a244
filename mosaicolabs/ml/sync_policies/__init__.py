"""The official ``mosaicolabs.ml.sync_policies`` package: the policies are in :mod:`.hold`."""

__all__: list[str] = []
