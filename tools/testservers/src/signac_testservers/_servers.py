"""Start and stop real servers on free loopback ports, by pid."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

#: Where ``nox`` provisions the mongoeco virtual environment (Python 3.13).
DEFAULT_MONGOECO_VENV = Path.home() / ".cache" / "signac-testservers" / "mongoeco-venv"

_MONGOECO_MAIN = """
import asyncio, sys
from mongoeco.wire.proxy import AsyncMongoEcoProxyServer

async def main():
    async with AsyncMongoEcoProxyServer(host="127.0.0.1", port=int(sys.argv[1])) as server:
        print(server.address.port, flush=True)
        await asyncio.Event().wait()

asyncio.run(main())
"""


class ServerUnavailable(RuntimeError):
    """A test server could not be started (the program is missing or failed)."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerUnavailable(f"server exited with code {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    _stop(proc)
    raise ServerUnavailable(f"server did not listen on port {port} within {timeout} s")


def _stop(proc: subprocess.Popen) -> None:
    """Stop the process we started, by its pid, and reap it."""
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()


@dataclass
class RedisServer:
    """A running ``redis-server`` without persistence."""

    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        _stop(self.process)


@dataclass
class MongoServer:
    """A running mongoeco wire-protocol server."""

    port: int
    process: subprocess.Popen

    @property
    def uri(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}/?directConnection=true"

    def stop(self) -> None:
        _stop(self.process)


def start_redis(timeout: float = 20.0) -> RedisServer:
    """Start ``redis-server`` on a free loopback port (never 6379), no persistence."""
    executable = shutil.which("redis-server")
    if executable is None:
        raise ServerUnavailable("redis-server is not installed (Debian package 'redis-server')")
    port = _free_port()
    workdir = tempfile.mkdtemp(prefix="signac-redis-")
    proc = subprocess.Popen(
        [
            executable,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            workdir,
            "--daemonize",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_for_port(port, proc, timeout)
    return RedisServer(port=port, process=proc)


def mongoeco_python() -> Path | None:
    """Return the Python that has ``mongoeco[wire]`` installed, or None."""
    configured = os.environ.get("MONGOECO_PYTHON")
    candidates = [Path(configured)] if configured else []
    candidates.append(DEFAULT_MONGOECO_VENV / "bin" / "python")
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return None


def start_mongoeco(timeout: float = 60.0) -> MongoServer:
    """Start mongoeco's wire-protocol server on a free loopback port."""
    python = mongoeco_python()
    if python is None:
        raise ServerUnavailable(
            "no Python with mongoeco[wire] found: set MONGOECO_PYTHON or run "
            "'nox -s provision' to create " + str(DEFAULT_MONGOECO_VENV)
        )
    port = _free_port()
    proc = subprocess.Popen(
        [str(python), "-c", _MONGOECO_MAIN, str(port)],
        stdout=subprocess.DEVNULL,
        stderr=sys.stderr,
    )
    _wait_for_port(port, proc, timeout)
    return MongoServer(port=port, process=proc)
