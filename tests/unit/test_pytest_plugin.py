"""The pytest plugin's fixtures, used directly and from a separate test project."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from mosaicolabs import Floating64, Message, MosaicoClient


def test_client_fixture_is_a_working_offline_client(mosaico_client, mosaico_engine):
    with mosaico_client.sequence_create("run", {"k": 1}) as writer:
        writer.topic_create("/v", {}, Floating64).push(Message(timestamp_ns=1,
                                                                data=Floating64(data=2.0)))
    assert mosaico_engine.list_sequences() == ["run"]


def test_server_fixture_serves_the_same_engine(mosaico_server, mosaico_remote_client,
                                               mosaico_engine):
    mosaico_engine.create_sequence("seeded", {})
    assert mosaico_remote_client.list_sequences() == ["seeded"]
    with MosaicoClient.connect("127.0.0.1", mosaico_server.port) as other:
        assert other.sequence_handler("seeded") is not None


def test_plugin_is_available_to_other_projects(tmp_path):
    (tmp_path / "test_user_code.py").write_text(textwrap.dedent('''
        def test_uses_the_fixtures(mosaico_client, mosaico_remote_client):
            assert mosaico_client.list_sequences() == []
            assert mosaico_remote_client.version() == "0.3.0"
    '''))
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(tmp_path)], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
