"""A real `pel serve --demo` on 127.0.0.1 for each test, clients speaking to it with httpx.

The demo marketplace is built once per session and copied for each server, so that every test
starts from the same server state; the token goes to an in-memory keyring (no system keyring here).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

DEMO_PROJECTS = 300


class MemoryKeyring(KeyringBackend):
    """A keyring backend of the tests' own: the tokens live in this process only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.saved.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def memory_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("PEL_TOKEN", raising=False)
    yield ring
    keyring.set_keyring(before)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def demo_server_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A server store with a demo marketplace, built once."""
    from pel_tui.backend.demo import create_demo_store

    path = tmp_path_factory.mktemp("server-demo") / "server.sqlite"
    create_demo_store(path, projects=DEMO_PROJECTS)
    return path


@dataclass
class Server:
    url: str
    store: Path
    process: subprocess.Popen[bytes]
    port: int

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def start(self) -> None:
        """Start it again on the same port and store (after a kill)."""
        self.process = _spawn(self.store, self.port)
        _wait(self)


def _spawn(store: Path, port: int) -> subprocess.Popen[bytes]:
    code = ("import sys; from pathlib import Path; from pel_tui.server.main import serve; "
            f"sys.exit(serve(Path({str(store)!r}), port={port}, demo=True, quiet=True))")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def _wait(server: Server) -> None:
    """Until the server answers; on a busy machine (2 cores, the suite in two workers) give it a minute,
    and if it never answers, stop it rather than leave it running after the test."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError("pel serve exited: " + (server.process.stderr.read() or b"").decode()[-2000:])
        try:
            if httpx.get(server.url + "/v1/schema", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    server.process.kill()
    server.process.wait()
    raise RuntimeError("pel serve did not answer within 60 s: " + (server.process.stderr.read() or b"").decode()[-2000:])


@pytest.fixture
def server(demo_server_store: Path, tmp_path: Path) -> Iterator[Server]:
    """A demo server of its own, on a free port of 127.0.0.1."""
    store = tmp_path / "server" / "server.sqlite"
    store.parent.mkdir()
    shutil.copy(demo_server_store, store)
    if (demo_server_store.parent / "files").is_dir():
        shutil.copytree(demo_server_store.parent / "files", store.parent / "files")
    port = free_port()
    s = Server(f"http://127.0.0.1:{port}", store, _spawn(store, port), port)
    _wait(s)
    yield s
    s.stop()


def login(server: Server, user: str, password: str = "demo") -> str:
    r = httpx.post(server.url + "/v1/login", json={"login": user, "password": password, "device": "test"})
    assert r.status_code == 200, r.text
    return str(r.json()["token"])
