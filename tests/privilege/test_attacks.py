"""Attacks on the installed kiosk from a shell as the kiosk's user, against the real service
running as its own user (the set-up of test_two_users.py): each one held, and stays held.

Root only; under CI=true a run that is not root fails instead of skipping.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import shutil
import struct
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import msgspec
import pytest

from kiosk.staff.remote import RemoteStaffAccounts
from kiosk.vault.errors import NotRecognised
from kiosk.vault.remote import RemoteGatekeeper
from tests.e2e.harness import skip_or_fail
from tests.privilege.gate_service import KIOSK_GID
from tests.privilege.test_two_users import (
    KIOSK_UID,
    PIN,
    STAFF_PASSPHRASE,
    WRONG,
    Service,
    as_kiosk,
    kiosk_client,
    lay_out,
    start_service,
)


@pytest.fixture(scope="module", autouse=True)
def as_root() -> None:
    if os.geteuid() != 0:
        skip_or_fail("two users need root to become them: run as root (CI does)")


@dataclass
class Kiosk:
    base: Path
    data: Path
    service: Service
    vault_id: str


@pytest.fixture
def kiosk() -> Iterator[Kiosk]:
    base = Path(tempfile.mkdtemp(prefix="ha-", dir="/tmp"))
    os.chmod(base, 0o755)  # noqa: S103 - both users pass through it
    data = base / "data"
    lay_out(data)
    service = start_service(base, data)
    try:
        administrator = RemoteGatekeeper(service.socket_path, data)
        administrator.initialise_folders()
        RemoteStaffAccounts(administrator.connection).add(
            "Sam Example", STAFF_PASSPHRASE, STAFF_PASSPHRASE
        )
        administrator.close()

        def provision() -> str:
            client = kiosk_client(service)
            assert RemoteStaffAccounts(client.connection).verify("Sam Example", STAFF_PASSPHRASE)
            vault_id = client.provision("river-stone", PIN, PIN).vault_id
            with contextlib.suppress(NotRecognised):  # so that there is a counter file
                client.unlock("river-stone", WRONG[0])
            client.close()
            return vault_id

        yield Kiosk(base, data, service, as_kiosk(provision))
    finally:
        service.stop()
        shutil.rmtree(base, ignore_errors=True)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


def _wait_for_open(pid: int, target: Path, seconds: float = 10.0) -> bool:
    """Whether process ``pid`` opens ``target`` within ``seconds`` (read by root in /proc;
    the kiosk's user would watch the file it made with inotify)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with contextlib.suppress(OSError):
                    if os.readlink(f"/proc/{pid}/fd/{fd}") == str(target):
                        return True
        time.sleep(0.001)
    return False


def test_a_vault_folder_swapped_for_a_link_mid_delete_never_erases_the_gatekeepers_files(
    kiosk: Kiosk,
) -> None:
    """A vault folder is the kiosk group's to write: it may put a delete marker in one, hold
    its lock, and, once the service (finishing "the delete" at the next staff listing) has
    checked it is a real folder, rename it away and put a link to the gatekeeper's own
    folder in its place. The erase must not reach through that link: the counters and the
    name map are not destroyed, the secret stays whole. (Destroying that one vault is
    within the kiosk user's reach anyway: its files are its group's to delete.)"""
    vaults = kiosk.data / "vaults"
    folder = vaults / kiosk.vault_id
    state = kiosk.data / "gatekeeper"
    secret = (state / "kiosk.secret").read_bytes()
    assert (state / "counters.json").is_file() and (state / "names.json").is_file()
    ready_read, ready_write = os.pipe()
    go_read, go_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the attacker, as the kiosk's user
        code = 1
        try:
            os.setgroups([])
            os.setgid(KIOSK_GID)
            os.setuid(KIOSK_UID)
            (folder / ".deleting").write_bytes(b"")
            lock = os.open(folder / ".lock", os.O_RDWR)
            fcntl.flock(lock, fcntl.LOCK_EX)
            os.write(ready_write, b"r")
            os.read(go_read, 1)
            folder.rename(vaults / "parked")
            folder.symlink_to(state)
            os.close(lock)
            code = 0
        finally:
            os._exit(code)
    os.read(ready_read, 1)
    listed: list[object] = []

    def staff_lists_the_vaults() -> None:
        client = RemoteGatekeeper(kiosk.service.socket_path, kiosk.data)  # root: administrator
        try:
            listed.append(client.list_vaults())
        except Exception as error:
            listed.append(error)
        finally:
            client.close()

    lister = threading.Thread(target=staff_lists_the_vaults)
    lister.start()
    opened = _wait_for_open(kiosk.service.pid, folder / ".lock")
    os.write(go_write, b"g")
    lister.join(timeout=30)
    _, status = os.waitpid(pid, 0)
    assert opened and os.waitstatus_to_exitcode(status) == 0
    assert not lister.is_alive()
    assert (state / "kiosk.secret").read_bytes() == secret
    for name in ("counters.json", "names.json"):
        msgspec.json.decode((state / name).read_bytes())  # there, and whole
    assert folder.is_symlink()  # the link itself is left alone, never followed


def test_a_fifo_planted_as_a_vaults_delete_marker_never_holds_the_service(
    kiosk: Kiosk,
) -> None:
    """The kiosk's user puts a FIFO where the service writes a vault's delete marker; staff
    then delete that vault. The service must not wait on the FIFO (holding every other call
    for ever): the delete goes through, and the next call is answered."""
    folder = kiosk.data / "vaults" / kiosk.vault_id
    marker = folder / ".deleting"

    def plant() -> None:
        os.mkfifo(marker)
        os.chmod(marker, 0o660)  # the service, in the kiosk's group, may open it

    as_kiosk(plant)
    outcome: list[object] = []

    def staff_delete() -> None:
        client = RemoteGatekeeper(kiosk.service.socket_path, kiosk.data)  # root: administrator
        try:
            client.delete_id(kiosk.vault_id)
            outcome.append("deleted")
        except Exception as error:
            outcome.append(type(error).__name__)
        finally:
            client.close()

    deleting = threading.Thread(target=staff_delete, daemon=True)
    deleting.start()
    deleting.join(timeout=5)
    held = deleting.is_alive()
    if held:  # free the service for the fixture's stop: be the FIFO's reader
        os.close(os.open(marker, os.O_RDONLY | os.O_NONBLOCK))
        deleting.join(timeout=20)
    assert not held, "the service waited on a FIFO planted as the delete marker"
    assert outcome == ["deleted"] and not folder.exists()  # the plant replaced, not followed
    client = RemoteGatekeeper(kiosk.service.socket_path, kiosk.data)
    try:
        assert client.secret_exists()
    finally:
        client.close()


_IN_OPEN = 0x20


def _folders_opened_by_a_guess(kiosk: Kiosk, names: tuple[str, ...]) -> dict[str, list[str]]:
    """As the kiosk's user: watch every vault folder (inotify, allowed: the folders are its
    group's) while guessing a wrong PIN for each name; which folders' files the service
    opened for each guess."""
    vaults = kiosk.data / "vaults"

    def probe() -> dict[str, list[str]]:
        libc = ctypes.CDLL(None, use_errno=True)
        watcher = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        watched = {
            libc.inotify_add_watch(watcher, str(folder).encode(), _IN_OPEN): folder.name
            for folder in vaults.iterdir()
        }
        client = kiosk_client(kiosk.service)
        seen: dict[str, list[str]] = {}
        try:
            for name in names:
                with contextlib.suppress(NotRecognised):
                    client.unlock(name, WRONG[1])
                opened: set[str] = set()
                with contextlib.suppress(BlockingIOError):
                    events = os.read(watcher, 65536)
                    offset = 0
                    while offset < len(events):
                        wd, _mask, _cookie, length = struct.unpack_from("iIII", events, offset)
                        opened.add(watched[wd])
                        offset += 16 + length
                seen[name] = sorted(opened)
        finally:
            client.close()
            os.close(watcher)
        return seen

    result = as_kiosk(probe)
    assert isinstance(result, dict)
    return result


def test_a_guess_on_an_unknown_name_reads_a_vault_folder_like_one_on_a_known_name(
    kiosk: Kiosk,
) -> None:
    """Watching the vault folders while it guesses, the kiosk's user saw the service open the
    slots of the name's vault, and nothing for a name without one: one counted guess told
    whether a name has a vault, and which. A guess on any name now reads one vault's slots."""
    seen = _folders_opened_by_a_guess(kiosk, ("river-stone", "no-such-name"))
    assert seen["river-stone"] == [kiosk.vault_id]
    assert len(seen["no-such-name"]) == 1


def test_damaged_slots_answer_alike_for_known_and_unknown_names(kiosk: Kiosk) -> None:
    """With every vault's slots moved aside (the folders are the kiosk group's to write), a
    guess on a name with a vault was "damaged" and one on any other name "not recognised"."""
    vaults = kiosk.data / "vaults"

    def probe() -> dict[str, str]:
        moved = [slots.rename(slots.with_name("aside")) for slots in vaults.glob("*/slots.json")]
        client = kiosk_client(kiosk.service)
        answers: dict[str, str] = {}
        try:
            for name in ("river-stone", "no-such-name"):
                try:
                    client.unlock(name, WRONG[1])
                    answers[name] = "opened"
                except Exception as error:
                    answers[name] = type(error).__name__
        finally:
            client.close()
            for aside in moved:
                aside.rename(aside.with_name("slots.json"))
        return answers

    answers = as_kiosk(probe)
    assert answers["river-stone"] == answers["no-such-name"], answers


def test_the_service_never_finishes_a_delete_in_a_folder_it_did_not_make(kiosk: Kiosk) -> None:
    """The kiosk's user may make folders named like vaults, each with a delete marker (and,
    to hold the service, its lock held): every staff listing finished "their delete", waiting
    on each lock in turn under the one call lock. Only folders the service made are its."""
    fakes = [kiosk.data / "vaults" / (digit * 32) for digit in "abcde"]

    def plant() -> None:
        os.umask(0o007)
        for fake in fakes:
            fake.mkdir()
            (fake / ".deleting").write_bytes(b"")
            (fake / "kept").write_bytes(b"the kiosk's own file")

    as_kiosk(plant)
    client = RemoteGatekeeper(kiosk.service.socket_path, kiosk.data)  # root: administrator
    try:
        listed = {summary.vault_id for summary in client.list_vaults()}
    finally:
        client.close()
    assert kiosk.vault_id in listed
    for fake in fakes:
        assert (fake / "kept").read_bytes() == b"the kiosk's own file"
