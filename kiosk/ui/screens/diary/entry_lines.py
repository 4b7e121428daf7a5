"""The diary's list: two lines per entry, drawn only where the screen shows them.

A line-API widget (Textual's ScrollView): its height is the number of entries times two, and
each line is built when it scrolls into view, so a diary of ten thousand entries scrolls as
fast as one of ten. It holds the list's summaries only (never an entry's whole text) and knows
nothing about the vault: the screen gives it the lines and hears which entry was chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kiosk.diary.repository import EntrySummary
from kiosk.i18n import _
from kiosk.i18n.formats import format_list
from kiosk.text import one_line, terminal_safe
from kiosk.ui.wording import behaviour_short, diary_date

ROW_HEIGHT = 2


def _safe(text: str) -> str:
    """Stored text as one line that may reach the terminal: every control escaped."""
    return terminal_safe(one_line(text))


def entry_rows(entry: EntrySummary, width: int) -> tuple[Text, Text]:
    """The two lines of one entry: when (and "approx."), where and its markers; then the first
    line of what happened and the types of behaviour. Text, never markup."""
    when = diary_date(entry.happened)
    if entry.approximate:
        when = _("{date} approx.").format(date=when)
    top = Text(f" {when:<18} ", style="bold")
    markers = []
    if entry.withdrawn:
        markers.append(_("withdrawn"))
    elif entry.amendments:
        markers.append(_("amended"))
    tail = Text("  ".join(markers), style="italic")
    room = max(0, width - top.cell_len - tail.cell_len - 2)
    where = Text(_safe(entry.where))
    where.truncate(room, overflow="ellipsis", pad=True)
    top.append_text(where)
    top.append("  ")
    top.append_text(tail)
    if entry.withdrawn:
        bottom = Text("    " + _("(the words of this entry were withdrawn)"), style="dim")
    else:
        kinds = format_list([behaviour_short(b) for b in entry.behaviours])
        label = Text(f"  {kinds}", style="dim") if kinds else Text("")
        words = Text("    " + _safe(entry.first_line))
        words.truncate(max(0, width - label.cell_len), overflow="ellipsis", pad=True)
        bottom = Text.assemble(words, label)
    for line in (top, bottom):
        line.truncate(width, overflow="ellipsis", pad=True)
    return top, bottom


class EntryLines(ScrollView, can_focus=True):
    """The entries, one under another; arrows, page keys, Home/End and the wheel move through
    them; Enter or a click opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "move(-1000000000)", show=False),
        Binding("end", "move(1000000000)", show=False),
        Binding("enter", "choose", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"entry-lines--cursor", "entry-lines--cursor-blurred"}
    DEFAULT_CSS = """
    EntryLines {
        height: 1fr;
        border: tall $panel;
        overflow-x: hidden;
    }
    EntryLines:focus {
        border: tall $primary;
    }
    EntryLines > .entry-lines--cursor {
        background: $primary 40%;
    }
    EntryLines > .entry-lines--cursor-blurred {
        background: $boost;
    }
    """

    cursor: reactive[int] = reactive(0)

    @dataclass
    class Chosen(Message):
        """She opened an entry (Enter or a click)."""

        number: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: list[EntrySummary] = []

    @property
    def entries(self) -> list[EntrySummary]:
        return self._entries

    @property
    def current(self) -> EntrySummary | None:
        return self._entries[self.cursor] if self._entries else None

    def show(self, entries: list[EntrySummary]) -> None:
        """Replace the lines (a new list, filter or search); the cursor goes to the first."""
        self._entries = entries
        self.set_reactive(EntryLines.cursor, 0)
        self.virtual_size = Size(self.size.width, len(entries) * ROW_HEIGHT)
        self.scroll_to(0, 0, animate=False)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        index, part = divmod(line, ROW_HEIGHT)
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._entries):
            return Strip([Segment(" " * width, base)], width)
        text = entry_rows(self._entries[index], width)[part]
        style: Style = base
        if index == self.cursor:
            cursor = "entry-lines--cursor" if self.has_focus else "entry-lines--cursor-blurred"
            style = base + self.get_component_rich_style(cursor)
        # Content from a Text (never from a string, which would be read as markup).
        segments = Content.from_rich_text(text).render_segments()
        return Strip(Segment.apply_style(segments, style), width).crop_extend(0, width, base)

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh()
        top = new * ROW_HEIGHT
        self.scroll_to_region(Region(0, top, 1, ROW_HEIGHT), animate=False, force=True)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.size.width, len(self._entries) * ROW_HEIGHT)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        if self._entries:
            self.cursor = max(0, min(len(self._entries) - 1, self.cursor + step))

    def action_page(self, direction: int) -> None:
        rows = max(1, self.scrollable_content_region.height // ROW_HEIGHT - 1)
        self.action_move(direction * rows)

    def action_choose(self) -> None:
        current = self.current
        if current is not None:
            self.post_message(self.Chosen(current.number))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (self.scroll_offset.y + offset.y) // ROW_HEIGHT
        if 0 <= index < len(self._entries):
            self.cursor = index
            self.post_message(self.Chosen(self._entries[index].number))
