"""Fixtures for the end-to-end tests: tmux, a data folder set up with the real ``kiosk admin``
commands (the kiosk's cheapest accepted KDF), and the supervisor in a private tmux server."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.kdf import FLOOR
from tests.e2e.harness import (
    PIN,
    STAFF_NAME,
    STAFF_PASSPHRASE,
    VAULT_NAME,
    KioskTerminal,
    Site,
    TmuxSession,
    skip_or_fail,
)

ROOT = Path(__file__).resolve().parents[2]
TEST_HOLD_SECONDS = 1
# A short neutral hold after each visit keeps the tests quick; the hold's own test sets more.
HOLD = f"[quick_exit]\nneutral_hold_seconds = {TEST_HOLD_SECONDS}\n"
CALIBRATED = '[kdf]\nprofile = "calibrated"\n'


@pytest.fixture(scope="session")
def tmux_binary() -> str:
    found = shutil.which("tmux")
    if found is None:
        skip_or_fail("tmux is not installed: the end-to-end tests drive the kiosk in tmux")
    assert found is not None
    return found


@pytest.fixture(scope="session")
def kiosk_command() -> Path:
    """The installed console script, next to the interpreter running the tests."""
    script = Path(sys.executable).with_name("kiosk")
    if not script.exists():
        pytest.fail(f"the kiosk command is not installed next to {sys.executable}")
    return script


def set_up_site(folder: Path, kiosk_command: Path) -> Site:
    config = folder / "kiosk.toml"
    # The helpline directory shipped in the package. These tests are about the terminal, not
    # the KDF, so PINs use the cheapest parameters the kiosk accepts (its floor), chosen the way a
    # centre's kiosk chooses them: the "calibrated" profile reading the data folder's kdf.json.
    # Set up with "standard" so that init does not spend seconds measuring the machine.
    config.write_text('[kdf]\nprofile = "standard"\n' + HOLD)
    made = Site(kiosk_command, config, folder / "data")
    made.admin(
        "init", "--staff-name", STAFF_NAME, stdin=f"{STAFF_PASSPHRASE}\n{STAFF_PASSPHRASE}\n"
    )
    Gatekeeper.save_calibration(made.data, FLOOR, 0.0)
    config.write_text(CALIBRATED + HOLD)
    out = made.admin("vault", "create", "--name", VAULT_NAME, stdin=f"{PIN}\n{PIN}\n")
    assert f"name: {VAULT_NAME}" in out
    return made


@pytest.fixture(scope="session")
def site_template(tmp_path_factory: pytest.TempPathFactory, kiosk_command: Path) -> Path:
    """The data folder the real ``kiosk admin`` commands set up, made once per worker and
    copied for each test: the commands hash a staff passphrase and derive the vault's keys,
    seconds of work that no test here is about."""
    return set_up_site(tmp_path_factory.mktemp("site"), kiosk_command).data


@pytest.fixture
def site(tmp_path: Path, kiosk_command: Path, site_template: Path) -> Site:
    config = tmp_path / "kiosk.toml"
    config.write_text(CALIBRATED + HOLD)
    shutil.copytree(site_template, tmp_path / "data")  # modes too: 0700 folders, 0600 files
    return Site(kiosk_command, config, tmp_path / "data")


@pytest.fixture
def tmux(tmux_binary: str) -> Iterator[Callable[..., TmuxSession]]:
    """Start commands in private tmux servers; every server is killed afterwards."""
    started: list[TmuxSession] = []

    def start(command: Sequence[str], *, report_exit: bool = False) -> TmuxSession:
        session = TmuxSession(command, report_exit=report_exit)
        started.append(session)
        return session

    yield start
    for session in started:
        session.kill()


@pytest.fixture
def kiosk(site: Site, tmux: Callable[..., TmuxSession]) -> KioskTerminal:
    """The real supervisor (``kiosk --config … --data-dir …``) in a 100×30 terminal."""
    return KioskTerminal(tmux(site.run_command()))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives the real kiosk in a terminal: the quick lane skips them."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)
