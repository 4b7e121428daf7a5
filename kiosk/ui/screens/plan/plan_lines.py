"""Her plan as she reads it on screen, drawn only where the screen shows it.

A plan at its limits holds about a million characters (kiosk.plan.answers: 20,000 a text
answer, 50 contacts each with a 20,000-character note). Laid out as one Static, wrapping it
held the screen, and a quick exit pressed meanwhile, for seconds. Here (a line-API widget, as
the diary's list) only the lines in view are drawn, and a long plan is wrapped off the screen's
thread, in order, its first lines shown as soon as they are ready: the screen, and the quick
exit, never wait for it. Every word stays: a paragraph is wrapped, never cut.
"""

from __future__ import annotations

import io
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rich.console import Console
from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

INDENT = 2  # columns for each level

# Up to this many characters a plan is wrapped at once, so its first frame shows it whole
# (a plan of a few answers; about a millisecond). Longer ones are wrapped by a thread worker.
WRAP_AT_ONCE_CHARACTERS = 8_000
# The worker hands over its lines in batches: the first as soon as a screenful is ready.
FIRST_BATCH_LINES = 60
BATCH_LINES = 2_000
# The worker's pause after each paragraph, so that the screen's thread takes its turn at once.
YIELD_SECONDS = 0.001

# Rich wraps with a console at hand (for justifying only): one that writes nowhere.
_CONSOLE = Console(file=io.StringIO(), color_system=None, legacy_windows=False)


class Paragraph(NamedTuple):
    """One paragraph of the plan: literal Text (never markup), indented by ``level``."""

    level: int
    text: Text


class WrappedLine(NamedTuple):
    indent: int  # columns
    text: Text


def wrap(paragraphs: Sequence[Paragraph], width: int) -> list[WrappedLine]:
    """The paragraphs as lines of at most ``width`` columns, each wrapped under its own start
    (a long word folded, never cut)."""
    lines: list[WrappedLine] = []
    for paragraph in paragraphs:
        lines.extend(_wrapped(paragraph, width))
    return lines


def _wrapped(paragraph: Paragraph, width: int) -> list[WrappedLine]:
    indent = min(INDENT * paragraph.level, max(0, width - 1))
    room = max(1, width - indent)
    if not paragraph.text.plain:
        return [WrappedLine(indent, Text(style=paragraph.text.style))]
    wrapped = paragraph.text.wrap(_CONSOLE, room, overflow="fold")
    return [WrappedLine(indent, line) for line in wrapped]


class PlanLines(ScrollView, can_focus=True):
    """The plan, one paragraph under another; arrows, page keys, Home/End and the wheel scroll
    it."""

    DEFAULT_CSS = """
    PlanLines {
        overflow-x: hidden;
    }
    """

    @dataclass
    class _Wrapped(Message):
        """Lines the worker wrapped (for the plan shown as ``generation``)."""

        generation: int
        lines: list[WrappedLine]
        done: bool

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._paragraphs: tuple[Paragraph, ...] = ()
        self._lines: list[WrappedLine] = []
        self._width = 0  # the width the lines were wrapped at (0: not yet wrapped)
        self._laid_for = 0  # the content width they were wrapped for (beside a scroll bar or not)
        self._generation = 0
        self._wrapping = False

    @property
    def wrapping(self) -> bool:
        """Whether the worker is still wrapping (the plan's later lines are still to come)."""
        return self._wrapping

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def plain_text(self) -> str:
        """Everything the plan holds, a paragraph a line, indented as shown."""
        return "\n".join(" " * (INDENT * p.level) + p.text.plain for p in self._paragraphs)

    def show(self, paragraphs: Sequence[Paragraph]) -> None:
        """Replace the plan shown; the view goes back to its top."""
        self._paragraphs = tuple(paragraphs)
        self._width = 0
        self._relayout()
        self.scroll_to(0, 0, animate=False)

    def _characters(self) -> int:
        return sum(len(p.text.plain) for p in self._paragraphs)

    def _relayout(self) -> None:
        """Wrap the paragraphs again for the current width."""
        self._generation += 1
        self._lines = []
        self._wrapping = False
        self.workers.cancel_group(self, "plan-lines")
        full = self._laid_for = self.content_region.width
        if full <= 0:
            self._width = 0  # not laid out yet: wrapped on the first resize
            self._sized()
            return
        narrow = max(1, full - self.styles.scrollbar_size_vertical)
        if self._characters() <= WRAP_AT_ONCE_CHARACTERS:
            lines = wrap(self._paragraphs, full)
            self._width = full
            if len(lines) > self.content_region.height:  # a scroll bar takes its columns
                lines, self._width = wrap(self._paragraphs, narrow), narrow
            self._lines = lines
            self._sized()
            return
        # Long: it will scroll, so wrapped beside the scroll bar from the start.
        self._width = narrow
        self._wrapping = True
        self._sized()
        generation, paragraphs = self._generation, self._paragraphs
        self.run_worker(
            lambda: self._wrap_in_thread(generation, paragraphs, narrow),
            thread=True,
            exclusive=True,
            group="plan-lines",
            exit_on_error=False,
        )

    def _wrap_in_thread(
        self, generation: int, paragraphs: tuple[Paragraph, ...], width: int
    ) -> None:
        worker = get_current_worker()
        batch: list[WrappedLine] = []
        wanted = FIRST_BATCH_LINES
        for paragraph in paragraphs:
            if worker.is_cancelled:
                return
            batch.extend(_wrapped(paragraph, width))
            # Hand the interpreter back to the screen's thread between paragraphs: a key (the
            # quick exit) waits for one paragraph at most, never for the whole plan.
            time.sleep(YIELD_SECONDS)
            if len(batch) >= wanted:
                self.post_message(self._Wrapped(generation, batch, done=False))
                batch, wanted = [], BATCH_LINES
        self.post_message(self._Wrapped(generation, batch, done=True))

    def on_plan_lines__wrapped(self, wrapped: _Wrapped) -> None:
        wrapped.stop()
        if wrapped.generation != self._generation:
            return  # for a plan or a width no longer shown
        self._lines.extend(wrapped.lines)
        if wrapped.done:
            self._wrapping = False
        self._sized()

    def _sized(self) -> None:
        self.virtual_size = Size(self._width, len(self._lines))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        if self._paragraphs and self.content_region.width != self._laid_for:
            self._relayout()
        else:
            self._sized()

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip([Segment(" " * width, base)], width)
        indent, text = self._lines[index]
        # Content from a Text (never from a string, which would be read as markup).
        segments = [Segment(" " * indent), *Content.from_rich_text(text).render_segments()]
        return Strip(Segment.apply_style(segments, base)).crop_extend(0, width, base)
