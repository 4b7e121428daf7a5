"""Messages that cross screens and reach the App, which owns the visitor's session."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class QuickExitRequested(Message):
    """Anything (the Exit control, a gesture) asking to leave at once."""
