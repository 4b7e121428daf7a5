"""Hardening for the helper processes the session forks (the render server, its renderers):
each dies with its parent, leaves no core dump and cannot be read by other processes of the
same user.

Linux-only calls are skipped quietly elsewhere; the session process hardens itself the same
way (kiosk.session.hardening), which this layer may not import.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import signal

_PR_SET_PDEATHSIG = 1
_PR_SET_DUMPABLE = 4
_PR_SET_NAME = 15


def _prctl(option: int, value: int) -> bool:
    with contextlib.suppress(OSError, AttributeError, TypeError):
        libc = ctypes.CDLL(None, use_errno=True)  # libc is loaded: no ldconfig run
        return int(libc.prctl(option, value, 0, 0, 0)) == 0
    return False


def die_with_parent(parent: int) -> bool:
    """SIGKILL this process when ``parent`` ends; False if it has already ended.

    The kernel sends the signal when the thread that forked this process ends: the session
    forks the render server from its main thread, whose end is the session's end, and the
    server is single-threaded. A parent that died before the call is caught by comparing pids.
    """
    _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    return os.getppid() == parent


def forbid_core_dumps() -> None:
    """A core file of the renderer would hold what it prints: names, numbers, a recovery code."""
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # Not dumpable also means other processes of the same user cannot ptrace it.
    _prctl(_PR_SET_DUMPABLE, 0)


def name_process(name: str) -> None:
    """The name ``ps`` and /proc show (at most 15 bytes): a process forked without exec keeps
    its parent's command line, and a renderer should be told apart from the session."""
    with contextlib.suppress(OSError, AttributeError, TypeError):
        libc = ctypes.CDLL(None, use_errno=True)  # libc is loaded: no ldconfig run
        libc.prctl(_PR_SET_NAME, ctypes.c_char_p(name.encode()[:15]), 0, 0, 0)
