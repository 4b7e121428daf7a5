"""Files of the staff console replaced by someone with the kiosk user's rights (a symbolic link,
a FIFO, a huge file): refused in one line, never followed, waited on or read whole.

A FIFO in particular: opening one to read waits until someone opens it to write. The staff log
is appended to on the screen's thread (a vault made at set-up, Leave the kiosk) and read there
(the Staff log screen), so a FIFO in its place froze the kiosk, quick exit included. A FIFO
under a session's number in DATA/held-print held the supervisor's sweep of held print jobs. A
FIFO as the gatekeeper's last-used months held every vault opening, with the gatekeeper's lock.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.printing.held_jobs import has_records, record_folder, recorded_jobs
from kiosk.staff import audit
from kiosk.staff.accounts import ATTEMPTS_FILE, STAFF_DIR, StaffAccounts
from kiosk.staff.audit import AuditLog, AuditLogDamaged, StaffAction
from kiosk.staff.errors import StaffSignInPaused
from kiosk.staff.numbers import CentreNumbers, NumbersUnreadable, Tally
from kiosk.vault.gatekeeper import Gatekeeper
from kiosk.vault.service import VaultService
from tests.conftest import FakeClock

# Generous: each call below does a few small reads; a call still running after this waits on
# a FIFO (the test then opens the FIFO's other end to free it, and fails).
_WAIT_SECONDS = 20


def _finishes(call: Callable[[], object], fifo: Path) -> BaseException | object:
    """What ``call`` returned or raised; a test failure if it waits on ``fifo``."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as error:
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(_WAIT_SECONDS)
    if worker.is_alive():
        # Free it: a writer that opens and closes at once gives the reader its end of file.
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(_WAIT_SECONDS)
        pytest.fail(f"waited on the FIFO {fifo.name}")
    return outcome[0]


def _log(data_dir: Path) -> AuditLog:
    return AuditLog(data_dir, FakeClock())


def test_a_fifo_in_place_of_the_staff_log_is_refused_at_once(tmp_path: Path) -> None:
    log = _log(tmp_path)
    log.record(StaffAction.SIGNED_IN, "Sam")
    log.path.unlink()
    os.mkfifo(log.path, 0o600)

    appended = _finishes(lambda: log.record(StaffAction.KIOSK_CLOSED, "Sam"), log.path)
    read = _finishes(lambda: log.records(skip_damaged=True), log.path)

    # An OSError: every "a log that cannot be written does not stop staff" path catches it.
    assert isinstance(appended, OSError) and isinstance(appended, AuditLogDamaged)
    assert isinstance(read, AuditLogDamaged)


def test_a_fifo_in_place_of_the_staff_logs_head_is_no_head(tmp_path: Path) -> None:
    log = _log(tmp_path)
    log.record(StaffAction.SIGNED_IN, "Sam")
    head = log.path.with_name(audit.HEAD_FILE)
    head.unlink()
    os.mkfifo(head, 0o600)

    # A log with records and no sealed head is not whole: the first record past the head.
    assert _finishes(log.verify, head) == 2


def test_a_symbolic_link_in_place_of_the_staff_log_is_not_followed(tmp_path: Path) -> None:
    log = _log(tmp_path / "data")
    log.record(StaffAction.SIGNED_IN, "Sam")
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"not the staff log\n")
    log.path.unlink()
    log.path.symlink_to(elsewhere)

    with pytest.raises(OSError, match="symbolic link"):
        log.record(StaffAction.KIOSK_CLOSED, "Sam")
    with pytest.raises(AuditLogDamaged):
        log.records()

    assert elsewhere.read_bytes() == b"not the staff log\n"


def test_a_huge_staff_log_is_refused_without_reading_it(tmp_path: Path) -> None:
    log = _log(tmp_path)
    log.record(StaffAction.SIGNED_IN, "Sam")
    limit = getattr(audit, "MAX_LOG_BYTES", 64 << 20)
    os.truncate(log.path, limit + 1)  # sparse: costs no disk

    with pytest.raises(OSError, match="too large"):
        log.record(StaffAction.KIOSK_CLOSED, "Sam")

    assert log.path.stat().st_size == limit + 1


def test_a_fifo_in_place_of_the_centres_numbers_is_refused_at_once(tmp_path: Path) -> None:
    numbers = CentreNumbers(tmp_path, FakeClock())
    numbers.count(Tally.VISITS)
    numbers.path.unlink()
    os.mkfifo(numbers.path, 0o600)

    read = _finishes(numbers.days, numbers.path)

    assert isinstance(read, NumbersUnreadable)


def test_a_fifo_planted_as_a_sessions_held_print_record_is_no_record(tmp_path: Path) -> None:
    folder = record_folder(tmp_path)
    folder.mkdir(mode=0o700)
    planted = folder / "4242"
    os.mkfifo(planted, 0o600)

    assert has_records(tmp_path, 4242)  # the supervisor goes on to read it
    assert _finishes(lambda: recorded_jobs(planted), planted) == []


def test_a_fifo_in_place_of_the_last_used_months_does_not_hold_an_opening(
    gatekeeper: Gatekeeper, data_dir: Path
) -> None:
    gatekeeper.provision("river-stone", "583920", "583920")
    months = data_dir / "gatekeeper" / "last_used.json"
    months.unlink()
    os.mkfifo(months, 0o600)

    opened = _finishes(lambda: VaultService(gatekeeper).open("river-stone", "583920"), months)

    assert not isinstance(opened, BaseException), opened
    opened.close()  # type: ignore[attr-defined]


def test_a_fifo_in_place_of_the_staff_sign_in_count_is_the_worst_case_at_once(
    tmp_path: Path,
) -> None:
    staff = StaffAccounts(tmp_path, FakeClock())
    attempts = tmp_path / STAFF_DIR / ATTEMPTS_FILE
    attempts.parent.mkdir(mode=0o700, parents=True)
    os.mkfifo(attempts, 0o600)

    answer = _finishes(lambda: staff.verify("Sam", "long staff passphrase"), attempts)

    # A damaged count is never a reset: sign-in waits (the screen says so), it does not hang.
    assert isinstance(answer, StaffSignInPaused)


def test_a_sign_in_leaves_no_time_of_it_on_disk(tmp_path: Path) -> None:
    """The staff log keeps the day of a sign-in; the sign-in count kept its second."""
    clock = FakeClock(1_790_040_123.0)  # not the start of a day
    staff = StaffAccounts(tmp_path, clock)
    staff.add("Sam", "long staff passphrase", "long staff passphrase")
    attempts = tmp_path / STAFF_DIR / ATTEMPTS_FILE

    assert not staff.verify("Sam", "wrong staff passphrase")
    assert attempts.exists()  # a failure is counted, with its time (for the wait)
    assert staff.verify("Sam", "long staff passphrase")

    assert not attempts.exists()
