"""Textual's Select, safe to take down before it has finished mounting.

A Select fills in its parts (the line showing the choice and the list of options) as it is
mounted. When its screen is taken down at that moment (the App closing just as the vault's home
comes up: a quick exit, the idle lock or the end of the session), the parts are already gone
and Textual's Select raised ``NoMatches``, which ended the session with a traceback on the
visitor's terminal instead of quietly. Here a part that is gone is simply not filled in.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TypeVar

from textual import widgets
from textual.css.query import NoMatches
from textual.widgets.select import NoSelection

ValueType = TypeVar("ValueType")


class Select(widgets.Select[ValueType]):
    def _setup_options_renderables(self) -> None:
        with suppress(NoMatches):  # its list of options is gone: nothing to fill in
            super()._setup_options_renderables()

    def _watch_value(self, value: ValueType | NoSelection) -> None:
        with suppress(NoMatches):  # the line showing the choice is gone: nothing to show
            super()._watch_value(value)
