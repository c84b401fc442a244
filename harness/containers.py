"""Docker plumbing shared by the integration suite, the mosaicod tier and the benchmarks.

Containers are reached only through a port published on 127.0.0.1 (never the bridge
IP, which is not routable from every host). They carry a per-run label so a suite
can prove at the end that it removed every container it started; Ryuk, the
testcontainers reaper, is disabled because its image cannot be pulled here.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Read by testcontainers when it is imported, so set before any import of it.
os.environ["TESTCONTAINERS_RYUK_DISABLED"] = "true"

import pyarrow.flight as flight  # noqa: E402
from testcontainers.core.container import DockerContainer  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SERVER_PORT = 6726
#: Label put on every container this suite starts; its value identifies the run.
RUN_LABEL = "io.mosaico.test-run"

# Errors raised when the server itself answered: it is up, it just said no.
_ANSWERED = (
    flight.FlightUnauthenticatedError,
    flight.FlightUnauthorizedError,
    flight.FlightServerError,
    NotImplementedError,
)


def docker_problem() -> str | None:
    """``None`` if a Docker engine answers, else a one-line reason why not."""
    try:
        import docker
    except ImportError as exc:
        return f"the docker SDK is not installed ({exc})"
    try:
        client = docker.from_env(timeout=10)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:  # no socket, permission denied, engine down...
        return f"{type(exc).__name__}: {exc}"
    return None


def probe(port: int, host: str = "127.0.0.1", tls_root: bytes | None = None) -> bool:
    """True if a Flight call reaches a server at ``host:port`` (refusals count as answers)."""
    scheme = "grpc+tls" if tls_root is not None else "grpc+tcp"
    options = {"tls_root_certs": tls_root} if tls_root is not None else {}
    client = flight.FlightClient(f"{scheme}://{host}:{port}", **options)
    try:
        list(client.list_flights(options=flight.FlightCallOptions(timeout=2)))
        return True
    except _ANSWERED:
        return True
    except Exception:
        return False
    finally:
        client.close()


class ServerContainer(DockerContainer):
    """A server image (ours or mosaicod's), run with extra arguments, published on loopback only."""

    def __init__(
        self,
        image: str,
        run_id: str,
        *server_args: str,
        env: dict[str, str] | None = None,
        volumes: dict[str, str] | None = None,
    ) -> None:
        """``volumes`` maps host paths to container paths, read-only unless the
        container path ends with ``:rw``."""
        super().__init__(image, env=dict(env or {}))
        # testcontainers' with_bind_ports cannot choose the host interface. The Docker
        # SDK accepts (ip, None): publish on 127.0.0.1, host port chosen by Docker.
        self.ports[f"{SERVER_PORT}/tcp"] = ("127.0.0.1", None)  # type: ignore[assignment]
        if server_args:
            self.with_command(list(server_args))  # appended to the image's ENTRYPOINT
        for host_path, target in (volumes or {}).items():
            path, _, mode = target.partition(":")
            self.with_volume_mapping(host_path, path, mode or "ro")
        self.with_kwargs(labels={RUN_LABEL: run_id})

    @property
    def port(self) -> int:
        """The host port published on 127.0.0.1 for the server port."""
        api = self.get_docker_client().client.api
        bindings = api.port(self.get_container_id(), SERVER_PORT) or []
        for binding in bindings:
            if binding.get("HostIp") == "127.0.0.1":
                return int(binding["HostPort"])
        raise RuntimeError(f"port {SERVER_PORT} is not published on 127.0.0.1: {bindings}")

    def state(self) -> dict:
        """``State`` from ``docker inspect`` (Status, ExitCode, Health...)."""
        return self.get_docker_client().client.api.inspect_container(self.get_container_id())[
            "State"
        ]

    def logs(self) -> str:
        out, err = self.get_logs()
        return (out + err).decode(errors="replace")

    def wait_until_serving(
        self, timeout: float = 30, host: str = "127.0.0.1", tls_root: bytes | None = None
    ) -> ServerContainer:
        """Poll the Flight server until it answers; fail fast if the container exits."""
        deadline = time.monotonic() + timeout
        while True:
            if probe(self.port, host, tls_root):
                return self
            state = self.state()
            if state["Status"] != "running":
                raise RuntimeError(
                    f"server container exited ({state['ExitCode']}):\n{self.logs()}"
                )
            if time.monotonic() > deadline:
                raise TimeoutError(f"server not serving after {timeout}s:\n{self.logs()}")
            time.sleep(0.1)

    def wait_for_health(self, status: str = "healthy", timeout: float = 45) -> float:
        """Wait until Docker's health status is ``status``; return the seconds it took."""
        started = time.monotonic()
        while (current := self.state().get("Health", {}).get("Status")) != status:
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"health still {current!r} after {timeout}s:\n{self.logs()}")
            time.sleep(0.25)
        return time.monotonic() - started

    def remove(self) -> None:
        """Stop and delete the container and its anonymous volumes; safe to repeat."""
        import docker

        if self._container is not None:
            try:
                self._container.remove(force=True, v=True)
            except docker.errors.NotFound:
                pass
            self._container = None


@contextmanager
def running_container(
    image: str, run_id: str, *server_args: str, tls_root: bytes | None = None,
    host: str = "127.0.0.1", **options,
) -> Iterator[ServerContainer]:
    """Start a container, wait until its server answers, and always remove it afterwards.

    ``options`` go to :class:`ServerContainer` (``env``, ``volumes``); ``host`` and
    ``tls_root`` say how to probe (a TLS server is probed by the certificate's name).
    """
    container = ServerContainer(image, run_id, *server_args, **options)
    try:
        container.start()
        container.wait_until_serving(host=host, tls_root=tls_root)
        yield container
    finally:
        container.remove()


def leftover_containers(run_id: str) -> list[str]:
    """Names of containers (running or not) still labelled with this run."""
    import docker

    client = docker.from_env(timeout=10)
    try:
        found = client.containers.list(all=True, filters={"label": f"{RUN_LABEL}={run_id}"})
        return [c.name for c in found]
    finally:
        client.close()


def remove_containers(run_id: str) -> None:
    """Force-remove every container labelled with this run (a safety net)."""
    import docker

    client = docker.from_env(timeout=10)
    try:
        for c in client.containers.list(all=True, filters={"label": f"{RUN_LABEL}={run_id}"}):
            c.remove(force=True, v=True)
    finally:
        client.close()
