"""Her safety plan and her wallet card, laid out by the renderer, printed through a private
cupsd's capture queue and read back with pdftotext: exactly the sections she ticked (a canary
in every other section is absent), neutral headings unless she asks, her code word only if she
asks, the Silent Solution where the region has it, and a card-sized page with cut marks."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

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
from kiosk.printing.documents import PlanItem, PlanPart, PlanSheet
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
from tests.printing.pdftext import _run, normalise, pdf_page_count, pdf_text, require_tool
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


def ink_outside_the_card(pdf: bytes) -> int:
    """Dark pixels between the card's right edge (its TrimBox) and the sheet's, away from the
    crop marks: what would be cut off with the bleed."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "card.pdf"
        path.write_bytes(pdf)
        drawn = subprocess.run(
            [require_tool("pdftoppm"), "-r", "150", "-gray", str(path)],
            capture_output=True, check=True, timeout=60,
        ).stdout  # fmt: skip
    image = Image.open(io.BytesIO(drawn)).convert("L")
    media, trim = boxes(pdf)["MediaBox"], boxes(pdf)["TrimBox"]
    dots = 150 / 25.4
    bleed_x, bleed_y = (media[0] - trim[0]) / 2, (media[1] - trim[1]) / 2
    left = round((bleed_x + trim[0] + 0.5) * dots)
    top, bottom = round((bleed_y + 5) * dots), round((bleed_y + trim[1] - 5) * dots)
    right = round(media[0] * dots) - 1
    strip = image.crop((left, top, right, bottom))
    return sum(strip.histogram()[:128])


def test_a_long_number_is_printed_whole_or_ends_in_an_ellipsis_never_past_the_cut() -> None:
    """A number she typed with more in it (an extension, when to call) is printed whole; one
    too long for the card ends visibly, never silently at the cut line, where a digit lost
    would leave a number that looks right and is not."""
    long = "Margaret-Elizabeth Featherstonehaugh-Wolfeschlegelsteinhausen"
    numbers = ("+44 (0)20 7946 0000 ext 1234", "07700 900111 (after 6pm)", "07700 900333")
    contacts = tuple(TrustedContact(name=f"{long} {n}", number=n) for n in numbers)
    overlong = TrustedContact(name="Dee", number="07700 900444, or her work: 020 7946 0999")
    answers = PlanAnswers(
        sections={
            "emergency": SectionAnswers(
                status=SectionStatus.DONE,
                prompts={"people": PromptAnswer(contacts=(*contacts, overlong))},
            )
        }
    )
    choices = CardChoices(contacts=tuple(c.name for c in (*contacts, overlong)))
    pdf = render_pdf(plan_card(CONTENT, answers, region("uk"), choices))
    assert pdf_page_count(pdf) == 1
    text = pdf_text(pdf)
    assert all(number in text for number in numbers)
    assert ink_outside_the_card(pdf) == 0


def test_her_code_word_is_printed_only_on_the_card_and_only_when_she_asks() -> None:
    """Printing the section that holds it prints her people and numbers, not her code word: a
    plan found would give it away, and she asks for it by name only on the card."""
    sections = plan_outline(CONTENT, ANSWERS, region("uk"))
    for full_titles in (False, True):
        sheet = plan_sheet(sections, {"emergency"}, full_titles=full_titles)
        text = pdf_text(render_pdf(sheet))
        assert canary("emergency") in text and "Ann Sister: 07700 900111" in text
        assert CODE_WORD not in text and "A code word" not in text
    # A section holding nothing else is not offered: its heading would print alone.
    only_the_word = PlanAnswers(
        sections={"emergency": SectionAnswers(prompts={"code-word": PromptAnswer(text="w")})}
    )
    assert printable(plan_outline(CONTENT, only_the_word, region("uk"))) == ()


def test_a_long_word_in_a_heading_or_label_wraps_instead_of_running_off_the_page() -> None:
    """A centre's label may hold an address with no space to break at; a title may be one long
    word in some languages. Each is printed whole, over as many lines as it needs."""
    address = "https://www.example.org/how-to-apply-for-a-non-molestation-order-" + "x" * 60
    heading = "Sicherheitsvorkehrungen" + "W" * 37  # the longest title a content file allows
    sheet = PlanSheet(
        title=heading,
        parts=(PlanPart(heading=heading, items=(PlanItem(address, ("her answer",)),)),),
    )
    text = "".join(pdf_text(render_pdf(sheet)).split())
    assert text.count(heading) == 2 and address in text and "heranswer" in text


def test_a_long_code_word_is_shown_beside_its_label_never_the_label_alone() -> None:
    """A word too long for the rest of the line was moved to a second line, which the card
    discards: she had asked for her code word and got "Code word" with nothing after it."""
    word = "supercalifragilisticexpialidocious" * 2
    answers = PlanAnswers(
        sections={
            "emergency": SectionAnswers(
                status=SectionStatus.DONE, prompts={"code-word": PromptAnswer(text=word)}
            )
        }
    )
    card = plan_card(CONTENT, answers, region("uk"), CardChoices(code_word=True))
    pdf = render_pdf(card)
    assert pdf_page_count(pdf) == 1
    assert f"Code word {word[:20]}" in pdf_text(pdf)
    assert ink_outside_the_card(pdf) == 0
