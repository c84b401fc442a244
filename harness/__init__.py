"""Tooling shared by the test suite and the benchmarks (not part of the installed package).

``harness.mosaicod`` starts the real Mosaico server, mosaicod, from a binary built on this
machine (never from our repository), as processes or as a container.
"""
