"""One visit: run the kiosk App in this session process, then end the process.

The composition root (``kiosk.__main__``) calls this for ``kiosk session``; the supervisor
starts one such process per visitor.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time

from kiosk.config import Config
from kiosk.services import build_services
from kiosk.session.ends import SessionEnd
from kiosk.session.hangup import watch_for_hangup
from kiosk.session.launch import SessionStart, end_process
from kiosk.session.terminal import clear, discard_typed_keys, hand_over
from kiosk.ui.app import KioskApp, make_app
from kiosk.ui.paste_input import use_safe_input
from kiosk.ui.shared_screen import SharedScreenDriver


def run_session(config: Config, start: SessionStart) -> int:
    """One visitor session in this process, prepared by ``prepare_session``. It never returns:
    the process ends with the app's SessionEnd code as soon as the app has closed the vault
    and handed over the screen."""
    supervised = start.supervised
    services = build_services(config)
    if start.go is None:
        # Any session but the kiosk's first (which reads them after its first frame, the
        # kiosk command having just checked them) reads its helpline files before it draws:
        # it starts on the neutral screen, where nobody waits for it, and a file broken since
        # the kiosk started ends it unseen, as a crash before its first frame.
        services.directory  # noqa: B018 - read for its effect
    if start.hold_until is not None and sys.__stdin__ is not None:
        # Keys typed while this session started were typed during the hold, or at most a
        # moment after it: read now, they would be stamped with this moment, after a hold
        # that a slow start outlasted, and one would bring the welcome screen. Dropped.
        discard_typed_keys(sys.__stdin__.fileno())
    # The hold runs from the moment the last session ended, not from this one's start.
    hold = start.hold_seconds(time.monotonic())
    app = make_app(config, services, time.time, neutral_hold=hold)
    if supervised:
        app.driver_class = SharedScreenDriver
    use_safe_input()
    code = int(SessionEnd.CRASHED)
    # A loop of its own: asyncio.run() would, on the way out, wait for every thread worker
    # (a sheet still rendering, a printer still followed) before the process could end.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    start.wait_to_draw()
    if sys.__stdin__ is not None:
        watch_for_hangup(sys.__stdin__.fileno(), lambda: end_on_hangup(app))
    try:
        app.run(loop=loop)
        code = app.return_code or 0
    finally:
        title = config.quick_exit.neutral_title
        # A terminal that has gone away (kiosk.session.hangup) cannot be written to.
        with contextlib.suppress(OSError):
            if supervised:
                hand_over(sys.stdout, title)
            else:
                # Leaving the alternate screen can leave the last frame in scrollback on some
                # terminals: clear the screen and the scrollback so the next person finds
                # nothing.
                clear(sys.stdout, title)
        end_process(code)
    return code  # not reached


def end_on_hangup(app: KioskApp) -> None:
    """From the hang-up watch's thread: end the visit as a quick exit would (drafts kept, the
    vault locked), unless the App is not running (then the watch's kill ends it)."""
    with contextlib.suppress(RuntimeError):
        app.call_from_thread(app.end_session, "hangup")
