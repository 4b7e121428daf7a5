"""Changing the PIN or using the recovery code rotates the data key, keeps the new code until it
has been seen, and leaves no older copy of a wrapped key or of the database readable."""

from __future__ import annotations

import base64
import contextlib
import json
import os
from pathlib import Path

import pytest

from kiosk.vault.crypto import new_data_key, unwrap, wrap
from kiosk.vault.errors import NotRecognised, PinDisabled, VaultDamaged
from kiosk.vault.gatekeeper import counters as counters_module
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.gatekeeper.namemap import NameMap, name_handle
from kiosk.vault.gatekeeper.secret import load_secret
from kiosk.vault.gatekeeper.slots import read_slots
from kiosk.vault.ids import new_vault_id
from kiosk.vault.names import normalise_name
from kiosk.vault.recovery import generate_code, normalise_code
from kiosk.vault.service import VaultService
from kiosk.vault.storage.database import create_database, open_database
from tests.conftest import TINY, FakeClock

NAME = "river-stone"
PIN = "583920"
NEW_PIN = "402917"


def vault_dir(data_dir: Path, vault_id: str) -> Path:
    return data_dir / "vaults" / vault_id


def key_from_carved_copy(data_dir: Path, vault_id: str, slot_bytes: bytes, pin: str) -> bytearray:
    """What an attacker gets from an old slots.json carved from disk, the kiosk secret and a PIN."""
    carved = data_dir.parent / "carved"
    carved.mkdir(exist_ok=True)
    (carved / "slots.json").write_bytes(slot_bytes)
    slot = read_slots(carved, vault_id).pin
    pepper = load_secret(data_dir / "gatekeeper" / "kiosk.secret")
    return unwrap(slot, pin, vault_id=vault_id, pepper=pepper)


@pytest.mark.parametrize("change", ["pin-change", "recovery"])
def test_an_old_slot_copy_with_the_old_pin_opens_nothing(
    gatekeeper: Gatekeeper, data_dir: Path, change: str
) -> None:
    made = gatekeeper.provision(NAME, PIN, PIN)
    folder = vault_dir(data_dir, made.vault_id)
    old_slots = (folder / "slots.json").read_bytes()
    if change == "pin-change":
        gatekeeper.change_secret(NAME, PIN, NEW_PIN, NEW_PIN)
    else:
        gatekeeper.recover(NAME, made.recovery_code, NEW_PIN, NEW_PIN)
    old_key = key_from_carved_copy(data_dir, made.vault_id, old_slots, PIN)
    with pytest.raises(VaultDamaged):
        open_database(folder, made.vault_id, old_key)
    with VaultService(gatekeeper).open(NAME, NEW_PIN) as vault:
        assert vault.meta()["vault_id"] == made.vault_id


def test_replaced_slot_file_and_database_are_overwritten_not_just_unlinked(
    gatekeeper: Gatekeeper, data_dir: Path
) -> None:
    made = gatekeeper.provision(NAME, PIN, PIN)
    folder = vault_dir(data_dir, made.vault_id)
    old_slots = (folder / "slots.json").read_bytes()
    old_database = (folder / "vault.db").read_bytes()
    # Open handles keep the replaced files' blocks readable, as free blocks would be on disk.
    slots_fd = os.open(folder / "slots.json", os.O_RDONLY)
    database_fd = os.open(folder / "vault.db", os.O_RDONLY)
    try:
        gatekeeper.change_secret(NAME, PIN, NEW_PIN, NEW_PIN)
        left_slots = os.pread(slots_fd, len(old_slots), 0)
        left_database = os.pread(database_fd, len(old_database), 0)
    finally:
        os.close(slots_fd)
        os.close(database_fd)
    assert left_slots != old_slots and b'"slots"' not in left_slots
    assert left_database[:16] != old_database[:16] and left_database != old_database
    assert sorted(p.name for p in folder.iterdir()) == [".lock", "slots.json", "vault.db"]


def test_stray_temporary_slot_files_are_destroyed_at_the_next_opening(
    gatekeeper: Gatekeeper, data_dir: Path
) -> None:
    made = gatekeeper.provision(NAME, PIN, PIN)
    folder = vault_dir(data_dir, made.vault_id)
    # What a change-PIN killed before its rename leaves: a temporary copy of a wrapped key.
    stray = folder / ".slots.json.0123456789ab.tmp"
    stray.write_bytes((folder / "slots.json").read_bytes())
    (folder / ".slots.json.prev").write_bytes((folder / "slots.json").read_bytes())
    with VaultService(gatekeeper).open(NAME, PIN):
        pass
    assert sorted(p.name for p in folder.iterdir()) == [".lock", "slots.json", "vault.db"]


def test_a_recovery_finished_after_a_quick_exit_shows_its_code_at_the_next_opening(
    gatekeeper: Gatekeeper,
) -> None:
    made = gatekeeper.provision(NAME, PIN, PIN)
    # The session ended (quick exit) while the recovery ran on; nobody saw the returned code.
    key, new_code = gatekeeper.recover(NAME, made.recovery_code, NEW_PIN, NEW_PIN)
    del key
    service = VaultService(gatekeeper)
    with service.open(NAME, NEW_PIN) as vault:
        assert vault.pending_recovery_code == new_code
    with service.open(NAME, NEW_PIN) as vault:
        assert vault.pending_recovery_code == new_code  # not yet dismissed: shown again
        vault.clear_pending_recovery_code()
    with service.open(NAME, NEW_PIN) as vault:
        assert vault.pending_recovery_code is None
    gatekeeper.recover(NAME, new_code, "503918", "503918")


class Killed(BaseException):
    """Stands for the process dying at this point."""


def test_recovery_killed_between_slots_and_counter_reset_does_not_lock_her_out(
    gatekeeper: Gatekeeper,
    data_dir: Path,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = gatekeeper.provision(NAME, PIN, PIN)
    for attempt in range(10):
        clock.advance(4000)
        with pytest.raises((NotRecognised, PinDisabled)):
            gatekeeper.unlock(NAME, f"91735{attempt}")
    slots = vault_dir(data_dir, made.vault_id) / "slots.json"
    before = slots.read_bytes()
    real_write = counters_module.atomic_write

    def dies_once_slots_changed(path: Path, data: bytes, mode: int = 0o600) -> None:
        if slots.read_bytes() != before:
            raise Killed()  # the process died right after the new slots were written
        real_write(path, data, mode)

    monkeypatch.setattr(counters_module, "atomic_write", dies_once_slots_changed)
    with contextlib.suppress(Killed):
        gatekeeper.recover(NAME, made.recovery_code, NEW_PIN, NEW_PIN)
    monkeypatch.undo()
    restarted = Gatekeeper(
        data_dir, data_dir / "gatekeeper" / "kiosk.secret", kdf=gatekeeper._kdf, clock=clock
    )
    try:
        VaultService(restarted).open(NAME, NEW_PIN).close()
    except (NotRecognised, PinDisabled):
        restarted.recover(NAME, made.recovery_code, NEW_PIN, NEW_PIN)  # else the code must work


def write_legacy_slots(
    folder: Path, vault_id: str, data_key: bytearray, pepper: bytes, code: str
) -> None:
    def slot_document(kind: str, secret: str) -> dict[str, object]:
        slot = wrap(data_key, secret, vault_id=vault_id, kind=kind, kdf=TINY, pepper=pepper)  # type: ignore[arg-type]
        return {
            "kind": kind,
            "kdf": {
                "alg": "argon2id",
                "m": slot.kdf.memory_kib,
                "t": slot.kdf.iterations,
                "p": slot.kdf.parallelism,
                "salt": base64.b64encode(slot.salt).decode(),
            },
            "nonce": base64.b64encode(slot.nonce).decode(),
            "ct": base64.b64encode(slot.ciphertext).decode(),
        }

    document = {
        "v": 1,
        "vault_id": vault_id,
        "created": "2026-11-01",
        "gen": 1,
        "slots": [slot_document("pin", PIN), slot_document("recovery", normalise_code(code))],
    }
    (folder / "slots.json").write_text(json.dumps(document, sort_keys=True))


def make_legacy_vault(data_dir: Path) -> tuple[str, str]:
    vault_id = new_vault_id()
    folder = vault_dir(data_dir, vault_id)
    folder.mkdir(mode=0o700)
    data_key = new_data_key()
    create_database(folder, vault_id, data_key, "2026-11-01")
    pepper = load_secret(data_dir / "gatekeeper" / "kiosk.secret")
    code = generate_code()
    write_legacy_slots(folder, vault_id, data_key, pepper, code)
    names = NameMap(data_dir / "gatekeeper")
    entries = names.load()
    entries[name_handle(pepper, normalise_name(NAME))] = vault_id
    names.save(entries)
    return vault_id, code


def test_a_vault_written_before_rotation_reads_unchanged_and_upgrades_at_recovery(
    gatekeeper: Gatekeeper, data_dir: Path
) -> None:
    vault_id, code = make_legacy_vault(data_dir)
    service = VaultService(gatekeeper)
    with service.open(NAME, PIN) as vault:
        assert vault.meta()["vault_id"] == vault_id
    assert [s.created for s in gatekeeper.list_vaults()] == ["2026-11-01"]
    gatekeeper.change_secret(NAME, PIN, NEW_PIN, NEW_PIN)  # no rotation possible yet
    service.open(NAME, NEW_PIN).close()
    vault, new_code = service.open_with_recovery(NAME, code, "503918", "503918")
    vault.close()
    upgraded = read_slots(vault_dir(data_dir, vault_id), vault_id)
    assert upgraded.recovery_public is not None and upgraded.sealed is not None
    gatekeeper.change_secret(NAME, "503918", "604918", "604918")  # now with rotation
    gatekeeper.recover(NAME, new_code, "705918", "705918")


def test_a_vault_written_before_rotation_changes_its_pin_from_inside_a_session(
    gatekeeper: Gatekeeper, data_dir: Path
) -> None:
    make_legacy_vault(data_dir)
    service = VaultService(gatekeeper)
    with service.open(NAME, PIN) as vault:
        gatekeeper.change_secret(NAME, PIN, NEW_PIN, NEW_PIN)
        assert vault.meta()["created"] == "2026-11-01"
    service.open(NAME, NEW_PIN).close()


def test_a_pin_change_from_inside_a_session_keeps_the_session_working(
    gatekeeper: Gatekeeper,
) -> None:
    gatekeeper.provision(NAME, PIN, PIN)
    service = VaultService(gatekeeper)
    with service.open(NAME, PIN) as vault:
        gatekeeper.change_secret(NAME, PIN, NEW_PIN, NEW_PIN)
        with vault.transaction() as db:
            db.execute("INSERT INTO meta (k, v) VALUES ('note', 'written after the change')")
    with service.open(NAME, NEW_PIN) as vault:
        assert vault.meta()["note"] == "written after the change"


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda d: d.update(created="\x1b]0;owned\x07"), id="escape-in-created"),
        pytest.param(lambda d: d.update(created="2026-11-01T09:14"), id="time-in-created"),
        pytest.param(lambda d: d.update(extra=1), id="unknown-field"),
        pytest.param(lambda d: d.update(v=2), id="unknown-version"),
        pytest.param(lambda d: d.update(gen=0), id="generation-zero"),
        pytest.param(lambda d: d["slots"][0]["kdf"].update(m=-5), id="negative-memory"),
        pytest.param(lambda d: d["slots"][0]["kdf"].update(p=99), id="too-many-lanes"),
        pytest.param(lambda d: d["slots"][0].update(nonce="!!"), id="not-base64"),
        pytest.param(lambda d: d["slots"][0].update(ct="AAAA"), id="short-ciphertext"),
        pytest.param(lambda d: d.update(slots=d["slots"][:1]), id="one-slot"),
    ],
)
def test_a_slot_file_of_the_wrong_shape_is_damage(
    gatekeeper: Gatekeeper, data_dir: Path, edit: object
) -> None:
    made = gatekeeper.provision(NAME, PIN, PIN)
    path = vault_dir(data_dir, made.vault_id) / "slots.json"
    document = json.loads(path.read_bytes())
    edit(document)  # type: ignore[operator]
    path.write_text(json.dumps(document))
    with pytest.raises(VaultDamaged):
        read_slots(path.parent, made.vault_id)
    [summary] = gatekeeper.list_vaults()
    assert summary.created == "unknown"
