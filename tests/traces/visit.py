"""A scripted full visit to the real kiosk in a real terminal, by keys and by mouse clicks.

The visit goes where a visitor goes: unlock, a note, a diary entry, part of her safety plan,
a print of it, and a quick exit. Every field she fills holds its own canary, a random token
that can turn up nowhere by chance, so the scans after the visit can say which field leaked.

Buttons are pressed by clicking them (an SGR mouse report sent to the pane, as a terminal
sends one when she clicks): the screens have many buttons, and finding a label on the screen
holds up better than counting Tabs through each screen's focus order.
"""

from __future__ import annotations

import secrets
import string
import time

import pytest

from tests.e2e.harness import FIRST_SCREEN_TIMEOUT, HOME, INTRO, TmuxSession

# Longer than Textual's double-click time (0.5 s).
SAME_PLACE_SECONDS = 0.6
BETWEEN_PRESSES_SECONDS = 0.3
TAG_LENGTH = 8
_TOKEN_LETTERS = string.ascii_uppercase + string.digits


def run_tag() -> str:
    """Eight random letters that begin every canary of one visit (and her vault's name): a
    memory scan looks for this one run, then for whole canaries where it is found."""
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(TAG_LENGTH))


def token(tag: str, prefix: str) -> str:
    """A 20-character canary: the visit's tag, a readable prefix (which field), and random
    capitals and digits."""
    tail = "".join(secrets.choice(_TOKEN_LETTERS) for _ in range(20 - len(tag) - len(prefix)))
    return tag + prefix + tail


def vault_name(tag: str) -> str:
    """A vault name no other test uses, in the letters a visitor would type."""
    return tag + "".join(secrets.choice(string.ascii_lowercase) for _ in range(8))


def pin() -> str:
    """A 12-digit PIN the PIN policy accepts: as a canary, twelve random digits turn up in
    no process's memory by chance."""
    from kiosk.vault.pin_policy import check_new_secret

    while True:
        candidate = "".join(secrets.choice(string.digits) for _ in range(12))
        try:
            check_new_secret(candidate)
        except Exception:  # noqa: S112 - a pattern the policy refuses: draw again
            continue
        return candidate


class Canaries:
    """What she types into each field, by field; every one starts with the visit's tag."""

    def __init__(self) -> None:
        self.tag = run_tag()
        self.by_field = {
            field: token(self.tag, prefix)
            for field, prefix in (
                ("note", "NOTE"),
                ("diary where", "WHERE"),
                ("diary what", "WHAT"),
                ("diary who", "WHO"),
                ("diary effect", "EFFECT"),
                ("plan", "PLAN"),
            )
        }

    def __getitem__(self, name: str) -> str:
        return self.by_field[name]


class Visitor:
    """Her moves in the terminal: typing in bursts and clicking what the screen shows."""

    def __init__(self, term: TmuxSession) -> None:
        self.term = term
        self._clicked_at: dict[tuple[int, int], float] = {}
        self._last_click_at = -BETWEEN_PRESSES_SECONDS

    def where(self, text: str, nth: int = -1) -> tuple[int, int]:
        """The (column, row) of the ``nth`` place ``text`` shows, both counted from 1; the
        last by default (a button's label sits below any sentence that names it)."""
        found = []
        for row, line in enumerate(self.term.screen().splitlines(), start=1):
            at = line.find(text)
            while at != -1:
                found.append((at + 1 + len(text) // 2, row))
                at = line.find(text, at + 1)
        if not -len(found) <= nth < len(found):
            pytest.fail(
                f"{text!r} is not on the screen:\n{self.term.screen()}",
                pytrace=False,
            )
        return found[nth]

    def click(self, text: str, nth: int = -1, below: int = 0) -> None:
        """A left click on the middle of ``text`` (or ``below`` rows under it, where a field
        sits under its label): press and release, as SGR mouse reports."""
        column, row = self.where(text, nth)
        row += below
        # Her presses come at a person's pace. A button ignores a press while it still shows
        # the last one (Textual, 0.2 s): the diary's Next, relabelled "Save this entry" on the
        # last step, pressed again at once did nothing. And the kiosk drops a press at the
        # place of the last release, within the double-click time, when that release changed
        # what is there (kiosk/ui/double_tap.py).
        now = time.monotonic()
        since_any = now - self._last_click_at
        since_here = now - self._clicked_at.get((column, row), -SAME_PLACE_SECONDS)
        time.sleep(max(0.0, BETWEEN_PRESSES_SECONDS - since_any, SAME_PLACE_SECONDS - since_here))
        self._last_click_at = self._clicked_at[column, row] = time.monotonic()
        report = f"\x1b[<0;{column};{row}M\x1b[<0;{column};{row}m"
        self.term.type(report)

    def press(self, label: str, *, until: str, timeout: float = FIRST_SCREEN_TIMEOUT) -> None:
        """Click ``label`` and wait for ``until`` to show."""
        self.term.wait_until(lambda screen: label in screen, f"{label!r} to show")
        self.click(label)
        self.term.wait_until(lambda screen: until in screen, f"{until!r} after {label!r}", timeout)

    def styled_row(self, row: int) -> str:
        """One row of the screen with its colours (a ticked box differs only in those)."""
        styled = self.term._tmux("capture-pane", "-p", "-e", "-t", "k")
        lines = styled.splitlines()
        return lines[row - 1] if row <= len(lines) else ""

    def tick(self, label: str) -> None:
        """Click a tick box and wait until it shows the tick (its row's colours change, the
        text does not)."""
        self.term.wait_until(lambda screen: label in screen, f"{label!r} to show")
        _, row = self.where(label, 0)
        before = self.styled_row(row)
        self.click(label, 0)
        deadline = time.monotonic() + FIRST_SCREEN_TIMEOUT
        while self.styled_row(row) == before:
            if time.monotonic() > deadline:
                pytest.fail(f"clicking {label!r} changed nothing:\n{self.term.screen()}")
            time.sleep(0.05)

    def type_into(self, label: str, text: str, *, nth: int = 0, below: int = 0) -> None:
        """Click the field showing ``label`` (its placeholder), or ``below`` rows under its
        label, and type ``text``."""
        self.term.wait_until(lambda screen: label in screen, f"{label!r} to show")
        self.click(label, nth, below)
        self.term.type(text)
        self.term.wait_for(text)

    def open_vault(self, name: str, pin: str) -> None:
        self.term.type(f"\r{name}\t{pin}\r")
        shown = self.term.wait_for_any(INTRO, HOME, timeout=FIRST_SCREEN_TIMEOUT)
        if shown == INTRO:
            self.press("I understand", until=HOME)
        self.term.wait_until(
            lambda screen: HOME in screen and "My notes" in screen and INTRO not in screen,
            "the vault's home",
        )
