"""Printed sheets in the visitor's language, through the real renderer, read back with pdftotext.

The renderer is forked before she chooses her language, so the request names it; the sheet's
words, <html lang dir> and dates follow it. For each shipped catalogue the expected words come
from the catalogue itself (the translation of the sheet's title and of a heading), so the test
needs no knowledge of the language; a language whose catalogue has not landed yet is skipped,
saying so. Right-to-left text must come back in logical order: the words of each translation,
in the order the translation has them.
"""

from __future__ import annotations

import dataclasses
import gettext
import os
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from kiosk.helplines.loader import load_directory
from kiosk.helplines.model import Region, Words
from kiosk.i18n import DOMAIN, LOCALE_DIR, read_every_catalogue, use_language
from kiosk.printing import render_server, sheets
from kiosk.printing.documents import (
    Document,
    HelplineSheet,
    PlanItem,
    PlanPart,
    PlanSheet,
    PracticalSteps,
    WalletCard,
)
from kiosk.printing.renderer import RenderError, render_pdf
from tests.i18n.conftest import TINY_ARABIC, tiny_arabic  # noqa: F401
from tests.printing.diary_samples import sample_record
from tests.printing.pdftext import normalise, pdf_text, require_tool
from tests.printing.test_sheets import REGION

# The sheets' words checked in each language: the title and one heading of each sheet.
CHECKED = {
    "helplines": ("Useful numbers", "Help in your language"),
    "practical-steps": ("Practical steps", "Further reading"),
    "diary-record": ("Personal record", "Verification"),
    "wallet-card": ("Numbers", "Emergency"),
}
SHIPPED_TO_CHECK = ("pl", "cy", "es", "ar", "ur")


def _document(kind: str, region: Region) -> Document:
    if kind == "helplines":
        return HelplineSheet(region)
    if kind == "practical-steps":
        return PracticalSteps(region)
    if kind == "wallet-card":
        return WalletCard(region)
    return sample_record()


def reading_order_text(pdf: bytes) -> str:
    """``pdftotext`` in its default mode, which puts each line in reading order (``-raw`` gives
    the glyphs' order on the page, right-to-left words last word first), normalised: NFKC turns
    Arabic presentation forms back into letters, and the bidi controls go."""
    tool = require_tool("pdftotext")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.pdf"
        path.write_bytes(pdf)
        done = subprocess.run(
            [tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=60
        )
    return normalise(done.stdout.decode("utf-8"), drop_arabic_marks=True)


def in_logical_order(words: list[str], text: str) -> bool:
    """Every word of ``words`` in ``text``, one after another, in this order."""
    at = 0
    for word in words:
        found = text.find(word, at)
        if found < 0:
            return False
        at = found + len(word)
    return True


def assert_reads_back(pdf: bytes, translations: list[str]) -> None:
    text = reading_order_text(pdf)
    for translation in translations:
        words = normalise(translation, drop_arabic_marks=True).split()
        # The phrase whole, or (across a line break) its words in logical order.
        assert normalise(translation, drop_arabic_marks=True) in text or in_logical_order(
            words, text
        ), f"{translation!r} not read back in order from:\n{text[:600]}"


def test_the_page_names_its_language_and_direction() -> None:
    use_language("en")
    assert '<html lang="en" dir="ltr">' in sheets.html(HelplineSheet(REGION))


def test_an_arabic_sheet_runs_right_to_left_in_logical_order(tiny_arabic: Path) -> None:  # noqa: F811
    """The session speaks English; the request asks for Arabic: the renderer follows the
    request, the page is dir="rtl", and the Arabic words come back in logical order."""
    use_language("en")
    pdf = render_pdf(HelplineSheet(REGION), language="ar")
    assert_reads_back(pdf, [TINY_ARABIC["Useful numbers"], TINY_ARABIC["Help in your language"]])
    assert "Useful numbers" not in pdf_text(pdf)
    # English entry data and phone numbers are still there, whole and in their order, inside
    # the right-to-left page (a number's digit groups would otherwise run right to left).
    text = reading_order_text(pdf)
    assert normalise(REGION.emergency_note) in text
    for helpline in REGION.helplines:
        assert normalise(helpline.name) in text
        assert helpline.phone in text, helpline.phone
    use_language("ar")
    body = sheets.html(HelplineSheet(REGION))
    assert '<html lang="ar" dir="rtl">' in body
    assert 'lang="en" dir="ltr"' in body  # the directory's English, marked as English
    # And back: the session in Arabic, the request in English.
    english = render_pdf(PracticalSteps(REGION), language="en")
    assert "Practical steps" in pdf_text(english)


def test_a_language_the_renderer_has_no_catalogue_for_is_refused() -> None:
    with pytest.raises(RenderError) as refused:
        render_pdf(HelplineSheet(REGION), language="zu")
    assert str(refused.value) == "the renderer did not understand the request"


def _shipped(tag: str) -> gettext.GNUTranslations:
    path = LOCALE_DIR / tag / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not path.exists():
        pytest.skip(
            f"no {tag!r} catalogue shipped yet (kiosk/i18n/locale/{tag}/, written by the "
            "translators): this test runs once it lands"
        )
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)


@pytest.mark.parametrize("kind", sorted(CHECKED))
@pytest.mark.parametrize("tag", SHIPPED_TO_CHECK)
def test_each_shipped_language_prints_its_own_words(tag: str, kind: str) -> None:
    catalogue = _shipped(tag)
    expected = [catalogue.gettext(message) for message in CHECKED[kind]]
    assert all(e != m for e, m in zip(expected, CHECKED[kind], strict=True)), "untranslated"
    pdf = render_pdf(_document(kind, REGION), language=tag)
    assert_reads_back(pdf, expected)
    use_language(tag)
    try:
        direction = "rtl" if tag in ("ar", "ur") else "ltr"
        assert f'<html lang="{tag}" dir="{direction}">' in sheets.html(_document(kind, REGION))
    finally:
        use_language("en")


def test_her_own_words_run_in_their_own_direction_whatever_the_page(tiny_arabic: Path) -> None:  # noqa: F811
    """WeasyPrint takes dir="auto" as the page's direction: each line of hers gets the direction
    of its first letter, so her English on an Arabic page keeps its full stop at the end, and
    her Arabic on an English page reads right to left."""
    english, arabic = "I will call Sam, then go.", "سأتصل بسارة ثم أغادر."
    plan = PlanSheet("Plan", (PlanPart("Part", (PlanItem("Label", (english, arabic)),)),))
    for page in ("ar", "en"):
        text = reading_order_text(render_pdf(plan, language=page))
        assert english in text, page
        # Its words in reading order (pdftotext puts the full stop of a right-to-left line
        # first, wherever it is drawn, so it is left out of the comparison).
        assert in_logical_order(normalise(arabic.rstrip("."), drop_arabic_marks=True).split(), text)
    assert sheets.text_direction("  12:30 I") == "ltr"
    assert sheets.text_direction("(سأتصل)") == "rtl"
    use_language("ar")
    assert sheets.text_direction("12:30") == "rtl"  # no letter: the page's
    use_language("en")


def test_choosing_or_printing_in_a_language_reads_no_catalogue(tiny_arabic: Path) -> None:  # noqa: F811
    """A catalogue's access time, readable by anyone, must not date the day someone used the
    kiosk in Arabic: every catalogue is read at each session's start (after its first frame)
    and by the render server as it warms up, never when a language is chosen or printed in."""
    catalogue = tiny_arabic / "ar" / "LC_MESSAGES" / f"{DOMAIN}.mo"
    long_ago = time.time() - 10 * 24 * 3600

    def aged() -> float:
        os.utime(catalogue, (long_ago, catalogue.stat().st_mtime))
        return catalogue.stat().st_atime

    before = aged()
    catalogue.read_bytes()
    if catalogue.stat().st_atime == before:
        pytest.skip("this file system does not record access times (noatime)")

    render_server.warm()  # what every session asks for after its first frame
    render_pdf(HelplineSheet(REGION), language="en")  # served once the warm-up is done
    before = aged()
    render_pdf(HelplineSheet(REGION), language="ar")
    assert catalogue.stat().st_atime == before, "printing in Arabic read its catalogue"

    read_every_catalogue()  # the session, after its first frame
    before = aged()
    use_language("ar")
    assert catalogue.stat().st_atime == before, "choosing Arabic read its catalogue"
    use_language("en")


def _without_punctuation(text: str) -> str:
    return "".join(" " if char in ".,،()؛:" else char for char in text)


@pytest.mark.parametrize("tag", ["cy", "ar", "pl"])
def test_the_helpline_sheet_prints_the_directorys_own_translations(tag: str) -> None:
    """The shipped directory translates its entries: a sheet in her language prints the
    region's name and note and each description in it, the organisations' names and every
    number as written; each piece marked with the language it is in."""
    use_language("en")
    uk = load_directory(None).regions["uk"]
    pdf = render_pdf(HelplineSheet(uk), language=tag)
    translated = uk.in_language(tag)
    samaritans = next(h for h in translated.helplines if h.id == "samaritans")
    text = reading_order_text(pdf)
    # Word by word, in logical order; pdftotext moves a comma or a bracket beside a
    # right-to-left word to its other side, so punctuation is left out of the comparison.
    unpunctuated = _without_punctuation(text)
    for words in (translated.name, translated.emergency_note, samaritans.helps_with):
        expected = _without_punctuation(normalise(words, drop_arabic_marks=True)).split()
        assert in_logical_order(expected, unpunctuated), words
    english = next(h for h in uk.helplines if h.id == "samaritans")
    assert normalise(english.helps_with) not in text
    assert "National Domestic Abuse Helpline" in text and "116 123" in text
    use_language(tag)
    try:
        body = sheets.html(HelplineSheet(uk))
    finally:
        use_language("en")
    direction = "rtl" if tag == "ar" else "ltr"
    assert f'<p class="helps" lang="{tag}" dir="{direction}">' in body
    assert '<h2 class="name" lang="en" dir="ltr">Samaritans</h2>' in body


def test_a_field_the_directory_leaves_untranslated_prints_as_written() -> None:
    """Welsh for the hours only: the description stays English, marked as English."""
    use_language("en")
    uk = load_directory(None).regions["uk"]
    samaritans = next(h for h in uk.helplines if h.id == "samaritans")
    only_hours = tuple(
        Words(words.language, tuple((k, v) for k, v in words.texts if k == "hours"))
        for words in samaritans.translations
    )
    region = dataclasses.replace(
        uk, helplines=(dataclasses.replace(samaritans, translations=only_hours),)
    )
    text = reading_order_text(render_pdf(HelplineSheet(region), language="cy"))
    assert "24 awr y dydd, bob dydd" in text
    assert normalise(samaritans.helps_with) in text
    use_language("cy")
    try:
        body = sheets.html(HelplineSheet(region))
    finally:
        use_language("en")
    assert '<p class="helps" lang="en" dir="ltr">' in body
    assert '<p class="hours" lang="cy" dir="ltr">' in body
