"""Unlocking: right and wrong secrets, the lock-out schedule, restarts, and indistinguishable
answers for unknown names. All against real SQLCipher files with a tiny KDF."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.ui.wording import describe
from kiosk.vault import crypto
from kiosk.vault.errors import (
    KioskPaused,
    NotRecognised,
    PinDisabled,
    RecoveryExhausted,
    TryLater,
    VaultError,
)
from kiosk.vault.gatekeeper.gate import Gatekeeper, VaultState
from kiosk.vault.gatekeeper.lockout import SprayLimit
from kiosk.vault.gatekeeper.namemap import name_handle
from kiosk.vault.service import VaultService
from tests.conftest import FakeClock

PIN = "583920"
OTHER = "720461"


def counters(data_dir: Path) -> dict[str, object]:
    return json.loads((data_dir / "gatekeeper" / "counters.json").read_bytes())


def pin_failures(data_dir: Path, vault_id: str) -> int:
    table = counters(data_dir).get("pin", {})
    assert isinstance(table, dict)
    return int(table.get(vault_id, [0, 0])[0])


def test_right_pin_opens_the_vault_and_wrong_pin_does_not(gatekeeper: Gatekeeper) -> None:
    made = gatekeeper.provision("river-stone", PIN, PIN)
    with VaultService(gatekeeper).open("river-stone", PIN) as vault:
        assert vault.meta()["vault_id"] == made.vault_id
    with pytest.raises(NotRecognised) as refused:
        gatekeeper.unlock("river-stone", OTHER)
    assert refused.value.retry_after == 0
    assert "not recognised" in describe(refused.value)


def test_name_is_forgiving_about_case_spaces_and_dashes(gatekeeper: Gatekeeper) -> None:
    gatekeeper.provision("River Stone", PIN, PIN)
    key = gatekeeper.unlock("  river-STONE ", PIN)
    assert len(key.data_key) == 32


def test_failure_is_on_disk_before_the_key_derivation_runs(
    gatekeeper: Gatekeeper, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = gatekeeper.provision("river-stone", PIN, PIN)
    seen: list[int] = []
    real_stretch = crypto.stretch

    def spying_stretch(*args: object, **kwargs: object) -> bytes:
        seen.append(pin_failures(data_dir, made.vault_id))
        return real_stretch(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(crypto, "stretch", spying_stretch)
    with pytest.raises(NotRecognised):
        gatekeeper.unlock("river-stone", OTHER)
    assert seen == [1]


SCHEDULE = [(1, 0), (2, 0), (3, 0), (4, 30), (5, 60), (6, 300), (7, 900), (8, 900), (9, 3600)]


def test_lockout_schedule_then_pin_disabled_then_recovery(
    gatekeeper: Gatekeeper, clock: FakeClock
) -> None:
    made = gatekeeper.provision("river-stone", PIN, PIN)
    for failures, delay in SCHEDULE:
        with pytest.raises(NotRecognised) as refused:
            gatekeeper.unlock("river-stone", f"9{failures:05d}")
        assert refused.value.retry_after == delay, failures
        if delay:
            clock.advance(delay - 1)
            with pytest.raises(TryLater):
                gatekeeper.unlock("river-stone", PIN)  # even the right PIN must wait
            clock.advance(1)
    with pytest.raises(PinDisabled):
        gatekeeper.unlock("river-stone", "999999")
    with pytest.raises(PinDisabled):
        gatekeeper.unlock("river-stone", PIN)
    assert gatekeeper.list_vaults()[0].state is VaultState.PIN_DISABLED

    key, new_code = gatekeeper.recover("river-stone", made.recovery_code, "402917", "402917")
    assert key.vault_id == made.vault_id and new_code != made.recovery_code
    gatekeeper.unlock("river-stone", "402917")
    assert gatekeeper.list_vaults()[0].state is VaultState.READY


def test_success_resets_the_count(gatekeeper: Gatekeeper, data_dir: Path) -> None:
    made = gatekeeper.provision("river-stone", PIN, PIN)
    for wrong in ("100001", "100002", "100003"):
        with pytest.raises(NotRecognised):
            gatekeeper.unlock("river-stone", wrong)
    assert pin_failures(data_dir, made.vault_id) == 3
    gatekeeper.unlock("river-stone", PIN)
    assert pin_failures(data_dir, made.vault_id) == 0


def test_delay_survives_a_restart(
    make_gatekeeper: Callable[..., Gatekeeper], clock: FakeClock
) -> None:
    first = make_gatekeeper()
    first.provision("river-stone", PIN, PIN)
    for n in range(4):
        with pytest.raises(NotRecognised):
            first.unlock("river-stone", f"10000{n}")
    restarted = make_gatekeeper()
    clock.advance(10)
    with pytest.raises(TryLater) as waiting:
        restarted.unlock("river-stone", PIN)
    assert waiting.value.retry_after == pytest.approx(20)


def test_clock_moved_back_reimposes_the_delay_without_counting(
    gatekeeper: Gatekeeper, clock: FakeClock, data_dir: Path
) -> None:
    made = gatekeeper.provision("river-stone", PIN, PIN)
    for n in range(4):
        with pytest.raises(NotRecognised):
            gatekeeper.unlock("river-stone", f"10000{n}")
    clock.advance(-3600)
    with pytest.raises(TryLater) as waiting:
        gatekeeper.unlock("river-stone", PIN)
    assert waiting.value.retry_after == 30
    assert pin_failures(data_dir, made.vault_id) == 4
    clock.advance(29)
    with pytest.raises(TryLater):
        gatekeeper.unlock("river-stone", PIN)
    clock.advance(1)
    gatekeeper.unlock("river-stone", PIN)


def test_same_wrong_pin_twice_in_a_row_counts_once(gatekeeper: Gatekeeper, data_dir: Path) -> None:
    made = gatekeeper.provision("river-stone", PIN, PIN)
    for _ in range(3):
        with pytest.raises(NotRecognised):
            gatekeeper.unlock("river-stone", OTHER)
    assert pin_failures(data_dir, made.vault_id) == 1
    with pytest.raises(NotRecognised):
        gatekeeper.unlock("river-stone", "100001")
    assert pin_failures(data_dir, made.vault_id) == 2


def test_kiosk_wide_limit_pauses_every_unlock(
    make_gatekeeper: Callable[..., Gatekeeper], clock: FakeClock
) -> None:
    gatekeeper = make_gatekeeper(spray=SprayLimit(failures_per_hour=30, pause_seconds=900))
    gatekeeper.provision("river-stone", PIN, PIN)
    for n in range(29):
        with pytest.raises(NotRecognised):
            gatekeeper.unlock(f"guess-name-{n}", OTHER)
        clock.advance(60)
    with pytest.raises(NotRecognised):
        gatekeeper.unlock("another-name", OTHER)
    with pytest.raises(KioskPaused) as paused:
        gatekeeper.unlock("river-stone", PIN)  # even the right PIN for a real vault
    # The pause lasts until the first of the thirty failures is an hour old (29 minutes ago).
    assert paused.value.retry_after == 3600 - 29 * 60
    clock.advance(3600 - 29 * 60 - 1)
    with pytest.raises(KioskPaused):
        gatekeeper.unlock("river-stone", PIN)
    clock.advance(1)
    gatekeeper.unlock("river-stone", PIN)


def transcript(gatekeeper: Gatekeeper, clock: FakeClock, name: str) -> list[str]:
    """Eleven attempts, each waiting out its delay: what a guesser would see."""
    lines: list[str] = []
    for n in range(11):
        try:
            gatekeeper.unlock(name, f"3{n:05d}")
        except VaultError as error:
            lines.append(f"{type(error).__name__}: {describe(error)}")
            clock.advance(getattr(error, "retry_after", 0))
    return lines


def test_unknown_and_known_names_give_the_same_transcript(
    gatekeeper: Gatekeeper, clock: FakeClock
) -> None:
    gatekeeper.provision("river-stone", PIN, PIN)
    known = transcript(gatekeeper, clock, "river-stone")
    unknown = transcript(gatekeeper, clock, "no-such-vault")
    unusable = transcript(gatekeeper, clock, "?")
    assert known == unknown == unusable
    assert known[0].startswith("NotRecognised: The vault name or PIN was not recognised")
    assert "PinDisabled" in known[-1]


def test_unknown_name_creates_no_file(gatekeeper: Gatekeeper, data_dir: Path) -> None:
    gatekeeper.provision("river-stone", PIN, PIN)
    with pytest.raises(NotRecognised):
        gatekeeper.unlock("river-stone", OTHER)  # the kiosk-wide counter file now exists
    before = sorted(str(p.relative_to(data_dir)) for p in data_dir.rglob("*"))
    with pytest.raises(NotRecognised):
        gatekeeper.unlock("no-such-vault", PIN)
    after = sorted(str(p.relative_to(data_dir)) for p in data_dir.rglob("*"))
    assert after == before


def test_recovery_code_has_its_own_ten_tries(gatekeeper: Gatekeeper, clock: FakeClock) -> None:
    gatekeeper.provision("river-stone", PIN, PIN)
    for n in range(10):
        with pytest.raises((NotRecognised, RecoveryExhausted)) as refused:
            gatekeeper.recover("river-stone", f"AAAA-AAAA-AAAA-AAAA-AAA{n}", "402917", "402917")
        clock.advance(getattr(refused.value, "retry_after", 0))
    with pytest.raises(RecoveryExhausted):
        gatekeeper.recover("river-stone", "AAAA-AAAA-AAAA-AAAA-AAAB", "402917", "402917")
    assert gatekeeper.list_vaults()[0].state is VaultState.RECOVERY_LOCKED
    gatekeeper.unlock("river-stone", PIN)  # the PIN itself was never touched
    assert gatekeeper.list_vaults()[0].state is VaultState.READY


def test_vault_keyed_with_the_old_name_form_still_opens(
    gatekeeper: Gatekeeper, data_dir: Path
) -> None:
    # Before names were canonical, "0A´ß" was keyed as "0a" + U+0301 + "ss"; now it is "0áss".
    made = gatekeeper.provision("0A\u00b4\u00df", PIN, PIN)
    names_file = data_dir / "gatekeeper" / "names.json"
    pepper = (data_dir / "gatekeeper" / "kiosk.secret").read_bytes()
    old_handle = name_handle(pepper, "0a\u0301ss")
    names_file.write_text(json.dumps({"v": 1, "entries": {old_handle: made.vault_id}}))
    assert gatekeeper.unlock("0A\u00b4\u00df", PIN).vault_id == made.vault_id
    assert gatekeeper.state_of("0A\u00b4\u00df").vault_id == made.vault_id


def test_names_that_look_the_same_open_the_same_vault(gatekeeper: Gatekeeper) -> None:
    made = gatekeeper.provision("0A\u00b4\u00df", PIN, PIN)
    assert gatekeeper.unlock("0\u00e1ss", PIN).vault_id == made.vault_id
