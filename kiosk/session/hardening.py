"""Process hardening for a visitor session: no core dumps, no ptrace by same-user processes,
and no stray output on the terminal. Linux-only calls are skipped quietly elsewhere."""

from __future__ import annotations

import contextlib
import io
import os
import resource
import sys

_PR_SET_DUMPABLE = 4
_PR_SET_NAME = 15
# What ``ps`` and /proc/<pid>/comm call a session: the first session is forked from the kiosk
# command and keeps its command line, so the name is what tells it from the supervisor.
SESSION_PROCESS_NAME = "kiosk-session"


def forbid_core_dumps() -> None:
    """A core file of a session would hold the vault's plaintext and key."""
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # Not dumpable also means other processes of the same user cannot ptrace or read
    # /proc/<pid>/mem of this one.
    # The running program's own symbols include the C library's prctl: looking libc up by
    # name (ctypes.util.find_library) would run ldconfig in a subprocess at every start.
    import ctypes

    with contextlib.suppress(OSError, AttributeError, TypeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)


def name_session_process() -> None:
    """The name ``ps`` and /proc/<pid>/comm show for a session (``SESSION_PROCESS_NAME``)."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError, TypeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_NAME, ctypes.c_char_p(SESSION_PROCESS_NAME.encode()), 0, 0, 0)


def silence_stderr() -> None:
    """Library messages (SQLCipher, warnings) must never reach the visitor's screen.

    Textual draws on ``sys.__stderr__``, so the terminal moves to a private descriptor that
    only Textual's driver holds, and descriptor 2, where C libraries write, goes nowhere.
    """
    terminal = os.dup(2)
    os.set_inheritable(terminal, False)
    sys.__stderr__ = io.TextIOWrapper(  # type: ignore[misc]
        io.FileIO(terminal, "w"), encoding="utf-8", errors="replace", line_buffering=True
    )
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
