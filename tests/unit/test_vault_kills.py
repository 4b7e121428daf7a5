"""Kill tests: die at every durable step of create, change-PIN, recovery and delete.

A forked child runs the operation with a fault hook that sends itself SIGKILL at its n-th
durable step (every write, fsync, rename, link and unlink the vault code makes), for n = 1, 2,
… until the operation finishes without reaching n. After each kill the parent checks, with a
fresh gatekeeper as a restarted kiosk would have: the vault opens with the old or the new
secret (a delete either happened or the vault still opens), and once it has been opened (or
listed, for a delete) no temporary, previous or staged copy of a wrapped key or database is
left. Fast KDF profile; each test stays well under ten seconds.
"""

from __future__ import annotations

import functools
import os
import random
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.notes.repository import NotesRepository
from kiosk.vault import fsutil
from kiosk.vault.errors import NotRecognised, PinDisabled, VaultError
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.service import VaultService
from tests.conftest import FAST_POLICY, FakeClock

NAME = "river-stone"
PIN = "583920"
NEW_PIN = "402917"
NOTE = "kept through every kill"
CLEAN_FILES = {"vault.db", "slots.json", ".lock"}


class Template:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.secret = self.data / "gatekeeper" / "kiosk.secret"
        self.clock = FakeClock()

    def gatekeeper(self, data: Path | None = None) -> Gatekeeper:
        data = data or self.data
        secret = data / "gatekeeper" / "kiosk.secret"
        return Gatekeeper(data, secret, kdf=FAST_POLICY, clock=self.clock)


def make_template(root: Path, *, with_vault: bool = True, disable_pin: bool = False) -> Template:
    template = Template(root)
    Gatekeeper.initialise(template.data, template.secret)
    template.code = ""
    if with_vault:
        keeper = template.gatekeeper()
        template.code = keeper.provision(NAME, PIN, PIN).recovery_code
        with VaultService(keeper).open(NAME, PIN) as vault, vault.transaction() as db:
            db.execute("INSERT INTO meta (k, v) VALUES ('note', ?)", (NOTE,))
        for attempt in range(10 if disable_pin else 0):
            template.clock.advance(4000)
            with pytest.raises((NotRecognised, PinDisabled)):
                keeper.unlock(NAME, f"91735{attempt}")
    return template


def run_killed_at(step: int, work: Callable[[], None]) -> bool:
    """Run ``work`` in a child killed at its ``step``-th durable step; True if it was killed."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        seen = 0

        def hook(label: str) -> None:
            nonlocal seen
            seen += 1
            if seen == step:
                os.kill(os.getpid(), signal.SIGKILL)

        fsutil.fault_hook = hook
        try:
            work()
        except BaseException:
            os._exit(3)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return True
    assert os.WEXITSTATUS(status) == 0, "the operation failed instead of finishing"
    return False


def walk_every_step(
    tmp_path: Path,
    template: Template,
    operation: Callable[[Template], None],
    check: Callable[[Template], None],
) -> int:
    """Kill the operation at step 1, 2, … on a fresh copy each time; return the kill count."""
    for step in range(1, 500):
        copy = Template(tmp_path / f"run-{step}")
        shutil.copytree(template.root, copy.root, symlinks=True)
        copy.code, copy.clock.now = template.code, template.clock.now
        killed = run_killed_at(step, functools.partial(operation, copy))
        check(copy)  # after a kill, or once the operation finished: the same checks hold
        shutil.rmtree(copy.root)
        if not killed:
            return step - 1
    raise AssertionError("the operation never finished")


def assert_no_key_copies(template: Template) -> None:
    for folder in (template.data / "vaults").iterdir():
        leftovers = {p.name for p in folder.iterdir()} - CLEAN_FILES
        assert leftovers <= {".deleting"}, leftovers


def opens_with(template: Template, secret: str) -> bool:
    keeper = template.gatekeeper()
    try:
        with VaultService(keeper).open(NAME, secret) as vault:
            assert vault.meta()["note"] == NOTE
    except (NotRecognised, PinDisabled):
        return False
    return True


@pytest.mark.parametrize("others", [0, 1], ids=["first-vault", "beside-another"])
def test_killed_create(tmp_path: Path, others: int) -> None:
    template = make_template(tmp_path / "template", with_vault=False)
    for index in range(others):
        template.gatekeeper().provision(f"other-vault-{index}", PIN, PIN)

    def create(copy: Template) -> None:
        copy.gatekeeper().provision(NAME, PIN, PIN)

    def check(copy: Template) -> None:
        keeper = copy.gatekeeper()
        for index in range(others):
            keeper.unlock(f"other-vault-{index}", PIN)  # never harmed
        try:
            with VaultService(keeper).open(NAME, PIN):
                pass
        except NotRecognised:
            # Never named: at worst an incomplete folder nobody can open, listed for staff.
            return
        assert_no_key_copies(copy)

    kills = walk_every_step(tmp_path, template, create, check)
    assert kills >= 8


@pytest.mark.parametrize("times", [1, 2])
def test_killed_pin_change(tmp_path: Path, times: int) -> None:
    template = make_template(tmp_path / "template")
    old, new = PIN, NEW_PIN
    if times == 2:  # the second change starts from a rotated vault with a recorded db salt
        template.gatekeeper().change_secret(NAME, PIN, "739251", "739251")
        old = "739251"

    def change(copy: Template) -> None:
        copy.gatekeeper().change_secret(NAME, old, new, new)

    def check(copy: Template) -> None:
        assert opens_with(copy, old) or opens_with(copy, new)
        assert_no_key_copies(copy)
        copy.gatekeeper().recover(NAME, copy.code, "604918", "604918")  # the code still works

    assert walk_every_step(tmp_path, template, change, check) >= 20


def test_killed_pin_change_inside_an_open_session(tmp_path: Path) -> None:
    template = make_template(tmp_path / "template")

    def change(copy: Template) -> None:
        keeper = copy.gatekeeper()
        with VaultService(keeper).open(NAME, PIN) as vault:
            keeper.change_secret(NAME, PIN, NEW_PIN, NEW_PIN)
            assert vault.meta()["note"] == NOTE  # the session follows the re-keyed file

    def check(copy: Template) -> None:
        assert opens_with(copy, PIN) or opens_with(copy, NEW_PIN)
        assert_no_key_copies(copy)

    assert walk_every_step(tmp_path, template, change, check) >= 20


@pytest.mark.parametrize(
    ("disabled", "changed_before"),
    [(False, False), (True, False), (False, True)],
    ids=["pin-live", "pin-disabled", "after-a-pin-change"],
)
def test_killed_recovery(tmp_path: Path, disabled: bool, changed_before: bool) -> None:
    template = make_template(tmp_path / "template", disable_pin=disabled)
    if changed_before:
        template.gatekeeper().change_secret(NAME, PIN, "739251", "739251")

    def recover(copy: Template) -> None:
        copy.gatekeeper().recover(NAME, copy.code, NEW_PIN, NEW_PIN)

    def check(copy: Template) -> None:
        keeper = copy.gatekeeper()
        service = VaultService(keeper)
        try:
            vault = service.open(NAME, NEW_PIN)
        except (NotRecognised, PinDisabled):
            # Not committed: the old code still works, and no code from the killed try shows.
            vault, new_code = service.open_with_recovery(NAME, copy.code, NEW_PIN, NEW_PIN)
            with vault:
                assert vault.pending_recovery_code == new_code
                assert vault.meta()["note"] == NOTE
            assert_no_key_copies(copy)
            return
        with vault:
            # Committed: the new PIN works (whatever the old count was) and the new code,
            # never shown by the killed process, is waiting to be shown now.
            assert vault.meta()["note"] == NOTE
            pending = vault.pending_recovery_code
            assert pending is not None
            vault.clear_pending_recovery_code()
        assert_no_key_copies(copy)
        with pytest.raises(NotRecognised):
            keeper.recover(NAME, copy.code, "604918", "604918")  # the old code is spent
        keeper.recover(NAME, pending, "604918", "604918")  # the kept code is the live one

    assert walk_every_step(tmp_path, template, recover, check) >= 20


@pytest.mark.parametrize("changed_before", [False, True], ids=["fresh", "after-a-pin-change"])
def test_killed_delete(tmp_path: Path, changed_before: bool) -> None:
    template = make_template(tmp_path / "template")
    if changed_before:
        template.gatekeeper().change_secret(NAME, PIN, "739251", "739251")
    vault_id = next((template.data / "vaults").iterdir()).name

    def delete(copy: Template) -> None:
        copy.gatekeeper().delete(NAME)

    def check(copy: Template) -> None:
        keeper = copy.gatekeeper()
        named = vault_id in (copy.data / "gatekeeper" / "names.json").read_text()
        pin = "739251" if changed_before else PIN
        if named and not (copy.data / "vaults" / vault_id / ".deleting").exists():
            assert opens_with(copy, pin)  # the delete had not begun
        keeper.list_vaults()  # finishes a delete that was under way
        folder = copy.data / "vaults" / vault_id
        if folder.exists():
            assert opens_with(copy, pin)
            assert_no_key_copies(copy)
        else:
            with pytest.raises(VaultError):
                keeper.unlock(NAME, pin)
            assert vault_id not in (copy.data / "gatekeeper" / "names.json").read_text()

    assert walk_every_step(tmp_path, template, delete, check) >= 8


def test_killed_at_random_moments_inside_sqlcipher_writes(tmp_path: Path) -> None:
    """The step hook cannot stop SQLCipher mid-page; SIGKILL after a random delay can.

    A child changes the PIN back and forth on a vault of a few thousand notes (each change
    copies the whole database) and is killed at a random moment, 30 times.
    """
    template = make_template(tmp_path / "template")
    with VaultService(template.gatekeeper()).open(NAME, PIN) as vault, vault.transaction() as db:
        db.execute_many(
            "INSERT INTO notes (written_utc, utc_offset_minutes, body)"
            " VALUES ('2026-11-29T10:00:00Z', 0, ?)",
            [(f"note {n} " + "words " * 40,) for n in range(3000)],
        )
    pins = (PIN, NEW_PIN)
    chance = random.Random(7)
    for run in range(30):
        copy = Template(tmp_path / f"run-{run}")
        shutil.copytree(template.root, copy.root, symlinks=True)
        copy.clock.now = template.clock.now
        pid = os.fork()
        if pid == 0:
            try:
                keeper = copy.gatekeeper()
                for turn in range(1000):
                    keeper.change_secret(
                        NAME, pins[turn % 2], pins[1 - turn % 2], pins[1 - turn % 2]
                    )
            finally:
                os._exit(0)
        time.sleep(chance.uniform(0.0, 0.25))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        opened = [pin for pin in pins if opens_with(copy, pin)]
        assert len(opened) == 1, opened
        assert_no_key_copies(copy)
        with VaultService(copy.gatekeeper()).open(NAME, opened[0]) as vault:
            assert len(NotesRepository(vault).all()) == 3000
            assert vault.full_check()
        shutil.rmtree(copy.root)
