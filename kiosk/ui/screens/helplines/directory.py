"""Helplines and printing: anyone can read the directory and print a sheet, no vault needed."""

from __future__ import annotations

import dataclasses

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static, TabbedContent, TabPane

from kiosk.helplines.advice import PRACTICAL_STEPS, READING_LIST
from kiosk.helplines.model import TOPICS, Helpline, Region
from kiosk.i18n import _, language
from kiosk.i18n.formats import format_list, language_named
from kiosk.printing.counting import SHEET_KINDS, count_printed
from kiosk.printing.service import Result, Sheet, print_sheet, render, save_sheet
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskScreen
from kiosk.ui.widgets.select import Select
from kiosk.ui.wording import describe_outcome, not_prepared, printing_now

ALL_TOPICS = "all"


def describe(helpline: Helpline) -> Text:
    """One entry; the name in bold. Built as Text, so nothing in the data is read as markup."""
    lines = [""]
    if helpline.phone and helpline.free_to_call:
        lines[-1] = "  " + _("Phone: {phone} (free to call)").format(phone=helpline.phone)
    elif helpline.phone:
        lines[-1] = "  " + _("Phone: {phone}").format(phone=helpline.phone)
    lines += [f"  {helpline.hours}", f"  {helpline.helps_with}"]
    lines += [f"  {_(contact.kind)}: {contact.value}" for contact in helpline.other_contacts]
    if helpline.website:
        lines.append("  " + _("Website: {address}").format(address=helpline.website))
    if helpline.languages and helpline.languages != ("English",):
        # Translators: {languages} is a list of language names, joined as your language
        # joins a list.
        spoken = format_list([language_named(name) for name in helpline.languages])
        lines.append("  " + _("Languages: {languages}").format(languages=spoken))
    details = "\n".join(line for line in lines if line)
    return Text.assemble((helpline.name, "bold"), "\n", details)


def in_an_emergency(region: Region) -> str:
    return _("In an emergency call {number}.").format(number=region.emergency_number)


def practical_steps_text(region: Region) -> Text:
    """Headings in sentence case and bold, as printed; Text, so nothing is read as markup."""
    parts = [Text(f"{in_an_emergency(region)} {region.emergency_note}")]
    for section in PRACTICAL_STEPS:
        parts.append(Text(_(section.heading), style="bold"))
        parts.extend(Text(_(paragraph)) for paragraph in section.paragraphs)
    parts.append(Text(_("Further reading"), style="bold"))
    parts.extend(Text(_(entry)) for entry in READING_LIST)
    return Text("\n\n").join(parts)


class HelplinesScreen(KioskScreen[None]):
    def __init__(self, kit: ScreenKit) -> None:
        super().__init__(kit)
        self._printing = False

    def compose_body(self) -> ComposeResult:
        directory = self.kit.directory
        regions = sorted(
            (r.in_language(language()) for r in directory.regions.values()), key=lambda r: r.name
        )
        region = self._region_code()
        with Vertical(id="helplines-screen", classes="wide"):
            yield Static(_("Helplines and practical steps"), id="helplines-title", markup=False)
            with Horizontal(id="helpline-filters"):
                yield Select(
                    [(Text(r.name), r.code) for r in regions],
                    value=region,
                    allow_blank=False,
                    id="region",
                )
                yield Select(
                    [
                        (Text(_("All topics")), ALL_TOPICS),
                        *[(Text(_(label)), key) for key, label in TOPICS.items()],
                    ],
                    value=ALL_TOPICS,
                    allow_blank=False,
                    id="topic",
                )
            with TabbedContent(id="tabs"):
                with TabPane(_("Helplines"), id="tab-helplines"), VerticalScroll():
                    yield Static("", id="helpline-list", markup=False)
                with TabPane(_("Practical steps"), id="tab-steps"), VerticalScroll():
                    yield Static("", id="steps-text", markup=False)
            yield Static("", id="message", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Print this sheet"), id="print-sheet", variant="primary")
                yield Button(_("Print a wallet card"), id="print-card")
                if self.kit.config.save_path() is not None:
                    yield Button(_("Save as PDF"), id="save-pdf")
                yield Button(_("Back"), id="back")

    def _region_code(self) -> str:
        directory = self.kit.directory
        wanted = self.kit.config.kiosk.region
        if wanted in directory.regions:
            return wanted
        return sorted(directory.regions)[0]

    def on_mount(self) -> None:
        self._show()
        self.query_one("#print-sheet", Button).focus()

    def _region(self) -> Region:
        code = self.query_one("#region", Select).value
        directory = self.kit.directory
        region = directory.regions.get(str(code)) or directory.regions[self._region_code()]
        # The directory's words in her language where its file translates them.
        return region.in_language(language())

    def _shown_region(self) -> Region:
        """The region as it is on screen: only the chosen topic's helplines."""
        region = self._region()
        topic = self.query_one("#topic", Select).value
        shown = region.by_topic(None if topic == ALL_TOPICS else str(topic))
        return dataclasses.replace(region, helplines=shown)

    @on(Select.Changed)
    def _show(self) -> None:
        region = self._region()
        shown = self._shown_region().helplines
        emergency = Text.assemble(
            (in_an_emergency(region), "bold"),
            f" {region.emergency_note}",
        )
        body = Text("\n\n").join([emergency, *[describe(h) for h in shown]])
        if not shown:
            body.append(
                "\n\n" + _("No helplines for this topic in this region. Choose 'All topics'.")
            )
        self.query_one("#helpline-list", Static).update(body)
        self.query_one("#steps-text", Static).update(practical_steps_text(region))
        self._content_changed()

    @on(TabbedContent.TabActivated)
    def _content_changed(self) -> None:
        """How the last sheet went is about what was on show then: said no longer once she
        shows something else (a sheet still being prepared goes on being said)."""
        if not self._printing:
            self._say("")

    def _current_sheet(self) -> Sheet:
        active = self.query_one("#tabs", TabbedContent).active
        return Sheet.PRACTICAL_STEPS if active == "tab-steps" else Sheet.HELPLINES

    @on(Button.Pressed, "#print-sheet")
    def _print_sheet(self) -> None:
        self._start(self._current_sheet(), save=False)

    @on(Button.Pressed, "#print-card")
    def _print_card(self) -> None:
        self._start(Sheet.WALLET_CARD, save=False)

    @on(Button.Pressed, "#save-pdf")
    def _save(self) -> None:
        self._start(self._current_sheet(), save=True)

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss(None)

    def _start(self, sheet: Sheet, *, save: bool) -> None:
        if self._printing:
            self._say(_("Your sheet is still being prepared. Please wait for it."))
            return
        self._printing = True
        self._say(_("Preparing your sheet…"))
        # The sheet follows the topic on screen; the wallet card picks its own topics.
        region = self._region() if sheet is Sheet.WALLET_CARD else self._shown_region()
        self._produce(sheet, region, save)

    @work(thread=True, exclusive=True, exit_on_error=False, group="printing")
    def _produce(self, sheet: Sheet, region: Region, save: bool) -> None:
        app, kit = self.app, self.kit
        try:
            # In a renderer process, which the session's end (the print jobs) cancels.
            pdf = render(
                sheet, region, qr_url=kit.config.printing.sheet_qr_url, jobs=kit.print_jobs
            )
        except Exception:
            if not kit.session.ending:
                app.call_from_thread(self._finished, not_prepared())
            return
        folder = kit.config.save_path()
        if kit.session.ending:
            return  # she left while the sheet was being prepared: nothing is printed or saved
        if save and folder is not None:
            outcome = save_sheet(pdf, folder, kit.print_jobs)
        else:
            # The visitors' printer, not held: a helpline sheet is nothing of hers.
            outcome = print_sheet(
                pdf,
                kit.visitor_printer,
                jobs=kit.print_jobs,
                progress=lambda: app.call_from_thread(self._say, printing_now()),
            )
            if outcome.result is Result.PRINTED:
                count_printed(lambda: kit.numbers, SHEET_KINDS[sheet])
        app.call_from_thread(self._finished, describe_outcome(outcome))

    def _finished(self, message: str) -> None:
        self._printing = False
        self._say(message)

    def _say(self, text: str) -> None:
        self.query_one("#message", Static).update(text)
