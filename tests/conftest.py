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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if CUPS_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.cups)
