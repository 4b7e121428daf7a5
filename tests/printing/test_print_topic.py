"""One topic's sheets: `kiosk print helplines --topic` on a private cupsd, read back with
pdftotext (only that topic's services, and the emergency number), and counted in the centre's
numbers; a topic that does not exist is one line naming those that do."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.helplines.loader import load_directory
from kiosk.helplines.model import TOPICS
from kiosk.printing.renderer import render_pdf
from kiosk.printing.service import Sheet, sheet_document
from kiosk.staff.numbers import CentreNumbers, Tally
from tests.printing.cupsd import PrivateCups
from tests.printing.pdftext import pdf_text
from tests.printing.test_print_command import config_for, run

UK = load_directory(None).regions["uk"]


def stalking_only(text: str) -> None:
    """Every stalking service with a number is on it; no service of another topic is."""
    for helpline in UK.helplines:
        if helpline.phone and "stalking" in helpline.topics:
            assert helpline.phone in text, helpline.name
        elif helpline.phone:
            assert helpline.phone not in text, helpline.name
    assert "999" in text


def test_print_a_topic_sheet_in_copies_and_count_it(
    tmp_path: Path,
    private_cups: PrivateCups,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = private_cups.add_queue("STAFF")
    config = config_for(tmp_path, private_cups, "STAFF")
    args = ("print", "helplines", "--region", "uk", "--config", str(config))
    code, out, err = run(capsys, monkeypatch, *args, "--topic", "stalking", "--copies", "3")
    assert code == 0 and "Printed" in out, err
    # Said to the staff member at the command line, in copies (it said "collect your sheet").
    assert out.splitlines()[-1] == "Printed 3 copies: collect them from the printer."
    sheet = private_cups.captured(folder, "STAFF-1")
    assert sheet.copies == 3
    text = pdf_text(sheet.pdf)
    stalking_only(text)
    assert "Stalking and harassment" in text  # the topic is named under the region
    code, out, err = run(capsys, monkeypatch, *args, "--topic", "stalking", "--card")
    assert code == 0 and "Printed" in out, err
    stalking_only(pdf_text(private_cups.captured(folder, "STAFF-2").pdf))
    code, out, err = run(capsys, monkeypatch, *args, "--topic", "mental-health", "--steps")
    assert code == 0 and "Printed" in out, err
    steps = pdf_text(private_cups.captured(folder, "STAFF-3").pdf)
    assert "Samaritans" in steps and "116 123" in steps and "0808 802 0300" not in steps
    (day,) = CentreNumbers(tmp_path / "data").days()
    counts = {tally: n for tally, n in day.counts.items() if n}
    assert counts == {Tally.SHEETS_HELPLINES: 3, Tally.SHEETS_CARDS: 1, Tally.SHEETS_STEPS: 1}
    assert day.day == dt.date.today()


def test_a_topic_that_does_not_exist_is_one_line_naming_those_that_do(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = config_for(tmp_path, None)
    args = ("print", "helplines", "--region", "us", "--config", str(config))
    code, out, err = run(capsys, monkeypatch, *args, "--topic", "stalkin\x1b[2J")
    assert code != 0 and out == ""
    (line,) = err.splitlines()
    assert line.startswith("kiosk: no topic 'stalkin") and "\x1b" not in line
    assert all(topic in line for topic in TOPICS)
    code, out, err = run(capsys, monkeypatch, *args, "--topic", "men")
    assert code != 0
    (line,) = err.splitlines()
    assert "no helplines for topic 'men' in region 'us'" in line and "stalking" in line


def test_every_topic_sheet_holds_only_its_topic() -> None:
    """Each kind of document, for each topic the region has, rendered and read back."""
    for topic in sorted({t for h in UK.helplines for t in h.topics}):
        mine = [h for h in UK.helplines if topic in h.topics and h.phone]
        others = [h for h in UK.helplines if topic not in h.topics and h.phone]
        text = pdf_text(render_pdf(sheet_document(Sheet.HELPLINES, UK, topic=topic)))
        assert all(h.phone in text for h in mine), topic
        assert not any(h.phone in text for h in others), topic
        card = pdf_text(render_pdf(sheet_document(Sheet.WALLET_CARD, UK, topic=topic)))
        assert "999" in card and not any(h.phone in card for h in others), topic


def test_doctor_checks_the_visitors_printer_too(
    tmp_path: Path,
    private_cups: PrivateCups,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    private_cups.add_queue("STAFF")
    config = config_for(tmp_path, private_cups, "STAFF")
    config.write_text(config.read_text() + 'visitor_printer = "VISITORS"\n')
    doctor = ("doctor", "--cupsd-conf", str(tmp_path / "none"), "--config", str(config))
    _code, out, _err = run(capsys, monkeypatch, *doctor)
    assert "Printing to STAFF is ready." in out
    assert "Visitors' printer: There is no printer queue called 'VISITORS'." in out
    private_cups.add_queue("VISITORS")
    _code, out, _err = run(capsys, monkeypatch, *doctor)
    assert "Visitors' printer: Printing to VISITORS is ready." in out
