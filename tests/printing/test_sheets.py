"""The printed sheets, read back from the PDF as a person (or a screen reader) would read them.

The region is built by hand so these tests do not depend on the directory's data files; the
translated safety lines and the practical steps come from kiosk.helplines.advice, as printed.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from importlib import resources

import pytest

from kiosk.helplines.advice import PRACTICAL_STEPS, READING_LIST, SAFETY_LINE_TRANSLATIONS
from kiosk.helplines.model import Contact, Helpline, Region
from kiosk.printing import sheets
from kiosk.printing.documents import (
    WALLET_CARD_TOPICS,
    HelplineSheet,
    PlanCard,
    PlanItem,
    PlanPart,
    PlanSheet,
    PracticalSteps,
    RecoverySlip,
    WalletCard,
    dummy_entries,
)
from kiosk.printing.renderer import render_pdf
from tests.printing.diary_samples import sample_record
from tests.printing.pdftext import (
    normalise,
    page_size_mm,
    pdf_fonts,
    pdf_info,
    pdf_lines,
    pdf_text,
    pdf_words,
)

CHECKED = dt.date(2025, 1, 6)
EMERGENCY = "999"
RIGHT_TO_LEFT = {"ar", "ur"}
# Anything that reads as a sentence boundary, or the emergency number, splits a right-to-left
# sentence into phrases: mixed-direction runs do not come back from pdftotext in order.
PHRASE_BREAKS = re.compile(r"\{emergency\}|[0-9.,;:!?()\"'«»،؛؟۔]+")
ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")


def helpline(id: str, name: str, phone: str, topics: tuple[str, ...], **extra: object) -> Helpline:
    fields: dict[str, object] = {
        "hours": "Monday to Friday, 9am to 5pm",
        "helps_with": f"Support from {name}",
        "verified_on": CHECKED,
    }
    fields.update(extra)
    return Helpline(id=id, name=name, phone=phone, topics=topics, **fields)  # type: ignore[arg-type]


HELPLINES = (
    helpline(
        "stalking",
        "Harassment Advice Line",
        "0808 802 0300",
        ("stalking",),
        free_to_call=True,
        website="https://stalking.example.org/help",
    ),
    helpline(
        "national-da",
        "National Helpline for Women",
        "0808 2000 247",
        ("domestic-abuse",),
        hours="24 hours",
        free_to_call=True,
        languages=("English", "Polish", "Arabic"),
        other_contacts=(
            Contact("Web chat", "chat.example.org (3pm to 10pm)"),
            Contact("Text", "07800 000 123"),
        ),
    ),
    helpline("victims", "After a Crime Support", "0808 168 9111", ("crime-victims",)),
    helpline("police", "Police non-emergency", "101", ("emergency",), hours="24 hours"),
    helpline("mens", "Men's Advice Line", "0808 801 0327", ("domestic-abuse", "men")),
    helpline(
        "markup",
        'Safe <script>alert("x")</script> & "Friends"',
        "0800 999 5428",
        ("lgbt", "domestic-abuse"),
        helps_with="LGBT+ people <b>not bold</b> & allies",
    ),
    helpline("rape-crisis", "Rape Crisis Line", "0808 500 2222", ("sexual-violence",)),
    helpline("listening", "Listening Service", "116 123", ("mental-health",), hours="24 hours"),
    helpline("legal", "Women's Legal Line", "020 7251 6577", ("legal",)),
    helpline(
        "email-only",
        "Email Only Service",
        "",
        ("stalking",),
        other_contacts=(Contact("Email", "help@example.org"),),
    ),
)

REGION = Region(
    code="test",
    name="Test Region",
    emergency_number=EMERGENCY,
    emergency_note="If you cannot speak, call 999 and press 55 when asked.",
    helplines=HELPLINES,
)


def translation(tag: str) -> tuple[str, str]:
    """(English language name, sentence with the emergency number filled in)."""
    for language, language_tag, sentence in SAFETY_LINE_TRANSLATIONS:
        if language_tag.split("-")[0] == tag:
            return language, sentence.replace("{emergency}", EMERGENCY)
    raise AssertionError(f"no safety line for {tag}")


def safety_section(lines: list[str], tag: str) -> list[str]:
    """The lines between a language's label in the "Help in your language" box and the next."""
    labels = {language for language, _, _ in SAFETY_LINE_TRANSLATIONS}
    language, _ = translation(tag)
    start = max(i for i, line in enumerate(lines) if line == language) + 1
    end = start
    while end < len(lines) and lines[end] not in labels and not lines[end].startswith("Printed"):
        end += 1
    return lines[start:end]


# The sheets as the kiosk makes them: in a renderer process.


@pytest.fixture(scope="module")
def helpline_sheet() -> bytes:
    return render_pdf(HelplineSheet(REGION))


@pytest.fixture(scope="module")
def helpline_sheet_with_qr() -> bytes:
    return render_pdf(HelplineSheet(REGION, qr_url="https://numbers.example.org/test"))


@pytest.fixture(scope="module")
def steps_sheet() -> bytes:
    return render_pdf(PracticalSteps(REGION))


@pytest.fixture(scope="module")
def wallet_card() -> bytes:
    return render_pdf(WalletCard(REGION))


# The helpline sheet


def test_sheet_opens_with_a_neutral_title_then_the_emergency_number(helpline_sheet: bytes) -> None:
    lines = pdf_lines(helpline_sheet)
    assert lines[0] == "Useful numbers"
    first_helpline = next(i for i, line in enumerate(lines) if HELPLINES[0].name in line)
    top = " ".join(lines[:first_helpline])
    assert f"In an emergency call {EMERGENCY}" in top
    assert normalise(REGION.emergency_note) in top


def test_sheet_lists_every_helpline_name_and_number(helpline_sheet: bytes) -> None:
    text = pdf_text(helpline_sheet)
    for entry in HELPLINES:
        assert normalise(entry.name) in text
        assert entry.phone in text
        assert normalise(entry.hours) in text


def test_sheet_shows_contacts_languages_website_and_free_calls(helpline_sheet: bytes) -> None:
    text = pdf_text(helpline_sheet)
    assert "Web chat: chat.example.org (3pm to 10pm)" in text
    assert "Text: 07800 000 123" in text
    assert "Email: help@example.org" in text
    assert "Languages: English, Polish, and Arabic" in text  # as CLDR joins an English list
    assert "https://stalking.example.org/help" in text
    assert "0808 802 0300 free to call" in text
    assert "0808 168 9111 free to call" not in text


def test_markup_in_directory_data_prints_as_literal_text(helpline_sheet: bytes) -> None:
    text = pdf_text(helpline_sheet)
    assert 'Safe <script>alert("x")</script> & "Friends"' in text
    assert "LGBT+ people <b>not bold</b> & allies" in text
    body = sheets.html(HelplineSheet(REGION))
    assert "<script>" not in body and "<b>" not in body


def test_latin_script_safety_lines_come_out_intact(helpline_sheet: bytes) -> None:
    text = pdf_text(helpline_sheet)
    assert "Help in your language" in text
    for _, tag, _ in SAFETY_LINE_TRANSLATIONS:
        if tag.split("-")[0] in RIGHT_TO_LEFT:
            continue
        _, sentence = translation(tag)
        assert normalise(sentence) in text, tag


def test_polish_line_keeps_its_letters(helpline_sheet: bytes) -> None:
    _, sentence = translation("pl")
    assert set(sentence) & set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"), "the Polish line should use Polish letters"
    assert normalise(sentence) in pdf_text(helpline_sheet)


def test_arabic_line_comes_back_phrase_by_phrase(helpline_sheet: bytes) -> None:
    text = pdf_text(helpline_sheet, drop_arabic_marks=True)
    _, template_sentence = next((n, s) for n, t, s in SAFETY_LINE_TRANSLATIONS if t == "ar")
    phrases = [p.strip() for p in PHRASE_BREAKS.split(template_sentence) if p.strip()]
    assert phrases
    for phrase in phrases:
        assert normalise(phrase, drop_arabic_marks=True) in text, phrase
    section = " ".join(safety_section(pdf_lines(helpline_sheet), "ar"))
    assert EMERGENCY in section


def test_urdu_line_comes_back_word_by_word(helpline_sheet: bytes) -> None:
    """Urdu is set in Naskh so that its text survives in the PDF (see sheet.css for why)."""
    text = pdf_text(helpline_sheet, drop_arabic_marks=True)
    _, sentence = translation("ur")
    words = [w for w in sentence.replace(EMERGENCY, " ").split() if ARABIC_LETTER.search(w)]
    assert len(words) >= 6
    for word in words:
        assert normalise(word, drop_arabic_marks=True) in text, word
    body = sheets.html(HelplineSheet(REGION))
    assert 'lang="ur" dir="rtl"' in body
    section = " ".join(safety_section(pdf_lines(helpline_sheet), "ur"))
    assert EMERGENCY in section


def test_right_to_left_lines_are_marked_and_use_arabic_script_fonts(helpline_sheet: bytes) -> None:
    body = sheets.html(HelplineSheet(REGION))
    assert 'lang="ar" dir="rtl"' in body
    assert 'lang="pl" dir="ltr"' in body
    fonts = pdf_fonts(helpline_sheet)
    assert "notonaskharabic" in fonts
    assert "notosans" in fonts


def test_sheet_has_the_footer_and_nothing_about_when_or_who(helpline_sheet: bytes) -> None:
    text = pdf_text(helpline_sheet)
    assert "Printed at an information point. Keep this somewhere safe." in text
    assert str(dt.date.today().year) not in text
    info = pdf_info(helpline_sheet)
    assert "CreationDate" not in info and "ModDate" not in info
    assert "Author" not in info


def test_qr_code_only_when_asked(helpline_sheet: bytes, helpline_sheet_with_qr: bytes) -> None:
    assert "numbers.example.org" not in pdf_text(helpline_sheet)
    # The caption beside the code, without the scheme a browser adds anyway.
    assert "numbers.example.org" in pdf_text(helpline_sheet_with_qr)
    body = sheets.html(HelplineSheet(REGION, qr_url="https://numbers.example.org/test"))
    assert 'src="data:image/svg+xml' in body
    assert "data:image" not in sheets.html(HelplineSheet(REGION))


# Metadata and page sizes


@pytest.mark.parametrize("sheet", ["helpline_sheet", "steps_sheet", "wallet_card"])
def test_metadata_title_is_neutral(sheet: str, request: pytest.FixtureRequest) -> None:
    pdf: bytes = request.getfixturevalue(sheet)
    info = pdf_info(pdf)
    assert info["Title"] == "Document"
    assert not re.search(r"stalk|abus|harass|violence", info["Title"], re.IGNORECASE)


@pytest.mark.parametrize("sheet", ["helpline_sheet", "steps_sheet"])
def test_a4_sheets_are_a4(sheet: str, request: pytest.FixtureRequest) -> None:
    pdf: bytes = request.getfixturevalue(sheet)
    assert "(A4)" in pdf_info(pdf)["Page size"]


# Practical steps


def test_practical_steps_has_every_heading_paragraph_and_book(steps_sheet: bytes) -> None:
    text = pdf_text(steps_sheet)
    assert f"In an emergency call {EMERGENCY}" in text
    for section in PRACTICAL_STEPS:
        assert normalise(section.heading) in text
        for paragraph in section.paragraphs:
            assert normalise(paragraph) in text
    for item in READING_LIST:
        assert normalise(item) in text
    assert "Printed at an information point. Keep this somewhere safe." in text


# The wallet card


def test_wallet_card_is_85_by_55_mm_on_one_page(wallet_card: bytes) -> None:
    width, height = page_size_mm(wallet_card)
    assert width == pytest.approx(85, abs=0.2)
    assert height == pytest.approx(55, abs=0.2)
    assert pdf_info(wallet_card)["Pages"] == "1"


def test_wallet_card_has_heading_emergency_and_at_most_five_numbers(wallet_card: bytes) -> None:
    lines = pdf_lines(wallet_card)
    text = " ".join(lines)
    assert lines[0] == "Numbers"
    assert f"Emergency {EMERGENCY}" in text
    assert normalise(REGION.emergency_note) in text
    printed = [h for h in HELPLINES if h.phone and h.phone in text]
    assert 1 + len(printed) <= 5
    # One per topic first: police (emergency), stalking, domestic abuse, after a crime.
    assert [h.id for h in printed] == ["stalking", "national-da", "victims", "police"]


def test_wallet_card_chooses_by_topic_and_skips_entries_without_a_phone() -> None:
    chosen = sheets.wallet_card_entries(REGION, ("stalking",))
    assert [h.id for h in chosen] == ["stalking"]
    chosen = sheets.wallet_card_entries(REGION, ("domestic-abuse",))
    assert [h.id for h in chosen] == ["national-da", "mens", "markup"]
    same_lines = [
        helpline(f"h{i}", f"Line {i}", f"0800 000 {i:03d}", ("stalking",)) for i in range(9)
    ]
    same_lines.append(helpline("dup", "Same as emergency", "112", ("stalking",)))
    many = Region("many", "Many", "112", "", tuple(same_lines))
    assert len(sheets.wallet_card_entries(many, WALLET_CARD_TOPICS)) == 4
    assert all(h.phone != "112" for h in sheets.wallet_card_entries(many, WALLET_CARD_TOPICS))


def test_wallet_card_text_is_at_least_7pt(wallet_card: bytes) -> None:
    # A Noto Sans word box is ascender plus descender: 1.362 times the font size.
    smallest = min(height for _, height in pdf_words(wallet_card)) / 1.362
    assert smallest >= 6.95


def test_wallet_card_with_long_names_stays_on_one_card() -> None:
    """Names are cut to two lines; if the card still overflows, the note gives way first."""
    long_note = ("If you cannot speak, call 999 and press 55 when asked. " * 3)[:110]
    long_names = Region(
        "long",
        "Long",
        "999",
        long_note,
        tuple(
            helpline(
                f"l{i}",
                "The Very Long Name of a Regional Independent Advocacy Service " * 2,
                f"0800 111 22{i}",
                ("stalking", "domestic-abuse"),
            )
            for i in range(5)
        ),
    )
    pdf = sheets.pdf(WalletCard(long_names))
    assert pdf_info(pdf)["Pages"] == "1"
    text = pdf_text(pdf)
    assert sum(f"0800 111 22{i}" in text for i in range(5)) == 4
    assert "press 55" not in text
    assert normalise("Regional Independent…") in text


# The templates


DOCUMENTS = (
    HelplineSheet(REGION),
    PracticalSteps(REGION),
    WalletCard(REGION),
    RecoverySlip("river-stone", "7K3M-Q9TD-AB12-CD34-EF56"),
    dummy_entries(3),
    sample_record(),
    PlanSheet("Personal notes", (PlanPart("At home", (PlanItem("Locks", ("Back door",)),)),)),
    PlanCard(heading="Numbers", emergency_label="Emergency", emergency_number="999"),
)


def test_every_document_extends_the_one_base_layout() -> None:
    folder = resources.files("kiosk.printing").joinpath("templates")
    documents = [
        entry.name
        for entry in folder.iterdir()
        if entry.name.endswith(".html") and entry.name not in ("base.html", "_macros.html")
    ]
    assert len(documents) == len(DOCUMENTS)
    for name in documents:
        assert '{% extends "base.html" %}' in folder.joinpath(name).read_text(), name
    for document in DOCUMENTS:
        page = sheets.html(document)
        assert page.startswith("<!DOCTYPE html>") and "<title>Document</title>" in page
        assert ".page-footer {" in page, "the shared stylesheet is in every document"


def test_a_template_missing_a_value_raises_instead_of_printing_a_gap() -> None:
    import jinja2

    with pytest.raises(jinja2.UndefinedError):
        sheets.environment().get_template("recovery-slip.html").render(name="river-stone")


MARKUP = "<b>Bold</b> {{ 7 * 7 }} {% if x %}x{% endif %} &amp; \x1b[31mRed"


def test_markup_template_syntax_and_escape_sequences_in_data_print_as_text() -> None:
    tricky = Region(
        "tricky",
        f"Region {MARKUP}",
        "999",
        f"Note {MARKUP}",
        (helpline("t", f"Name {MARKUP}\x1b]0;title\x07", "0800 1", ("stalking",), hours=MARKUP),),
    )
    page = sheets.html(HelplineSheet(tricky))
    assert "<b>Bold</b>" not in page and "&lt;b&gt;Bold&lt;/b&gt;" in page
    assert "{{ 7 * 7 }}" in page and "\x1b" not in page
    text = pdf_text(render_pdf(HelplineSheet(tricky)))
    printed = normalise(MARKUP.replace("\x1b", "\\x1b"))
    for label in ("Region", "Note", "Name"):
        assert f"{label} {printed}" in text, label
    assert "\\x1b]0;title\\x07" in text
    assert "\x1b" not in text and "\x07" not in text


def test_importing_the_printing_service_loads_no_renderer_library() -> None:
    """The session imports the service at start-up; the heavy libraries live in the renderer."""
    probe = (
        "import sys, kiosk.printing.service, kiosk.printing.sheets; "
        "print(sorted({'weasyprint', 'segno', 'jinja2', 'textual', 'rich'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_templates_ship_inside_the_package() -> None:
    folder = resources.files("kiosk.printing").joinpath("templates")
    for name in ("base.html", "helplines.html", "steps.html", "card.html", "sheet.css"):
        assert folder.joinpath(name).is_file(), name
