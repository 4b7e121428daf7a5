"""Renderer processes, as /proc shows them (Linux)."""

from __future__ import annotations

import time
from pathlib import Path

WORKER = b"kiosk.printing.render_worker"


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid), or None once the process is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return fields[0], int(fields[1])


def running(pid: int) -> bool:
    """Still a process that could run: not gone, not a zombie waiting to be reaped."""
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def renderers(parent: int | None = None) -> list[int]:
    """Running renderer processes, of ``parent`` only if given."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        stat = _stat(int(entry.name))
        live = stat is not None and stat[0] not in ("Z", "X")
        if WORKER in argv and live and (parent is None or (stat and stat[1] == parent)):
            found.append(int(entry.name))
    return found


def wait_for_renderer(parent: int, timeout: float = 30.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = renderers(parent)
        if found:
            return found[0]
        time.sleep(0.02)
    raise AssertionError(f"no renderer process under {parent} within {timeout:g} s")


def wait_until_gone(pid: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while running(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def wait_until_laying_out(pid: int, timeout: float = 30.0) -> None:
    """Until the renderer has read its request and loaded Pango: a render under way."""
    deadline = time.monotonic() + timeout
    while b"libpango" not in Path(f"/proc/{pid}/maps").read_bytes():
        if time.monotonic() > deadline:
            raise AssertionError(f"renderer {pid} did not start laying out in {timeout:g} s")
        time.sleep(0.02)
