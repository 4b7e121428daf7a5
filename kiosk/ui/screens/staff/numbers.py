"""The centre's numbers: a period, a bar chart of one count, the totals, and "Save as CSV".

Nothing here identifies anyone: the counts are per day and say nothing about any vault
(kiosk.staff.numbers). The chart is text (block characters), readable without colour.
"""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from kiosk.i18n import _
from kiosk.i18n.formats import format_number
from kiosk.staff.audit import StaffAction
from kiosk.staff.export import PeriodTotals, every_day, numbers_csv, totals
from kiosk.staff.numbers import NumbersUnreadable, Tally
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.staff.context import Handover, StaffContext
from kiosk.ui.screens.staff.numbers_chart import Period, Step, buckets, draw
from kiosk.ui.screens.staff.save_csv import SaveCsvScreen
from kiosk.ui.screens.staff.typing_keys import KeyedScreen
from kiosk.ui.widgets.keyboard import LetterKeyboard
from kiosk.ui.wording import (
    check_date,
    numbers_set_aside,
    numbers_unreadable,
    tally_name,
)

_TALLIES = list(Tally)
_PERIOD_BUTTONS = {"period-7": 7, "period-30": 30, "period-12": 12}


class CentreNumbersScreen(KeyedScreen[Handover | None]):
    # "Show keys" puts the on-screen keys (digits and the hyphen) where the chart was, under
    # the dates, for staff with only a mouse or a touch screen.
    KEY_FIELDS = ("numbers-from", "numbers-to")

    def __init__(self, kit: ScreenKit, staff: StaffContext) -> None:
        super().__init__(kit)
        self._staff = staff
        self._tally = Tally.VISITS
        self._period = Period.last_days(self._today(), 7)
        self._chosen = "period-7"
        self._days: list[PeriodTotals] = []

    def _today(self) -> dt.date:
        return dt.datetime.fromtimestamp(self.kit.clock()).date()

    def compose_body(self) -> ComposeResult:
        # Translators: how a day is typed in the numbers' "from" and "to" fields.
        day_shape = _("YYYY-MM-DD")
        with Vertical(id="centre-numbers", classes="wide"):
            yield Static(_("Centre numbers"), classes="title", markup=False)
            with Horizontal(classes="numbers-row"):
                yield Label(_("Period:"), classes="numbers-label")
                yield Button(_("Last 7 days"), id="period-7", compact=True)
                yield Button(_("Last 30 days"), id="period-30", compact=True)
                yield Button(_("Last 12 months"), id="period-12", compact=True)
            with Horizontal(classes="numbers-row"):
                yield Label(_("Or from"), classes="numbers-label")
                yield Input(id="numbers-from", max_length=10, compact=True, placeholder=day_shape)
                yield Label(_("to"), classes="numbers-label")
                yield Input(id="numbers-to", max_length=10, compact=True, placeholder=day_shape)
                yield Button(_("Show"), id="numbers-show", compact=True)
                keys = Button(_("Show keys"), id="numbers-keys", compact=True)
                keys.can_focus = False  # for pointing only: Tab stays on the screen's own path
                yield keys
            with Horizontal(classes="numbers-row"):
                yield Label(_("Chart of:"), classes="numbers-label")
                yield Button("", id="numbers-tally", compact=True)
            yield LetterKeyboard(id="numbers-keyboard")
            yield Static("", id="numbers-caption", markup=False)
            yield Static("", id="numbers-chart", markup=False)
            yield Static("", id="numbers-totals", markup=False)
            yield Static("", id="message", markup=False)
            with Horizontal(classes="numbers-row"):
                yield Button(_("Save as CSV"), id="numbers-save", compact=True, variant="primary")
                yield Button(_("Back"), id="back", compact=True)

    def on_mount(self) -> None:
        self._show_keys(False)
        self._show()
        self.query_one("#period-7", Button).focus()

    # -- choosing -----------------------------------------------------------------------------

    @on(Button.Pressed, "#period-7, #period-30, #period-12")
    def _choose_period(self, event: Button.Pressed) -> None:
        button = event.button.id or "period-7"
        today = self._today()
        if button == "period-12":
            self._period = Period.last_months(today, 12)
        else:
            self._period = Period.last_days(today, _PERIOD_BUTTONS[button])
        self._chosen = button
        self._show()

    @on(Button.Pressed, "#numbers-show")
    @on(Input.Submitted, "#numbers-from, #numbers-to")
    def _choose_dates(self) -> None:
        start = self._typed_date("#numbers-from")
        end = self._typed_date("#numbers-to")
        if start is None or end is None:
            self._say(_("Please type both days as year-month-day, for example 2026-03-01."))
            return
        if start > end:
            self._say(_("The first day comes after the last day. Please swap them."))
            return
        period = Period(start, end)
        if period.days > 3700:
            self._say(_("Please choose a period of at most ten years."))
            return
        self._period = period
        self._chosen = "numbers-show"
        self._show_keys(False)
        self._show()

    @on(Button.Pressed, "#numbers-keys")
    def _toggle_keys(self) -> None:
        showing = not self.query_one("#numbers-keyboard").display
        self._show_keys(showing)
        if showing:
            target = self._key_target()
            if target is not None:
                target.focus()

    def _show_keys(self, showing: bool) -> None:
        self.query_one("#numbers-keyboard").display = showing
        for chart in ("#numbers-caption", "#numbers-chart", "#numbers-totals"):
            self.query_one(chart).display = not showing
        label = _("Hide keys") if showing else _("Show keys")
        self.query_one("#numbers-keys", Button).label = label

    def keys_done(self, field: Input) -> None:
        """OK: from "from" on to "to", and from "to" show the period, as Enter does."""
        if field.id == "numbers-from":
            self.query_one("#numbers-to", Input).focus()
        else:
            self._choose_dates()

    def _typed_date(self, selector: str) -> dt.date | None:
        text = self.query_one(selector, Input).value.strip()
        try:
            return dt.date.fromisoformat(text) if len(text) == 10 else None
        except ValueError:
            return None

    @on(Button.Pressed, "#numbers-tally")
    def _next_tally(self) -> None:
        self._tally = _TALLIES[(_TALLIES.index(self._tally) + 1) % len(_TALLIES)]
        self._draw()

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss(None)

    # -- showing ------------------------------------------------------------------------------

    def _show(self) -> None:
        for button_id in _PERIOD_BUTTONS:
            button = self.query_one(f"#{button_id}", Button)
            # The chosen period is marked by a sign, not only by colour.
            label = str(button.label).removeprefix("▸ ")
            chosen = button_id == self._chosen
            button.label = "▸ " + label if chosen else label
            button.set_class(chosen, "chosen")
            button.refresh(layout=True)  # its width follows its label
        message = ""
        try:
            counted = self.kit.numbers.days(self._period.start, self._period.end)
        except (NumbersUnreadable, OSError):
            counted = []
            message = numbers_unreadable()
        self._days = every_day(counted, self._period.start, self._period.end)
        aside = self.kit.numbers.set_aside()
        if aside and not message:
            message = numbers_set_aside(len(aside))
        self._say(message)
        self._draw()

    def _draw(self) -> None:
        step = self._period.step()
        rows = buckets(self._days, step)
        per = {
            Step.DAY: _("{what} per day, {start} to {end}"),
            Step.MONTH: _("{what} per month, {start} to {end}"),
            Step.YEAR: _("{what} per year, {start} to {end}"),
        }[step]
        chart_of = self.query_one("#numbers-tally", Button)
        chart_of.label = tally_name(self._tally) + " ▸"
        chart_of.refresh(layout=True)  # its width follows its label
        self.query_one("#numbers-caption", Static).update(
            per.format(
                what=tally_name(self._tally),
                start=check_date(self._period.start),
                end=check_date(self._period.end),
            )
        )
        self.query_one("#numbers-chart", Static).update(draw(rows, self._tally, step))
        self.query_one("#numbers-totals", Static).update(self._totals())

    def _totals(self) -> str:
        summed = totals(self._days)
        cells = [f"{tally_name(t)[:17]:<17}{format_number(summed[t]):>6}" for t in Tally]
        lines = [cells[i : i + 3] for i in range(0, len(cells), 3)]
        return _("Totals for the period:") + "\n" + "\n".join("  ".join(row) for row in lines)

    def _say(self, words: str) -> None:
        self.query_one("#message", Static).update(words)

    # -- saving -------------------------------------------------------------------------------

    @on(Button.Pressed, "#numbers-save")
    def _save(self) -> None:
        period = f"{self._period.start.isoformat()} to {self._period.end.isoformat()}"
        self.app.push_screen(
            SaveCsvScreen(
                self.kit,
                self._staff,
                title=_("Save the centre's numbers as CSV"),
                data=numbers_csv(self._days),
                stem="centre-numbers",
                action=StaffAction.NUMBERS_EXPORTED,
                detail=period,
            ),
            self._saved,
        )

    def _saved(self, words: str | None) -> None:
        if words is not None:
            self._say(words)
