"""Both ways of running mosaicod work. The session's servers use one (containers when Docker
answers); this starts each kind available here, so neither rots unnoticed."""

from __future__ import annotations

import pytest

from harness.mosaicod import MosaicodFleet
from mosaicolabs import MosaicoClient


def _runtimes() -> list[str]:
    try:
        from harness.containers import docker_problem
    except ImportError:
        return ["process"]
    return ["process"] if docker_problem() is not None else ["process", "container"]


@pytest.mark.parametrize("runtime", _runtimes())
def test_each_runtime_serves_a_key_protected_server(runtime, mosaicod_fleet, tmp_path):
    # mosaicod_fleet: the tier's own check that a binary exists (skip or fail loudly)
    with MosaicodFleet(tmp_path, runtime=runtime) as fleet:
        server = fleet.start(api_key=True)
        reader = server.create_key("read", "runtime check")
        with MosaicoClient.connect(server.host, server.port, api_key=reader) as client:
            assert client.version() == "0.3.0" and client.list_sequences() == []
