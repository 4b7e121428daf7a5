"""Unlock through the gatekeeper service (issue 12) beside the gatekeeper in-process, for
``scripts/bench.py``.

Written against the contract of the service's stream (docs: /work/gate-plan.md in the lead's
plan; in the code: the ``[gatekeeper] socket`` setting, ``kiosk gatekeeper serve --socket
PATH``, and ``kiosk.services.build_gatekeeper``, which returns the service's client when the
setting names a socket). A build without the service says so in the row instead of a figure.

One data folder, set up in this process; the service is started on it with the real command,
and the two gatekeepers (one in this process, one the service's client) open the same vault
alternately, so both see the same machine load. The service's peak resident memory (VmHWM) is
read before it is stopped: once the service exists, Argon2id's memory is spent there and not
in the visitor's session.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.vault.kdf import KIB_PER_MIB, KdfParams

ROOT = Path(__file__).resolve().parents[2]
SERVICE_MISSING = "not measured: no gatekeeper service in this build"
VAULT_NAME = "river-stone"
VAULT_PIN = "583920"
START_SECONDS = 30.0


@dataclass
class ServiceUnlock:
    """Seconds per unlock-and-open through the service and in-process (empty, with the reason
    in ``why_not``, when the service could not be measured), and the service's peak KiB."""

    remote: list[float] = field(default_factory=list)
    local: list[float] = field(default_factory=list)
    service_peak_kib: int = 0
    why_not: str = ""
    params: KdfParams | None = None
    """The PIN profile both gatekeepers used (the config's: never below 256 MiB)."""


def service_in_build() -> bool:
    """Whether this build has the ``[gatekeeper]`` setting the service is chosen by."""
    from kiosk.config import Config

    return "gatekeeper" in getattr(Config, "__struct_fields__", ())


def configurable(params: KdfParams) -> KdfParams:
    """The run's PIN profile as a config can give it: none below 256 MiB and 3 passes (a quick
    run's floor becomes 256 MiB)."""
    return KdfParams(
        max(params.memory_kib, 256 * KIB_PER_MIB), max(params.iterations, 3), params.parallelism
    )


def _config(folder: Path, params: KdfParams, socket: str) -> Path:
    """A config for the data folder in ``folder``, with ``params`` and ``socket``."""
    path = folder / ("remote.toml" if socket else "local.toml")
    path.write_text(
        f'[kiosk]\ndata_dir = "{folder / "data"}"\n\n'
        f'[kdf]\nprofile = "custom"\nmemory_mib = {params.memory_kib // KIB_PER_MIB}\n'
        f"iterations = {params.iterations}\nparallelism = {params.parallelism}\n\n"
        f'[gatekeeper]\nsocket = "{socket}"\n'
    )
    return path


def _peak_kib(pid: int) -> int:
    with contextlib.suppress(OSError), open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_socket(process: subprocess.Popen[bytes], socket: Path) -> str:
    """ "" once the service listens; otherwise why not, in one line."""
    deadline = time.monotonic() + START_SECONDS
    while not socket.exists():
        if process.poll() is not None:
            said = (process.stderr.read() if process.stderr else b"").decode(errors="replace")
            last = said.strip().splitlines()[-1:] or ["no message"]
            return f"not measured: the gatekeeper service did not start ({last[0][:120]})"
        if time.monotonic() > deadline:
            return "not measured: the gatekeeper service did not listen in time"
        time.sleep(0.05)
    return ""


def service_unlock(
    folder: Path, params: KdfParams, repeats: int, *, warm_up: bool = True
) -> ServiceUnlock:
    """``repeats`` unlock-and-open pairs (service, then in-process) in ``folder``."""
    if not service_in_build():
        return ServiceUnlock(why_not=SERVICE_MISSING)
    from kiosk.config import load_config
    from kiosk.services import build_gatekeeper
    from kiosk.vault.gatekeeper import Gatekeeper
    from kiosk.vault.service import VaultService

    from .ui_bench import kiosk_command

    params = configurable(params)
    socket = folder / "gate.sock"
    local_config = load_config(_config(folder, params, ""))
    remote_config = load_config(_config(folder, params, str(socket)))
    Gatekeeper.initialise(local_config.data_path(), local_config.secret_path())
    local = build_gatekeeper(local_config)
    local.provision(VAULT_NAME, VAULT_PIN, VAULT_PIN)
    command = [*kiosk_command(), "gatekeeper", "serve", "--socket", str(socket)]
    process = subprocess.Popen(
        [*command, "--config", str(folder / "local.toml")],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},  # this checkout's kiosk, as the probes
    )
    got = ServiceUnlock(params=params)
    try:
        got.why_not = _wait_for_socket(process, socket)
        if got.why_not:
            return got
        remote = build_gatekeeper(remote_config)
        services = (VaultService(remote), VaultService(local))  # type: ignore[arg-type]

        def opened(service: VaultService) -> float:
            start = time.perf_counter()
            service.open(VAULT_NAME, VAULT_PIN).close()
            return time.perf_counter() - start

        try:
            if warm_up:
                for service in services:
                    opened(service)
            for _ in range(repeats):
                got.remote.append(opened(services[0]))
                got.local.append(opened(services[1]))
        except Exception as error:  # the row says what went wrong; the rest of the bench runs
            got.remote.clear()
            failed = type(error).__name__
            got.why_not = f"not measured: unlock through the service failed ({failed})"
        got.service_peak_kib = _peak_kib(process.pid)
        with contextlib.suppress(Exception):
            close = getattr(remote, "close", None)
            if callable(close):
                close()
    finally:
        _stop(process)
    return got
