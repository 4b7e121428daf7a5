"""The lock-out schedule, as pure functions of a failure count and a clock reading.

Apple's schedule with a hard stop at ten: the person most likely to guess is someone who knows
the visitor, so the stop comes long before NIST's ceiling of 100.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_FAILURES = 10

_DELAY_AFTER: dict[int, float] = {4: 30.0, 5: 60.0, 6: 300.0, 7: 900.0, 8: 900.0, 9: 3600.0}


def delay_after(failures: int) -> float:
    """Seconds to wait after ``failures`` failures in a row before the next attempt."""
    return _DELAY_AFTER.get(failures, 0.0)


@dataclass(frozen=True)
class Counter:
    """Failures in a row and the wall-clock time of the last one."""

    failures: int = 0
    last_failure: float = 0.0

    @property
    def exhausted(self) -> bool:
        return self.failures >= MAX_FAILURES

    def clock_went_back(self, now: float) -> bool:
        return self.failures > 0 and now < self.last_failure

    def wait(self, now: float) -> float:
        """Seconds until the next attempt is allowed (0 when allowed now).

        A clock that went backwards re-imposes the full delay from now, so setting the clock
        back never shortens a lock-out.
        """
        delay = delay_after(self.failures)
        if delay == 0.0:
            return 0.0
        if now < self.last_failure:
            return delay
        return max(0.0, self.last_failure + delay - now)

    def failed(self, now: float) -> Counter:
        return Counter(self.failures + 1, now)

    def restarted_at(self, now: float) -> Counter:
        return Counter(self.failures, now)


@dataclass(frozen=True)
class SprayLimit:
    """Kiosk-wide: at most ``failures_per_hour`` failed unlocks, then every unlock pauses."""

    failures_per_hour: int = 30
    pause_seconds: float = 900.0
