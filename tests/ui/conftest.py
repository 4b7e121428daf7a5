"""The real App, built by the same factory as the command line, on a private data folder with
a tiny KDF and a clock the test controls."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
import pytest
import textual._wait
from argon2 import PasswordHasher
from textual._queue import Queue
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation
from textual.errors import NoWidget
from textual.message_pump import MessagePump
from textual.pilot import Pilot, WaitForScreenTimeout
from textual.widget import Widget
from textual.widgets import Input, TextArea

from kiosk.config import Config, KioskSection, QuickExitSection, SessionSection
from kiosk.helplines.loader import load_directory
from kiosk.printing.cups import CupsPrinter
from kiosk.services import Services, vault_event_counter
from kiosk.staff.accounts import StaffAccounts, StaffAccountsProtocol
from kiosk.staff.audit import AuditLog
from kiosk.staff.numbers import CentreNumbers
from kiosk.ui.app import KioskApp, make_app
from kiosk.ui.key_order import wait_until_settled
from kiosk.vault.gatekeeper import Gate
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.service import VaultService
from tests.conftest import FAST_POLICY, FakeClock
from tests.gatekeeper_service.serving import served, service_mode

# A private cupsd, for the screens that print on a real (capture) printer.
from tests.printing.conftest import cups_tools, make_private_cups, private_cups  # noqa: F401

NAME = "river-stone"
PIN = "583920"
STAFF = ("Sam", "long staff passphrase")


@pytest.fixture(autouse=True)
def no_blinking_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes screenshots differ from run to run."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


# How long a test waits for the app to settle after a click or key: far more than it ever
# needs, so a loaded machine (parallel workers on two cores) waits longer instead of failing.
SETTLE_SECONDS = 10.0


class HeldWork:
    """Work a test holds on purpose (a slow save, a slow render, waiting for the test to let it
    go). While any is held the app cannot settle, so a click or key waits only briefly for it."""

    BRIEF_SECONDS = 0.3

    def __init__(self) -> None:
        self._held = 0
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def holding(self) -> Iterator[None]:
        with self._lock:
            self._held += 1
        try:
            yield
        finally:
            with self._lock:
                self._held -= 1

    @property
    def settle_limit(self) -> float:
        return self.BRIEF_SECONDS if self._held else SETTLE_SECONDS


held_work = HeldWork()


async def keys_handed_on(app: object, limit: float = SETTLE_SECONDS) -> None:
    """Wait until every key pressed so far has been handed on and everything it set off has
    been handled: the app's key order (kiosk.ui.key_order) holds a key back until the one
    before it has settled, so a quiet app may still have a key waiting its turn."""
    if not isinstance(app, KioskApp):
        return
    deadline = time.monotonic() + limit
    while app._keys.busy and time.monotonic() < deadline:
        await asyncio.sleep(0.005)
    await wait_until_settled(app, limit=max(0.0, deadline - time.monotonic()))


@pytest.fixture(autouse=True)
def pilot_waits_until_settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """After every click and key, wait until everything it set off has been handled.

    ``Pilot.pause`` waits a fixed number of turns; on a loaded machine a new screen's focus,
    its layout or a recomposed pad may not have landed by then. The kiosk's own test of
    "settled" (every message queue empty for a few turns) is what the next step needs.
    """
    click, press = Pilot.click, Pilot.press

    async def settled_click(
        self: Pilot[Any], widget: Widget | str | None = None, *args: Any, **kwargs: Any
    ) -> bool:
        # Pilot aims at where the target was last laid out: wait until the screen shows it there.
        if widget is not None:
            deadline = time.monotonic() + SETTLE_SECONDS
            while time.monotonic() < deadline:
                target = widget if isinstance(widget, Widget) else self.app.screen.query_one(widget)
                with contextlib.suppress(NoWidget):
                    # The target, or a part of it (a Select's current value, say).
                    under, _ = self.app.get_widget_at(*target.region.offset)
                    if target in under.ancestors_with_self:
                        break
                await self.pause(0.01)
        hit = await click(self, widget, *args, **kwargs)
        await keys_handed_on(self.app, limit=held_work.settle_limit)
        return hit

    async def settled_press(self: Pilot[Any], *keys: str) -> None:
        await press(self, *keys)
        await keys_handed_on(self.app, limit=held_work.settle_limit)

    monkeypatch.setattr(Pilot, "click", settled_click)
    monkeypatch.setattr(Pilot, "press", settled_press)


def _waiting_for_messages(pump: MessagePump) -> bool:
    """The pump has handled every message it was sent: its loop is parked on its empty queue
    (not handling a message, nothing peeked, no callbacks due after the last one)."""
    queue: Queue[object] | None = pump.__dict__.get("_message_queue")
    if queue is None or pump._closed or pump._pending_message is not None:
        return False
    if pump._next_callbacks or not queue.empty():
        return False
    # Textual's queue: its loop awaits this event, set by the next message.
    waiters: Iterable[asyncio.Future[object]] = getattr(queue.ready_event, "_waiters", ())
    return any(not waiter.done() for waiter in waiters)


@pytest.fixture(autouse=True)
def pilot_skips_idle_widgets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's wait for "the screen has handled its messages" (before every key's end, every
    pause and click) sends a callback to the App and every widget of the screen and waits for
    them all: on the diary's form half the cost of a key. A widget whose loop is parked on an
    empty queue has handled everything it was sent, so only the others get the callback (and
    the App and the screen always do); the wait means what it meant (each busy one handles
    what it had, in order), at a fraction of the cost."""

    async def wait_for_busy_widgets(self: Pilot[Any], timeout: float = 30.0) -> bool:
        try:
            screen = self.app.screen
        except Exception:
            return False
        pumps = [self.app, *screen.walk_children(with_self=True)]
        done = asyncio.Event()
        count = 0

        def handled() -> None:
            nonlocal count
            count -= 1
            if count == 0:
                done.set()

        for pump in pumps:
            # The App and the screen always get one, as from Textual: handling it brings on
            # their idle work (a pending refresh, callbacks due after it).
            poke = pump is self.app or pump is screen or not _waiting_for_messages(pump)
            if poke and pump.call_later(handled):
                count += 1
        if count:
            waits = [
                asyncio.create_task(done.wait()),
                asyncio.create_task(self.app._exception_event.wait()),
            ]
            _, pending = await asyncio.wait(
                waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
            for task in pending:
                task.cancel()
            if len(pending) == len(waits):
                raise WaitForScreenTimeout("Timed out waiting for widgets to handle messages.")
            if count > 0:
                return False
        return True

    monkeypatch.setattr(Pilot, "_wait_for_screen", wait_for_busy_widgets)


@pytest.fixture
def buttons_take_every_press(monkeypatch: pytest.MonkeyPatch) -> None:
    """A button ignores a second press within its 0.2 s press animation (a double tap counts
    once). Tests that press buttons one after another faster than a person would turn the
    animation off, so that every press counts without waiting 0.2 s before each."""
    from textual.widgets import Button

    monkeypatch.setattr(Button, "_start_active_affect", lambda self: None)


@pytest.fixture(autouse=True)
def finer_idle_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's test harness waits for "idle" (the process using little CPU over a window)
    twice after every key and before every mouse event, in windows of 20 ms: 40 ms a key,
    and most of a UI test's time. The same check over 4 ms windows tells the same thing
    (a worker thread computing keeps the process busy either way); the kiosk's own
    "settled" check above still follows every key and click."""
    monkeypatch.setattr(textual._wait, "SLEEP_GRANULARITY", 0.004)
    monkeypatch.setattr(textual._wait, "SLEEP_IDLE", 0.0005)


_parsed_rules: dict[tuple[object, ...], list[RuleSet]] = {}
_parse_rules = Stylesheet._parse_rules


def _parse_rules_once(
    self: Stylesheet,
    css: str,
    read_from: CSSLocation,
    is_default_rules: bool = False,
    tie_breaker: int = 0,
    scope: str = "",
) -> list[RuleSet]:
    variables = self._variables
    key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(variables.items()))
    rules = _parsed_rules.get(key)
    if rules is None:
        rules = _parsed_rules[key] = _parse_rules(
            self, css, read_from, is_default_rules, tie_breaker, scope
        )
    return rules


@pytest.fixture(autouse=True)
def stylesheets_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every App parses kiosk.tcss (15 KB) and every widget's default CSS again, and again
    on each theme change or new screen (Textual re-parses into a fresh Stylesheet): a tenth
    of a short UI test's time. Textual keeps the parsed rules of each source for as long as
    the variables (the theme's colours) stay the same, since parsing is a function of the
    text and the variables alone; this keeps them for as long as the worker lives, keyed by
    both. A rule that fails to parse is kept with its errors, so it fails in every App."""
    monkeypatch.setattr(Stylesheet, "_parse_rules", _parse_rules_once)


# Staff passphrases as the vaults' PINs are hashed here: Argon2id at its cheapest (8 KiB, one
# pass, one lane) instead of 64 MiB, three passes, four lanes (0.2 s of CPU for every sign-in,
# every account added and every unknown name). The production cost is tested in
# tests/unit and tests/integration, which do not use this.
FAST_STAFF_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def hash_staff_passphrases_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(StaffAccounts, "_hasher", property(lambda self: FAST_STAFF_HASHER))


@pytest.fixture(autouse=True)
def staff_passphrases_hashed_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    hash_staff_passphrases_fast(monkeypatch)


@dataclass
class Kiosk:
    config: Config
    gatekeeper: Gatekeeper
    services: Services
    clock: FakeClock
    recovery_code: str

    def app(self, **changes: Any) -> KioskApp:
        config = self.config
        for section, values in changes.items():
            config = msgspec.structs.replace(
                config, **{section: msgspec.structs.replace(getattr(config, section), **values)}
            )
        return make_app(config, self.services, self.clock)


def kiosk_config(data: Path) -> Config:
    return Config(
        kiosk=KioskSection(data_dir=str(data)),
        session=SessionSection(),
        quick_exit=QuickExitSection(),
    )


@pytest.fixture(scope="session")
def data_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A data folder as ``kiosk admin`` leaves it (kiosk secret, one staff account, the
    visitor's vault) and its recovery code, made once per worker and copied for each test:
    making the kiosk secret, hashing the staff passphrase and provisioning the vault took
    longer than most UI tests. The passphrase is hashed as the tests hash every staff
    passphrase (FAST_STAFF_HASHER), so signing in with it costs what the tests' PINs cost."""
    config = kiosk_config(tmp_path_factory.mktemp("template") / "data")
    Gatekeeper.initialise(config.data_path(), config.secret_path())
    with pytest.MonkeyPatch.context() as patch:
        hash_staff_passphrases_fast(patch)
        StaffAccounts(config.data_path()).add(STAFF[0], STAFF[1], STAFF[1])
    gatekeeper = Gatekeeper(
        config.data_path(), config.secret_path(), kdf=FAST_POLICY, clock=FakeClock()
    )
    made = gatekeeper.provision(NAME, PIN, PIN)
    return config.data_path(), made.recovery_code


@pytest.fixture
def kiosk(tmp_path: Path, clock: FakeClock, data_template: tuple[Path, str]) -> Iterator[Kiosk]:
    template, recovery_code = data_template
    config = kiosk_config(tmp_path / "data")
    shutil.copytree(template, config.data_path())  # modes too: 0700 folders, 0600 files
    # numbers: the counts on the test's clock, told of every vault made, deleted or recovered,
    # as build_gatekeeper wires them in the kiosk; the staff log sealed under the kiosk secret.
    numbers = CentreNumbers(config.data_path(), clock)
    as_service = service_mode()  # HARBOUR_TEST_GATEKEEPER=service: over a real socket
    gatekeeper = Gatekeeper(
        config.data_path(),
        config.secret_path(),
        kdf=FAST_POLICY,
        clock=clock,
        on_event=None if as_service else vault_event_counter(numbers),
    )
    staff = StaffAccounts(config.data_path())
    with contextlib.ExitStack() as stack:
        gate: Gate = gatekeeper
        accounts: StaffAccountsProtocol = staff
        if as_service:
            events = vault_event_counter(numbers)
            gate, accounts = stack.enter_context(
                served(gatekeeper, staff, config.data_path(), events)
            )
        services = Services(
            vaults=VaultService(gate),
            staff=accounts,
            directory=load_directory(None),
            # No scheduler answers at this address: tests that print use a private cupsd.
            printer=CupsPrinter(queue="absent", server=str(tmp_path / "no-cups.sock")),
            config=config,  # what is not given is read from it on first use (plan content)
            numbers=numbers,
            audit=AuditLog(config.data_path(), clock, seal=gate.staff_log_seal),
        )
        yield Kiosk(config, gatekeeper, services, clock, recovery_code)


Driver = Callable[..., Any]
