"""``kiosk admin numbers`` and ``kiosk admin log``, driven as an operator would."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from kiosk.staff.audit import AuditLog, StaffAction
from kiosk.staff.numbers import CentreNumbers, Tally
from kiosk.vault.gatekeeper.gate import Gatekeeper
from tests.commands import run
from tests.conftest import FAST_POLICY

Capsys = pytest.CaptureFixture[str]


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text('[kiosk]\ndata_dir = "data"\n')
    Gatekeeper.initialise(tmp_path / "data", tmp_path / "data" / "gatekeeper" / "kiosk.secret")
    return path


def _log(config_file: Path) -> AuditLog:
    data = config_file.parent / "data"
    gatekeeper = Gatekeeper(data, data / "gatekeeper" / "kiosk.secret", kdf=FAST_POLICY)
    return AuditLog(data, seal=gatekeeper.staff_log_seal)


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_numbers_are_one_row_per_day_with_a_header(
    config_file: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    numbers = CentreNumbers(config_file.parent / "data")
    numbers.count(Tally.VISITS, 3)
    numbers.count(Tally.QUICK_EXITS)
    today = dt.date.today()
    start = today - dt.timedelta(days=2)
    code, out, err = run(capsys, monkeypatch, config_file, "admin", "numbers", "--from", str(start))
    assert code == 0, err
    rows = _rows(out)
    assert rows[0] == ["day", *(t.value for t in Tally)]
    assert [r[0] for r in rows[1:]] == [str(start + dt.timedelta(days=n)) for n in range(3)]
    assert rows[1][1:] == ["0"] * len(Tally)
    assert rows[3][1] == "3" and rows[3][rows[0].index("quick_exits")] == "1"
    (record,) = _log(config_file).records()
    # The same name as for accounts changed from the command line (it said "operator" here).
    assert record.action is StaffAction.NUMBERS_EXPORTED and record.staff == "command line"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--from", "2026-13-01"], "--from '2026-13-01' is not a date: use YYYY-MM-DD"),
        (["--to", "yesterday"], "--to 'yesterday' is not a date"),
        (["--from", "2026-3-1"], "is not a date"),
        (["--from", "2026-03-02", "--to", "2026-03-01"], "is after --to"),
        (["--from", "0206-03-01", "--to", "2026-03-01"], "at most 3700 days"),
    ],
)
def test_a_bad_period_is_one_clear_line(
    config_file: Path,
    capsys: Capsys,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    words: str,
) -> None:
    code, out, err = run(capsys, monkeypatch, config_file, "admin", "numbers", *args)
    assert code == 2
    assert out == ""
    assert words in err and err.count("\n") == 1 and "Traceback" not in err


def test_output_is_written_whole_and_never_over_a_file_unless_told(
    config_file: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "report.csv"
    code, _, err = run(
        capsys, monkeypatch, config_file, "admin", "numbers", "--output", str(target)
    )
    assert code == 0, err
    assert target.read_text().startswith("day,visits,")
    target.write_text("the funder's own notes\n")
    code, _, err = run(
        capsys, monkeypatch, config_file, "admin", "numbers", "--output", str(target)
    )
    assert code == 1 and "already exists; add --replace" in err
    assert target.read_text() == "the funder's own notes\n"
    code, _, err = run(
        capsys, monkeypatch, config_file, "admin", "numbers", "--output", str(target), "--replace"
    )
    assert code == 0, err
    assert target.read_text().startswith("day,visits,")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
    code, _, err = run(
        capsys, monkeypatch, config_file, "admin", "numbers", "--output", str(tmp_path / "no" / "x")
    )
    assert code == 2 and "is not a folder" in err


def test_a_damaged_counts_file_is_one_clear_line(
    config_file: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    numbers = CentreNumbers(config_file.parent / "data")
    numbers.count(Tally.VISITS)
    numbers.path.write_text("{not json")
    code, out, err = run(capsys, monkeypatch, config_file, "admin", "numbers")
    assert code == 1 and out == ""
    assert "cannot be read" in err and err.count("\n") == 1


def test_the_log_is_exported_oldest_first_with_text_kept_as_text(
    config_file: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = _log(config_file)
    log.record(StaffAction.SIGNED_IN, "Sam")
    log.record(StaffAction.ENTRY_CHECKED, "=HYPERLINK(1)", "Refuge helpline")
    code, out, err = run(capsys, monkeypatch, config_file, "admin", "log")
    assert code == 0, err
    rows = _rows(out)
    assert rows[0] == ["record", "day", "staff", "action", "detail"]
    assert rows[1][2:4] == ["Sam", "signed-in"]
    assert rows[2][2:] == ["'=HYPERLINK(1)", "entry-checked", "Refuge helpline"]
    assert log.records()[-1].action is StaffAction.LOG_EXPORTED


def test_log_verify_says_whole_or_changed(
    config_file: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = _log(config_file)
    for _ in range(3):
        log.record(StaffAction.SHEETS_PRINTED, "Sam", "2 sheets")
    code, out, _ = run(capsys, monkeypatch, config_file, "admin", "log", "verify")
    assert code == 0 and "whole: 3 records" in out
    lines = log.path.read_text().splitlines()
    log.path.write_text(lines[0] + "\n" + lines[1].replace("2 sheets", "1 sheet") + "\n")
    code, out, _ = run(capsys, monkeypatch, config_file, "admin", "log", "verify")
    assert code == 1 and "record 2 is not as it was written" in out
    code, _, err = run(
        capsys, monkeypatch, config_file, "admin", "log", "verify", "--output", "x.csv"
    )
    assert code == 2 and "writes nothing" in err


@pytest.mark.parametrize(
    ("given", "said"),
    [("", "give a file name"), ("report\n.csv", "without line breaks"), ("a\x1b[2Jb", "control")],
)
def test_an_output_name_that_is_no_file_name_is_refused(
    config_file: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch, given: str, said: str
) -> None:
    """An empty name wrote the report to the terminal (exit 0); a line break in the name was
    printed back in "Saved …" as two lines."""
    with pytest.raises(SystemExit) as refused:
        run(capsys, monkeypatch, config_file, "admin", "numbers", "--output", given)
    out, err = capsys.readouterr()
    assert refused.value.code == 2 and said in err
    assert out == ""
