"""The real key-derivation parameters: the floor, calibration, and a real-cost unlock."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.vault.errors import WeakSlot
from kiosk.vault.gatekeeper.gate import Gatekeeper, KdfPolicy
from kiosk.vault.kdf import FLOOR, PRODUCTION_MINIMUM, RECOVERY, KdfParams, calibrate, standard
from kiosk.vault.service import VaultService


def test_profiles_meet_the_floor() -> None:
    assert KdfParams(64 * 1024, 3, 4) == FLOOR
    assert standard().meets(PRODUCTION_MINIMUM)
    assert RECOVERY.meets(FLOOR)


def test_calibration_grows_memory_then_passes_until_slow_enough() -> None:
    """A fake Argon2 whose cost is proportional to memory × passes, on a fast machine."""
    elapsed = [0.0]

    def fake_stretch(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
        elapsed[0] += params.memory_kib * params.iterations / (256 * 1024 * 3) * 0.1
        return b"\0" * 32

    result = calibrate(
        timer=lambda: elapsed[0], stretch_fn=fake_stretch, physical_memory_kib=4 * 1024 * 1024
    )
    # 256 MiB costs 0.1 s here: memory doubles to the 512 MiB cap (RAM/8), then passes grow.
    assert result.params.memory_kib == 512 * 1024
    assert result.params.iterations == 5
    assert result.within_target and 0.3 <= result.seconds <= 1.0


def test_calibration_keeps_the_minimum_on_a_slow_machine() -> None:
    elapsed = [0.0]

    def slow_stretch(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
        elapsed[0] += 2.0 * params.memory_kib / (256 * 1024)
        return b"\0" * 32

    result = calibrate(timer=lambda: elapsed[0], stretch_fn=slow_stretch)
    assert result.params.memory_kib == PRODUCTION_MINIMUM.memory_kib
    assert result.params.iterations == 3
    assert not result.within_target


@pytest.mark.slow
def test_real_calibration_and_unlock(tmp_path: Path) -> None:
    result = calibrate()
    assert result.params.meets(PRODUCTION_MINIMUM)
    secret = tmp_path / "gatekeeper" / "kiosk.secret"
    Gatekeeper.initialise(tmp_path, secret)
    gatekeeper = Gatekeeper(tmp_path, secret, kdf=KdfPolicy(pin=result.params))
    gatekeeper.provision("river-stone", "583920", "583920")
    with VaultService(gatekeeper).open("river-stone", "583920") as vault:
        assert vault.full_check()
    # a production gatekeeper refuses a slot made with test-sized parameters
    tiny = KdfParams(8, 1, 1)
    weak = Gatekeeper(tmp_path, secret, kdf=KdfPolicy(pin=tiny, recovery=tiny, floor=tiny))
    weak.provision("weak-vault", "583920", "583920")
    with pytest.raises(WeakSlot):
        gatekeeper.unlock("weak-vault", "583920")
