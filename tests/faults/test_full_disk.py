"""A full disk: the kiosk's data folder on a 2 MiB tmpfs, filled to the last page.

A diary entry, a note and a plan saved then are refused with the calm "could not be saved"
words (``StorageFull``, worded by kiosk/ui/wording.py), what she wrote stays in the form, and
once space is back the same save stores it once: nothing lost, nothing doubled. A vault that
cannot be provisioned on a full disk leaves nothing behind, whatever point of the
provisioning the space ran out at.

Mounting needs root: without it the tests skip with that reason, except under CI=true (where
the tests run as root), where they fail.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from textual.widgets import Button, Static, TextArea

from kiosk.diary.repository import DiaryRepository
from kiosk.helplines.loader import load_directory
from kiosk.notes.repository import NotesRepository
from kiosk.plan.repository import PlanRepository
from kiosk.printing.cups import CupsPrinter
from kiosk.services import Services, vault_event_counter
from kiosk.staff.accounts import StaffAccounts
from kiosk.staff.audit import AuditLog
from kiosk.staff.numbers import CentreNumbers
from kiosk.ui.screens.notes.notebook import NoteEditorScreen, NotesScreen
from kiosk.ui.wording import describe
from kiosk.vault.errors import StorageFull
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.service import VaultService
from kiosk.vault.storage.drafts import DraftsRepository
from tests.conftest import FAST_POLICY, FakeClock
from tests.e2e.harness import skip_or_fail
from tests.faults.test_kill_plan import answers
from tests.ui.conftest import (  # noqa: F401  (the Pilot fixtures the UI tests run with)
    NAME,
    PIN,
    Kiosk,
    buttons_take_every_press,
    data_template,
    finer_idle_checks,
    kiosk_config,
    no_blinking_cursors,
    pilot_skips_idle_widgets,
    pilot_waits_until_settled,
    stylesheets_parsed_once,
)
from tests.ui.diary_form_steps import keyboard_through_every_step, open_form, press_button
from tests.ui.helpers import open_vault, settle
from tests.unit.diary_fixtures import later

SIZE = "2m"
PAGE = 4096
COULD_NOT_SAVE = describe(StorageFull())
T = TypeVar("T")


class SmallDisk:
    """A private tmpfs: the data folder lives in it, and a filler file takes its free space."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self._filler = root / "filler"

    def free_bytes(self) -> int:
        found = os.statvfs(self.root)
        return found.f_bavail * found.f_frsize

    def fill(self, leave: int = 0) -> None:
        """Take every free page but ``leave`` bytes (rounded down to whole pages)."""
        with open(self._filler, "ab") as filler:
            for chunk in (1 << 16, PAGE):
                while self.free_bytes() - chunk >= leave:
                    try:
                        filler.write(b"\0" * chunk)
                        filler.flush()
                    except OSError as error:
                        assert error.errno == errno.ENOSPC
                        break
        assert self.free_bytes() < leave + PAGE

    def make_room(self) -> None:
        self._filler.unlink(missing_ok=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    if os.geteuid() != 0:
        skip_or_fail("mounting a small tmpfs for the data folder needs root")
    root = tmp_path / "small-disk"
    root.mkdir(mode=0o700)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={SIZE},mode=0700", "tmpfs", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        skip_or_fail(f"could not mount a tmpfs: {mounted.stderr.strip()}")
    try:
        yield SmallDisk(root)
    finally:
        subprocess.run(["umount", str(root)], check=False)


@pytest.fixture
def full_disk_kiosk(
    small_disk: SmallDisk,
    clock: FakeClock,
    data_template: tuple[Path, str],  # noqa: F811  (the fixture imported above)
) -> Kiosk:
    """The UI tests' kiosk (tests/ui/conftest.py), its data folder on the small disk."""
    template, recovery_code = data_template
    config = kiosk_config(small_disk.data)
    shutil.copytree(template, config.data_path())
    numbers = CentreNumbers(config.data_path(), clock)
    gatekeeper = Gatekeeper(
        config.data_path(),
        config.secret_path(),
        kdf=FAST_POLICY,
        clock=clock,
        on_event=vault_event_counter(numbers),
    )
    services = Services(
        vaults=VaultService(gatekeeper),
        staff=StaffAccounts(config.data_path()),
        directory=load_directory(None),
        printer=CupsPrinter(queue="absent", server=str(small_disk.root / "no-cups.sock")),
        config=config,
        numbers=numbers,
        audit=AuditLog(config.data_path(), clock, seal=gatekeeper.staff_log_seal),
    )
    return Kiosk(config, gatekeeper, services, clock, recovery_code)


pytestmark = pytest.mark.usefixtures("buttons_take_every_press")

WHAT = "He followed me from the bus stop to the door, a second time this week."


async def test_a_diary_entry_saved_on_a_full_disk_is_kept_in_the_form_and_saved_once_later(
    small_disk: SmallDisk, full_disk_kiosk: Kiosk
) -> None:
    app = full_disk_kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        await keyboard_through_every_step(pilot, what=WHAT)
        small_disk.fill()
        await press_button(pilot)  # Save
        await settle(pilot)
        assert app.screen is form
        assert str(form.query_one("#message", Static).render()) == COULD_NOT_SAVE
        fields = form.draft_fields()
        assert fields is not None and WHAT in fields["form"]  # what she wrote is all there
        assert app.vault is not None and DiaryRepository(app.vault).entries() == []
        small_disk.make_room()
        form.query_one("#d-next", Button).press()  # Save, again
        await settle(pilot)
        assert app.screen is not form
    with VaultService(full_disk_kiosk.gatekeeper).open(NAME, PIN) as vault:
        diary = DiaryRepository(vault)
        [entry] = diary.entries()
        stored = diary.get(entry.number)
        assert stored is not None and stored.content is not None
        assert stored.content.what_happened == WHAT
        assert DraftsRepository(vault).all() == []  # no draft to bring it back a second time
        assert vault.full_check()


async def test_a_note_saved_on_a_full_disk_stays_in_the_editor_and_is_saved_once_later(
    small_disk: SmallDisk, full_disk_kiosk: Kiosk
) -> None:
    app = full_disk_kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await pilot.click("#notes")
        await pilot.click("#write")
        editor = app.screen
        assert isinstance(editor, NoteEditorScreen)
        editor.query_one("#note-text", TextArea).load_text(WHAT)
        small_disk.fill()
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is editor
        assert str(editor.query_one("#message", Static).render()) == COULD_NOT_SAVE
        assert editor.query_one("#note-text", TextArea).text == WHAT
        small_disk.make_room()
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
    with VaultService(full_disk_kiosk.gatekeeper).open(NAME, PIN) as vault:
        assert [note.body for note in NotesRepository(vault).all()] == [WHAT]
        assert DraftsRepository(vault).all() == []
        assert vault.full_check()


def test_a_plan_saved_on_a_full_disk_is_refused_calmly_and_saved_once_later(
    small_disk: SmallDisk, full_disk_kiosk: Kiosk
) -> None:
    with VaultService(full_disk_kiosk.gatekeeper).open(NAME, PIN) as vault:
        plans = PlanRepository(vault)
        plans.keep_in_progress(answers(1), position="home", based_on=None, saved=later(0))
        small_disk.fill()
        with pytest.raises(StorageFull) as refused:
            plans.save_version(answers(1), content_version=1, saved=later(1))
        assert refused.value.code == "storage-full"
        assert describe(refused.value) == COULD_NOT_SAVE
        assert plans.versions() == []
        kept = plans.in_progress()  # what she wrote is still kept
        assert kept is not None and kept.answers == answers(1)
        small_disk.make_room()
        assert plans.save_version(answers(1), content_version=1, saved=later(1)) == 1
    with VaultService(full_disk_kiosk.gatekeeper).open(NAME, PIN) as vault:
        plans = PlanRepository(vault)
        assert [s.number for s in plans.versions()] == [1]
        version = plans.version(1)
        assert version is not None and version.answers == answers(1)
        assert plans.in_progress() is None
        assert vault.full_check()


def listing(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes (the disk's filler left out)."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name != "filler":
            found[str(path.relative_to(root))] = path.read_bytes()
        elif path.is_dir():
            found[str(path.relative_to(root)) + "/"] = b""
    return found


def test_a_vault_that_cannot_be_provisioned_on_a_full_disk_leaves_nothing_behind(
    small_disk: SmallDisk, full_disk_kiosk: Kiosk
) -> None:
    """The space runs out at every point of a provisioning in turn: with nothing free, then
    one page more at a time until it fits. Each refusal is ``StorageFull`` and leaves the
    data folder exactly as it was, file for file and byte for byte; the first that fits
    makes a whole vault."""
    keeper = full_disk_kiosk.gatekeeper
    refusals = 0
    for pages in range(0, 200):
        before = listing(small_disk.data)
        small_disk.fill(leave=pages * PAGE)
        try:
            made = keeper.provision("new-vault", "402917", "402917")
        except StorageFull:
            refusals += 1
            small_disk.make_room()
            assert listing(small_disk.data) == before, pages
            continue
        small_disk.make_room()
        break
    else:
        raise AssertionError("never provisioned, even with 200 pages free")
    assert refusals >= 3  # it ran out at several points before it fitted
    print(f"provisioning refused {refusals} times, fitted with {pages} pages free")
    with VaultService(keeper).open("new-vault", "402917") as vault:
        assert vault.full_check()
    assert keeper.state_of("new-vault").vault_id == made.vault_id
    for summary in keeper.list_vaults():
        assert summary.state.name == "READY", summary


def refused_until_it_fits(small_disk: SmallDisk, keeper: Gatekeeper, attempt: Callable[[], T]) -> T:
    """``attempt`` with the space running out at every point of it in turn (nothing free,
    then one page more at a time). Each refusal must be ``StorageFull``, leave no part-made
    copy of the vault and leave it whole under the old PIN; what the first that fits gives."""
    refusals = 0
    for pages in range(0, 200):
        small_disk.fill(leave=pages * PAGE)
        try:
            done = attempt()
        except StorageFull:
            refusals += 1
            small_disk.make_room()
            assert list(small_disk.data.rglob("*.next*")) == [], pages
            with VaultService(keeper).open(NAME, PIN) as vault:
                assert vault.full_check()
            continue
        small_disk.make_room()
        assert refusals >= 2  # it ran out at several points before it fitted
        return done
    raise AssertionError("it never fitted, even with 200 pages free")


def test_a_pin_change_on_a_full_disk_says_so_and_changes_nothing(
    small_disk: SmallDisk, full_disk_kiosk: Kiosk
) -> None:
    """Most of a PIN change is the vault's copy under its new key. A full disk read as a
    damaged vault, and staff were told to restore it or delete it."""
    keeper = full_disk_kiosk.gatekeeper
    refused_until_it_fits(
        small_disk, keeper, lambda: keeper.change_secret(NAME, PIN, "402917", "402917")
    )
    with VaultService(keeper).open(NAME, "402917") as vault:
        assert vault.full_check()


def test_a_recovery_on_a_full_disk_says_so_and_keeps_the_code(
    small_disk: SmallDisk, full_disk_kiosk: Kiosk
) -> None:
    """As for a PIN change; the recovery code is not spent by a refusal."""
    keeper = full_disk_kiosk.gatekeeper
    code = full_disk_kiosk.recovery_code
    key, _ = refused_until_it_fits(
        small_disk, keeper, lambda: keeper.recover(NAME, code, "402917", "402917")
    )
    assert key.vault_id == keeper.state_of(NAME).vault_id
    with VaultService(keeper).open(NAME, "402917") as vault:
        assert vault.full_check()
