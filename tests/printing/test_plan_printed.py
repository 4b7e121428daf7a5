"""Her safety plan and her wallet card, laid out by the renderer, printed through a private
cupsd's capture queue and read back with pdftotext: exactly the sections she ticked (a canary
in every other section is absent), neutral headings unless she asks, her code word only if she
asks, the Silent Solution where the region has it, and a card-sized page with cut marks."""

from __future__ import annotations

import re

from kiosk.helplines.loader import load_directory
from kiosk.helplines.model import Region
from kiosk.plan.answers import (
    CardChoices,
    PlanAnswers,
    PromptAnswer,
    SectionAnswers,
    SectionStatus,
    TrustedContact,
)
from kiosk.printing.cups import CupsPrinter, SessionPrintJobs
from kiosk.printing.plan_document import (
    card_options,
    plan_card,
    plan_outline,
    plan_sheet,
    printable,
    silent_call_note,
)
from kiosk.printing.renderer import render_pdf
from kiosk.printing.service import Result, print_sheet
from tests.printing.cupsd import PrivateCups
from tests.printing.pdftext import _run, normalise, pdf_page_count, pdf_text
from tests.printing.plan_samples import ANSWERS, CODE_WORD, CONTENT, HOSTILE, canary

SECTIONS = ("emergency", "home", "leaving", "stalking", "support", "technology")
MM = 72 / 25.4


def region(code: str) -> Region:
    found = load_directory(None).region(code)
    assert found is not None
    return found


def printed(pdf: bytes, cups: PrivateCups) -> bytes:
    """The PDF as the capture queue received it (its job title is the neutral one)."""
    folder = cups.add_queue("CAPTURE")
    printer = CupsPrinter(queue="CAPTURE", server=cups.server)
    assert print_sheet(pdf, printer, jobs=SessionPrintJobs()).result is Result.PRINTED
    (job,) = folder.glob("job-*.pdf")
    assert (folder / job.name.replace(".pdf", ".title")).read_text().strip() == "Document"
    return job.read_bytes()


def boxes(pdf: bytes) -> dict[str, tuple[float, float]]:
    """Each page box of page 1 as (width, height) in mm (``pdfinfo -box``)."""
    found = {}
    for name, *corners in re.findall(
        r"(\w+Box):\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", _run("pdfinfo", pdf, "-box")
    ):
        x0, y0, x1, y1 = (float(value) for value in corners)
        found[name] = (round((x1 - x0) / MM, 1), round((y1 - y0) / MM, 1))
    return found


def test_the_printed_plan_holds_exactly_the_ticked_sections(private_cups: PrivateCups) -> None:
    sections = plan_outline(CONTENT, ANSWERS, region("uk"))
    pdf = printed(render_pdf(plan_sheet(sections, {"home", "stalking"})), private_cups)
    text = pdf_text(pdf)
    assert canary("home") in text and canary("stalking") in text
    for left_out in set(SECTIONS) - {"home", "stalking"}:
        assert canary(left_out) not in text, left_out
    # Neutral headings by default: nothing on the paper says what it is.
    assert "Personal notes" in text and "At home" in text and "Other steps" in text
    for word in ("safety", "Safety", "Stalking", "stalking"):
        assert word not in text.replace(canary("stalking"), "")
    assert CODE_WORD not in text and "Ann Sister" not in text
    assert "Outside lights" in text and "Locks" not in text  # only what she ticked
    # Her text is printed as typed, never read as HTML, Jinja2 or Rich markup.
    assert normalise(HOSTILE.replace("\x1b", "\\x1b")) in text


def test_full_titles_only_when_she_asks_and_left_out_sections_are_not_offered() -> None:
    sections = plan_outline(CONTENT, ANSWERS, region("uk"))
    # Not for me: absent from the plan, so not offered and never printed.
    assert [s.id for s in printable(sections)] == list(SECTIONS[:-1])
    assert plan_sheet(sections, {"technology"}).parts == ()
    text = pdf_text(render_pdf(plan_sheet(sections, {"home", "support"}, full_titles=True)))
    assert "My safety plan" in text and "Safety at home" in text
    assert "Emotional safety and support" in text and "At home" not in text
    # A chosen service is printed with the directory's own number while it is listed.
    paladin = next(h for h in region("uk").helplines if h.id == "paladin")
    assert f"{paladin.name}: {paladin.phone}" in text and "as picked" not in text
    assert "A service no longer listed: 0800 1" in text


def test_the_card_is_card_sized_with_the_chosen_numbers_and_no_code_word(
    private_cups: PrivateCups,
) -> None:
    uk = region("uk")
    card = plan_card(CONTENT, ANSWERS, uk, ANSWERS.card)  # Ann, as chosen in the wizard
    pdf = printed(render_pdf(card), private_cups)
    text = pdf_text(pdf)
    assert f"Emergency {uk.emergency_number}" in text
    assert silent_call_note(uk) and normalise(silent_call_note(uk)) in text
    assert "Ann Sister 07700 900111" in text
    assert "Bob" not in text and "Dee" not in text and CODE_WORD not in text
    assert canary("emergency") not in text
    assert pdf_page_count(pdf) == 1
    found = boxes(pdf)
    assert found["TrimBox"] == (85.0, 55.0)
    # The crop marks stand in a bleed around the card.
    assert found["MediaBox"][0] > 85.0 and found["MediaBox"][1] > 55.0


def test_the_code_word_only_when_asked_and_no_silent_line_where_the_region_has_none() -> None:
    us = region("us")
    assert silent_call_note(us) == ""
    choices = CardChoices(contacts=("Bob Neighbour",), code_word=True)
    text = pdf_text(render_pdf(plan_card(CONTENT, ANSWERS, us, choices)))
    assert f"Emergency {us.emergency_number}" in text
    assert f"Code word {CODE_WORD}" in text and "Bob Neighbour 07700 900222" in text
    assert "55" not in text and "Ann" not in text
    assert [o.name for o in card_options(CONTENT, ANSWERS, us)] == [
        "Ann Sister",
        "Bob Neighbour",
        "Dee Friend",
        "Paladin (as picked)",
        "A service no longer listed",
    ]


def test_a_full_card_with_long_names_stays_one_card() -> None:
    long = "Margaret-Elizabeth Featherstonehaugh-Wolfeschlegelsteinhausen"
    contacts = tuple(
        TrustedContact(name=f"{n} {long}", number=f"07700 900 12{n} ext 44{n}") for n in range(4)
    )
    answers = PlanAnswers(
        sections={
            "emergency": SectionAnswers(
                status=SectionStatus.DONE,
                prompts={
                    "people": PromptAnswer(contacts=contacts),
                    "code-word": PromptAnswer(text=" ".join([CODE_WORD] * 12)),
                },
            )
        }
    )
    choices = CardChoices(contacts=tuple(c.name for c in contacts), code_word=True)
    pdf = render_pdf(plan_card(CONTENT, answers, region("uk"), choices))
    assert pdf_page_count(pdf) == 1
    text = pdf_text(pdf)
    assert all(c.number in text for c in contacts) and CODE_WORD in text
