"""The printed diary record, read back from the PDF as a person (or a screen reader) would."""

from __future__ import annotations

import msgspec
import pytest

from kiosk.printing import sheets
from kiosk.printing.documents import DiaryRecord, decode, encode
from kiosk.printing.renderer import render_pdf
from tests.printing.diary_samples import ARABIC, CODE, MARKUP, POLISH, sample_record
from tests.printing.pdftext import (
    normalise,
    pdf_fonts,
    pdf_page_count,
    pdf_page_text,
    pdf_text,
)

WARNING = (
    "Anything written here may be read by the police, a court, and possibly the person you "
    "are writing about; write only what you would be willing for them to see."
)


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return sheets.pdf(sample_record(extra=40))


def test_the_request_survives_the_trip_to_the_renderer() -> None:
    record = sample_record()
    assert decode(encode(record)) == record


def test_every_field_amendment_and_withdrawal_is_printed() -> None:
    text = pdf_text(sheets.pdf(sample_record()))
    for expected in (
        "Entry 1",
        "Happened: 2026-11-02 about 21:30 until 2026-11-05 (a series)",
        "Recorded: 2026-11-06 10:00 (UTC+01:00)",
        "Source: copied from paper notes dated 2026-11-06",
        "Outside the office on Mill Street",
        'He said "you cannot hide from me".',
        "following or watching; threats (direct or through others)",
        "a tracker under the car",
        "Tall man, grey van AB12 CDE",
        "Others present: his brother",
        "Children present: yes",
        "Weapon: a bat",
        "Anna Kowalska",
        "Contact: 07700 900123",
        "Willing to give a statement: yes",
        "Original kept at: my old phone",
        "How it was saved: photo of the screen",
        "Force: Thames Valley",
        "Officer: PC 4411",
        "Reference: CAD 5678",
        "What the police said: call back",
        "I stopped taking the bus to work",
        "Told my manager",
        "Bruised arm, seen by GP on 4 Nov",
        "Related entries 2",
        "Amendment recorded 2026-11-07 09:00 (UTC+01:00) Reason: wrong time "
        "It was 22:30, not 21:30.",
        "Entry 2",
        "Entry 3",
        "Its words were erased when the entry was withdrawn.",
        "Withdrawn 2026-11-12 08:00 (UTC+01:00).",
        "Reason: written in error",
    ):
        assert expected in text, expected


def test_the_warning_and_the_honest_caveat_are_on_the_first_page(long_pdf: bytes) -> None:
    first = pdf_page_text(long_pdf, 1)
    assert WARNING in first
    assert "no one can promise that a court will accept it" in first
    whole = pdf_text(long_pdf).lower()
    for promise in ("court-ready", "court ready", "admissible", "danger score"):
        assert promise not in whole


def test_the_code_and_the_header_are_on_every_page(long_pdf: bytes) -> None:
    pages = pdf_page_count(long_pdf)
    assert pages >= 4
    for page in range(1, pages + 1):
        text = pdf_page_text(long_pdf, page)
        assert f"Verification code: {CODE}" in text, page
        assert "Personal record" in text, page
        assert f"{page} / {pages}" in text, page


def test_the_header_is_neutral_unless_she_chooses_the_titled_version() -> None:
    neutral = pdf_text(sheets.pdf(sample_record()))
    assert "Personal record" in neutral
    assert "diary" not in neutral.lower()
    titled = pdf_page_text(sheets.pdf(sample_record(titled=True)), 1)
    assert "Incident diary" in titled
    assert "Personal record" not in titled


def test_the_closing_page_lists_every_record_and_the_chain_head(long_pdf: bytes) -> None:
    last = pdf_page_text(long_pdf, pdf_page_count(long_pdf))
    assert last.startswith("Personal record Verification") or "Verification Each record" in last
    for seq, entry, kind, digest in (
        (1, 1, "entry", "a1" * 32),
        (2, 1, "amendment", "b2" * 32),
        (6, 3, "withdrawal", "f6" * 32),
    ):
        assert digest in last
        assert f"{seq} {entry} {kind}" in last
    assert "2026-11-10 2026-11-10 23:00 (UTC+01:00) " + "c3" * 32 in last
    assert "Chain head: 6 records, last link " + "9c" * 32 in last


def test_a_broken_chain_is_said_on_the_closing_page() -> None:
    broken = msgspec.structs.replace(sample_record(), intact=False)
    assert "had been changed or damaged" in pdf_text(sheets.pdf(broken))
    assert "had been changed or damaged" not in pdf_text(sheets.pdf(sample_record()))


def test_markup_in_an_entry_is_printed_literally() -> None:
    record = sample_record()
    document_html = sheets.html(record)
    assert "<b>bold</b>" not in document_html
    assert "<style>*{color:red}" not in document_html
    assert "&lt;b&gt;bold&lt;/b&gt;" in document_html
    text = pdf_text(sheets.pdf(record))
    assert MARKUP in text


def test_control_characters_print_as_visible_escapes() -> None:
    record = sample_record()
    entry = record.entries[1]
    assert entry.content is not None
    typed = msgspec.structs.replace(entry.content, where="\x1b[31mred\x1b[0m")
    changed = msgspec.structs.replace(
        record, entries=(record.entries[0], msgspec.structs.replace(entry, content=typed))
    )
    text = pdf_text(sheets.pdf(changed))
    assert "\\x1b[31mred\\x1b[0m" in text
    assert "\x1b" not in text


def test_polish_and_arabic_are_printed_and_read_back() -> None:
    pdf = sheets.pdf(sample_record())
    text = pdf_text(pdf, drop_arabic_marks=True)
    assert POLISH in text
    assert normalise(ARABIC, drop_arabic_marks=True) in text
    assert "notonaskharabic" in pdf_fonts(pdf)


def test_arabic_runs_right_to_left_in_its_own_paragraph() -> None:
    document_html = sheets.html(sample_record())
    assert f'<p class="value" dir="auto">{ARABIC}</p>' in document_html


def test_the_record_is_made_in_a_renderer_process() -> None:
    pdf = render_pdf(sample_record())
    assert isinstance(decode(encode(sample_record())), DiaryRecord)
    assert f"Verification code: {CODE}" in pdf_text(pdf)
