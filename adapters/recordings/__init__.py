"""Recordings (ROS 1 bags, ROS 2 bags, MCAP files) behind the ports of
:mod:`mosaicolabs.ports.recordings`.

Nothing here imports ``rosbags`` or ``mcap`` until a recording is opened
(:func:`~mosaicolabs.adapters.recordings.opening.open_recording`); the ROS message
mappings live in :mod:`mosaicolabs.adapters.recordings.mappings`.
"""
