"""The clock jumping during a lock-out, forward and back, with the injected clock and the
gatekeeper restarted in between (its counts are on disk): a jump back never shortens a wait, a
jump forward never brings back a PIN that ten failures stopped, and the kiosk-wide pause holds.

"Shortens" is measured against an honest clock: the same attempts, made at the same true
moments, on a clock nobody moved. A jump forward that is never undone cannot be told from time
passing, so it may end a wait early; that is why the hard stop at ten failures is a count, not
a time. Real gatekeeper files and a tiny KDF; no sleeps.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.vault.errors import KioskPaused, NotRecognised, PinDisabled, TryLater
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.gatekeeper.lockout import MAX_FAILURES, SprayLimit, delay_after
from tests.conftest import FAST_POLICY, FakeClock
from tests.faults.conftest import folder_in_memory

NAME = "river-stone"
PIN = "583920"
HOUR = 3600.0
YEAR = 365 * 24 * HOUR


class Kiosk:
    """A gatekeeper on one data folder whose clock reads true time plus an offset the test
    moves: the clock jumps, true time only goes on."""

    def __init__(self, root: Path, spray: SprayLimit | None = None) -> None:
        self.data = root / "data"
        self.secret = self.data / "gatekeeper" / "kiosk.secret"
        Gatekeeper.initialise(self.data, self.secret)
        self.true = FakeClock()
        self.offset = 0.0
        self.spray = spray
        self.guesses = 0
        self.gatekeeper = self.restart()

    def clock(self) -> float:
        return self.true.now + self.offset

    def restart(self) -> Gatekeeper:
        """A new gatekeeper on the same files, as after the kiosk restarted."""
        self.gatekeeper = Gatekeeper(
            self.data, self.secret, kdf=FAST_POLICY, spray=self.spray, clock=self.clock
        )
        return self.gatekeeper

    def wrong(self, name: str = NAME) -> Exception:
        """A wrong PIN, a new one each time (the same wrong PIN typed again counts once)."""
        self.guesses += 1
        try:
            self.gatekeeper.unlock(name, f"{720461 + self.guesses * 7919 % 270000:06d}")
        except (NotRecognised, TryLater, PinDisabled, KioskPaused) as refused:
            return refused
        raise AssertionError("a wrong PIN opened the vault")


def fail_until(kiosk: Kiosk, failures: int) -> None:
    """``failures`` wrong PINs in a row on an honest clock, each as soon as it is allowed; the
    last one's wait has just begun."""
    wait = 0.0
    for _ in range(failures):
        kiosk.true.advance(wait)
        refused = kiosk.wrong()
        assert isinstance(refused, NotRecognised | PinDisabled), refused
        wait = getattr(refused, "retry_after", 0.0)


@pytest.fixture
def kiosk(tmp_path: Path) -> Kiosk:
    made = Kiosk(tmp_path)
    made.gatekeeper.provision(NAME, PIN, PIN)
    return made


# -- a jump back never shortens a wait ---------------------------------------------------------


@pytest.mark.parametrize("failures", [4, 5, 6, 8])
def test_a_failure_counted_while_the_clock_is_back_keeps_its_whole_wait_when_it_returns(
    kiosk: Kiosk, failures: int
) -> None:
    """Found here: a failure made while the clock was set back had its wait measured, once the
    clock read true again, from the last failure before the jump. The wait already served on
    the back clock was counted twice, so every such failure came a whole wait early."""
    fail_until(kiosk, failures)  # the last one just now: its wait is running
    kiosk.true.advance(delay_after(failures))  # and served
    kiosk.offset = -2 * HOUR
    waiting = kiosk.wrong()
    assert isinstance(waiting, TryLater) and waiting.retry_after == delay_after(failures)
    kiosk.true.advance(delay_after(failures))  # served in full, on the back clock
    counted = kiosk.wrong()
    assert isinstance(counted, NotRecognised)  # the next failure, counted at true time T
    failed_at = kiosk.true.now
    kiosk.offset = 0.0  # the clock is put right
    kiosk.restart()
    for elapsed in (0.0, delay_after(failures + 1) - 1):
        kiosk.true.now = failed_at + elapsed
        still = kiosk.wrong()
        assert isinstance(still, TryLater), (elapsed, still)
        assert still.retry_after == pytest.approx(delay_after(failures + 1) - elapsed)
    kiosk.true.now = failed_at + delay_after(failures + 1)
    kiosk.gatekeeper.unlock(NAME, PIN)


STILL = st.one_of(
    st.tuples(st.just("wait"), st.floats(min_value=0, max_value=2 * HOUR)),
    st.tuples(st.just("restart"), st.just(0.0)),
    st.tuples(st.just("wrong"), st.just(0.0)),
    st.tuples(st.just("right"), st.just(0.0)),
)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    failures=st.integers(min_value=4, max_value=9),
    behind=st.lists(
        st.one_of(STILL, st.tuples(st.just("back"), st.floats(min_value=1, max_value=YEAR))),
        max_size=12,
    ),
    after=st.lists(STILL, max_size=8),
)
def test_no_jumps_back_let_an_attempt_in_before_an_honest_clock_would(
    tmp_path_factory: pytest.TempPathFactory,
    failures: int,
    behind: list[tuple[str, float]],
    after: list[tuple[str, float]],
) -> None:
    """The clock set back any number of times, with waits, restarts and attempts in between,
    then put right: every attempt let through (right or wrong), behind or after, comes at a
    true moment an honest clock would also have let it through, given the failures counted
    so far.

    (Set right and then back again, the clock's readings look like time passing on a clock
    that was set back once: nothing the gatekeeper sees tells the two apart, so that, like any
    jump forward, may end a wait early. Hence the one return, at the end.)"""
    # In memory: each attempt writes the counts with three fsyncs, which a clock does not need.
    with folder_in_memory(tmp_path_factory.mktemp("clock")) as root:
        honest_clock_holds(Kiosk(root), failures, behind, after)


def honest_clock_holds(
    kiosk: Kiosk, failures: int, behind: list[tuple[str, float]], after: list[tuple[str, float]]
) -> None:
    kiosk.gatekeeper.provision(NAME, PIN, PIN)
    fail_until(kiosk, failures)
    counted, last_true = failures, kiosk.true.now
    for move, amount in [*behind, ("return", 0.0), *after]:
        if move == "wait":
            kiosk.true.advance(amount)
        elif move == "back":
            kiosk.offset -= amount
        elif move == "return":
            kiosk.offset = 0.0
        elif move == "restart":
            kiosk.restart()
        else:
            honest_deadline = last_true + delay_after(counted)
            try:
                if move == "right":
                    kiosk.gatekeeper.unlock(NAME, PIN)
                    assert kiosk.true.now >= honest_deadline
                    return  # opened: the counts start again
                refused = kiosk.wrong()
            except TryLater:
                continue
            if isinstance(refused, TryLater):
                continue
            if isinstance(refused, PinDisabled) and counted >= MAX_FAILURES:
                return  # refused without being let through: nothing counted
            assert kiosk.true.now >= honest_deadline, (move, counted)
            counted, last_true = counted + 1, kiosk.true.now
            if counted >= MAX_FAILURES:
                assert isinstance(refused, PinDisabled)
                return


# -- a jump forward never brings back a stopped PIN --------------------------------------------


@pytest.mark.parametrize("forward", [HOUR, 30 * 24 * HOUR, 10 * YEAR])
def test_a_jump_forward_never_unlocks_a_disabled_pin(kiosk: Kiosk, forward: float) -> None:
    fail_until(kiosk, MAX_FAILURES)
    for restart in (False, True):
        kiosk.offset += forward
        if restart:
            kiosk.restart()
        with pytest.raises(PinDisabled):
            kiosk.gatekeeper.unlock(NAME, PIN)
        kiosk.offset = -forward  # and back past where it was
        with pytest.raises(PinDisabled):
            kiosk.gatekeeper.unlock(NAME, PIN)
    summary = kiosk.gatekeeper.state_of(NAME)
    assert summary.state.name == "PIN_DISABLED"


# -- the kiosk-wide pause holds ----------------------------------------------------------------

LIMIT = SprayLimit(failures_per_hour=30, pause_seconds=900.0)


def spray_unknown_names(kiosk: Kiosk, count: int, gap: float, start: int = 0) -> list[float]:
    """``count`` wrong guesses at names with no vault, ``gap`` apart; the true moments of
    those that were counted."""
    counted = []
    for n in range(start, start + count):
        kiosk.true.advance(gap)
        if isinstance(kiosk.wrong(f"guess-name-{n}"), NotRecognised):
            counted.append(kiosk.true.now)
    return counted


def most_in_any_true_hour(times: list[float]) -> int:
    return max((sum(1 for t in times if s <= t < s + HOUR) for s in times), default=0)


@pytest.mark.parametrize("back", [10 * 60.0, 2 * HOUR, YEAR])
def test_a_failure_counted_while_the_clock_is_back_still_starts_the_pause_when_it_returns(
    tmp_path: Path, back: float
) -> None:
    """Found here: the 30th failure of the hour, made on a clock set back, was recorded at the
    back clock's time. Once the clock read true again that failure was outside the last hour
    and its pause long over, so more than 30 guesses fitted in one true hour."""
    kiosk = Kiosk(tmp_path, spray=LIMIT)
    failed = spray_unknown_names(kiosk, 29, gap=60.0)
    assert len(failed) == 29
    kiosk.offset = -back
    failed += spray_unknown_names(kiosk, 1, gap=1.0, start=100)  # the 30th
    assert len(failed) == 30
    kiosk.offset = 0.0
    kiosk.restart()
    paused = kiosk.wrong("guess-name-x")
    assert isinstance(paused, KioskPaused), paused
    assert paused.retry_after >= LIMIT.pause_seconds - 1
    # However the guesses go on, no true hour ever holds more than 30 counted failures.
    failed += spray_unknown_names(kiosk, 240, gap=30.0, start=200)
    assert most_in_any_true_hour(failed) <= LIMIT.failures_per_hour
    assert len(failed) > 30  # and the guesses were let through again in time


@pytest.mark.parametrize("back", [60.0, 2 * HOUR, YEAR])
def test_a_jump_back_during_the_pause_never_ends_it_early(tmp_path: Path, back: float) -> None:
    kiosk = Kiosk(tmp_path, spray=LIMIT)
    assert len(spray_unknown_names(kiosk, 30, gap=100.0)) == 30
    paused = kiosk.wrong("guess-name-x")
    assert isinstance(paused, KioskPaused)
    honest_end = kiosk.true.now + paused.retry_after
    for offset in (-back, -back / 2, 0.0, -back):
        kiosk.offset = offset
        kiosk.restart()
        kiosk.true.advance(10.0)
        still = kiosk.wrong("guess-name-y")
        if kiosk.true.now < honest_end:
            assert isinstance(still, KioskPaused), (offset, still)
