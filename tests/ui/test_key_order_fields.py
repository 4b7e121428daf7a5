"""The key order recognises text fields without importing their classes (kiosk/ui/key_order.py):
a session's start then loads no text editor. This pins the modules Textual defines them in, so
an upgrade that moves one fails here instead of losing text typed just before a quick exit."""

from __future__ import annotations

from textual.widgets import Input, Static, TextArea

from kiosk.ui.key_order import is_input, is_text_area


def test_a_line_field_and_a_text_area_are_told_apart_by_their_loaded_classes() -> None:
    line, area, label = Input(), TextArea(), Static("")
    assert is_input(line) and not is_text_area(line)
    assert is_text_area(area) and not is_input(area)
    assert not is_input(label) and not is_text_area(label)
    assert not is_input(None) and not is_text_area(None)
