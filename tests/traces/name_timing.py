"""Timing a wrong PIN for a vault that exists against a PIN for a name that has none.

The attempts alternate, one of each per pair, so whatever else the machine does at that
moment (five test runs share two cores) lands on both alike; each pair gives one difference
(existing minus unknown), and the verdict rests on the median of those differences, which a
few stalls cannot move.

Neither the per-vault lock-out nor the kiosk-wide limit may end the run: the spray limit is
set out of reach, the gatekeeper's clock (a fake one) moves past every lock-out wait after
each try, and each existing vault takes nine wrong PINs (the tenth would stop it) and is
then opened with its right PIN, which starts its count again, untimed; each unknown name
likewise takes nine tries before a fresh one is used.
"""

from __future__ import annotations

import secrets
import statistics
import string
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import cycle

from kiosk.vault.errors import NotRecognised
from kiosk.vault.gatekeeper.gate import Gatekeeper

PIN = "739164"
# A new wrong PIN each try: the same one again is not counted (nor checked) twice.
WRONG_PINS = ("401857", "528460", "630192")
TRIES_BEFORE_A_RESET = 9
PAST_ANY_WAIT = 4 * 3600.0
VAULTS = 4


def random_name() -> str:
    return "nobody" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(12))


def timed_refusal(gatekeeper: Gatekeeper, name: str, pin: str) -> float:
    began = time.perf_counter()
    try:
        gatekeeper.unlock(name, pin)
    except NotRecognised:
        return time.perf_counter() - began
    raise AssertionError("a wrong PIN opened a vault")


@dataclass(frozen=True)
class Timings:
    existing: list[float]
    unknown: list[float]

    @property
    def differences(self) -> list[float]:
        return [a - b for a, b in zip(self.existing, self.unknown, strict=True)]

    @property
    def median_difference(self) -> float:
        return statistics.median(self.differences)

    @property
    def spread(self) -> float:
        """The differences' robust standard deviation (1.4826 × their median absolute
        deviation), so a stall or two on a busy machine do not widen it."""
        differences = self.differences
        centre = statistics.median(differences)
        return 1.4826 * statistics.median(abs(d - centre) for d in differences)

    @property
    def median_time(self) -> float:
        return statistics.median(self.existing + self.unknown)

    def standard_error(self) -> float:
        """Of the median difference: sqrt(pi/2) × spread / sqrt(pairs)."""
        return 1.2533 * self.spread / len(self.existing) ** 0.5

    def tolerance(self, share_of_answer: float) -> float:
        """How far the median difference may be from zero: six standard errors (a chance
        excursion that far does not happen in any number of CI runs), and never less than
        ``share_of_answer`` of one answer's time, the least difference that would matter."""
        return max(6 * self.standard_error(), share_of_answer * self.median_time)

    def describe(self) -> str:
        ms = 1000
        return (
            f"{len(self.existing)} pairs; median answer {self.median_time * ms:.2f} ms "
            f"(existing name {statistics.median(self.existing) * ms:.2f} ms, unknown "
            f"{statistics.median(self.unknown) * ms:.2f} ms); median difference "
            f"{self.median_difference * ms:+.3f} ms, robust spread of differences "
            f"{self.spread * ms:.3f} ms, standard error {self.standard_error() * ms:.3f} ms"
        )


def provision(gatekeeper: Gatekeeper, count: int = VAULTS) -> list[str]:
    names = [random_name() for _ in range(count)]
    for name in names:
        gatekeeper.provision(name, PIN, PIN)
    return names


def measure(
    gatekeeper: Gatekeeper, names: list[str], pairs: int, advance: Callable[[float], None]
) -> Timings:
    """``pairs`` alternating refusals; which comes first in a pair alternates too.
    ``advance`` moves the gatekeeper's clock on."""
    existing: list[float] = []
    unknown: list[float] = []
    vaults = cycle(names)
    vault, unknown_name = next(vaults), random_name()
    for pair in range(pairs):
        if pair and pair % TRIES_BEFORE_A_RESET == 0:
            gatekeeper.unlock(vault, PIN).data_key[:] = bytes(32)  # her count starts again
            vault, unknown_name = next(vaults), random_name()
        attempts = [(existing, vault), (unknown, unknown_name)]
        for times, name in attempts if pair % 2 == 0 else reversed(attempts):
            times.append(timed_refusal(gatekeeper, name, WRONG_PINS[pair % len(WRONG_PINS)]))
            advance(PAST_ANY_WAIT)
    return Timings(existing, unknown)
