"""The printed diary record, read back from the PDF as a person (or a screen reader) would."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.diary.model import Source, SourceKind, When
from kiosk.printing import record_format, sheets
from kiosk.printing.documents import DiaryRecord, RecordScope, decode, encode
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
        "Entry 1 Happened: 2026-11-02 about 21:30 until 2026-11-05 (a series). "
        "Recorded: 2026-11-06 10:00 (UTC+01:00). "
        "Source: copied from paper notes dated 2026-11-06.",
        "Where: Outside the office on Mill Street",
        'What happened: He said "you cannot hide from me".',
        "Type of behaviour: following or watching; threats (direct or through others)",
        "Technology involved: a tracker under the car",
        "Who: Tall man, grey van AB12 CDE; others present: his brother; children present: yes; "
        "weapon: a bat",
        "Witness 1: Anna Kowalska; contact: 07700 900123; relationship: colleague; "
        "willing to give a statement: yes; statement: typed",
        "Evidence 1: screenshot; original kept at: my old phone; "
        "how it was saved: photo of the screen",
        "Police: reported: yes; date: 2026-11-03; force: Thames Valley; officer: PC 4411; "
        "reference: CAD 5678; what the police said: call back",
        "Effect on me: I stopped taking the bus to work",
        "What I did: Told my manager",
        "Injuries and medical help: Bruised arm, seen by GP on 4 Nov",
        "Related entries: 2",
        "Amendment recorded 2026-11-07 09:00 (UTC+01:00). Reason: wrong time "
        "It was 22:30, not 21:30.",
        "Entry 2 Happened: 2026-11-10. Recorded: 2026-11-10 23:00 (UTC+01:00). "
        "Source: typed at the kiosk.",
        "Entry 3 Recorded: 2026-11-11 08:00 (UTC+01:00).",
        "Amendment recorded 2026-11-11 09:00 (UTC+01:00). "
        "Its words were erased when the entry was withdrawn.",
        "Withdrawn 2026-11-12 08:00 (UTC+01:00). Its words were erased; this line stays in "
        "the record. Reason: written in error",
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
        assert re.search(rf"\b{page} ?/ ?{pages}\b", text), page


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
    assert "3 2 entry 2026-11-10 2026-11-10 23:00 (UTC+01:00) " + "c3" * 32 in last
    assert "Chain head: 6 records, last link " + "9c" * 32 in last


def test_a_broken_chain_is_said_on_the_closing_page() -> None:
    broken = msgspec.structs.replace(sample_record(), intact=False)
    assert "could not confirm that this record is whole and unchanged" in pdf_text(
        sheets.pdf(broken)
    )
    assert "could not confirm that this record is whole and unchanged" not in pdf_text(
        sheets.pdf(sample_record())
    )


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


def test_arabic_runs_right_to_left_inside_its_own_run() -> None:
    document_html = sheets.html(sample_record())
    assert f'<b>Where:</b> <span dir="rtl">{ARABIC}</span>' in document_html


def test_the_record_is_made_in_a_renderer_process() -> None:
    pdf = render_pdf(sample_record())
    assert isinstance(decode(encode(sample_record())), DiaryRecord)
    assert f"Verification code: {CODE}" in pdf_text(pdf)


@pytest.mark.parametrize(
    ("source", "printed"),
    [
        (Source(), "typed at the kiosk"),
        (
            Source(SourceKind.PAPER_NOTES, dt.date(2026, 3, 1)),
            "copied from paper notes dated 2026-03-01",
        ),
        (Source(SourceKind.PAPER_NOTES), "copied from paper notes"),
        (Source(SourceKind.BY_STAFF), "entered by staff at my request"),
        (Source(SourceKind.FROM_MY_NOTES, dt.date(2026, 2, 1)), "from my notes of 2026-02-01"),
        (Source(SourceKind.FROM_MY_NOTES), "from my notes"),
    ],
)
def test_the_source_of_an_entry_is_said_plainly(source: Source, printed: str) -> None:
    assert record_format.source(source) == printed


def test_when_it_happened_is_written_as_she_gave_it() -> None:
    assert record_format.happened(When(dt.date(2026, 3, 1))) == "2026-03-01"
    assert record_format.happened(When(dt.date(2026, 3, 1), approximate=True)) == (
        "about 2026-03-01"
    )
    series = When(dt.date(2026, 3, 1), dt.time(8, 5), True, dt.date(2026, 3, 9), dt.time(17, 0))
    assert (
        record_format.happened(series) == "2026-03-01 about 08:05 until 2026-03-09 17:00 (a series)"
    )
    utc = dt.datetime(2026, 3, 1, 8, 5, tzinfo=dt.UTC)
    assert record_format.stamp(utc) == "2026-03-01 08:05 (UTC+00:00)"


class _Parsed(HTMLParser):
    """The tags of a document and the text of each paragraph, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.paragraphs: list[str] = []
        self._in_paragraph = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "p":
            self._in_paragraph = True
            self.paragraphs.append("")

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(f"/{tag}")
        if tag == "p":
            self._in_paragraph = False

    def handle_data(self, data: str) -> None:
        if self._in_paragraph:
            self.paragraphs[-1] += data


def _parsed(record: DiaryRecord) -> _Parsed:
    parsed = _Parsed()
    parsed.feed(sheets.html(record))
    parsed.close()
    return parsed


def _with_what_happened(record: DiaryRecord, typed: str) -> DiaryRecord:
    entry = record.entries[1]
    assert entry.content is not None
    changed = msgspec.structs.replace(
        entry, content=msgspec.structs.replace(entry.content, what_happened=typed)
    )
    return msgspec.structs.replace(record, entries=(record.entries[0], changed))


# Any text, with the pieces that would break out of the page if they were ever markup.
TYPED = st.lists(
    st.one_of(
        st.text(max_size=30),
        st.sampled_from(
            ["<b>", "</p>", "<style>", "</span>", "&amp;", "&lt;", "<!--", "{{ x }}", "<br>"]
        ),
        st.sampled_from(["\u202e", "\u2067", "\x1b[31m", "\r\n", "\t", ARABIC]),
    ),
    min_size=1,
    max_size=12,
).map("".join)


@settings(max_examples=80)
@given(TYPED.filter(lambda t: t.strip()))
def test_any_text_is_printed_as_text_and_never_becomes_markup(typed: str) -> None:
    record = sample_record()
    plain = _parsed(_with_what_happened(record, "plain words"))
    parsed = _parsed(_with_what_happened(record, typed))
    # No element added, removed or closed early; only a run of its own around text that
    # needs one (right to left, or bidi controls).
    runs = 1 if record_format.needs_own_run(typed) else 0
    assert [t for t in parsed.tags if t not in ("span", "/span")] == [
        t for t in plain.tags if t not in ("span", "/span")
    ]
    assert parsed.tags.count("span") == plain.tags.count("span") + runs
    expected = "".join(f"\\x{ord(c):02x}" if sheets._is_control(c) else c for c in typed)
    assert f"What happened: {expected}" in parsed.paragraphs


def test_text_with_bidi_controls_or_right_to_left_letters_gets_a_run_of_its_own() -> None:
    for typed, direction in (("\u202eevil", "ltr"), ("abc \u2067x", "ltr"), (ARABIC, "rtl")):
        html_text = sheets.html(_with_what_happened(sample_record(), typed))
        assert f'<b>What happened:</b> <span dir="{direction}">{typed}</span>' in html_text
    plain = sheets.html(_with_what_happened(sample_record(), "Zażółć 12:30 (sic)"))
    assert "<b>What happened:</b> Zażółć 12:30 (sic)</p>" in plain


def test_a_date_range_open_at_one_end_is_said_plainly() -> None:
    record = msgspec.structs.replace(sample_record(), scope=RecordScope.RANGE)
    both = msgspec.structs.replace(record, start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))
    assert "Entries about what happened from 2026-11-01 to 2026-11-30." in pdf_text(
        sheets.pdf(both)
    )
    after = msgspec.structs.replace(record, start=dt.date(2026, 11, 1))
    assert "Entries about what happened on or after 2026-11-01." in pdf_text(sheets.pdf(after))
    before = msgspec.structs.replace(record, end=dt.date(2026, 11, 30))
    assert "Entries about what happened on or before 2026-11-30." in pdf_text(sheets.pdf(before))
