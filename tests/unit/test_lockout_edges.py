"""Lock-out edges: the kiosk-wide ceiling over any rolling hour, waits that a clock moved back
and forth cannot shorten, and answers that cost the same key derivation whatever the vault.

Real gatekeeper files and a tiny KDF; time is the injected clock, and equal work is checked
by recording which Argon2 parameters each attempt ran, never by measuring time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.vault import crypto
from kiosk.vault.errors import KioskPaused, NotRecognised, TryLater, VaultDamaged, WeakSlot
from kiosk.vault.gatekeeper.gate import Gatekeeper, KdfPolicy
from kiosk.vault.gatekeeper.lockout import SprayLimit
from kiosk.vault.kdf import KdfParams
from tests.conftest import FAST_POLICY, TINY, FakeClock

PIN = "583920"
OTHER = "720461"
HOUR = 3600.0


# -- the kiosk-wide ceiling -------------------------------------------------------------------


def spray(
    gatekeeper: Gatekeeper, clock: FakeClock, gaps: list[float], start: int = 0
) -> list[float]:
    """One wrong guess per gap, each for a different unknown name; the times that counted."""
    failed_at: list[float] = []
    for n, gap in enumerate(gaps, start=start):
        clock.advance(gap)
        try:
            gatekeeper.unlock(f"guess-name-{n}", OTHER)
        except NotRecognised:
            failed_at.append(clock.now)
        except KioskPaused:
            pass
    return failed_at


def most_in_any_hour(times: list[float]) -> int:
    """The most failures in any half-open hour [s, s + 1 h)."""
    return max((sum(1 for t in times if s <= t < s + HOUR) for s in times), default=0)


def test_the_figure_holds_across_pauses(
    make_gatekeeper: Callable[..., Gatekeeper], clock: FakeClock
) -> None:
    # The defaults: 30 an hour, then 15 minutes. Emptying the list at each pause let about
    # 119 through in an hour.
    gatekeeper = make_gatekeeper(spray=SprayLimit(failures_per_hour=30, pause_seconds=900))
    failed_at = spray(gatekeeper, clock, [5.0] * 720)  # a guess every 5 s for an hour
    assert most_in_any_hour(failed_at) == 30
    assert len(failed_at) == 30


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    limit=st.integers(min_value=1, max_value=8),
    pause=st.sampled_from([0.0, 1.0, 60.0, 900.0, 5000.0]),
    gaps=st.lists(st.floats(min_value=0, max_value=1200, allow_nan=False), max_size=80),
)
def test_the_figure_is_a_ceiling_over_any_rolling_hour(
    tmp_path_factory: pytest.TempPathFactory, limit: int, pause: float, gaps: list[float]
) -> None:
    data_dir = tmp_path_factory.mktemp("data")
    secret_file = data_dir / "gatekeeper" / "kiosk.secret"
    Gatekeeper.initialise(data_dir, secret_file)
    clock = FakeClock()
    limits = SprayLimit(failures_per_hour=limit, pause_seconds=pause)
    gatekeeper = Gatekeeper(data_dir, secret_file, kdf=FAST_POLICY, spray=limits, clock=clock)
    failed_at = spray(gatekeeper, clock, gaps)
    assert most_in_any_hour(failed_at) <= limit


def test_ceiling_survives_a_restart(
    make_gatekeeper: Callable[..., Gatekeeper], clock: FakeClock
) -> None:
    limits = SprayLimit(failures_per_hour=5, pause_seconds=60)
    first = spray(make_gatekeeper(spray=limits), clock, [10.0] * 5)
    later = spray(make_gatekeeper(spray=limits), clock, [100.0] * 30, start=100)
    assert most_in_any_hour(first + later) == 5


@pytest.mark.parametrize("back", [100.0, 2 * HOUR, 30 * 24 * HOUR])
def test_clock_set_back_then_forward_keeps_the_kiosk_wide_pause(
    make_gatekeeper: Callable[..., Gatekeeper], clock: FakeClock, back: float
) -> None:
    # Found from outside: 30 failures spread over the hour start a 15-minute pause; setting the
    # clock back (the pause was rewritten from that reading) and then forward again ended it
    # at once, although the same reading on an honest clock was still paused.
    gatekeeper = make_gatekeeper(spray=SprayLimit(failures_per_hour=30, pause_seconds=900))
    spray(gatekeeper, clock, [118.0] * 30)
    with pytest.raises(KioskPaused):
        gatekeeper.unlock("guess-name-x", OTHER)
    paused_at = clock.now
    clock.now = paused_at - back
    with pytest.raises(KioskPaused):
        gatekeeper.unlock("guess-name-y", OTHER)
    clock.now = paused_at + 120  # forward again; on an honest clock still 662 s to go
    with pytest.raises(KioskPaused) as still:
        gatekeeper.unlock("guess-name-z", OTHER)
    assert still.value.retry_after > 600
    clock.now = paused_at + 120 + still.value.retry_after
    assert spray(gatekeeper, clock, [0.0], start=200) == [clock.now]  # and then it ends


# -- waits only ever grow -----------------------------------------------------------------------


def fail_times(gatekeeper: Gatekeeper, clock: FakeClock, count: int) -> None:
    for n in range(count):
        with pytest.raises(NotRecognised) as refused:
            gatekeeper.unlock("river-stone", f"10000{n}")
        clock.advance(refused.value.retry_after)


@pytest.mark.parametrize(("failures", "delay"), [(4, 30.0), (9, 3600.0)])
def test_clock_set_back_then_forward_keeps_the_wait(
    gatekeeper: Gatekeeper, clock: FakeClock, failures: int, delay: float
) -> None:
    gatekeeper.provision("river-stone", PIN, PIN)
    fail_times(gatekeeper, clock, failures - 1)
    with pytest.raises(NotRecognised):
        gatekeeper.unlock("river-stone", "999999")
    failed_at = clock.now
    clock.advance(-2 * HOUR)
    with pytest.raises(TryLater) as waiting:
        gatekeeper.unlock("river-stone", PIN)
    assert waiting.value.retry_after == delay
    clock.now = failed_at + 1  # and forward again, to where it was
    with pytest.raises(TryLater) as still:
        gatekeeper.unlock("river-stone", PIN)
    assert still.value.retry_after == delay - 1
    clock.now = failed_at + delay
    gatekeeper.unlock("river-stone", PIN)


def test_clock_set_back_serves_the_full_wait_on_that_clock(
    gatekeeper: Gatekeeper, clock: FakeClock
) -> None:
    gatekeeper.provision("river-stone", PIN, PIN)
    fail_times(gatekeeper, clock, 3)
    with pytest.raises(NotRecognised):
        gatekeeper.unlock("river-stone", "999999")  # fourth: 30 s
    clock.advance(-HOUR)
    for _ in range(3):  # asking again does not restart the wait on the same clock
        with pytest.raises(TryLater):
            gatekeeper.unlock("river-stone", PIN)
        clock.advance(10)
    gatekeeper.unlock("river-stone", PIN)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    moves=st.lists(
        st.one_of(
            st.tuples(st.just("wait"), st.floats(min_value=0, max_value=40)),
            st.tuples(st.just("back"), st.floats(min_value=1, max_value=10 * HOUR)),
            st.tuples(st.just("return"), st.just(0.0)),
        ),
        max_size=12,
    )
)
def test_no_clock_set_back_ever_shortens_a_wait(
    tmp_path_factory: pytest.TempPathFactory, moves: list[tuple[str, float]]
) -> None:
    """Whatever the clock is set back to, once it reads true time again the wait holds."""
    data_dir = tmp_path_factory.mktemp("data")
    secret_file = data_dir / "gatekeeper" / "kiosk.secret"
    Gatekeeper.initialise(data_dir, secret_file)
    clock = FakeClock()
    gatekeeper = Gatekeeper(data_dir, secret_file, kdf=FAST_POLICY, clock=clock)
    gatekeeper.provision("river-stone", PIN, PIN)
    fail_times(gatekeeper, clock, 3)
    with pytest.raises(NotRecognised):
        gatekeeper.unlock("river-stone", "999999")  # 30 s from here
    deadline = clock.now + 30
    true_time = clock.now
    offset = 0.0
    for move, amount in moves:
        if move == "wait":
            true_time += amount
        elif move == "back":
            offset -= amount
        else:
            offset = 0.0
        clock.now = true_time + offset
        if offset == 0.0 and true_time < deadline:
            with pytest.raises(TryLater) as waiting:
                gatekeeper.unlock("river-stone", PIN)
            assert waiting.value.retry_after == pytest.approx(deadline - true_time)
        elif offset == 0.0:
            gatekeeper.unlock("river-stone", PIN)  # and never longer than the schedule says
            return
        else:
            try:
                gatekeeper.unlock("river-stone", PIN)
                return  # opened, after a full wait on some clock: the counter is cleared
            except TryLater:
                pass


# -- the same key derivation for every answer ---------------------------------------------------


@pytest.fixture
def kdf_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[KdfParams]]:
    """The Argon2 parameters of every derivation, in order."""
    calls: list[KdfParams] = []
    real_stretch = crypto.stretch

    def recording_stretch(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
        calls.append(params)
        return real_stretch(secret, salt, params)

    monkeypatch.setattr(crypto, "stretch", recording_stretch)
    yield calls


ONE_LANE = KdfParams(memory_kib=16, iterations=1, parallelism=1)
TWO_LANES = KdfParams(memory_kib=16, iterations=1, parallelism=2)


def test_slot_with_other_lanes_is_rewrapped_and_then_costs_what_a_decoy_costs(
    make_gatekeeper: Callable[..., Gatekeeper], data_dir: Path, kdf_calls: list[KdfParams]
) -> None:
    made = make_gatekeeper(kdf=KdfPolicy(pin=ONE_LANE, recovery=TINY, floor=TINY)).provision(
        "river-stone", PIN, PIN
    )
    gatekeeper = make_gatekeeper(kdf=KdfPolicy(pin=TWO_LANES, recovery=TINY, floor=TINY))
    gatekeeper.unlock("river-stone", PIN)
    slots = json.loads((data_dir / "vaults" / made.vault_id / "slots.json").read_bytes())
    assert slots["slots"][0]["kdf"]["p"] == 2
    kdf_calls.clear()
    with pytest.raises(NotRecognised):
        gatekeeper.unlock("river-stone", OTHER)
    known = list(kdf_calls)
    kdf_calls.clear()
    with pytest.raises(NotRecognised):
        gatekeeper.unlock("no-such-vault", OTHER)
    assert known == kdf_calls == [TWO_LANES]


def test_stronger_slot_is_rewrapped_to_the_profile_too(
    make_gatekeeper: Callable[..., Gatekeeper], data_dir: Path
) -> None:
    stronger = KdfParams(memory_kib=32, iterations=2, parallelism=1)
    made = make_gatekeeper(kdf=KdfPolicy(pin=stronger, recovery=TINY, floor=TINY)).provision(
        "river-stone", PIN, PIN
    )
    make_gatekeeper().unlock("river-stone", PIN)
    slots = json.loads((data_dir / "vaults" / made.vault_id / "slots.json").read_bytes())
    kdf = slots["slots"][0]["kdf"]
    assert (kdf["m"], kdf["t"], kdf["p"]) == (TINY.memory_kib, TINY.iterations, TINY.parallelism)


def test_damaged_slot_file_is_answered_after_the_same_derivation(
    gatekeeper: Gatekeeper, data_dir: Path, kdf_calls: list[KdfParams]
) -> None:
    made = gatekeeper.provision("river-stone", PIN, PIN)
    kdf_calls.clear()
    with pytest.raises(NotRecognised):
        gatekeeper.unlock("no-such-vault", OTHER)
    unknown = list(kdf_calls)
    (data_dir / "vaults" / made.vault_id / "slots.json").write_text("{not json")
    kdf_calls.clear()
    with pytest.raises(VaultDamaged):
        gatekeeper.unlock("river-stone", OTHER)
    assert kdf_calls == unknown == [TINY]
    # A name without a vault reads a vault's slots in its place (here the only one): damage
    # is answered alike, so moving slots aside does not tell which names have vaults.
    kdf_calls.clear()
    with pytest.raises(VaultDamaged):
        gatekeeper.unlock("no-such-vault", OTHER)
    assert kdf_calls == [TINY]


def test_slot_below_the_floor_is_answered_after_the_same_derivation(
    make_gatekeeper: Callable[..., Gatekeeper], kdf_calls: list[KdfParams]
) -> None:
    make_gatekeeper().provision("river-stone", PIN, PIN)
    strict = make_gatekeeper(kdf=KdfPolicy(pin=TINY, recovery=TINY, floor=KdfParams(16, 1, 1)))
    kdf_calls.clear()
    with pytest.raises(WeakSlot):
        strict.unlock("river-stone", PIN)
    assert kdf_calls == [TINY]
