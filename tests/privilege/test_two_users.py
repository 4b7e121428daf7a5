"""The installed kiosk's separation, proved with two real users (docs/SECURITY.md, "The
gatekeeper service"): the gatekeeper service runs as one uid, the kiosk as another in the
kiosk's group, on a data folder laid out by deploy/data-folder.

As the kiosk's user, a shell escaped from the kiosk cannot read the kiosk secret, the name
map, the counters or any key slot; cannot rename or replace the gatekeeper's folders; cannot
write staff accounts; and every guess it sends through the socket is counted, even one it
kills mid-way. It can still do its job: open a vault with the right PIN, read and write it,
and change its PIN from inside it.

Root only (the two users are spare numeric ids, no accounts needed); under CI=true a run
that is not root fails instead of skipping.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import importlib
import io
import os
import pickle
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
import pytest

from kiosk import i18n
from kiosk.config import load_config
from kiosk.helplines import loader as helplines_loader
from kiosk.operator.cli import main as cli_main
from kiosk.operator.cli import refuse_another_accounts_folder
from kiosk.operator.doctor import check_data_folder, check_secret, check_state_files
from kiosk.operator.errors import CommandError
from kiosk.staff.errors import StaffAccountError
from kiosk.staff.remote import RemoteStaffAccounts
from kiosk.vault.errors import (
    GatekeeperRefused,
    KioskSecretProblem,
    NotRecognised,
    TryLater,
)
from kiosk.vault.gatekeeper.counters import CountersFile, CounterState
from kiosk.vault.remote import RemoteGatekeeper
from kiosk.vault.remote import protocol as wire
from kiosk.vault.remote.frames import send_message
from kiosk.vault.service import VaultService
from kiosk.vault.storage.database import open_database
from tests.e2e.harness import skip_or_fail
from tests.privilege.gate_service import GATE_GID, GATE_UID, KIOSK_GID, import_every_kiosk_module

ROOT = Path(__file__).resolve().parents[2]
DATA_FOLDER_SCRIPT = ROOT / "deploy" / "data-folder"
KIOSK_UID = 61002
PIN, OTHER_PIN, NEW_PIN = "583920", "850264", "729461"
WRONG = ["102938", "564738", "918273", "647382", "293847"]
STAFF_PASSPHRASE = "correct horse battery"
SIGN_IN_ASKED = "The gatekeeper service asks for a staff sign-in for this user.\n"


@pytest.fixture(scope="module", autouse=True)
def as_root() -> None:
    if os.geteuid() != 0:
        skip_or_fail("two users need root to become them: run as root (CI does)")


# -- the service -----------------------------------------------------------------------------


@dataclass
class Service:
    process: subprocess.Popen[bytes]
    socket_path: Path
    data: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self, patience: float = 30.0) -> int:
        """SIGTERM, as systemd stops it; its exit status. A service still running after
        ``patience`` seconds is killed (as systemd would) and the test fails, saying where its
        threads waited: once, under load, one hung here until CI's time limit."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(patience)
        except subprocess.TimeoutExpired:
            waits = _where_threads_wait(self.pid)
            self.process.kill()
            self.process.wait()
            raise AssertionError(
                f"the service did not stop within {patience} s; waiting in {waits}"
            ) from None


def _where_threads_wait(pid: int) -> list[str]:
    """Each thread's kernel wait channel, from /proc (root reads it)."""
    waits = []
    with contextlib.suppress(OSError):
        for task in sorted(os.listdir(f"/proc/{pid}/task")):
            with contextlib.suppress(OSError):
                waits.append(Path(f"/proc/{pid}/task/{task}/wchan").read_text() or "running")
    return waits


def start_service(base: Path, data: Path) -> Service:
    """The service as systemd starts it: root makes the socket (owner the service, group the
    kiosk's, 0660) and hands it to a fresh process that becomes the service's own uid in the
    kiosk's group (tests/privilege/gate_service.py)."""
    socket_path = base / "run" / "gatekeeper.sock"
    socket_path.parent.mkdir(exist_ok=True)
    os.chmod(socket_path.parent, 0o755)  # noqa: S103 - as /run/harbour-gate
    with contextlib.suppress(FileNotFoundError):
        socket_path.unlink()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(socket_path))
    os.chown(socket_path, GATE_UID, KIOSK_GID)
    os.chmod(socket_path, 0o660)
    listener.listen(16)
    with listener:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.privilege.gate_service",
                str(data),
                str(listener.fileno()),
            ],
            cwd=ROOT,
            pass_fds=[listener.fileno()],
        )
    return Service(process, socket_path, data)


def lay_out(data: Path) -> None:
    environment = {
        **os.environ,
        "HARBOUR_DATA_DIR": str(data),
        "HARBOUR_KIOSK_GROUP": str(KIOSK_GID),
        "HARBOUR_GATE_USER": str(GATE_UID),
        "HARBOUR_GATE_GROUP": str(GATE_GID),
    }
    subprocess.run(["bash", str(DATA_FOLDER_SCRIPT)], env=environment, check=True, timeout=60)


# -- acting as the kiosk's user --------------------------------------------------------------


@functools.cache
def _import_every_kiosk_module() -> None:
    """The child cannot read this checkout when it sits in a folder only root can enter (a
    clean clone in a 0700 temporary folder), so whatever a command imports late must already
    be loaded when it forks (an installed kiosk's user reads /opt/harbour)."""
    import_every_kiosk_module()


def as_kiosk(work: Callable[[], Any]) -> Any:
    """Run ``work`` in a forked child as the kiosk's user (its uid, its group only, umask
    0077); its result comes back (pickled), or what it raised becomes a failure here."""
    _import_every_kiosk_module()
    # This checkout may sit in a folder only root can enter (a clean clone in a 0700 temporary
    # folder): the kiosk's user reads a copy of the shipped catalogues and helpline files, as
    # an installed kiosk's user reads them under /opt/harbour.
    catalogues = Path(tempfile.mkdtemp(prefix="hq-locale-", dir="/tmp"))
    os.chmod(catalogues, 0o755)  # noqa: S103 - the kiosk's user reads it
    shutil.copytree(i18n.LOCALE_DIR, catalogues / "locale")
    shutil.copytree(helplines_loader.SHIPPED_DIRECTORY, catalogues / "directory")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        try:
            i18n.CATALOGUE_FOLDERS[:] = [catalogues / "locale"]
            defaults = helplines_loader.load_directory.__kwdefaults__
            assert defaults is not None
            defaults["shipped"] = catalogues / "directory"
            os.setgroups([])
            os.setgid(KIOSK_GID)
            os.setuid(KIOSK_UID)
            os.umask(0o077)
            outcome: tuple[str, Any] = ("ok", work())
            payload = pickle.dumps(outcome)
        except BaseException:
            # The text, not the exception: the kiosk's errors do not all survive pickling.
            payload = pickle.dumps(("raised", traceback.format_exc()))
        with os.fdopen(write, "wb") as out:
            out.write(payload)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as answer:
        payload = answer.read()
    os.waitpid(pid, 0)
    shutil.rmtree(catalogues, ignore_errors=True)
    kind, value = pickle.loads(payload)  # noqa: S301 - from our own child
    if kind == "raised":
        raise AssertionError(f"as the kiosk's user:\n{value}")
    return value


def kiosk_client(service: Service) -> RemoteGatekeeper:
    return RemoteGatekeeper(service.socket_path, service.data)


def errno_of(work: Callable[[], object]) -> int | None:
    """The errno ``work`` failed with as the kiosk's user, or None if it succeeded."""

    def attempt() -> int | None:
        try:
            work()
        except OSError as error:
            return error.errno
        return None

    result = as_kiosk(attempt)
    assert result is None or isinstance(result, int)
    return result


# -- the installed kiosk, set up once --------------------------------------------------------


@dataclass
class Kiosk:
    base: Path
    data: Path
    service: Service
    vaults: dict[str, str]  # name -> vault id


def failures(data: Path, vault_id: str) -> int:
    """The PIN failures on record, read as root from the service's counter file."""
    document = msgspec.json.decode(
        (data / "gatekeeper" / "counters.json").read_bytes(), type=CountersFile
    )
    return CounterState.from_document(document).get("pin", vault_id).failures


def staff_names(service: Service) -> list[str]:
    """As root: an administrator of the service."""
    client = RemoteGatekeeper(service.socket_path, service.data)
    try:
        return RemoteStaffAccounts(client.connection).names()
    finally:
        client.close()


@pytest.fixture(scope="module")
def kiosk() -> Iterator[Kiosk]:
    base = Path(tempfile.mkdtemp(prefix="hp-", dir="/tmp"))
    os.chmod(base, 0o755)  # noqa: S103 - both users pass through it
    data = base / "data"
    lay_out(data)
    service = start_service(base, data)
    try:
        # The operator's first steps, as root (an administrator of the service): the kiosk
        # secret and the first staff account.
        administrator = RemoteGatekeeper(service.socket_path, data)
        administrator.initialise_folders()
        RemoteStaffAccounts(administrator.connection).add(
            "Sam Example", STAFF_PASSPHRASE, STAFF_PASSPHRASE
        )
        administrator.close()

        def provision_all() -> dict[str, str]:
            # Staff set the vaults up at the kiosk, signed in on its connection.
            client = kiosk_client(service)
            assert RemoteStaffAccounts(client.connection).verify("Sam Example", STAFF_PASSPHRASE)
            made = {
                name: client.provision(name, PIN, PIN).vault_id
                for name in ("river-stone", "quiet-harbour", "amber-field", "north-light")
            }
            client.close()
            return made

        vaults = as_kiosk(provision_all)
        yield Kiosk(base, data, service, vaults)
    finally:
        code = service.stop()
        shutil.rmtree(base, ignore_errors=True)
    assert code == 0  # SIGTERM: the call in hand finished, the secret wiped


# -- what the kiosk's user cannot do ---------------------------------------------------------


def test_the_kiosk_user_cannot_read_the_gatekeepers_files(kiosk: Kiosk) -> None:
    def one_wrong_guess() -> None:  # so that there is a counter file to try
        client = kiosk_client(kiosk.service)
        with contextlib.suppress(NotRecognised):
            client.unlock("north-light", WRONG[0])
        client.close()

    as_kiosk(one_wrong_guess)
    state = kiosk.data / "gatekeeper"
    secrets = [
        state / "kiosk.secret",
        state / "names.json",
        state / "counters.json",
        state / "staff" / "accounts.json",
    ]
    for path in secrets:
        assert path.is_file(), path  # there, as root sees
        assert errno_of(path.read_bytes) == errno.EACCES, path
    assert errno_of(lambda: os.listdir(state)) == errno.EACCES
    slots = sorted(kiosk.data.glob("vaults/*/slots.json"))
    assert len(slots) == len(kiosk.vaults)
    for path in slots:
        assert errno_of(path.read_bytes) == errno.EACCES, path
        assert path.stat().st_uid == GATE_UID and stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_kiosk_user_cannot_move_or_replace_the_gatekeepers_folders(kiosk: Kiosk) -> None:
    data = kiosk.data
    for name in ("gatekeeper", "vaults"):
        folder = data / name
        assert errno_of(lambda f=folder: os.rename(f, data / "moved")) == errno.EPERM
        assert errno_of(lambda f=folder: os.rmdir(f)) in (errno.EPERM, errno.ENOTEMPTY)
        assert errno_of(lambda f=folder: f.symlink_to(data / "elsewhere")) == errno.EEXIST
        assert errno_of(lambda f=folder: os.chmod(f, 0o777))  # noqa: S103 == errno.EPERM
        assert folder.is_dir() and not folder.is_symlink()
    # It may make folders of its own there (its staff log, the centre's numbers), but cannot
    # put anything into the gatekeeper's.
    assert errno_of(lambda: (data / "gatekeeper" / "names.json.new").write_bytes(b"{}")) == (
        errno.EACCES
    )
    assert errno_of(lambda: os.rename(data / "vaults", data / "gatekeeper")) == errno.EPERM


def test_the_kiosk_user_cannot_write_staff_accounts(kiosk: Kiosk) -> None:
    accounts = kiosk.data / "gatekeeper" / "staff" / "accounts.json"
    assert errno_of(lambda: accounts.write_text("{}")) == errno.EACCES

    def add_through_the_service() -> str:
        client = kiosk_client(kiosk.service)
        try:
            RemoteStaffAccounts(client.connection).add("Mallory", "a" * 16, "a" * 16)
        except (GatekeeperRefused, StaffAccountError) as refused:
            return type(refused).__name__
        finally:
            client.close()
        return "added"

    assert as_kiosk(add_through_the_service) in ("GatekeeperRefused", "StaffAccountError")
    assert staff_names(kiosk.service) == ["Sam Example"]


def test_the_kiosk_user_cannot_ask_which_names_have_vaults_or_delete_one(kiosk: Kiosk) -> None:
    """Without a staff sign-in on its connection, the kiosk's user gets no answer that says
    whether a name has a vault, and cannot delete or make one."""

    def ask() -> list[str]:
        client = kiosk_client(kiosk.service)
        answers = []
        for call in (
            lambda: client.state_of("river-stone"),
            lambda: client.check_name_available("river-stone"),
            client.list_vaults,
            lambda: client.provision("new-name", PIN, PIN),
            lambda: client.delete_id(kiosk.vaults["north-light"]),
        ):
            try:
                call()
                answers.append("answered")
            except GatekeeperRefused:
                answers.append("refused")
        client.close()
        return answers

    assert as_kiosk(ask) == ["refused"] * 5
    assert (kiosk.data / "vaults" / kiosk.vaults["north-light"] / "slots.json").is_file()


def test_every_guess_through_the_socket_is_counted_and_the_lock_out_engages(
    kiosk: Kiosk,
) -> None:
    vault_id = kiosk.vaults["quiet-harbour"]

    def guess_four_then_the_right_pin() -> list[object]:
        client = kiosk_client(kiosk.service)
        answers: list[object] = []
        for wrong in WRONG[:4]:
            try:
                client.unlock("quiet-harbour", wrong)
            except NotRecognised as refused:
                answers.append(refused.tries_left)
        try:
            client.unlock("quiet-harbour", PIN)
            answers.append("opened")
        except TryLater:
            answers.append("wait")
        client.close()
        return answers

    assert as_kiosk(guess_four_then_the_right_pin) == [9, 8, 7, 6, "wait"]
    assert failures(kiosk.data, vault_id) == 4


def test_an_unlock_killed_mid_way_is_counted(kiosk: Kiosk) -> None:
    """The kiosk's user sends a guess and is killed while the service derives the key: the
    guess was counted before the derivation began, so killing the asker saves it nothing."""
    vault_id = kiosk.vaults["amber-field"]
    sent_read, sent_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child, killed before it reads an answer
        os.close(sent_read)
        os.setgroups([])
        os.setgid(KIOSK_GID)
        os.setuid(KIOSK_UID)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(str(kiosk.service.socket_path))
        send_message(sock, wire.Hello(version=wire.VERSION))
        sock.recv(65536)  # welcome
        send_message(sock, wire.Unlock(name="amber-field", secret=WRONG[0]))
        os.write(sent_write, b"sent")
        sock.recv(65536)
        os._exit(0)
    os.close(sent_write)
    assert os.read(sent_read, 4) == b"sent"
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    os.close(sent_read)
    # The count is on disk by the time the service answers anyone else (calls are served one
    # at a time), so the next call's answer is the moment to look.
    client = RemoteGatekeeper(kiosk.service.socket_path, kiosk.data)
    client.secret_exists()
    client.close()
    assert failures(kiosk.data, vault_id) == 1

    def next_guess() -> int:
        client = kiosk_client(kiosk.service)
        try:
            client.unlock("amber-field", WRONG[1])
        except NotRecognised as refused:
            return refused.tries_left
        finally:
            client.close()
        return -1

    assert as_kiosk(next_guess) == 8  # the killed guess was the first of ten


# -- what it still does ----------------------------------------------------------------------


def test_the_kiosk_user_opens_writes_and_changes_the_pin_of_a_vault(kiosk: Kiosk) -> None:
    def visit() -> dict[str, object]:
        client = kiosk_client(kiosk.service)
        service = VaultService(client)
        seen: dict[str, object] = {}
        with service.open("river-stone", PIN) as vault:
            with vault.transaction() as db:
                db.execute("INSERT INTO meta (k, v) VALUES ('diary', 'first entry')")
            folder = kiosk.data / "vaults" / vault.vault_id
            wal = folder / "vault.db-wal"
            seen["wal"] = (wal.stat().st_uid, wal.stat().st_gid, stat.S_IMODE(wal.stat().st_mode))
            # Her PIN, changed from inside her open vault: the service re-keys the database
            # this user has been writing, and the session goes on with the new key.
            client.change_secret("river-stone", PIN, NEW_PIN, NEW_PIN)
            with vault.transaction() as db:
                db.execute("INSERT INTO meta (k, v) VALUES ('plan', 'second entry')")
        with service.open("river-stone", NEW_PIN) as vault, vault.reading() as reader:
            rows = reader.fetch_all("SELECT v FROM meta WHERE k IN ('diary', 'plan') ORDER BY k")
            seen["rows"] = [str(v) for (v,) in rows]
        try:
            service.open("river-stone", PIN)
        except NotRecognised:
            seen["old pin"] = "refused"
        client.close()
        return seen

    seen = as_kiosk(visit)
    assert seen["wal"] == (KIOSK_UID, KIOSK_GID, 0o660)
    assert seen["rows"] == ["first entry", "second entry"]
    assert seen["old pin"] == "refused"
    folder = kiosk.data / "vaults" / kiosk.vaults["river-stone"]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o2770
    assert (folder / "vault.db").stat().st_gid == KIOSK_GID
    assert stat.S_IMODE((folder / "slots.json").stat().st_mode) == 0o600


def test_the_data_key_opens_the_database_only_for_the_right_pin(kiosk: Kiosk) -> None:
    """The kiosk's user holds the ciphertext (it must, to open vaults) but no key: the only
    way to one is a counted guess."""

    def read_without_key() -> str:
        folder = kiosk.data / "vaults" / kiosk.vaults["north-light"]
        (folder / "vault.db").read_bytes()  # readable: ciphertext
        try:
            open_database(folder, kiosk.vaults["north-light"], bytearray(32))
        except Exception as error:
            return type(error).__name__
        return "opened"

    assert as_kiosk(read_without_key) == "VaultDamaged"


def installed_config(kiosk: Kiosk) -> Path:
    path = kiosk.base / "kiosk.toml"
    path.write_text(
        f'[kiosk]\ndata_dir = "{kiosk.data}"\n'
        f'[gatekeeper]\nsocket = "{kiosk.service.socket_path}"\n'
    )
    os.chmod(path, 0o644)
    return path


def test_the_kiosks_commands_accept_the_installed_layout_and_root_is_refused(
    kiosk: Kiosk,
) -> None:
    """``sudo -u kiosk kiosk …`` runs in the root-owned, shared data folder, and its doctor
    finds nothing wrong there; ``sudo kiosk …`` (root) is refused before it writes."""
    # Read here: the child's interpreter may not reach the parts of the standard library it
    # has not loaded yet (a test detail: an installed kiosk's Python is readable by all).
    config = load_config(installed_config(kiosk))

    def commands_and_doctor() -> list[tuple[str, str]]:
        refuse_another_accounts_folder(config)
        findings = [
            *check_data_folder(config),
            check_secret(config),
            *check_state_files(config),
        ]
        return [(finding.level, finding.message) for finding in findings]

    findings = as_kiosk(commands_and_doctor)
    assert {level for level, _ in findings} == {"ok"}, findings
    assert any("laid out for the gatekeeper service" in message for _, message in findings)
    with pytest.raises(CommandError) as refused:
        refuse_another_accounts_folder(config)
    assert "sudo -u kiosk kiosk" in str(refused.value)


def test_the_kiosks_vault_commands_work_after_a_staff_sign_in(kiosk: Kiosk) -> None:
    """``sudo -u kiosk kiosk admin vault list`` on the installed layout: the command asks for
    a staff sign-in (the gatekeeper answers vault care only after one), then lists."""
    config_path = installed_config(kiosk)
    # The child forks from here: what it imports later must be readable by the kiosk's uid,
    # and this interpreter's own library may not be (a test detail; an installed kiosk's is).
    importlib.import_module("encodings.utf_8_sig")
    for module in ("kiosk.operator.admin", "kiosk.operator.service_sign_in"):
        importlib.import_module(module)

    def list_vaults(answers: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        sys.stdin = io.StringIO(answers)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli_main(["--config", str(config_path), "admin", "vault", "list"])
        return code, out.getvalue(), err.getvalue()

    code, out, err = as_kiosk(lambda: list_vaults(f"Sam Example\n{STAFF_PASSPHRASE}\n"))
    assert code == 0, err
    for vault_id in kiosk.vaults.values():
        assert vault_id in out
    code, out, err = as_kiosk(lambda: list_vaults("Sam Example\nnot the passphrase\n"))
    assert code != 0 and kiosk.vaults["river-stone"] not in out
    assert err.startswith(SIGN_IN_ASKED)
    assert err.count("\n") == 2 and "Traceback" not in err


def test_the_centres_reports_work_for_the_kiosks_user_after_a_staff_sign_in(
    kiosk: Kiosk,
) -> None:
    """``sudo -u kiosk kiosk admin numbers`` and ``admin log verify``: both go in (or check)
    the staff log, whose seal the service gives only to a signed-in connection; the command
    asks for the sign-in first instead of printing the report and then failing."""
    config_path = installed_config(kiosk)
    importlib.import_module("encodings.utf_8_sig")
    for module in ("kiosk.operator.centre_reports", "kiosk.operator.service_sign_in"):
        importlib.import_module(module)

    def report(answers: str, *command: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        sys.stdin = io.StringIO(answers)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli_main(["--config", str(config_path), "admin", *command])
        return code, out.getvalue(), err.getvalue()

    signed_in = f"Sam Example\n{STAFF_PASSPHRASE}\n"
    code, out, err = as_kiosk(lambda: report(signed_in, "numbers"))
    assert (code, err) == (0, SIGN_IN_ASKED), err
    assert "visits" in out.splitlines()[0]
    code, out, err = as_kiosk(lambda: report(signed_in, "log", "verify"))
    assert code == 0, err
    assert "The staff log is whole: 1 records" in out
    code, out, err = as_kiosk(lambda: report("Sam Example\nnot the passphrase\n", "numbers"))
    assert code != 0 and "visits" not in out
    assert err.startswith(SIGN_IN_ASKED)
    assert err.count("\n") == 2 and "Traceback" not in err


def test_a_report_is_the_csv_alone_and_a_folder_it_cannot_write_is_one_line(
    kiosk: Kiosk,
) -> None:
    """docs/DEPLOY.md saves the reports with ``> ~/q1.csv`` (the administrator's own file):
    what the command prints is the CSV alone, the sign-in's words go to the terminal. And
    ``--output`` into a folder the kiosk's user cannot enter (an administrator's home, 0700
    on Debian 12) says so in one line, not a traceback."""
    config_path = installed_config(kiosk)
    importlib.import_module("encodings.utf_8_sig")
    for module in ("kiosk.operator.centre_reports", "kiosk.operator.service_sign_in"):
        importlib.import_module(module)
    home = kiosk.base / "administrator"
    home.mkdir(mode=0o700, exist_ok=True)

    def report(*command: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        sys.stdin = io.StringIO(f"Sam Example\n{STAFF_PASSPHRASE}\n")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli_main(["--config", str(config_path), "admin", *command])
        return code, out.getvalue(), err.getvalue()

    code, out, err = as_kiosk(lambda: report("numbers"))
    assert code == 0, err
    assert out.splitlines()[0].startswith("day,visits,"), out
    code, out, err = as_kiosk(lambda: report("log"))
    assert code == 0, err
    assert out.splitlines()[0] == "record,day,staff,action,detail", out
    code, out, err = as_kiosk(lambda: report("numbers", "--output", str(home / "q1.csv")))
    assert code != 0 and "Traceback" not in err
    assert err.startswith(SIGN_IN_ASKED) and err.count("\n") == 2 and str(home) in err, err
    assert list(home.iterdir()) == []


def test_a_file_the_kiosks_user_cannot_reach_is_one_line_for_every_command(
    kiosk: Kiosk,
) -> None:
    """``sudo -u kiosk kiosk print helplines --output ~/x.pdf`` from an administrator's shell:
    ``~`` is the administrator's home (0700 on Debian 12), which the kiosk's user cannot
    enter. One line naming the file, no traceback."""
    config_path = installed_config(kiosk)
    importlib.import_module("encodings.utf_8_sig")
    importlib.import_module("kiosk.operator.print_sheets")
    home = kiosk.base / "administrator-home"
    home.mkdir(mode=0o700, exist_ok=True)

    def save(*command: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        sys.stdin = io.StringIO("")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli_main(["--config", str(config_path), *command])
        return code, out.getvalue(), err.getvalue()

    target = str(home / "x.pdf")
    code, _out, err = as_kiosk(lambda: save("print", "helplines", "--output", target))
    assert code != 0 and "Traceback" not in err
    assert err.count("\n") == 1 and target in err and "permission denied" in err, err
    assert list(home.iterdir()) == []


def test_the_doctor_names_a_vault_file_the_kiosk_cannot_open(kiosk: Kiosk) -> None:
    config = load_config(installed_config(kiosk))
    planted = kiosk.data / "vaults" / kiosk.vaults["north-light"] / "vault.db-journal"
    planted.write_bytes(b"")  # made by root, 0600: the kiosk could not open the vault
    try:

        def doctor() -> list[tuple[str, str, str | None]]:
            found = check_data_folder(config)
            return [(f.level, f.message, f.fix) for f in found]

        problems = [f for f in as_kiosk(doctor) if f[0] == "problem"]
    finally:
        planted.unlink()
    assert len(problems) == 1
    _, message, fix = problems[0]
    assert "cannot be opened by the kiosk" in message and str(planted) in message
    assert fix is not None and "sudo /opt/harbour/src/deploy/data-folder" in fix


# -- what the service refuses ----------------------------------------------------------------


@pytest.mark.parametrize("problem", ["link", "owner"])
def test_the_service_refuses_folders_it_does_not_own(tmp_path: Path, problem: str) -> None:
    base = Path(tempfile.mkdtemp(prefix="hq-", dir="/tmp"))
    os.chmod(base, 0o755)  # noqa: S103 - both users pass through it
    data = base / "data"
    lay_out(data)
    if problem == "link":
        (data / "vaults").rename(base / "elsewhere")
        (data / "vaults").symlink_to(base / "elsewhere")
    else:
        os.chown(data / "gatekeeper", KIOSK_UID, KIOSK_GID)
    service = start_service(base, data)
    try:
        client = RemoteGatekeeper(service.socket_path, data)
        with pytest.raises(KioskSecretProblem) as refused:
            client.initialise_folders()
        client.close()
        expected = "symbolic link" if problem == "link" else "another account"
        assert expected in refused.value.detail
        assert not (base / "elsewhere" / "kiosk.secret").exists()
        assert not (data / "gatekeeper" / "kiosk.secret").exists()
    finally:
        service.stop()
        shutil.rmtree(base, ignore_errors=True)


def test_the_service_runs_as_its_own_user_in_the_kiosks_group(kiosk: Kiosk) -> None:
    """As its unit runs it: its own uid and gid, the kiosk's group beside them; it has
    answered every call above with no writable-and-executable memory allowed."""
    assert kiosk.service.running()
    status = Path(f"/proc/{kiosk.service.pid}/status").read_text().splitlines()
    fields = {line.split(":")[0]: line.split(":", 1)[1].split() for line in status}
    assert set(fields["Uid"]) == {str(GATE_UID)}
    assert set(fields["Gid"]) == {str(GATE_GID)}
    assert fields["Groups"] == [str(KIOSK_GID)]
