"""A recovery-code field that groups the code as it is printed (``7K3M-Q9TD-…``) while it is
typed, and, when hidden, keeps the groups so she can see how far she has got."""

from __future__ import annotations

import unicodedata

from rich.text import Text
from textual.widgets import Input

from kiosk.vault.recovery import CODE_CHARS, GROUP_CHARS


def code_characters(text: str) -> str:
    """The letters and digits of a typed code, upper case (full-width ones folded by NFKC)."""
    folded = unicodedata.normalize("NFKC", text).upper()
    return "".join(char for char in folded if char.isascii() and char.isalnum())


def grouped(characters: str) -> str:
    return "-".join(characters[i : i + GROUP_CHARS] for i in range(0, len(characters), GROUP_CHARS))


class CodeInput(Input):
    """Every change goes through ``replace`` (typing, paste, erase, the on-screen keys)."""

    def __init__(self, *, id: str) -> None:
        # Room for the code, its four hyphens and the cursor.
        super().__init__(id=id, password=True, max_length=CODE_CHARS + CODE_CHARS // GROUP_CHARS)

    def replace(self, text: str, start: int, end: int) -> None:
        value = self.value
        start, end = sorted((max(0, start), min(len(value), end)))
        before = code_characters(value[:start] + text)
        code = (before + code_characters(value[end:]))[:CODE_CHARS]
        self.value = grouped(code)
        typed = min(len(before), len(code))
        self.cursor_position = typed + max(0, typed - 1) // GROUP_CHARS

    @property
    def _value(self) -> Text:
        # Input's private rendering hook (Textual is pinned exactly): hidden, the groups stay.
        if not self.password:
            return super()._value
        masked = "".join("-" if char == "-" else "•" for char in self.value)
        return Text(masked, no_wrap=True, overflow="ignore", end="")
