"""My plan: a calm start page while there is no saved plan (start, or continue where she
stopped); once saved, the plan itself with its dates, and the ways on: change it (the wizard,
which saves a new version), earlier versions (each read-only, with its date) and print."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from kiosk.i18n import _
from kiosk.plan.repository import PlanInProgress, PlanVersion, PlanVersionSummary
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskModal, KioskScreen
from kiosk.ui.screens.plan.plan_lines import Paragraph, PlanLines
from kiosk.ui.screens.plan.plan_text import dates_line, plan_outline, plan_text
from kiosk.ui.vault_io import PlanLoaded, PlanVersionLoaded, VaultCallFailed
from kiosk.ui.wording import plan_day, plan_not_read, plan_saved


def start_words(in_progress: PlanInProgress | None) -> str:
    if in_progress is not None:
        return _(
            "You started a plan and stopped part way. It is kept in your vault: continue "
            "where you stopped whenever you are ready."
        )
    return _(
        "A plan for staying safer: who you could call, where you could go, what to keep "
        "ready. Go at your own pace: skip anything, and stop at any time. It is kept only in "
        "your vault."
    )


class PlanScreen(KioskScreen[None]):
    """Read from the vault each time it is shown (again after the wizard has saved)."""

    def __init__(self, kit: ScreenKit) -> None:
        super().__init__(kit)
        self._loaded: PlanLoaded | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical(id="plan-screen", classes="wide"):
            yield Static(_("My plan"), classes="title", markup=False)
            yield Static("", id="plan-start-text", markup=False)
            yield Static("", id="plan-dates", markup=False)
            yield PlanLines(id="plan-body")
            with Horizontal(classes="buttons", id="plan-buttons"):
                yield Button(_("Start my plan"), id="plan-start", variant="primary")
                yield Button(_("Continue where I stopped"), id="plan-continue", variant="primary")
                yield Button(_("Change my plan"), id="plan-change", variant="primary")
                yield Button(_("Earlier versions"), id="plan-versions")
                yield Button(_("Print"), id="plan-print")
                yield Button(_("Back"), id="plan-back")

    def on_mount(self) -> None:
        self._show_page(start=False, saved=False)
        self.query_one("#plan-back", Button).focus()

    def on_screen_resume(self) -> None:
        self.kit.vault.load_plan(self)

    def _show_page(self, *, start: bool, saved: bool) -> None:
        for selector in ("#plan-start-text", "#plan-start", "#plan-continue"):
            self.query_one(selector).display = start
        for selector in (
            "#plan-dates",
            "#plan-body",
            "#plan-change",
            "#plan-versions",
            "#plan-print",
        ):
            self.query_one(selector).display = saved

    @on(PlanLoaded)
    def _show(self, loaded: PlanLoaded) -> None:
        first = self._loaded is None
        self._loaded = loaded
        latest, in_progress = loaded.latest, loaded.in_progress
        if latest is None:
            self._show_page(start=True, saved=False)
            self.query_one("#plan-start-text", Static).update(start_words(in_progress))
            self.query_one("#plan-start").display = in_progress is None
            self.query_one("#plan-continue").display = in_progress is not None
            self._focus("#plan-continue" if in_progress else "#plan-start", first)
            return
        self._show_page(start=False, saved=True)
        self.query_one("#plan-dates", Static).update(dates_line(latest, self._today()))
        self.query_one("#plan-body", PlanLines).show(
            plan_text(plan_outline(self.kit, latest.answers))
        )
        change = self.query_one("#plan-change", Button)
        # A change she started and left is continued, never started again over it.
        change.label = _("Continue my changes") if in_progress else _("Change my plan")
        # That longer label and the three other buttons fit 80 columns only closer together.
        self.query_one("#plan-buttons").set_class(in_progress is not None, "-changing")
        earlier = [v for v in loaded.versions if v.number != latest.number]
        self.query_one("#plan-versions").display = bool(earlier)
        self._focus("#plan-body", first)

    def _today(self) -> dt.date:
        return dt.datetime.fromtimestamp(self.kit.clock(), dt.UTC).astimezone().date()

    def _focus(self, selector: str, first: bool) -> None:
        """The page's first control when it is first shown; shown again (back from the wizard
        or an earlier version), the focus stays where she left it if it is still on screen."""
        focused = self.focused
        if first or focused is None or not focused.display:
            self.query_one(selector).focus()

    @on(VaultCallFailed)
    def _failed(self, failed: VaultCallFailed) -> None:
        self.app.notify(plan_not_read(failed.error), timeout=6)

    @on(Button.Pressed, "#plan-start")
    def _start(self) -> None:
        self._wizard()

    @on(Button.Pressed, "#plan-continue")
    @on(Button.Pressed, "#plan-change")
    def _change(self) -> None:
        """Her plan in progress taken up where she stopped; else the saved plan, changed."""
        loaded = self._loaded
        if loaded is None:
            return
        if loaded.in_progress is not None:
            self._wizard(resume=loaded.in_progress)
        else:
            self._wizard(start_from=loaded.latest)

    def _wizard(
        self, *, resume: PlanInProgress | None = None, start_from: PlanVersion | None = None
    ) -> None:
        # The wizard saves a new version when she finishes (this screen reads the plan again
        # when it is shown again), or keeps her place if she leaves.
        from kiosk.ui.screens.plan.wizard import PlanWizardScreen

        self.app.push_screen(PlanWizardScreen(self.kit, resume=resume, start_from=start_from))

    @on(Button.Pressed, "#plan-versions")
    def _versions(self) -> None:
        loaded = self._loaded
        if loaded is None or loaded.latest is None:
            return
        latest = loaded.latest.number
        earlier = [v for v in loaded.versions if v.number != latest]

        def chosen(number: int | None) -> None:
            if number is not None:
                self.app.push_screen(PlanVersionScreen(self.kit, number))

        self.app.push_screen(PlanVersionsDialog(self.kit, earlier), chosen)

    @on(Button.Pressed, "#plan-print")
    def _print(self) -> None:
        loaded = self._loaded
        if loaded is None or loaded.latest is None:
            return
        # She ticks the sections to print there (none are ticked for her).
        from kiosk.ui.screens.plan.print_plan import PrintPlanScreen

        self.app.push_screen(PrintPlanScreen(self.kit, loaded.latest))

    @on(Button.Pressed, "#plan-back")
    def _back(self) -> None:
        self.dismiss(None)


def version_words(version: PlanVersionSummary) -> str:
    saved = _("Saved {when}").format(when=plan_saved(version.saved))
    if version.review_on is None:
        return saved
    return _("{saved} (review on {day})").format(saved=saved, day=plan_day(version.review_on))


class PlanVersionsDialog(KioskModal[int | None]):
    """Her earlier versions, the newest first; choosing one opens it to read."""

    def __init__(self, kit: ScreenKit, versions: list[PlanVersionSummary]) -> None:
        super().__init__(kit)
        self._versions = versions

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="dialog", id="plan-versions-dialog"):
            yield Static(_("Earlier versions of your plan"), classes="title", markup=False)
            yield OptionList(
                *[Option(Text(version_words(v)), id=str(v.number)) for v in self._versions],
                id="plan-version-list",
            )
            with Horizontal(classes="buttons"):
                yield Button(_("Read"), id="plan-version-read", variant="primary")
                yield Button(_("Cancel"), id="plan-version-cancel")

    def on_mount(self) -> None:
        versions = self.query_one("#plan-version-list", OptionList)
        versions.highlighted = 0
        versions.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, selected: OptionList.OptionSelected) -> None:
        self.dismiss(int(selected.option.id or "0"))

    @on(Button.Pressed, "#plan-version-read")
    def _read(self) -> None:
        versions = self.query_one("#plan-version-list", OptionList)
        if versions.highlighted is not None:
            self.dismiss(self._versions[versions.highlighted].number)

    @on(Button.Pressed, "#plan-version-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class PlanVersionScreen(KioskScreen[None]):
    """One earlier version, read-only, with the date it was saved."""

    def __init__(self, kit: ScreenKit, number: int) -> None:
        super().__init__(kit)
        self._number = number

    @property
    def number(self) -> int:
        return self._number

    def compose_body(self) -> ComposeResult:
        with Vertical(id="plan-version-screen", classes="wide"):
            yield Static(_("An earlier version of your plan"), classes="title", markup=False)
            yield Static("", id="plan-version-dates", markup=False)
            yield PlanLines(id="plan-version-body")
            with Horizontal(classes="buttons"):
                yield Button(_("Back"), id="plan-version-back", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#plan-version-body", PlanLines).focus()

    def on_screen_resume(self) -> None:
        self.kit.vault.load_plan_version(self, self._number)

    @on(PlanVersionLoaded)
    def _show(self, loaded: PlanVersionLoaded) -> None:
        if loaded.number != self._number:
            return
        version = loaded.version
        text = self.query_one("#plan-version-body", PlanLines)
        if version is None:
            text.show([Paragraph(0, Text(_("This version of your plan is not in your vault.")))])
            return
        self.query_one("#plan-version-dates", Static).update(dates_line(version))
        text.show(plan_text(plan_outline(self.kit, version.answers)))

    @on(VaultCallFailed)
    def _failed(self, failed: VaultCallFailed) -> None:
        self.app.notify(plan_not_read(failed.error), timeout=6)

    @on(Button.Pressed, "#plan-version-back")
    def _back(self) -> None:
        self.dismiss(None)
