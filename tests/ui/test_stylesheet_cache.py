"""The UI tests keep parsed stylesheets for the worker's life (tests/ui/conftest.py,
``stylesheets_parsed_once``): an App must still get the rules its own variables give, and a
stylesheet with an error must still fail in every App that reads it."""

from __future__ import annotations

import pytest
from textual.css.stylesheet import Stylesheet, StylesheetParseError

CSS = "Button { background: $panel; }"


def parsed(css: str, panel: str) -> Stylesheet:
    stylesheet = Stylesheet(variables={"panel": panel})
    stylesheet.add_source(css, read_from=("kiosk.tcss", ""))
    stylesheet.parse()
    return stylesheet


def background(stylesheet: Stylesheet) -> str:
    (rule,) = stylesheet.rules
    return str(rule.styles.background)


def test_the_same_source_under_other_variables_gets_its_own_rules() -> None:
    first, again, other = parsed(CSS, "red"), parsed(CSS, "red"), parsed(CSS, "blue")
    assert background(first) == background(again)
    # A theme change (high contrast) sets other variables: a kept parse would show old colours.
    assert background(other) != background(first)
    assert "0, 0, 255" in background(other), background(other)


def test_a_stylesheet_with_an_error_fails_in_every_app() -> None:
    broken = "Button { background: $panel; colour: red; }"
    for _ in range(2):
        with pytest.raises(StylesheetParseError):
            parsed(broken, "red")
