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
    """Failures in a row, and the clock readings their wait is measured from.

    ``last_failure`` is the clock at the last failure and never moves back. When the clock is
    found behind it, the wait starts again in full from ``rewound_at`` (that clock's reading),
    and the original deadline still holds once the clock is back: setting the clock back and
    then forward again never shortens a wait.

    ``behind``: the last failure was counted while the clock was behind ``last_failure``, so
    when it happened on the true clock is not known. Once the clock reads ``last_failure`` or
    later again, its wait runs in full from that first reading (``came_back``): measured from
    ``last_failure`` it would end early by all the time spent behind.
    """

    failures: int = 0
    last_failure: float = 0.0
    rewound_at: float | None = None
    behind: bool = False

    @property
    def exhausted(self) -> bool:
        return self.failures >= MAX_FAILURES

    def clock_went_back(self, now: float) -> bool:
        """A clock behind the last failure, and behind any earlier rewind already noted."""
        behind = self.failures > 0 and now < self.last_failure
        return behind and (self.rewound_at is None or now < self.rewound_at)

    def clock_came_back(self, now: float) -> bool:
        """The last failure was counted behind, and the clock is back at or past the one before."""
        return self.behind and now >= self.last_failure

    def came_back(self, now: float) -> Counter:
        return Counter(self.failures, now)

    def wait(self, now: float) -> float:
        """Seconds until the next attempt is allowed (0 when allowed now)."""
        delay = delay_after(self.failures)
        if delay == 0.0:
            return 0.0
        if self.clock_came_back(now):
            return delay  # runs from this reading once noted (``came_back``)
        if now >= self.last_failure:
            return max(0.0, self.last_failure + delay - now)
        # Behind the last failure: no way to tell how long ago it really was, so the full
        # delay again, from the first reading seen behind it.
        start = now if self.rewound_at is None or self.rewound_at > now else self.rewound_at
        return max(0.0, start + delay - now)

    def failed(self, now: float) -> Counter:
        if now >= self.last_failure:
            return Counter(self.failures + 1, now)
        # Failed while the clock is behind: the new delay runs from now on this clock, and
        # from the first reading at or past the (later) last failure once the clock is back.
        return Counter(self.failures + 1, self.last_failure, now, behind=True)

    def restarted_at(self, now: float) -> Counter:
        return Counter(self.failures, self.last_failure, now, self.behind)


@dataclass(frozen=True)
class SprayLimit:
    """Kiosk-wide: at most ``failures_per_hour`` failed unlocks in any rolling hour.

    Reaching the figure pauses every unlock for at least ``pause_seconds``, and for as long
    as the last hour still holds that many failures, so the figure is a true ceiling.
    """

    failures_per_hour: int = 30
    pause_seconds: float = 900.0
    window_seconds: float = 3600.0

    def window_wait(self, failure_times: list[float], now: float) -> float:
        """Seconds until the rolling window has room for one more failure (0 if it has now).

        Failure times ahead of the clock (it was set back) count as within the window.
        """
        recent = sorted(t for t in failure_times if t > now - self.window_seconds)
        excess = len(recent) - self.failures_per_hour
        if excess < 0:
            return 0.0
        # Room comes when the oldest ``excess + 1`` of them have left the window.
        return max(0.0, recent[excess] + self.window_seconds - now)
