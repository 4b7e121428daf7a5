"""The diary record from a real vault, printed through a private cupsd's capture queue and saved
to a folder, read back with pdftotext: every entry, its amendment and withdrawal, the code on
every page and the closing verification page."""

from __future__ import annotations

import stat
from pathlib import Path

from kiosk.diary.model import Amendment, Withdrawal
from kiosk.diary.repository import DiaryFilter, DiaryRepository
from kiosk.printing.cups import CupsPrinter, SessionPrintJobs
from kiosk.printing.diary_record import diary_record
from kiosk.printing.documents import DiaryRecord, RecordScope
from kiosk.printing.renderer import render_pdf
from kiosk.printing.service import Result, print_sheet, save_sheet
from tests.printing.cupsd import PrivateCups
from tests.printing.diary_samples import ARABIC, MARKUP, POLISH
from tests.printing.pdftext import pdf_info, pdf_page_count, pdf_page_text, pdf_text
from tests.unit.diary_fixtures import content, diary, later, vault

__all__ = ["diary", "vault"]  # fixtures

WHAT = [
    "He was waiting outside the house when I came home.",
    f"{POLISH}. {MARKUP}",
    "A letter with no stamp was pushed through the door.",
    ARABIC,
    "He rang the doorbell at 3am and ran off.",
]


def seed(diary: DiaryRepository, extra: int = 0) -> None:
    """Five entries on five days, an amendment of entry 1 and entry 3 withdrawn."""
    for day, what in enumerate(WHAT + [f"Extra entry {n}." for n in range(extra)]):
        at = content(what).when.date.replace(day=1 + day % 28)
        diary.add(content(what, day=at), recorded=later(day))
    diary.amend(1, Amendment("the time was wrong", "It was 22:15, not 21:30."), recorded=later(60))
    diary.withdraw(3, Withdrawal("written about the wrong day"), recorded=later(61))


def record_of(diary: DiaryRepository, **how: object) -> DiaryRecord:
    return diary_record(diary.full_entries(), diary.chain(), diary.verify(), **how)  # type: ignore[arg-type]


def test_the_record_printed_on_a_real_queue_holds_every_entry_and_the_verification_page(
    diary: DiaryRepository, private_cups: PrivateCups
) -> None:
    seed(diary, extra=25)
    verification = diary.verify()
    assert verification.intact
    pdf = render_pdf(record_of(diary))
    folder = private_cups.add_queue("CAPTURE")
    printer = CupsPrinter(queue="CAPTURE", server=private_cups.server)
    outcome = print_sheet(pdf, printer, jobs=SessionPrintJobs())
    assert outcome.result is Result.PRINTED
    (job,) = folder.glob("job-*.pdf")
    printed = job.read_bytes()
    text = pdf_text(printed, drop_arabic_marks=True)
    for entry in diary.full_entries():
        assert f"Entry {entry.number} " in text
        if entry.content is not None:
            assert entry.content.what_happened.split("\n")[0] in text or entry.number == 4
    assert ARABIC.split()[0] in text and POLISH in text and MARKUP in text
    assert "It was 22:15, not 21:30." in text and "Reason: the time was wrong" in text
    assert "A letter with no stamp" not in text  # withdrawn: its words are gone
    assert "Reason: written about the wrong day" in text
    pages = pdf_page_count(printed)
    assert pages >= 3
    for page in range(1, pages + 1):
        assert f"Verification code: {verification.code}" in pdf_page_text(printed, page), page
    last = pdf_page_text(printed, pages)
    assert "Verification" in last
    for record in diary.chain():
        assert record.digest in last
    assert f"Chain head: {verification.head.count} records, last link" in last
    assert verification.head.link in last


def test_a_date_range_and_chosen_entries_print_only_those(diary: DiaryRepository) -> None:
    seed(diary)
    in_range = [e.number for e in diary.entries(DiaryFilter(start=None, end=None))][1:3]
    chosen = diary.full_entries(in_range)
    record = diary_record(chosen, diary.chain(), diary.verify(), scope=RecordScope.CHOSEN)
    assert [e.number for e in record.entries] == in_range
    assert {line.entry_number for line in record.records} == set(in_range)
    text = pdf_text(render_pdf(record))
    assert "Selected entries. 2 entries" in text
    assert f"Entry {in_range[0]} " in text
    assert "Entry 5 " not in text


def test_saved_as_pdf_to_a_folder_it_is_whole_and_private(
    diary: DiaryRepository, tmp_path: Path
) -> None:
    seed(diary)
    pdf = render_pdf(record_of(diary, titled=True))
    stick = tmp_path / "stick"
    stick.mkdir()
    outcome = save_sheet(pdf, stick)
    assert outcome.result is Result.SAVED and outcome.saved_as is not None
    assert [p.name for p in stick.iterdir()] == [outcome.saved_as.name]  # no temporary left
    assert stat.S_IMODE(outcome.saved_as.stat().st_mode) == 0o600
    saved = outcome.saved_as.read_bytes()
    assert saved == pdf and int(pdf_info(saved)["Pages"]) >= 2
    assert "Incident diary" in pdf_page_text(saved, 1)
