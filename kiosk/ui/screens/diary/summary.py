"""The course of conduct at a glance: how many entries of each type of behaviour, how many
each month (drawn as bars in the terminal, so a rise shows at once), the police references,
and the first and latest incident. Counts only: never a score, a level or a prediction."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Button, Static

from kiosk.diary.model import Behaviour
from kiosk.diary.repository import ConductSummary
from kiosk.i18n import _, ngettext
from kiosk.i18n.formats import format_number
from kiosk.text import one_line, terminal_safe
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskScreen
from kiosk.ui.screens.diary.diary_list import not_read
from kiosk.ui.vault_io import DiarySummaryLoaded, VaultCallFailed
from kiosk.ui.wording import behaviour_label, diary_date

EIGHTHS = " ▁▂▃▄▅▆▇█"
CHART_ROWS = 5  # the month chart's height in lines (each line holds eight steps)
FULL = "█"


def month_chart(by_month: dict[str, int], width: int) -> Text:
    """Columns of block characters, one per month, oldest on the left: the count on top of
    each column where it fits, the first and last month underneath. Months beyond the width
    are the oldest ones left out (the line under the chart says so)."""
    months = list(by_month)
    if not months or width < 12:
        return Text(_("No entries to draw yet."))
    # Wider columns for a few months, down to one character each for years of them.
    column = max(1, min(6, width // len(months)))
    shown = months[-(width // column) :]
    peak = max(by_month[m] for m in shown) or 1
    lines: list[Text] = []
    for row in range(CHART_ROWS, 0, -1):
        line = Text()
        for month in shown:
            eighths = round(by_month[month] * CHART_ROWS * 8 / peak)
            filled = max(0, min(8, eighths - (row - 1) * 8))
            if by_month[month] and row == 1 and filled == 0:
                filled = 1  # one incident is never drawn as none
            cell = EIGHTHS[filled] * (column - 1 if column > 1 else 1)
            line.append(cell, style="bold")
            if column > 1:
                line.append(" ")
        lines.append(line)
    counts = Text()
    # The counts under the columns, where each fits with a space after it.
    if column > len(format_number(peak)):
        for month in shown:
            counts.append(f"{format_number(by_month[month]):<{column}}"[:column])
    axis = Text(shown[0])
    if len(shown) > 1:
        axis.append(" " * max(1, len(shown) * column - len(shown[0]) - len(shown[-1])))
        axis.append(shown[-1])
    parts = [*lines]
    if counts:
        parts.append(counts)
    parts.append(axis)
    if len(shown) < len(months):
        # Every month is listed under "Every month"; the chart shows the latest.
        note = ngettext("(latest {count} month)", "(latest {count} months)", len(shown))
        parts.append(Text(note.format(count=format_number(len(shown))), style="dim"))
    for part in parts:
        part.truncate(width)
    return Text("\n").join(parts)


def bars(rows: list[tuple[str, int]], width: int) -> Text:
    """One bar a row: the label, a bar of full blocks in proportion, the count."""
    if not rows:
        return Text(_("None yet."))
    count_width = len(format_number(max(count for _label, count in rows)))
    # Labels in full where they fit, leaving the bars at least a dozen columns.
    label_width = min(max(len(label) for label, _count in rows), max(8, width - count_width - 15))
    room = max(1, width - label_width - count_width - 3)
    peak = max(count for _label, count in rows) or 1
    out = []
    for label, count in rows:
        line = Text(label[:label_width].ljust(label_width) + " ")
        length = max(1 if count else 0, round(count * room / peak))
        line.append(FULL * length, style="bold")
        line.append(" " + format_number(count))
        out.append(line)
    return Text("\n").join(out)


class Drawing(Widget):
    """Draws ``draw(width)`` at its own width: a chart redrawn when the terminal changes."""

    DEFAULT_CSS = """
    Drawing {
        height: auto;
        width: 100%;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._draw: Callable[[int], Text] | None = None
        self.picture = Text()

    def show(self, draw: Callable[[int], Text]) -> None:
        self._draw = draw
        self.refresh(layout=True)

    def _picture(self, width: int) -> Text:
        return self._draw(width) if self._draw is not None else Text()

    def render(self) -> Text:
        self.picture = self._picture(self.size.width)
        return self.picture

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self._picture(width).split("\n")))


class SummaryScreen(KioskScreen[None]):
    def __init__(self, kit: ScreenKit) -> None:
        super().__init__(kit)
        self.summary: ConductSummary | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical(id="diary-summary-screen", classes="wide"):
            yield Static(_("Summary of your diary"), classes="title", markup=False)
            with VerticalScroll(id="diary-summary", can_focus=True):
                yield Static(_("Reading your diary…"), id="summary-overview", markup=False)
                yield Static(_("Entries each month"), classes="summary-heading", markup=False)
                yield Drawing(id="summary-months")
                yield Static(_("Types of behaviour"), classes="summary-heading", markup=False)
                yield Drawing(id="summary-behaviours")
                yield Static(_("Police references"), classes="summary-heading", markup=False)
                yield Static("", id="summary-police", markup=False)
                yield Static(_("Every month"), classes="summary-heading", markup=False)
                yield Drawing(id="summary-month-list")
            yield Static(
                _(
                    "Counts only, never a judgement of danger. You do not need a diary to "
                    "report to the police, and nobody can promise a court will accept it."
                ),
                id="summary-caveat",
                markup=False,
            )
            with Horizontal(classes="buttons"):
                yield Button(_("Back"), id="summary-back", variant="primary")
                yield Button(_("Print or save"), id="summary-print")

    def on_mount(self) -> None:
        self.query_one("#diary-summary", VerticalScroll).focus()

    def on_screen_resume(self) -> None:
        self.kit.vault.load_summary(self)

    @on(DiarySummaryLoaded)
    def _show(self, loaded: DiarySummaryLoaded) -> None:
        summary = self.summary = loaded.summary
        self.query_one("#summary-overview", Static).update(overview(summary))
        self.query_one("#summary-months", Drawing).show(
            lambda width: month_chart(summary.by_month, width)
        )
        kinds = sorted(
            ((b, n) for b, n in summary.by_behaviour.items() if n),
            key=lambda pair: (-pair[1], list(Behaviour).index(pair[0])),
        )
        rows = [(behaviour_label(b), n) for b, n in kinds]
        self.query_one("#summary-behaviours", Drawing).show(lambda width: bars(rows, width))
        references = [terminal_safe(one_line(r)) for r in summary.police_references]
        self.query_one("#summary-police", Static).update(
            Text("\n".join(references)) if references else _("None given yet.")
        )
        months = list(summary.by_month.items())
        self.query_one("#summary-month-list", Drawing).show(lambda width: bars(months, width))

    @on(VaultCallFailed)
    def _failed(self, failed: VaultCallFailed) -> None:
        self.app.notify(not_read(failed.error), timeout=6)

    @on(Button.Pressed, "#summary-print")
    def _print(self) -> None:
        # HAND-OFF (print, branch w-print): the printed record carries the summary too.
        from kiosk.ui.screens.diary.print_record import PrintRecordScreen

        self.app.push_screen(PrintRecordScreen(self.kit, numbers=None))

    @on(Button.Pressed, "#summary-back")
    def _back(self) -> None:
        self.dismiss(None)


def overview(summary: ConductSummary) -> str:
    """How many entries, and from when to when."""
    count = ngettext("{count} entry", "{count} entries", summary.entries).format(
        count=format_number(summary.entries)
    )
    if summary.first is None or summary.latest is None:
        return _("Your diary has no entries yet.")
    return _("{count}. First incident {first}; latest {latest}.").format(
        count=count, first=diary_date(summary.first), latest=diary_date(summary.latest)
    )
