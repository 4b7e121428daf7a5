"""The neutral hold after a visit runs from the moment the supervisor saw that session end,
however long the next session takes to start: the App is given what is left of it.

Counted from the next session's start instead, the hold lasted as much longer as importing
the UI took (seconds on a busy machine), and a key pressed after the hold went nowhere
(tests/e2e/test_neutral_hold.py failed so under load)."""

from __future__ import annotations

import os
import pty
import select
import sys
import time
import tty
from types import SimpleNamespace

import pytest

from kiosk.config import Config
from kiosk.session.environment import NEUTRAL_HOLD_UNTIL
from kiosk.session.launch import SessionStart, neutral_hold_until
from kiosk.ui import visit

ENDED = 1000.0  # on the monotonic clock: when the supervisor saw the last session end
HOLD = 5.0


class AppMade(Exception):
    """Raised by the stand-in for make_app: the test has what it needs."""


@pytest.mark.parametrize(
    ("raw", "until"),
    [(repr(ENDED + HOLD), ENDED + HOLD), ("", None), ("soon", None), ("inf", None), ("nan", None)],
)
def test_the_hold_is_read_as_the_moment_it_ends(raw: str, until: float | None) -> None:
    environ = {NEUTRAL_HOLD_UNTIL: raw} if raw else {}
    assert neutral_hold_until(environ) == until


def test_what_is_left_of_the_hold_is_counted_when_asked() -> None:
    start = SessionStart(supervised=True, hold_until=ENDED + HOLD)
    assert start.hold_seconds(ENDED + 0.2) == pytest.approx(HOLD - 0.2)
    assert start.hold_seconds(ENDED + 3.0) == pytest.approx(HOLD - 3.0)
    assert start.hold_seconds(ENDED + HOLD + 1.0) == 0.0
    assert SessionStart(supervised=True, hold_until=None).hold_seconds(ENDED) is None


def test_the_app_is_given_what_is_left_of_the_hold_when_it_is_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The session prepared itself 0.2 s after the end; its UI's import and its services took
    until 3 s after: the App holds the neutral screen 2 s more, not 4.8."""
    now = [ENDED + 0.2]
    start = SessionStart(supervised=False, hold_until=ENDED + HOLD)

    def build_services(config: Config) -> object:
        now[0] = ENDED + 3.0
        return SimpleNamespace(directory=None)

    given: list[float | None] = []

    def make_app(config: Config, services: object, clock: object, neutral_hold: float) -> None:
        given.append(neutral_hold)
        raise AppMade

    monkeypatch.setattr(visit, "build_services", build_services)
    monkeypatch.setattr(visit, "make_app", make_app)
    monkeypatch.setattr(visit, "time", SimpleNamespace(monotonic=lambda: now[0], time=time.time))
    with pytest.raises(AppMade):
        visit.run_session(Config(), start)
    assert given == [pytest.approx(HOLD - 3.0)]


@pytest.mark.parametrize(("first", "read_before_drawing"), [(False, True), (True, False)])
def test_only_the_kiosks_first_session_reads_its_helpline_files_after_it_draws(
    monkeypatch: pytest.MonkeyPatch, first: bool, read_before_drawing: bool
) -> None:
    """The first session is let draw once the kiosk command has checked them, and reads them
    after its first frame (kiosk.ui.app); any later one reads them before its App is made, so
    a file broken since the kiosk started ends it unseen, never on a drawn welcome screen."""
    happened: list[str] = []

    class Services:
        @property
        def directory(self) -> None:
            happened.append("helpline files read")

    def make_app(config: Config, services: object, clock: object, neutral_hold: float) -> None:
        happened.append("App made")
        raise AppMade

    monkeypatch.setattr(visit, "build_services", lambda config: Services())
    monkeypatch.setattr(visit, "make_app", make_app)
    go = 99 if first else None  # the kiosk's first session waits on this pipe for the word
    with pytest.raises(AppMade):
        visit.run_session(Config(), SessionStart(supervised=True, hold_until=None, go=go))
    expected = ["helpline files read", "App made"] if read_before_drawing else ["App made"]
    assert happened == expected


@pytest.mark.parametrize("held", [True, False])
def test_keys_typed_while_a_held_session_started_are_dropped_before_its_app_reads(
    monkeypatch: pytest.MonkeyPatch, held: bool
) -> None:
    """A session that follows another may take longer to start than the hold lasts (a loaded
    machine): keys typed in panic meanwhile wait on the terminal, and read once its App runs
    they would be stamped after the hold and bring the welcome screen. A real terminal (a
    pseudo-terminal) holds them here; a held session drops them before its App is made, and
    a session that holds nothing (the kiosk's first) leaves the terminal as it is."""
    controller, terminal = pty.openpty()
    tty.setraw(terminal)  # as the supervisor keeps it: every key readable at once, as typed
    typed = b"a\r \t"
    try:
        os.write(controller, typed)
        with open(terminal, "rb", buffering=0, closefd=False) as stdin:
            monkeypatch.setattr(sys, "__stdin__", stdin)
            assert select.select([terminal], [], [], 5)[0], "the typed keys never arrived"

            def make_app(
                config: Config, services: object, clock: object, neutral_hold: float
            ) -> None:
                raise AppMade

            services = SimpleNamespace(directory=None)
            monkeypatch.setattr(visit, "build_services", lambda config: services)
            monkeypatch.setattr(visit, "make_app", make_app)
            start = SessionStart(supervised=True, hold_until=ENDED + HOLD if held else None)
            with pytest.raises(AppMade):
                visit.run_session(Config(), start)
            waiting = select.select([terminal], [], [], 0)[0]
            if held:
                assert waiting == [], f"still waiting to be read: {os.read(terminal, 64)!r}"
            else:
                assert os.read(terminal, 64) == typed
    finally:
        os.close(controller)
        os.close(terminal)
