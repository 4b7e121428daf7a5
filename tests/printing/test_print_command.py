"""`kiosk print helplines` and `kiosk doctor` as staff run them, against a private cupsd."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from kiosk.helplines.advice import SAFETY_LINE_TRANSLATIONS
from kiosk.helplines.loader import SHIPPED_DIRECTORY, load_directory
from kiosk.operator.cli import main
from tests.i18n.conftest import TINY_ARABIC, tiny_arabic  # noqa: F401
from tests.printing.cupsd import PrivateCups
from tests.printing.pdftext import normalise, pdf_text

HELPLINES = SHIPPED_DIRECTORY


def config_for(tmp_path: Path, cups: PrivateCups | None, printer: str = "") -> Path:
    config = tmp_path / "kiosk.toml"
    server = cups.server if cups else str(tmp_path / "nothing-here.sock")
    config.write_text(
        '[kiosk]\ndata_dir = "data"\n'
        f'[kdf]\nprofile = "standard"\n'
        f'[printing]\nprinter = "{printer}"\ncups_server = "{server}"\n'
    )
    return config


def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_print_the_sheet_and_the_card_through_lp(
    tmp_path: Path,
    private_cups: PrivateCups,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = private_cups.add_queue("CAPTURE")
    config = config_for(tmp_path, private_cups, "CAPTURE")
    code, out, err = run(
        capsys, monkeypatch, "print", "helplines", "--region", "uk", "--config", str(config)
    )
    assert code == 0, err
    assert "Printed" in out
    code, out, err = run(
        capsys,
        monkeypatch,
        "print",
        "helplines",
        "--region",
        "uk",
        "--card",
        "--copies",
        "2",
        "--config",
        str(config),
    )
    assert code == 0, err
    sheet = private_cups.captured(folder, "CAPTURE-1")
    card = private_cups.captured(folder, "CAPTURE-2")
    assert sheet.title == card.title == "Document"
    assert card.copies == 2
    text = pdf_text(sheet.pdf)
    region = load_directory(None).regions["uk"]
    for helpline in region.helplines:
        # Two columns: a long name wraps, and -layout interleaves the columns' lines.
        assert all(word in text for word in helpline.name.split()), helpline.name
        if helpline.phone:
            assert helpline.phone in text
    assert "Jeśli" in text  # the Polish line came through intact
    arabic_script = pdf_text(sheet.pdf, drop_arabic_marks=True)
    for tag in ("ar", "ur"):
        sentence = next(s for _, t, s in SAFETY_LINE_TRANSLATIONS if t == tag)
        for word in sentence.replace("{emergency}", " ").split():
            assert normalise(word.strip("،."), drop_arabic_marks=True) in arabic_script, word
    assert "999" in pdf_text(card.pdf)
    private_cups.wait_until("an empty spool", lambda: private_cups.spool_files() == [])


def test_save_to_a_file_instead(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = config_for(tmp_path, None)
    target = tmp_path / "steps.pdf"
    code, _, err = run(
        capsys,
        monkeypatch,
        "print",
        "helplines",
        "--region",
        "us",
        "--steps",
        "--output",
        str(target),
        "--config",
        str(config),
    )
    assert code == 0, err
    assert "Surviving Stalking" in pdf_text(target.read_bytes())


def test_printer_missing_and_cups_down_are_plain_messages(
    tmp_path: Path,
    private_cups: PrivateCups,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = config_for(tmp_path, private_cups, "NO-SUCH-QUEUE")
    code, _, err = run(capsys, monkeypatch, "print", "helplines", "--config", str(config))
    assert code == 1 and err.count("\n") == 1
    # Staff read this, so it names the queue and what to do, not the visitor's "ask staff".
    assert "There is no printer queue called 'NO-SUCH-QUEUE'" in err and "lpstat -p" in err
    assert "ask staff" not in err.lower()
    config = config_for(tmp_path, None, "CAPTURE")
    code, _, err = run(capsys, monkeypatch, "print", "helplines", "--config", str(config))
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert "The print service (CUPS) is not running. Start it: sudo systemctl start cups" in err


def test_unknown_region_and_bad_copies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = config_for(tmp_path, None)
    code, _, err = run(
        capsys, monkeypatch, "print", "helplines", "--region", "xx", "--config", str(config)
    )
    assert code == 2 and "known: uk, us" in err
    code, _, err = run(
        capsys, monkeypatch, "print", "helplines", "--copies", "0", "--config", str(config)
    )
    assert code == 2 and "--copies" in err


def test_malformed_directory_stops_the_command_with_file_and_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "helplines"
    folder.mkdir()
    (folder / "uk.toml").write_text((HELPLINES / "uk.toml").read_text())
    (folder / "local.toml").write_text(
        'region = "uk"\n[[helpline]]\nid = "ours"\nname = "Our centre"\nphone = "01234 567890"\n'
        'hours = "Weekdays"\nhelps_with = "Local support."\ntopics = ["stalkng"]\n'
        "verified_on = 2026-01-05\n"
    )
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\ndata_dir = "data"\nhelplines_folder = "{folder}"\n')
    code, _, err = run(capsys, monkeypatch, "print", "helplines", "--config", str(config))
    assert code == 2 and "local.toml" in err and "ours" in err and "stalkng" in err


def test_doctor_flags_a_cups_that_keeps_job_files(
    tmp_path: Path,
    private_cups: PrivateCups,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    private_cups.add_queue("CAPTURE")
    config = config_for(tmp_path, private_cups, "CAPTURE")
    init = ("admin", "init", "--staff-name", "Sam", "--config", str(config))
    monkeypatch.setattr(sys, "stdin", io.StringIO("long staff passphrase\n" * 2))
    assert main(list(init)) == 0
    capsys.readouterr()
    keeping = tmp_path / "cupsd-keeping.conf"
    keeping.write_text("LogLevel warn\nPreserveJobFiles Yes\nPreserveJobHistory Yes\n")
    code, out, _ = run(
        capsys, monkeypatch, "doctor", "--cupsd-conf", str(keeping), "--config", str(config)
    )
    assert code == 1
    assert "PreserveJobFiles" in out and "fix:" in out
    clean = tmp_path / "cupsd-clean.conf"
    clean.write_text("PreserveJobFiles No\nPreserveJobHistory No\n")
    code, out, _ = run(
        capsys, monkeypatch, "doctor", "--cupsd-conf", str(clean), "--config", str(config)
    )
    assert "keeps neither job files nor job history" in out
    assert "Printing to CAPTURE is ready" in out
    assert "kiosk secret is private" in out


def test_doctor_reports_a_missing_data_folder_and_printer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = config_for(tmp_path, None, "CAPTURE")
    code, out, _ = run(
        capsys,
        monkeypatch,
        "doctor",
        "--cupsd-conf",
        str(tmp_path / "none"),
        "--config",
        str(config),
    )
    assert code == 1
    assert "kiosk admin init" in out and "not running" in out


def test_output_that_is_not_a_regular_file_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found from outside: run as root, '--output /dev/full' replaced the device with the PDF.
    # A FIFO stands in for a device here (making device nodes needs root).
    import os
    import stat

    config = config_for(tmp_path, None)
    fifo = tmp_path / "not-a-file.pdf"
    os.mkfifo(fifo)
    folder = tmp_path / "a-folder"
    folder.mkdir()
    for target in (fifo, folder):
        code, out, err = run(
            capsys,
            monkeypatch,
            "print",
            "helplines",
            "--output",
            str(target),
            "--config",
            str(config),
        )
        # A folder is a usage mistake (exit 2); a device or pipe is refused as a target (1).
        assert code == (2 if target == folder else 1) and out == "", out
        assert err.count("\n") == 1 and str(target) in err, err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and folder.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a-folder",
        "kiosk.toml",
        "not-a-file.pdf",
    ]


def test_staff_print_a_sheet_in_another_language(
    tmp_path: Path,
    private_cups: PrivateCups,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tiny_arabic: Path,  # noqa: F811
) -> None:
    """For a kiosk on the Linux console, which cannot show Arabic: the sheet on paper is."""
    folder = private_cups.add_queue("CAPTURE")
    config = str(config_for(tmp_path, private_cups, "CAPTURE"))
    code, _, err = run(
        capsys, monkeypatch, "print", "helplines", "--language", "zu", "--config", config
    )
    assert code != 0 and err.count("\n") == 1
    assert "no translation for language 'zu' (this kiosk has: ar, " in err
    code, _, err = run(
        capsys, monkeypatch, "print", "helplines", "--language", "ar", "--config", config
    )
    assert code == 0, err
    text = pdf_text(private_cups.captured(folder, "CAPTURE-1").pdf, drop_arabic_marks=True)
    assert normalise(TINY_ARABIC["Useful numbers"], drop_arabic_marks=True) in text
    assert "Useful numbers" not in text
