"""Start real mosaicod servers, as containers when Docker answers, otherwise as processes.

    with MosaicodFleet(tmp_dir) as fleet:
        server = fleet.start(api_key=True)          # an Endpoint, already serving
        key = server.admin_key                      # a Manage key made by the server's CLI
        reader = server.create_key("read")

``MOSAICOD_RUNTIME`` picks the runtime: ``container``, ``process`` or ``auto`` (default:
a container when a Docker engine answers, else processes). Every server is stopped and
removed by :meth:`MosaicodFleet.close`.
"""

from __future__ import annotations

import os
import shutil
import uuid
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .binary import MosaicodUnavailable, find_binary
from .postgres import PostgresCluster
from .process import KEY_PATTERN, MosaicodProcess, TLSFiles

__all__ = ["RUNTIME_ENV", "Endpoint", "MosaicodFleet", "choose_runtime"]

RUNTIME_ENV = "MOSAICOD_RUNTIME"


@dataclass
class Endpoint:
    """A serving mosaicod: where it listens and how to get keys from it."""

    host: str
    port: int
    runtime: str
    api_key: bool
    tls: TLSFiles | None
    admin_key: str | None
    create_key: Callable[..., str] = field(repr=False)
    log: Callable[[], str] = field(repr=False)
    stop: Callable[[], None] = field(repr=False)

    @property
    def tls_root(self) -> Path | None:
        """The certificate a client trusts for this server (None without TLS)."""
        return None if self.tls is None else self.tls.root


def choose_runtime() -> str:
    """``container`` or ``process``, from ``$MOSAICOD_RUNTIME`` and whether Docker answers."""
    wanted = os.environ.get(RUNTIME_ENV, "auto")
    if wanted in ("container", "process"):
        return wanted
    try:
        from harness.containers import docker_problem
    except ImportError:
        return "process"
    return "container" if docker_problem() is None else "process"


class MosaicodFleet:
    """Starts mosaicod servers of one runtime under ``root``; :meth:`close` ends them all."""

    def __init__(self, root: Path, runtime: str | None = None) -> None:
        self.root = root
        self.binary = find_binary()
        self.runtime = runtime or choose_runtime()
        self.run_id = uuid.uuid4().hex[:12]
        self._stack = ExitStack()
        self._cluster: PostgresCluster | None = None
        self._image: str | None = None
        self._count = 0

    def __enter__(self) -> MosaicodFleet:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self, *, api_key: bool = False, tls: TLSFiles | None = None,
              env: dict[str, str] | None = None) -> Endpoint:
        """A new, empty mosaicod; with ``api_key`` its ``admin_key`` is a Manage key."""
        self._count += 1
        start = self._start_container if self.runtime == "container" else self._start_process
        endpoint = start(api_key, tls, dict(env or {}))
        if api_key:
            endpoint.admin_key = endpoint.create_key("manage", "bootstrap")
        return endpoint

    def _start_process(self, api_key: bool, tls: TLSFiles | None,
                       env: dict[str, str]) -> Endpoint:
        if self._cluster is None:
            self._cluster = PostgresCluster().start()
            self._stack.callback(self._cluster.stop)
        server = MosaicodProcess(self.binary, self._cluster, self.root / f"server-{self._count}",
                                 api_key=api_key, tls=tls, env=env).start()
        self._stack.callback(server.stop)

        def create_key(permission: str = "manage", description: str = "tests") -> str:
            return server.create_key(permission, description)

        return Endpoint("127.0.0.1", server.port, "process", api_key, tls, None, create_key,
                        server.log_tail, server.stop)

    def _start_container(self, api_key: bool, tls: TLSFiles | None,
                         env: dict[str, str]) -> Endpoint:
        from harness.containers import running_container

        from .image import build_mosaicod_image

        if self._image is None:
            self._image = build_mosaicod_image(self.binary)
        args, volumes = (["--api-key"] if api_key else []), {}
        if tls is not None:
            certs = self._container_certs(tls)
            volumes[str(certs)] = "/certs:ro"
            env.update(MOSAICOD_TLS_CERT_FILE=f"/certs/{tls.cert.name}",
                       MOSAICOD_TLS_PRIVATE_KEY_FILE=f"/certs/{tls.key.name}")
            args.append("--tls")
        root = tls.root.read_bytes() if tls is not None else None
        container: Any = self._stack.enter_context(running_container(
            self._image, self.run_id, *args, env=env, volumes=volumes, tls_root=root,
            host="127.0.0.1"))
        return Endpoint("127.0.0.1", container.port, "container", api_key, tls, None,
                        lambda permission="manage", description="tests": _exec_key(
                            container, permission, description),
                        container.logs, container.remove)

    def _container_certs(self, tls: TLSFiles) -> Path:
        """A copy of the certificate and key readable by the container's server user."""
        folder = self.root / f"certs-{self._count}"
        folder.mkdir(parents=True, exist_ok=True)
        for path in (tls.cert, tls.key):
            target = folder / path.name
            shutil.copyfile(path, target)
            target.chmod(0o644)  # a throw-away test key; the server runs as another uid
        folder.chmod(0o755)
        return folder

    def close(self) -> None:
        """Stop every server (and the shared PostgreSQL); remove containers."""
        self._stack.close()


def _exec_key(container: Any, permission: str, description: str) -> str:
    code, output = container.exec(["mosaicod", "api-key", "create", "-p", permission,
                                   "-d", description])
    text = output.decode(errors="replace")
    found = KEY_PATTERN.search(text)
    if code != 0 or found is None:
        raise MosaicodUnavailable(f"mosaicod api-key create failed in the container ({code}): "
                                  f"{text[-400:]}")
    return found.group(0)
