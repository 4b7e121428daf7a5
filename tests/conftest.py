"""Shared fixtures: a private data folder, a tiny KDF profile, and a clock the test moves."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from kiosk.printing import render_server
from kiosk.vault.gatekeeper.gate import Gatekeeper, KdfPolicy
from kiosk.vault.gatekeeper.lockout import SprayLimit
from kiosk.vault.kdf import KdfParams

# Unit tests use Argon2id at 8 KiB and one pass so a hundred unlocks take milliseconds; the
# floor is lowered to match. The `slow` tests use the real parameters.
TINY = KdfParams(memory_kib=8, iterations=1, parallelism=1)
FAST_POLICY = KdfPolicy(pin=TINY, recovery=TINY, floor=TINY)

os.umask(0o077)


@pytest.fixture(autouse=True)
def render_server_running() -> None:
    """Renders run in processes forked by a render server, forked from the main thread as a
    session forks its own first thing; a test in a thread then uses it. Under pytest-xdist the
    worker has one more thread (execnet's, waiting on its channel), hence ``other_threads_idle``.
    Started before each test because a test may stop it."""
    render_server.start(other_threads_idle=True)


# Speed is measured in scripts/bench, never asserted in a test: Hypothesis's default 200 ms
# deadline per example failed a PIN-policy test on a loaded two-core machine.
settings.register_profile("harbour", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("harbour")


class FakeClock:
    def __init__(self, start: float = 1_790_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def make_gatekeeper(data_dir: Path, clock: FakeClock) -> Callable[..., Gatekeeper]:
    """A gatekeeper on the test folder; call again to simulate a restart of the kiosk."""
    secret_file = data_dir / "gatekeeper" / "kiosk.secret"
    Gatekeeper.initialise(data_dir, secret_file)

    def build(*, kdf: KdfPolicy = FAST_POLICY, spray: SprayLimit | None = None) -> Gatekeeper:
        return Gatekeeper(data_dir, secret_file, kdf=kdf, spray=spray, clock=clock)

    return build


@pytest.fixture
def gatekeeper(make_gatekeeper: Callable[..., Gatekeeper]) -> Gatekeeper:
    return make_gatekeeper()


# The fixtures that start a private cupsd (tests/printing/conftest.py). A test that uses one
# is marked ``cups`` here, so no test has to remember to say it.
CUPS_FIXTURES = frozenset({"cups_tools", "make_private_cups", "private_cups"})


# The markers of the tests that take longest (tens of seconds each, the slow timing test
# well over a minute), longest first.
LONG_MARKERS = ("slow", "bench", "e2e")


@pytest.hookimpl(trylast=True)  # after every conftest has marked its own tests
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if CUPS_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.cups)
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "0"))
    if workers > 1:
        items[:] = long_tests_first(items, workers)


def _length_rank(item: pytest.Item) -> int:
    for rank, marker in enumerate(LONG_MARKERS):
        if item.get_closest_marker(marker) is not None:
            return rank
    return len(LONG_MARKERS)


def long_tests_first(items: list[pytest.Item], workers: int) -> list[pytest.Item]:
    """Under pytest-xdist's worksteal each of the workers is first given one contiguous block
    of the collection, and an idle worker steals from the end of another's: a long test near
    the end of a block started last, and the run waited for it alone. The long tests go to
    the heads of the blocks in turn, longest first; every other test keeps its order. Every
    worker computes the same order, as xdist requires."""
    ranked = sorted(items, key=_length_rank)  # stable: the order within a rank is kept
    long_tests = [item for item in ranked if _length_rank(item) < len(LONG_MARKERS)]
    long_ids = {id(item) for item in long_tests}
    rest = [item for item in items if id(item) not in long_ids]
    ordered: list[pytest.Item] = []
    remaining = len(items)
    for block in range(workers):
        # The block sizes worksteal gives: what is left, shared among the workers to come.
        size = remaining // (workers - block)
        remaining -= size
        heads = long_tests[block::workers]
        ordered += heads
        ordered += rest[: max(0, size - len(heads))]
        del rest[: max(0, size - len(heads))]
    ordered += rest
    assert len(ordered) == len(items)
    return ordered
