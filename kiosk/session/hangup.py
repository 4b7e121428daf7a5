"""A session whose terminal goes away ends, instead of spinning a core for ever.

When a terminal closes, the kernel sends SIGHUP to the processes it controls, and that ends a
session. A terminal that is not the session's controlling one (a kiosk started by hand under
another program, the tests' pseudo-terminals) hangs up without a signal: every read then
returns nothing at once, and Textual's input thread (8.2) goes back to reading straight away,
for ever, with a visitor's vault possibly still open behind a screen nobody can see.

A thread here waits, asleep, for the terminal's hang-up (``poll`` with no events asked for
reports only a hang-up or an error), then asks the App to end the visit as a quick exit
would (drafts kept, vault locked). If the process is still alive ``GRACE_SECONDS`` later (the
App could not finish: its terminal is gone), it ends itself (SIGKILL), as the hang-up
signal would have ended it; the vault on disk is whole after a kill at any moment.
"""

from __future__ import annotations

import os
import select
import signal
import threading
import time
from collections.abc import Callable

GRACE_SECONDS = 10.0


def watch_for_hangup(
    fd: int, end_visit: Callable[[], None], grace: float = GRACE_SECONDS
) -> threading.Thread | None:
    """Start the watch on ``fd`` (the session's terminal). None when ``fd`` is no terminal."""
    if not _is_terminal(fd):
        return None
    watch = threading.Thread(
        target=_watch, args=(fd, end_visit, grace), name="kiosk-hangup", daemon=True
    )
    watch.start()
    return watch


def _is_terminal(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:
        return False


def _watch(fd: int, end_visit: Callable[[], None], grace: float) -> None:
    waiting = select.poll()
    waiting.register(fd, 0)  # no events asked for: only POLLHUP, POLLERR, POLLNVAL come back
    waiting.poll()  # no timeout: returns only with one of those (Python retries on EINTR)
    # In a thread of its own: asking the App may block if it cannot answer.
    threading.Thread(target=end_visit, name="kiosk-hangup-end", daemon=True).start()
    time.sleep(grace)
    os.kill(os.getpid(), signal.SIGKILL)
