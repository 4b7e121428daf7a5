"""What a session process needs before and after its App: a clean environment, the neutral
hold, and an end that nothing can hold up (kiosk/ui/visit.py runs the App between)."""

from __future__ import annotations

import contextlib
import math
import os
import stat
import sys
from collections.abc import Mapping

from kiosk.printing import render_server
from kiosk.session.environment import (
    GO_FD,
    NEUTRAL_HOLD_UNTIL,
    READY_FD,
    SUPERVISED,
    scrub_developer_environment,
)
from kiosk.session.hardening import forbid_core_dumps, name_session_process, silence_stderr


def neutral_hold_until(environ: Mapping[str, str]) -> float | None:
    """When keys stop being dropped on the neutral screen, on the monotonic clock every process
    shares (the supervisor's moment the last session ended, plus the hold); None when there is
    no hold."""
    raw = environ.get(NEUTRAL_HOLD_UNTIL, "")
    try:
        until = float(raw)
    except ValueError:
        return None
    if not math.isfinite(until):
        return None
    return until


def go_pipe(environ: Mapping[str, str], name: str = GO_FD) -> int | None:
    """The descriptor to wait on before drawing (or, named ``READY_FD``, to say it is ready
    on); None unless it is an inherited pipe."""
    raw = environ.get(name, "")
    if not (raw.isascii() and raw.isdigit()) or int(raw) <= 2:  # never stdin, stdout or stderr
        return None
    try:
        is_pipe = stat.S_ISFIFO(os.fstat(int(raw)).st_mode)
    except OSError:
        return None
    return int(raw) if is_pipe else None


class SessionStart:
    """What the supervisor told this session process through its environment.

    A plain class, not a dataclass: the kiosk command imports this module before it starts its
    first session, and ``dataclasses`` (with ``inspect``) would be loaded for nothing else.
    """

    __slots__ = ("go", "hold_until", "ready", "supervised")

    def __init__(
        self,
        *,
        supervised: bool,
        hold_until: float | None,
        go: int | None = None,
        ready: int | None = None,
    ) -> None:
        self.supervised = supervised  # the supervisor owns the screen: hand it over
        self.hold_until = hold_until  # keys are dropped on the neutral screen until then
        self.go = go  # wait for a word on this pipe before drawing anything
        self.ready = ready  # and first say on this one that this session's checks passed

    def hold_seconds(self, now: float) -> float | None:
        """How much longer, from ``now`` (``time.monotonic()``), keys are dropped; None when
        there is no hold. Asked when the App is made, not when this process started: the UI's
        import between takes seconds on a busy machine, and counted from the start the hold
        lasted that much longer than the one set, so a key after it went nowhere."""
        if self.hold_until is None:
            return None
        return max(0.0, self.hold_until - now)

    def wait_to_draw(self) -> None:
        """The first session says it is ready (its App is made: the config, the data folder
        and the terminal passed its checks), then waits until the kiosk command has checked
        the helpline files and set the screen; the word not coming (the kiosk is not starting
        after all) ends it, unseen."""
        if self.ready is not None:
            with contextlib.suppress(OSError):
                os.write(self.ready, b"1")
            with contextlib.suppress(OSError):
                os.close(self.ready)
            self.ready = None
        if self.go is None:
            return
        try:
            word = os.read(self.go, 1)
        except OSError:
            word = b""
        with contextlib.suppress(OSError):
            os.close(self.go)
        if word != b"1":
            end_process(0)


def start_render_server() -> None:
    """Fork the session's render server now, if it is not running yet: a copy of this process,
    so made while it is single-threaded and holds nothing secret, with no developer switches
    in its environment and already not dumpable.

    ``kiosk.__main__`` calls this first thing in a session, before the config, the helpline
    files or Textual are loaded: every page this process holds when it forks and writes again
    afterwards is copied then (Python's reference counts write to nearly every object it
    uses), and a fork this early left the session about 7 ms of CPU sooner at its first frame
    than one after the config was read (issue 8, cold start)."""
    scrub_developer_environment(os.environ)
    forbid_core_dumps()
    # Collections stay as they are here: the server turns them on in itself (a render makes
    # plenty of garbage). Turned on here even for a moment, the first object made after would
    # collect everything this start had made so far (7 ms before the first frame, when
    # prepare_session calls this again after the command line and config are loaded).
    render_server.start()


def prepare_session() -> SessionStart:
    """Make this process fit to hold a visit, before Textual is imported: no developer
    switches in the environment, no core dumps, nothing on stderr."""
    scrub_developer_environment(os.environ)
    supervised = os.environ.pop(SUPERVISED, "") == "1"
    hold_until = neutral_hold_until(os.environ)
    os.environ.pop(NEUTRAL_HOLD_UNTIL, None)
    go = go_pipe(os.environ) if supervised else None
    ready = go_pipe(os.environ, READY_FD) if go is not None else None
    os.environ.pop(GO_FD, None)
    os.environ.pop(READY_FD, None)
    forbid_core_dumps()
    name_session_process()
    silence_stderr()
    # Forked by now (start_render_server), or else now: not dumpable and single-threaded,
    # before a vault is open (see render_server).
    start_render_server()
    return SessionStart(supervised=supervised, hold_until=hold_until, go=go, ready=ready)


def end_process(code: int) -> None:
    """End now. The app has closed the vault and recalled the print jobs; a thread still
    rendering a sheet or following the printer must not keep the process, and the visit's
    data in its memory, alive: Python would wait for it. Its child commands (lp, lpstat) do
    not hold the session either."""
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    os._exit(code)
