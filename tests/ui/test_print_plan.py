"""The plan's print screen, driven as a visitor would: by keyboard alone (two sections printed
on a private cupsd's capture queue) and by mouse alone (her wallet card saved as a PDF);
nothing is ticked until she ticks it, and a choice that cannot be printed is one calm line."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

import msgspec
import pytest
from textual.errors import NoWidget
from textual.events import MouseScrollDown
from textual.pilot import Pilot
from textual.widgets import Checkbox, RadioButton, RadioSet, Static

from kiosk.plan.answers import PromptAnswer
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.plan.print_plan import PrintPlanScreen
from tests.printing.cupsd import PrivateCups
from tests.printing.pdftext import pdf_text
from tests.printing.plan_samples import ANSWERS, CODE_WORD, canary
from tests.printing.processes import ends, renderers
from tests.ui.conftest import Kiosk
from tests.ui.helpers import settle
from tests.ui.print_plan_fixtures import capture_printer, open_print_plan, plan_app
from tests.ui.save_place_fixtures import sticks  # noqa: F401 (a fixture)
from tests.ui.test_print_record import renderer_started

pytestmark = pytest.mark.usefixtures("buttons_take_every_press", "sticks")


def said(app: KioskApp) -> str:
    return str(app.screen.query_one("#message", Static).render())


async def wheel_to(pilot: Pilot[None], selector: str) -> None:
    """Turn the mouse wheel over the choices until ``selector`` is in view, as she would."""
    app = pilot.app
    for _ in range(40):
        target = app.screen.query_one(selector)
        with contextlib.suppress(NoWidget):
            under, _offset = app.get_widget_at(*target.region.offset)
            if target in under.ancestors_with_self:
                return
        # The wheel, sent the way the driver sends it (Pilot has no public wheel method).
        await pilot._post_mouse_events([MouseScrollDown], "#plan-print-options", offset=(5, 1))
        await settle(pilot)
    raise AssertionError(f"{selector} never came into view")


def focused_id(app: KioskApp) -> str | None:
    return app.focused.id if app.focused is not None else None


async def test_by_keyboard_the_ticked_sections_are_printed_and_nothing_else(
    kiosk: Kiosk, private_cups: PrivateCups
) -> None:
    queue = private_cups.add_queue("CAPTURE")
    # With held printing turned off, as a centre may: it prints at once.
    no_hold = {"hold_vault_documents": False}
    app = plan_app(kiosk, capture_printer(private_cups.server), printing=no_hold)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_print_plan(pilot)
        screen = app.screen
        assert isinstance(screen, PrintPlanScreen)
        # Nothing is ticked until she ticks it.
        assert not any(box.value for box in screen.query(".part").results(Checkbox))
        assert isinstance(app.focused, RadioSet) and app.focused.id == "plan-what"
        await pilot.press("tab", "tab", "space")  # emergency, home: ticked
        await pilot.press("tab", "tab", "space")  # leaving, stalking: ticked
        assert focused_id(app) == "section-3"
        await pilot.press("tab", "tab")  # support, then the headings
        assert focused_id(app) == "plan-headings"
        # Five numbers, the code word, Look again, the folder, Print.
        await pilot.press(*["tab"] * 9)
        assert focused_id(app) == "print-plan-button"
        await pilot.press("enter")
        await settle(pilot, limit=90.0)
        assert said(app) == "Printed. Please collect every page from the printer."
    (job,) = queue.glob("job-*.pdf")
    text = pdf_text(job.read_bytes())
    assert canary("home") in text and canary("stalking") in text
    for other in ("emergency", "leaving", "support", "technology"):
        assert canary(other) not in text
    assert "At home" in text and "Safety at home" not in text
    assert CODE_WORD not in text
    assert (queue / job.name.replace(".pdf", ".title")).read_text().strip() == "Document"


async def test_by_mouse_her_card_is_saved_with_the_numbers_she_ticked(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    stick = tmp_path / "media" / "KINGSTON"
    stick.mkdir(parents=True)
    app = plan_app(kiosk, printing={"save_folder": str(stick)})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_print_plan(pilot)
        assert await pilot.click("#print-plan-button")
        assert said(app) == "Please tick the sections you want to print."
        # Ann was chosen for the card in the wizard; the code word was not.
        assert app.screen.query_one("#card-0", Checkbox).value
        assert not app.screen.query_one("#card-code-word", Checkbox).value
        for number in ("#card-1", "#card-2", "#card-3", "#card-4"):
            await wheel_to(pilot, number)
            assert await pilot.click(number)
        assert app.screen.query_one("#what-card", RadioButton).value  # ticking a number did it
        assert await pilot.click("#save-plan")
        assert said(app) == (
            "A card has room for 4 numbers besides the emergency one. Please untick some."
        )
        assert list(stick.iterdir()) == []
        for number in ("#card-0", "#card-2", "#card-3", "#card-4"):
            assert await pilot.click(number)  # only Bob is left
        await wheel_to(pilot, "#card-code-word")
        assert await pilot.click("#card-code-word")
        assert await pilot.click("#save-plan")
        await settle(pilot, limit=90.0)
        (saved,) = stick.glob("*.pdf")
        assert said(app) == f'Saved to the folder "KINGSTON" as {saved.name}.'
        assert await pilot.click("#back")
        assert not isinstance(app.screen, PrintPlanScreen)
    text = pdf_text(saved.read_bytes())
    assert "Emergency 999" in text and "Bob Neighbour 07700 900222" in text
    assert f"Code word {CODE_WORD}" in text
    assert "Ann" not in text and canary("emergency") not in text


async def test_a_quick_exit_while_the_plan_is_made_ends_the_renderer_and_prints_nothing(
    kiosk: Kiosk, private_cups: PrivateCups
) -> None:
    queue = private_cups.add_queue("CAPTURE")
    app = plan_app(kiosk, capture_printer(private_cups.server))
    # Thousands of short lines: a plan that takes the renderer a while to lay out.
    home = ANSWERS.section("home")
    long_notes = PromptAnswer(text="a line of notes\n" * 1000)
    answers = msgspec.structs.replace(
        ANSWERS,
        sections={
            **ANSWERS.sections,
            "home": msgspec.structs.replace(home, prompts={**home.prompts, "notes": long_notes}),
        },
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await open_print_plan(pilot, answers)
        assert await pilot.click("#section-1")
        assert await pilot.click("#print-plan-button")
        renderer = await renderer_started(pilot)
        await pilot.press("f12")
        deadline = time.monotonic() + 10
        while app.is_running and time.monotonic() < deadline:
            await pilot.pause(0.02)
        assert not app.is_running
    assert ends(renderer)  # killed at the quick exit; dead once the kernel has run it
    assert renderers(os.getpid()) == []
    assert list(queue.glob("job-*")) == []
