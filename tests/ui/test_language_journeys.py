"""Issue 13: in each shipped language, by keyboard alone and by mouse alone, a visitor chooses
her language on the welcome screen, unlocks her vault, saves a diary entry, goes through the
safety-plan wizard to a saved plan and puts the plan on paper: by keyboard through a private
cupsd's capture queue, by mouse saved as a PDF to a folder. The PDF's words are read back with
pdftotext; the entry and the plan are read back from the vault file.

One app run per language and way in: each does all four in sequence (tests/ui cost).
Every screen passed is checked for English left on it and for a button label cut short."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import Static

from kiosk.diary.repository import DiaryRepository
from kiosk.i18n import use_language
from kiosk.plan.content import load_plan_content
from kiosk.plan.repository import PlanRepository
from kiosk.printing.cups import CupsPrinter
from kiosk.services import Services
from kiosk.ui.app import KioskApp, make_app
from kiosk.vault.service import VaultService
from tests.printing.cupsd import PrivateCups
from tests.printing.pdftext import pdf_text
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.language_journey_steps import (
    DIARY_EFFECT,
    DIARY_WHAT,
    DIARY_WHERE,
    SHIPPED,
    Visit,
    english_after,  # noqa: F401
    english_on,
    keyboard_visit,
    mouse_visit,
    tr,
)

pytestmark = [pytest.mark.usefixtures("buttons_take_every_press"), pytest.mark.journey]


def _app(kiosk: Kiosk, printer: CupsPrinter | None = None, **changes: object) -> KioskApp:
    given = kiosk.services
    config = kiosk.app(**changes).config
    services = Services(
        directory=given.directory,
        printer=printer or given.printer,
        vaults=given.vaults,
        staff=given.staff,
        config=config,
    )
    return make_app(config, services, kiosk.clock)


def _message(app: KioskApp) -> str:
    return str(app.screen.query_one("#message", Static).render())


def _kept_in_the_vault(kiosk: Kiosk) -> None:
    """The entry and the plan are in the vault file, read back through a fresh opening."""
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        (entry,) = DiaryRepository(vault).full_entries()
        assert entry.content is not None
        assert entry.content.where == DIARY_WHERE
        assert entry.content.what_happened == DIARY_WHAT
        assert entry.content.effect_on_you == DIARY_EFFECT
        assert PlanRepository(vault).latest() is not None


def _seen_whole(visit: Visit) -> None:
    assert visit.english_left() == {}, "English left on the screens"
    assert visit.cut_off == [], "button labels cut short"


def _plan_heading(lang: str, text: str) -> None:
    """The sheet's heading (neutral, as the print screen offers first) in her language."""
    heading = tr(lang, "Personal notes")
    assert heading in text, text[:400]
    if lang != "en":
        assert heading != "Personal notes" and "Personal notes" not in text, text[:400]


@pytest.mark.parametrize("lang", SHIPPED)
async def test_by_keyboard_alone(kiosk: Kiosk, private_cups: PrivateCups, lang: str) -> None:
    folder = private_cups.add_queue("CAPTURE")
    printer = CupsPrinter(queue="CAPTURE", server=private_cups.server)
    # Held printing turned off, as a centre may (held jobs: tests/ui/test_release_printing.py).
    app = _app(kiosk, printer, printing={"hold_vault_documents": False})
    visit = Visit(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await keyboard_visit(pilot, visit)
        said = _message(app)
        assert said == tr(lang, "Printed. Please collect every page from the printer."), said
    _kept_in_the_vault(kiosk)
    (job,) = folder.glob("job-*.pdf")
    _plan_heading(lang, pdf_text(job.read_bytes()))
    _seen_whole(visit)


@pytest.mark.parametrize("lang", SHIPPED)
async def test_by_mouse_alone(kiosk: Kiosk, tmp_path: Path, lang: str) -> None:
    folder = tmp_path / "media" / "STICK"
    folder.mkdir(parents=True)
    app = _app(kiosk, printing={"save_folder": str(folder)})
    visit = Visit(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await mouse_visit(pilot, visit)
    _kept_in_the_vault(kiosk)
    (saved,) = folder.glob("*.pdf")
    _plan_heading(lang, pdf_text(saved.read_bytes()))
    _seen_whole(visit)


def test_english_left_on_a_screen_is_found() -> None:
    """The check itself: a button's English label, and an English sentence wrapped over two
    lines, are found on a Polish screen; the Polish words, her own words and English on an
    English screen are not."""
    screen = (
        "  ▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔  ▔▔▔▔▔▔▔▔▔▔▔▔\n"
        f"   Open my vault    {tr('pl', 'Staff')}   bus stop\n"
        "  You have an unfinished note from last time, kept safe\n"
        "  in your vault.\n"
        "  Everything here is private. Press F9, or 'Exit this page' at the top, to leave\n"
        "  any screen at once.\n"
    )
    found = english_on(screen, "pl")
    assert "Open my vault" in found
    sentence = "You have an unfinished note from last time, kept safe in your vault."
    welcome = (  # a message with a field, filled in
        "Everything here is private. Press {key}, or 'Exit this page' at the top, "
        "to leave any screen at once."
    )
    assert sorted(found) == sorted(["Open my vault", sentence, welcome])
    assert english_on(screen, "en") == []


# A plan checklist box is one line (a box does not wrap): at 80x24 a label of 71 cells shows
# whole and a longer one is cut ("…microsglod"), found by the journeys above. They look at the
# top of each page only; this covers the boxes below it.
PLAN_BOX_CELLS = 71


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_plan_checklist_box_fits_at_80_columns(lang: str) -> None:
    use_language(lang)
    content = load_plan_content(None)
    labels = [o.label for s in content.sections for p in s.prompts for o in p.options]
    assert labels
    assert [label for label in labels if cell_len(label) > PLAN_BOX_CELLS] == []
