"""The canary scan (issue 11): after a scripted day of use, the centre's counts, the staff log
and both CSV exports (from the console and from ``kiosk admin``) hold no vault name, PIN,
recovery code, vault id or anything she wrote.

The day: a vault made at the kiosk's gatekeeper and one with ``kiosk admin vault create``,
each with a canary name and PIN; a visit that writes a canary note and leaves by quick exit;
a visit left to the idle lock; a forgotten PIN recovered with the canary code; staff signing
in, deleting a vault and saving both reports. Printing's counts join this scan once the print
stream's hooks are merged.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.staff.audit import StaffAction
from kiosk.staff.export import PeriodTotals, totals
from kiosk.staff.numbers import DayCounts, Tally
from kiosk.ui.screens.common.idle import StillThereScreen
from kiosk.ui.screens.staff.audit_log import StaffLogScreen
from kiosk.ui.screens.staff.numbers import CentreNumbersScreen
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.kdf import FLOOR
from tests.commands import run
from tests.ui.conftest import Kiosk
from tests.ui.helpers import fill, settle, until
from tests.ui.save_place_fixtures import sticks  # noqa: F401 (a fixture)
from tests.ui.staff_numbers_fixtures import STAFF_NAME, open_staff_screen, stick  # noqa: F401

CANARY_NAME = "quokka-lanternfish"
CANARY_PIN = "740318596"
CANARY_NEW_PIN = "918273645"
CANARY_NOTE = "Canary7731 he waited outside the pharmacy"
CLI_NAME = "marmoset-thimble"
CLI_PIN = "602719384"


async def _unlock(pilot, name: str, pin: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("enter")  # "Open my vault"
    await fill(pilot, name)
    await pilot.press("tab")
    await fill(pilot, pin)
    await pilot.press("enter")
    await settle(pilot)
    app = pilot.app
    await until(pilot, lambda: app.screen.__class__.__name__ != "UnlockScreen")
    if app.screen.__class__.__name__ == "QuickExitIntroScreen":
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.__class__.__name__ != "QuickExitIntroScreen")


def every_day_of(days: list[DayCounts]) -> list[PeriodTotals]:
    return [PeriodTotals(day.day, day.counts) for day in days]


def _forms(text: str) -> set[str]:
    """A canary as it might be written: as typed, folded, without its separators."""
    folded = text.casefold()
    return {text, folded, re.sub(r"[\s\-]", "", folded), text.upper()}


async def test_a_day_of_use_leaves_no_canary_in_counts_log_or_exports(
    kiosk: Kiosk,
    stick: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = kiosk.gatekeeper.provision(CANARY_NAME, CANARY_PIN, CANARY_PIN)
    code = made.recovery_code
    vault_ids = {summary.vault_id for summary in kiosk.gatekeeper.list_vaults()}

    # The operator's command makes the second vault (floor KDF, as on a centre's kiosk).
    data = kiosk.config.data_path()
    config_file = tmp_path / "kiosk.toml"
    config_file.write_text(f'[kiosk]\ndata_dir = "{data}"\n[kdf]\nprofile = "calibrated"\n')
    Gatekeeper.save_calibration(data, FLOOR, 0.0)
    status, out, err = run(
        capsys,
        monkeypatch,
        config_file,
        "admin",
        "vault",
        "create",
        "--name",
        CLI_NAME,
        stdin=f"{CLI_PIN}\n{CLI_PIN}\n",
    )
    assert status == 0, err
    cli_code = re.search(r"recovery code: (\S+)", out).group(1)  # type: ignore[union-attr]
    vault_ids |= {summary.vault_id for summary in kiosk.gatekeeper.list_vaults()}

    # A visit: she writes a note, then leaves by quick exit.
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _unlock(pilot, CANARY_NAME, CANARY_PIN)
        await pilot.click("#notes")
        await pilot.click("#write")
        await fill(pilot, CANARY_NOTE)
        await pilot.click("#save")
        await settle(pilot)
        await pilot.press("f12")
        await settle(pilot)

    # A visit left to the idle lock.
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _unlock(pilot, CANARY_NAME, CANARY_PIN)
        kiosk.clock.advance(app.idle_limit_seconds)
        app.check_inactivity()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StillThereScreen)
        kiosk.clock.advance(kiosk.config.session.idle_warning_seconds)
        screen._tick()
        # Its counts are written before its code is set (KioskApp.on_vault_locked).
        await until(pilot, lambda: app.return_code is not None)

    # Her PIN forgotten: the recovery code sets a new one.
    kiosk.gatekeeper.recover(CANARY_NAME, code, CANARY_NEW_PIN, CANARY_NEW_PIN)

    # Staff: signed in, delete the CLI's vault (the name typed, never recorded), save reports.
    audit = kiosk.services.audit
    audit.record(StaffAction.SIGNED_IN, STAFF_NAME)
    kiosk.gatekeeper.delete(CLI_NAME)
    audit.record(StaffAction.VAULT_DELETED, STAFF_NAME, "1 vault")
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_staff_screen(pilot, CentreNumbersScreen)
        await pilot.click("#numbers-save")
        await pilot.click("#save-csv-file")
        await settle(pilot)
        await pilot.click("#back")
        await open_staff_screen(pilot, StaffLogScreen)
        await pilot.click("#log-save")
        await pilot.click("#save-csv-file")
        await settle(pilot)
    numbers_csv, log_csv = tmp_path / "numbers.csv", tmp_path / "log.csv"
    for command, target in (("numbers", numbers_csv), ("log", log_csv)):
        status, _, err = run(
            capsys, monkeypatch, config_file, "admin", command, "--output", str(target)
        )
        assert status == 0, err

    # The day was counted ...
    # (the operator's command counts on the real clock, the kiosk on the test's)
    counts = totals(every_day_of(kiosk.services.numbers.days()))
    assert counts[Tally.VAULTS_CREATED] == 2 and counts[Tally.VAULTS_DELETED] == 1
    assert counts[Tally.VISITS] == 2 and counts[Tally.QUICK_EXITS] == 1
    assert counts[Tally.IDLE_LOCKS] == 1 and counts[Tally.RECOVERIES] == 1
    assert kiosk.services.audit.verify() is None

    # ... and nothing in what the counts and the log left names her, her vault or her words.
    scanned = [
        *sorted((data / "numbers").iterdir()),
        *sorted((data / "staff").glob("audit*")),
        *sorted(stick.glob("*.csv")),
        numbers_csv,
        log_csv,
    ]
    assert len(list(stick.glob("*.csv"))) == 2
    canaries = set()
    for secret in (CANARY_NAME, CANARY_PIN, CANARY_NEW_PIN, code, CLI_NAME, CLI_PIN, cli_code):
        canaries |= _forms(secret)
    canaries |= _forms("Canary7731") | vault_ids
    for path in scanned:
        if path.name == "audit.lock":
            continue
        text = path.read_bytes().decode("utf-8")
        folded = text.casefold()
        squeezed = re.sub(r"[\s\-]", "", folded)
        found = [c for c in canaries if c in text or c.casefold() in folded or c in squeezed]
        assert not found, f"{path.name} holds {found}"
