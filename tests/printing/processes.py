"""Renderer processes, as /proc shows them (Linux). A renderer is forked by its session's render
server, so it keeps the session's command line: it is known by its name, and its session is
its grandparent."""

from __future__ import annotations

import time
from pathlib import Path

from kiosk.printing.render_server import RENDERER_NAME


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


def ends(pid: int, limit: float = 10.0) -> bool:
    """Whether ``pid`` has ended within ``limit`` seconds. A process sent SIGKILL still shows
    as running until the kernel has run it to its end: on a loaded machine, some time later."""
    deadline = time.monotonic() + limit
    while running(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.01)
    return True


def parent_of(pid: int) -> int:
    stat = _stat(pid)
    assert stat is not None, f"process {pid} is gone"
    return stat[1]


def _name(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return None


def renderers(parent: int | None = None) -> list[int]:
    """Running renderer processes, of the session ``parent`` only if given."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or _name(int(entry.name)) != RENDERER_NAME:
            continue
        stat = _stat(int(entry.name))
        if stat is None or stat[0] in ("Z", "X"):
            continue
        server = _stat(stat[1])
        if parent is None or (server is not None and server[1] == parent):
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
