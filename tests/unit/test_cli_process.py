"""The installed ``mosaico`` console script in real processes: pipes and a pseudo-terminal.

A server runs in this process; the command runs as a child, as a user would
start it. The terminal tests attach stderr (and stdin for ``rm``) to a real
pseudo-terminal, so ``isatty()`` is true exactly as it is in a shell.
"""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mosaicolabs import Floating64, MosaicoClient
from mosaicolabs.mock_server import running_server

SCRIPT = Path(sys.executable).with_name("mosaico")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "mosaicolabs.cli"]
T0 = 1_700_000_000_000_000_000
SERVER_COMMANDS = {
    "python -m mosaicolabs.mock_server": [sys.executable, "-m", "mosaicolabs.mock_server"],
    "mosaico serve": [*COMMAND, "serve"],
}


@pytest.fixture(scope="module")
def port():
    with running_server() as server:
        with MosaicoClient.connect("127.0.0.1", server.port) as client:
            for name in ("drive", "doomed"):
                with client.sequence_create(name, {}) as writer:
                    topic = writer.topic_create("/speed", {}, Floating64)
                    topic.push_batch({"timestamp_ns": [T0 + i for i in range(50_000)],
                                      "data": [float(i) for i in range(50_000)]})
        yield server.port


def mosaico(port: int, *argv: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, *argv, "--host", "127.0.0.1", "--port", str(port)],
                          capture_output=True, text=True, timeout=60, **kwargs)


def on_terminal(argv: list[str], *, env: dict | None = None, answer: bytes | None = None,
                stdin_on_terminal: bool = False) -> tuple[int, str, str]:
    """Run with stderr (and optionally stdin) on a pseudo-terminal; returns code, stdout, tty."""
    master, slave = pty.openpty()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=slave, env=env,
                               stdin=slave if stdin_on_terminal else subprocess.DEVNULL)
    os.close(slave)
    if answer is not None:
        os.write(master, answer)
    seen = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        elif process.poll() is not None:
            break
    os.close(master)
    out = process.stdout.read().decode()
    process.stdout.close()
    return process.wait(timeout=30), out, seen.decode(errors="replace")


def test_console_script_lists_as_json(port):
    done = mosaico(port, "ls", "--json")
    assert done.returncode == 0, done.stderr
    assert {d["name"] for d in json.loads(done.stdout)} >= {"drive"}
    assert done.stderr == ""


def test_console_script_exit_codes_and_one_line_errors(port):
    done = mosaico(port, "show", "ghost")
    assert done.returncode == 3 and done.stdout == ""
    assert done.stderr == "mosaico: error: NotFoundError: sequence 'ghost' does not exist\n"
    assert mosaico(port, "show").returncode == 2
    done = subprocess.run([*COMMAND, "ls", "--port", "1", "--timeout", "1"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 4 and "Traceback" not in done.stderr


def test_rm_refuses_without_yes_when_piped(port):
    done = mosaico(port, "rm", "drive", stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and "--yes" in done.stderr
    assert "drive" in mosaico(port, "ls").stdout


def test_help_is_instant_and_loads_no_heavy_module():
    heavy = "('pyarrow', 'grpc', 'mosaicolabs.client')"
    code = ("import sys, mosaicolabs.cli as c, mosaicolabs.cli.parser as p; p.build_parser(); "
            f"print(sorted(m for m in {heavy} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]"
    assert subprocess.run([*COMMAND, "--help"], capture_output=True, timeout=60).returncode == 0


def test_progress_on_a_terminal_only(port, tmp_path):
    argv = [*COMMAND, "get", "drive", "/speed", "-o", str(tmp_path / "s.parquet"),
            "--host", "127.0.0.1", "--port", str(port)]
    code, out, tty = on_terminal(argv)
    assert code == 0 and "wrote" in out
    assert "100%" in tty and "\r" in tty  # tqdm is installed in the test environment
    code, _, tty = on_terminal([*argv, "--no-progress"])
    assert code == 0 and "%" not in tty
    piped = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert piped.returncode == 0 and piped.stderr == ""


def test_builtin_bar_when_tqdm_is_missing(port, tmp_path):
    (tmp_path / "tqdm.py").write_text("raise ImportError('hidden for this test')\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    get = [*COMMAND, "get", "drive", "/speed", "-o", str(tmp_path / "s.parquet"),
           "--host", "127.0.0.1", "--port", str(port)]
    code, _, tty = on_terminal(get, env=env)
    assert code == 0 and "/speed [" in tty and "100%" in tty
    put = [*COMMAND, "put", str(tmp_path / "s.parquet"), "copied", "/speed",
           "--host", "127.0.0.1", "--port", str(port)]
    code, out, tty = on_terminal(put, env=env)
    assert code == 0 and "uploaded 50000 rows" in out and "100%" in tty


def test_rm_asks_on_a_terminal(port):
    base = ["--host", "127.0.0.1", "--port", str(port)]
    code, _, tty = on_terminal([*COMMAND, "rm", "doomed", *base], answer=b"n\n",
                               stdin_on_terminal=True)
    assert code == 1 and "[y/N]" in tty and "nothing deleted" in tty
    code, out, _ = on_terminal([*COMMAND, "rm", "doomed", *base], answer=b"y\n",
                               stdin_on_terminal=True)
    assert code == 0 and "deleted doomed" in out
    assert "doomed" not in mosaico(port, "ls").stdout


@pytest.mark.skipif(shutil.which("mosaico") is None and not SCRIPT.exists(),
                    reason="console script not installed")
def test_serve_runs_the_mock_server():
    server = subprocess.Popen([*COMMAND, "serve", "--port", "0"], stdout=subprocess.PIPE,
                              text=True)
    try:
        line = server.stdout.readline()
        assert line.startswith("listening on grpc://")
        port = int(line.rsplit(":", 1)[1])
        assert mosaico(port, "ls", "--json").stdout.strip() == "[]"
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize("command", SERVER_COMMANDS.values(), ids=SERVER_COMMANDS.keys())
def test_sigterm_right_after_the_ready_line_is_a_clean_exit(command):
    """Scripts (and ``docker stop``) may signal the moment "listening on" appears.

    The handlers must already be in place then: a SIGTERM that meets the default
    action kills the process (exit -15) instead of shutting it down (exit 0). The
    window is short, so a single start may miss it: start and stop ten times.
    """
    for start in range(10):
        server = subprocess.Popen([*command, "--port", "0"], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        try:
            line = server.stdout.readline()
            assert line.startswith("listening on grpc://"), (line, server.stderr.read())
            server.send_signal(signal.SIGTERM)  # at once: no pause to hide the race
            _, err = server.communicate(timeout=60)
        finally:
            if server.poll() is None:
                server.kill()
                server.communicate()
        assert server.returncode == 0, f"start {start}: exit {server.returncode}\n{err}"
        assert "Traceback" not in err
