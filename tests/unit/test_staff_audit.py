"""The staff log: day, account, action and a short detail; sealed under the kiosk secret;
whole after a kill at any moment; any change, removal, reordering, insertion or shortening
found by ``verify``."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import signal
import time
from pathlib import Path

import msgspec
import pytest

from kiosk.staff.audit import AuditLog, AuditRecord, StaffAction, plain_seal
from kiosk.vault.gatekeeper import Gatekeeper
from tests.conftest import FAST_POLICY, FakeClock


def _log(data_dir: Path, gatekeeper: Gatekeeper, clock: FakeClock | None = None) -> AuditLog:
    return AuditLog(data_dir, clock or FakeClock(), seal=gatekeeper.staff_log_seal)


def _filled(data_dir: Path, gatekeeper: Gatekeeper, n: int = 5) -> AuditLog:
    log = _log(data_dir, gatekeeper)
    for number in range(n):
        log.record(StaffAction.SHEETS_PRINTED, "Sam", f"{number + 1} sheets")
    return log


def _lines(log: AuditLog) -> list[str]:
    return log.path.read_text().splitlines()


def _write_lines(log: AuditLog, lines: list[str]) -> None:
    log.path.write_text("".join(line + "\n" for line in lines))


def test_a_record_holds_the_day_the_account_the_action_and_a_tidy_detail(
    data_dir: Path, gatekeeper: Gatekeeper
) -> None:
    clock = FakeClock(dt.datetime(2026, 5, 4, 16, 42, 7).timestamp())
    log = _log(data_dir, gatekeeper, clock)
    record = log.record(StaffAction.VAULT_MADE, "  Sam \t Okafor ", "one\x1b[31m vault\n" * 30)
    assert (record.seq, record.day, record.staff) == (1, "2026-05-04", "Sam Okafor")
    assert "\x1b" not in record.detail and "\n" not in record.detail
    assert len(record.detail) == 120
    (line,) = _lines(log)
    assert set(json.loads(line)) == {"seq", "day", "staff", "action", "detail", "link"}
    assert "16:42" not in line
    assert log.records() == [record]
    assert log.verify() is None
    assert oct(log.path.stat().st_mode & 0o777) == "0o600"
    start = dt.datetime(2026, 5, 4).timestamp()
    for path in (log.path, data_dir / "staff" / "audit.head", data_dir / "staff"):
        assert path.stat().st_mtime == start, path.name


def test_a_record_without_a_staff_name_is_refused(data_dir: Path, gatekeeper: Gatekeeper) -> None:
    with pytest.raises(ValueError):
        _log(data_dir, gatekeeper).record(StaffAction.SIGNED_IN, " \n ")


def test_a_changed_record_is_found(data_dir: Path, gatekeeper: Gatekeeper) -> None:
    log = _filled(data_dir, gatekeeper)
    lines = _lines(log)
    lines[2] = lines[2].replace("3 sheets", "9 sheets")
    _write_lines(log, lines)
    assert log.verify() == 3


def test_a_removed_record_is_found(data_dir: Path, gatekeeper: Gatekeeper) -> None:
    log = _filled(data_dir, gatekeeper)
    lines = _lines(log)
    del lines[1]
    _write_lines(log, lines)
    assert log.verify() == 2


def test_reordered_records_are_found(data_dir: Path, gatekeeper: Gatekeeper) -> None:
    log = _filled(data_dir, gatekeeper)
    lines = _lines(log)
    lines[1], lines[3] = lines[3], lines[1]
    _write_lines(log, lines)
    assert log.verify() == 2


def test_an_inserted_record_is_found_even_with_a_recomputed_chain(
    data_dir: Path, gatekeeper: Gatekeeper
) -> None:
    """Someone with the files but not the kiosk secret rewrites the chain from the insertion
    on with SHA-256, numbers and head included: the seal is not theirs to make."""
    log = _filled(data_dir, gatekeeper, 3)
    records = log.records()
    forged = AuditRecord(2, records[0].day, "Sam", StaffAction.VAULT_DELETED, "")
    rewritten: list[AuditRecord] = [records[0]]
    for record in [forged, *records[1:]]:
        renumbered = msgspec.structs.replace(record, seq=len(rewritten) + 1, link="")
        previous = bytes.fromhex(rewritten[-1].link)
        link = plain_seal(previous + msgspec.json.encode(renumbered))
        rewritten.append(msgspec.structs.replace(renumbered, link=link))
    _write_lines(log, [msgspec.json.encode(r).decode() for r in rewritten])
    assert log.verify() == 2
    assert AuditLog(data_dir, FakeClock()).verify() is not None  # nor is it a plain chain


def test_newest_records_cut_off_are_found(data_dir: Path, gatekeeper: Gatekeeper) -> None:
    log = _filled(data_dir, gatekeeper)
    _write_lines(log, _lines(log)[:3])
    assert log.verify() == 4
    log.path.unlink()
    assert log.verify() == 1


def test_a_missing_or_foreign_head_is_not_whole(
    data_dir: Path, gatekeeper: Gatekeeper, tmp_path: Path
) -> None:
    log = _filled(data_dir, gatekeeper, 2)
    head = data_dir / "staff" / "audit.head"
    kept = head.read_bytes()
    head.unlink()
    assert log.verify() == 3
    head.write_bytes(kept.replace(b'"seq":2', b'"seq":1'))
    assert log.verify() == 3
    other_secret = tmp_path / "other" / "kiosk.secret"
    Gatekeeper.initialise(tmp_path / "other", other_secret)
    other = Gatekeeper(tmp_path / "other", other_secret, kdf=FAST_POLICY)
    assert AuditLog(data_dir, FakeClock(), seal=other.staff_log_seal).verify() == 1


def test_a_torn_last_line_does_not_break_the_next_append(
    data_dir: Path, gatekeeper: Gatekeeper
) -> None:
    log = _filled(data_dir, gatekeeper, 2)
    whole = log.path.read_bytes()
    with log.path.open("ab") as file:
        file.write(b'{"seq":3,"day":"2026-0')  # a kill in the middle of an append
    assert len(log.records()) == 2
    assert log.verify() is None
    added = log.record(StaffAction.LOG_EXPORTED, "Sam")
    assert added.seq == 3
    assert log.path.read_bytes().startswith(whole)
    assert [r.seq for r in log.records()] == [1, 2, 3]
    assert log.verify() is None


def test_a_damaged_line_is_reported_and_the_rest_still_shown(
    data_dir: Path, gatekeeper: Gatekeeper
) -> None:
    log = _filled(data_dir, gatekeeper, 3)
    lines = _lines(log)
    lines[1] = "not a record"
    _write_lines(log, lines)
    assert log.verify() == 2
    assert [r.seq for r in log.records(skip_damaged=True)] == [1, 3]
    log.record(StaffAction.SIGNED_IN, "Sam")  # still written; the break stays visible
    assert log.verify() == 2


def _appender(data_dir: Path, gatekeeper: Gatekeeper, times: int, tag: str) -> int:
    pid = os.fork()
    if pid == 0:
        try:
            log = _log(data_dir, gatekeeper)
            for _ in range(times):
                log.record(StaffAction.SHEETS_PRINTED, tag, "1 sheet")
        finally:
            os._exit(0)
    return pid


def test_several_processes_appending_at_once_keep_one_chain(
    data_dir: Path, gatekeeper: Gatekeeper
) -> None:
    children = [_appender(data_dir, gatekeeper, 15, f"Staff {n}") for n in range(4)]
    for child in children:
        assert os.waitpid(child, 0)[1] == 0
    log = _log(data_dir, gatekeeper)
    assert [r.seq for r in log.records()] == list(range(1, 61))
    assert log.verify() is None


def test_appenders_killed_at_random_moments_leave_a_log_that_verifies(
    data_dir: Path, gatekeeper: Gatekeeper
) -> None:
    rng = random.Random(7)
    log = _log(data_dir, gatekeeper)
    for _ in range(20):
        children = [_appender(data_dir, gatekeeper, 10_000, "Sam") for _ in range(2)]
        time.sleep(rng.uniform(0.0, 0.03))
        for child in children:
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
        log.record(StaffAction.SIGNED_IN, "Alex")  # repairs whatever a kill left
        assert log.verify() is None
    assert log.records()[-1].staff == "Alex"


def test_without_the_kiosk_secret_the_chain_is_plain_sha256(data_dir: Path) -> None:
    log = AuditLog(data_dir, FakeClock())
    first = log.record(StaffAction.SIGNED_IN, "Sam")
    genesis = hashlib.sha256(b"harbour staff log 1\x00").digest()
    unlinked = msgspec.json.encode(msgspec.structs.replace(first, link=""))
    assert first.link == hashlib.sha256(genesis + unlinked).hexdigest()
    assert log.verify() is None


def test_the_kiosks_staff_log_is_sealed_under_its_own_secret(tmp_path: Path) -> None:
    from kiosk.config import Config, KioskSection
    from kiosk.services import build_services

    config = Config(kiosk=KioskSection(data_dir=str(tmp_path / "data")))
    Gatekeeper.initialise(config.data_path(), config.secret_path())
    services = build_services(config, kdf=FAST_POLICY)
    services.audit.record(StaffAction.SIGNED_IN, "Sam")
    assert services.audit.verify() is None
    assert AuditLog(config.data_path(), FakeClock()).verify() == 1  # not a plain chain
    again = build_services(config, kdf=FAST_POLICY)  # the next session: the same secret
    assert again.audit.verify() is None


def test_verifying_while_others_append_never_reports_a_shortened_log(
    data_dir: Path, gatekeeper: Gatekeeper
) -> None:
    log = _filled(data_dir, gatekeeper, 1)
    children = [_appender(data_dir, gatekeeper, 60, f"Staff {n}") for n in range(2)]
    findings = set()
    running = set(children)
    while running:
        findings.add(log.verify())
        running = {child for child in running if os.waitpid(child, os.WNOHANG) == (0, 0)}
    findings.add(log.verify())
    assert findings == {None}
    assert len(log.records()) == 121
