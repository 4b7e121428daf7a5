"""Kill -9 a forked child at a random moment of an operation and collect what it acknowledged.

The child is forked from the test process itself (everything is already imported, so a fork
costs milliseconds, not the second a fresh interpreter would). It sets itself up (opens the
vault), writes ``ready`` to a pipe, then repeats its operation, writing one acknowledgement
line after each operation returned: what a screen would have shown her as saved. The vault
code's durable steps (``fsutil.fault_point``: every write, fsync, rename, link and unlink it
makes outside SQLite) are reported on the same pipe as one byte each.

The parent kills the child with SIGKILL, aimed one of two ways, chosen at random per run:

- after a random delay drawn uniformly over a span of several whole operations (measured on
  this machine first, so the kills spread over every part of an operation however fast the
  disk is, including SQLite's own commits and fsyncs, which report no steps);
- just after the child reported its n-th durable step (n at random), plus a jitter of up to
  a millisecond: the moment after a file was written is the moment its fsync runs, and the
  moment after a file was synced is the moment of its rename.

Every choice comes from a seeded ``random.Random``, so a failing run can be repeated exactly.
"""

from __future__ import annotations

import gc
import os
import random
import select
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.vault import fsutil

READY = b"r"
STEP = b"s"
ACK = b"a"
ERROR = b"e"
# How much of the operation's span a delay covers: kills land anywhere in the first and in
# the first half of the second, so no part of one (its start, its middle, its end) is missed.
SPAN_OPERATIONS = 1.5
STEP_JITTER = 0.001
LONG_RUN = 50
# Kills on one vault before the next test starts a new one: each check reads the whole vault,
# so a vault that grew through hundreds of runs made each kill slower without testing more.
VAULT_RUNS = 60


class Reporter:
    """The child's end of the pipe: acknowledgements and durable steps."""

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def ready(self) -> None:
        os.write(self._fd, READY + b"\n")

    def ack(self, line: str) -> None:
        os.write(self._fd, ACK + line.encode() + b"\n")

    def step(self, label: str) -> None:
        os.write(self._fd, STEP + b"\n")


@dataclass
class Outcome:
    acks: list[str] = field(default_factory=list)
    steps: int = 0
    killed: bool = False  # SIGKILL ended it (not an error, nor the end of its work)
    status: int = 0
    error: str = ""
    ran: float = 0.0  # seconds from ready to its end, when it was not killed


def _child(work: Callable[[Reporter], None], fd: int) -> None:
    """Run in the forked child; never returns into pytest."""
    code = 0
    try:
        reporter = Reporter(fd)
        fsutil.fault_hook = reporter.step
        work(reporter)
    except BaseException:
        code = 3
        # What failed, for the parent's report (one line: the pipe is line-based).
        os.write(fd, ERROR + traceback.format_exc().replace("\n", " | ").encode() + b"\n")
    finally:
        os._exit(code)


def _after_ready(received: bytes) -> list[bytes]:
    """The whole lines the child wrote once it was ready."""
    _, _, after = received.partition(READY + b"\n")
    return after.split(b"\n")[:-1]


def _parse(received: bytes, outcome: Outcome) -> None:
    for line in received.split(b"\n"):
        if line.startswith(ERROR):
            outcome.error = line[1:].decode()
    for line in _after_ready(received):
        if line.startswith(ACK):
            outcome.acks.append(line[1:].decode())
        elif line == STEP:
            outcome.steps += 1


def run_child(
    work: Callable[[Reporter], None],
    *,
    delay: float | None = None,
    at_step: int | None = None,
    jitter: float = 0.0,
) -> Outcome:
    """Fork ``work``; once it is ready, kill it ``delay`` seconds later, or ``jitter`` seconds
    after its ``at_step``-th durable step; with neither, let it run to its end."""
    read_fd, write_fd = os.pipe()
    # The child shares the test process's memory until it writes to it; a garbage collection
    # in the child would touch (and so copy) every object of pytest's heap: frozen, they are
    # left out of it.
    gc.freeze()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(work, write_fd)
    gc.unfreeze()
    os.close(write_fd)
    received = b""
    ran = 0.0
    try:
        while READY + b"\n" not in received:
            chunk = os.read(read_fd, 65536)
            if not chunk:
                break  # it ended before it was ready: its status says why
            received += chunk
        if delay is not None:
            time.sleep(delay)
            os.kill(pid, signal.SIGKILL)
        elif at_step is not None:
            while _after_ready(received).count(STEP) < at_step:
                ready, _, _ = select.select([read_fd], [], [], 10.0)
                chunk = os.read(read_fd, 65536) if ready else b""
                if not chunk:
                    break
                received += chunk
            if jitter:
                time.sleep(jitter)
            os.kill(pid, signal.SIGKILL)
        else:
            ready_at = time.monotonic()
            while chunk := os.read(read_fd, 65536):
                received += chunk
            ran = time.monotonic() - ready_at
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        _, status = os.waitpid(pid, 0)
        while chunk := os.read(read_fd, 65536):
            received += chunk
        os.close(read_fd)
    outcome = Outcome(status=status, ran=ran)
    _parse(received, outcome)
    outcome.killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    return outcome


@dataclass(frozen=True)
class Pace:
    """One operation's cost on this machine, measured by running it unkilled."""

    seconds: float
    steps: float
    acks: tuple[str, ...] = ()


def measure(work: Callable[[Reporter], None], operations: int, *, acks_each: int = 1) -> Pace:
    """Run ``work`` (which must stop after ``operations`` operations, each acknowledged
    ``acks_each`` times) to its end."""
    outcome = run_child(work)
    assert os.WIFEXITED(outcome.status) and os.WEXITSTATUS(outcome.status) == 0, outcome.error
    assert len(outcome.acks) == operations * acks_each, outcome.acks
    return Pace(outcome.ran / operations, outcome.steps / operations, tuple(outcome.acks))


@dataclass
class Tally:
    """How the kills landed: evidence that they spread over the operation."""

    kills: int = 0
    by_delay: int = 0
    by_step: int = 0
    before_first_ack: int = 0
    after_some_acks: int = 0

    def note(self, outcome: Outcome, *, by_step: bool) -> None:
        assert outcome.killed, f"the child was not killed: {outcome.error or outcome.status}"
        self.kills += 1
        self.by_step += by_step
        self.by_delay += not by_step
        if outcome.acks:
            self.after_some_acks += 1
        else:
            self.before_first_ack += 1

    def assert_spread(self) -> None:
        """Over a long run, many kills landed after an operation had returned, not all in the
        child's first one. (Where a kill lands depends on the machine's timing: a dozen
        runs may by chance all land early, so only the long runs assert it; how many landed
        before the first acknowledgement is reported, not asserted, for the same reason.)"""
        if self.kills >= LONG_RUN:
            # About a third land after the first acknowledgement (a kill lands in the first
            # one and a half operations); an eighth leaves room for chance.
            assert self.after_some_acks >= self.kills // 8, self


def kill_somewhere(
    chance: random.Random, work: Callable[[Reporter], None], pace: Pace, tally: Tally
) -> Outcome:
    """One run of ``work`` killed at a moment drawn from ``chance`` (see the module's text)."""
    by_step = pace.steps >= 1 and chance.random() < 0.5
    if by_step:
        step = chance.randint(1, max(1, round(pace.steps * SPAN_OPERATIONS)))
        outcome = run_child(work, at_step=step, jitter=chance.uniform(0, STEP_JITTER))
    else:
        outcome = run_child(work, delay=chance.uniform(0, pace.seconds * SPAN_OPERATIONS))
    tally.note(outcome, by_step=by_step)
    return outcome
