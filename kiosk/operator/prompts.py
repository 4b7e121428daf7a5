"""Reading names and secrets for an operator command: from a terminal, or one line of stdin each."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from typing import TextIO

from kiosk.operator.errors import CommandError
from kiosk.text import lower_first


class SecretReader:
    """Prompts without echo on a terminal; otherwise takes one line of stdin per secret."""

    def __init__(self, stream: TextIO, prompt: Callable[[str], str] = getpass.getpass) -> None:
        self._stream = stream
        self._prompt = prompt

    def read_visible(self, label: str) -> str:
        """Like ``read`` but echoed on a terminal: names are not secret, only private."""
        if self._stream.isatty():
            return self._text(label, lambda: _visible_input(f"{label}: "))
        return self.read(label)

    def read(self, label: str) -> str:
        if self._stream.isatty():
            return self._text(label, lambda: self._prompt(f"{label}: "))
        line = self._text(label, self._stream.readline)
        if not line:
            raise CommandError(f"expected the {lower_first(label)} on standard input, one per line")
        return line.rstrip("\r\n")

    @staticmethod
    def _text(label: str, read: Callable[[], str]) -> str:
        """What ``read`` gives, refused in one line unless it is valid UTF-8 text."""
        problem = CommandError(f"the {lower_first(label)} is not valid UTF-8 text; nothing changed")
        try:
            text = read()
        except UnicodeDecodeError:
            raise problem from None
        except EOFError:  # Ctrl+D at a prompt: the answer line is never finished
            print(file=sys.stderr)
            raise CommandError(f"ended at '{label}' (Ctrl+D); nothing was changed") from None
        try:
            # In Python's UTF-8 mode (a C or POSIX locale) undecodable bytes arrive as lone
            # surrogates instead of an error; they are just as unusable.
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise problem from None
        return text

    def is_terminal(self) -> bool:
        """Whether a refused answer can be asked for again (on a terminal) or ends the command."""
        return self._stream.isatty()


def _visible_input(prompt: str) -> str:
    """``input`` with its prompt on stderr: with stdout redirected (``> FILE``) Python would
    write the prompt into the file."""
    sys.stderr.write(prompt)
    sys.stderr.flush()
    return input()
