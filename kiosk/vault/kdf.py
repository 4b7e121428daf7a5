"""Argon2id parameters, the floor below which a slot is refused, and calibration at init.

Numbers come from the measurements in the vault security design: 256 MiB, three passes and
two lanes took about 0.37 s on a 2-vCPU machine; 64 MiB / 3 / 4 is the floor (RFC 9106's
second recommendation) and is what the 100-bit recovery code uses.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import msgspec

from kiosk.vault.trusted import read_trusted

KIB_PER_MIB = 1024
HASH_LENGTH = 32
# Argon2 version 1.3, fixed: a library whose newest version changed would open no slot.
ARGON2_VERSION_13 = 0x13
SALT_LENGTH = 16


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: memory in KiB, passes, lanes. Stored in every slot and bound into its tag."""

    memory_kib: int
    iterations: int
    parallelism: int

    def meets(self, floor: KdfParams) -> bool:
        # Lanes do not change an attacker's cost per guess, so only memory and passes count.
        return self.memory_kib >= floor.memory_kib and self.iterations >= floor.iterations

    def describe(self) -> str:
        return (
            f"{self.memory_kib // KIB_PER_MIB} MiB, {self.iterations} passes, "
            f"{self.parallelism} lanes"
        )


def default_parallelism() -> int:
    return max(1, min(4, os.cpu_count() or 1))


FLOOR = KdfParams(memory_kib=64 * KIB_PER_MIB, iterations=3, parallelism=4)
RECOVERY = KdfParams(memory_kib=64 * KIB_PER_MIB, iterations=3, parallelism=4)
PRODUCTION_MINIMUM = KdfParams(memory_kib=256 * KIB_PER_MIB, iterations=3, parallelism=1)
MEMORY_CAP_KIB = 1024 * KIB_PER_MIB


# What a saved PIN profile may ask for: never below the floor every slot must meet (new vaults
# that could never open), never beyond what the config file allows (a slot no kiosk could open
# in time, or at all). Calibration never saves less than the production minimum; a profile
# between the floor and that minimum (a test kiosk) is reported by ``kiosk doctor``.
MAX_PROFILE_MEMORY_KIB = 4096 * KIB_PER_MIB
MAX_PROFILE_PASSES = 20
MAX_PROFILE_LANES = 8


class CalibrationFile(msgspec.Struct, forbid_unknown_fields=True):
    """``kdf.json``: the PIN profile ``kiosk admin init`` measured for this machine."""

    m: Annotated[int, msgspec.Meta(ge=FLOOR.memory_kib, le=MAX_PROFILE_MEMORY_KIB)]
    t: Annotated[int, msgspec.Meta(ge=FLOOR.iterations, le=MAX_PROFILE_PASSES)]
    p: Annotated[int, msgspec.Meta(ge=1, le=MAX_PROFILE_LANES)]
    seconds: Annotated[float, msgspec.Meta(ge=0)] = 0.0


def calibration_bytes(params: KdfParams, seconds: float) -> bytes:
    document = CalibrationFile(
        m=params.memory_kib, t=params.iterations, p=params.parallelism, seconds=round(seconds, 3)
    )
    return msgspec.json.encode(document)


def read_calibration(path: Path) -> KdfParams | None:
    """The saved PIN profile, ``None`` if there is none, ``KioskSecretProblem`` if it is bad."""
    document = read_trusted(path, CalibrationFile, "the saved KDF calibration")
    return None if document is None else KdfParams(document.m, document.t, document.p)


def standard() -> KdfParams:
    return KdfParams(256 * KIB_PER_MIB, 3, default_parallelism())


def stretch(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
    """Argon2id of the secret: the memory-hard step that makes each guess cost ~0.4 s.

    argon2-cffi's ``hash_secret_raw`` copies the secret into a C buffer it frees unwiped:
    in the long-running gatekeeper service that copy of a visitor's PIN stayed in a thread's
    malloc arena after her visit (tests/traces/test_gatekeeper_memory.py). So the C library
    is called here with buffers this function zeroes before they are freed.
    """
    # Imported here: a session's first screen needs no key derivation.
    from _argon2_cffi_bindings import lib  # argon2-cffi's own C bindings
    from argon2.exceptions import HashingError
    from argon2.low_level import Type, error_to_str, ffi

    given = ffi.new("uint8_t[]", max(1, len(secret)))
    out = ffi.new("uint8_t[]", HASH_LENGTH)
    try:
        ffi.memmove(given, secret, len(secret))
        result = lib.argon2_hash(
            params.iterations,
            params.memory_kib,
            params.parallelism,
            given,
            len(secret),
            ffi.new("uint8_t[]", salt),
            len(salt),
            out,
            HASH_LENGTH,
            ffi.NULL,
            0,
            Type.ID.value,
            ARGON2_VERSION_13,
        )
        if result != lib.ARGON2_OK:
            raise HashingError(error_to_str(result))
        return bytes(ffi.buffer(out, HASH_LENGTH))
    finally:
        ffi.memmove(given, bytes(len(given)), len(given))
        ffi.memmove(out, bytes(HASH_LENGTH), HASH_LENGTH)


@dataclass(frozen=True)
class Calibration:
    params: KdfParams
    seconds: float
    within_target: bool


def _physical_memory_kib() -> int:
    try:
        pages = os.sysconf("SC_PHYS_PAGES")
        page_size = os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        return 8 * 1024 * KIB_PER_MIB
    return int(pages * page_size // 1024)


def calibrate(
    *,
    target_low: float = 0.3,
    target_high: float = 1.0,
    timer: Callable[[], float] = time.perf_counter,
    stretch_fn: Callable[[bytes, bytes, KdfParams], bytes] = stretch,
    physical_memory_kib: int | None = None,
) -> Calibration:
    """Pick the production PIN profile for this machine.

    Start at the production minimum (256 MiB, 3 passes); grow memory (up to 1 GiB or an eighth
    of RAM) and then passes until one derivation takes at least ``target_low`` seconds, never
    going past ``target_high``. A machine too slow even for the minimum keeps the minimum: the
    floor is a security decision, the time is a comfort one.
    """
    lanes = default_parallelism()
    ram_kib = physical_memory_kib if physical_memory_kib is not None else _physical_memory_kib()
    memory_cap = max(PRODUCTION_MINIMUM.memory_kib, min(MEMORY_CAP_KIB, ram_kib // 8))

    def measure(params: KdfParams) -> float:
        start = timer()
        stretch_fn(b"calibration", b"\0" * SALT_LENGTH, params)
        return timer() - start

    params = KdfParams(PRODUCTION_MINIMUM.memory_kib, PRODUCTION_MINIMUM.iterations, lanes)
    measure(params)  # the first large allocation is slow; warm up before timing
    seconds = min(measure(params), measure(params))
    while seconds < target_low:
        if params.memory_kib * 2 <= memory_cap:
            bigger = KdfParams(params.memory_kib * 2, params.iterations, lanes)
        else:
            bigger = KdfParams(params.memory_kib, params.iterations + 1, lanes)
        bigger_seconds = measure(bigger)
        if bigger_seconds > target_high:
            break
        params, seconds = bigger, bigger_seconds
    return Calibration(params, seconds, target_low <= seconds <= target_high)
