"""A gatekeeper service on a real unix socket, in a thread of the test process, serving the
test's own in-process gatekeeper (fast KDF, the test's clock)."""

from __future__ import annotations

import io
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.gatekeeper_service import GatekeeperServer, bound_socket
from kiosk.staff.accounts import StaffAccounts
from kiosk.vault.gatekeeper import Gatekeeper
from kiosk.vault.remote import RemoteGatekeeper
from kiosk.vault.remote.protocol import VERSION, Hello, request_decoder
from tests.conftest import FakeClock


@dataclass
class Running:
    server: GatekeeperServer
    path: Path
    gatekeeper: Gatekeeper
    staff: StaffAccounts
    data_dir: Path
    log: io.StringIO

    def client(self) -> RemoteGatekeeper:
        return RemoteGatekeeper(self.path, self.data_dir)


@pytest.fixture
def socket_dir() -> Iterator[Path]:
    # A unix socket's path holds at most 107 bytes: pytest's tmp_path can be longer.
    folder = Path(tempfile.mkdtemp(prefix="hg-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def start_service(
    socket_dir: Path, data_dir: Path, clock: FakeClock
) -> Iterator[Callable[..., Running]]:
    started: list[GatekeeperServer] = []

    def start(gatekeeper: Gatekeeper, *, as_kiosk: bool = False) -> Running:
        path = socket_dir / f"gate{len(started)}.sock"
        staff = StaffAccounts(data_dir, clock)
        log = io.StringIO()
        server = GatekeeperServer(
            bound_socket(path),
            gatekeeper=gatekeeper,
            staff=staff,
            administrator_uids=frozenset() if as_kiosk else None,
            log=log,
        )
        server.serve_in_thread()
        started.append(server)
        return Running(server, path, gatekeeper, staff, data_dir, log)

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def service(start_service: Callable[..., Running], gatekeeper: Gatekeeper) -> Running:
    return start_service(gatekeeper)


@pytest.fixture
def remote(service: Running) -> Iterator[RemoteGatekeeper]:
    client = service.client()
    yield client
    client.close()


def raw_connection(path: Path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(str(path))
    sock.settimeout(10)
    return sock


__all__ = ["VERSION", "Hello", "Running", "raw_connection", "request_decoder"]


ROOT = Path(__file__).resolve().parents[2]


class ServiceProcess:
    """``kiosk gatekeeper serve`` as the installed kiosk runs it: a real child process (or,
    with ``command``, the test's own server module with chosen KDF parameters)."""

    def __init__(
        self,
        config: Path | None,
        socket_path: Path,
        command: list[str] | None = None,
        preexec_fn: Callable[[], None] | None = None,
    ) -> None:
        self.socket_path = socket_path
        argv = command or [
            sys.executable,
            "-m",
            "kiosk",
            "--config",
            str(config),
            "gatekeeper",
            "serve",
        ]
        self.process = subprocess.Popen(
            argv,
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=preexec_fn,
            pass_fds=(3,) if preexec_fn else (),
        )
        deadline = time.monotonic() + 30
        while not _answers(socket_path):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                raise AssertionError(f"the service did not start: {self.process.stderr}")
            time.sleep(0.02)

    def stop(self) -> tuple[int, str]:
        """SIGTERM; its exit code and what it logged."""
        self.process.send_signal(signal.SIGTERM)
        _, log = self.process.communicate(timeout=30)
        return self.process.returncode, log

    def wait(self) -> tuple[int, str]:
        """Its exit code and log, once it has ended by itself."""
        _, log = self.process.communicate(timeout=30)
        return self.process.returncode, log

    def kill(self) -> None:
        self.process.kill()
        self.process.communicate(timeout=30)


def _answers(path: Path) -> bool:
    try:
        raw_connection(path).close()
    except OSError:
        return False
    return True


def service_config(folder: Path, socket_path: Path, profile: str = "standard") -> Path:
    config = folder / "kiosk.toml"
    config.write_text(
        f'[kiosk]\ndata_dir = "data"\n[kdf]\nprofile = "{profile}"\n'
        f'[gatekeeper]\nsocket = "{socket_path}"\n'
    )
    return config


def child_service(
    data: Path, socket_path: Path, pin_memory_kib: int = 8, *, as_kiosk: bool = False
) -> ServiceProcess:
    """The test's server module in a child process; ``as_kiosk``: every peer is the kiosk
    (the tests run as root, an administrator)."""
    command = [
        sys.executable,
        "-m",
        "tests.gatekeeper_service.child_service",
        str(data),
        str(socket_path),
        f"--pin-memory-kib={pin_memory_kib}",
        *(["--as-kiosk"] if as_kiosk else []),
    ]
    return ServiceProcess(None, socket_path, command)
