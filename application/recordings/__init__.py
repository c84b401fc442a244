"""Use-cases of recordings: import a ROS bag / MCAP file as a sequence, export one back.

They stand on :mod:`mosaicolabs.ports.recordings` only; the facade
(:mod:`mosaicolabs.recordings`) picks the file adapters and the message mappings.
"""
