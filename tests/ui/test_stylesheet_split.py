"""The stylesheet is read in two parts (kiosk/ui/stylesheet.py): the first frame's rules, then
the later screens' rules straight after that frame. The welcome screen, the neutral screen and
the frame around them must look the same before and after the second part arrives, and the
two parts together must be the whole stylesheet, rule for rule, in order."""

from __future__ import annotations

import pytest
from textual.css.match import match
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

from kiosk.ui import stylesheet
from kiosk.ui.app import KioskApp, NeutralScreen
from tests.ui.conftest import Kiosk
from tests.ui.helpers import until

HOLD = 30.0


def _styles_on_show(app: KioskApp) -> dict[str, str]:
    """Every node on show, by its place in the tree, with the styles the stylesheet gave it."""
    shown: dict[str, str] = {}
    for number, node in enumerate(app.screen.walk_children(with_self=True)):
        rules = node._css_styles.get_rules()
        shown[f"{number}:{type(node).__name__}#{node.id}"] = repr(sorted(rules.items()))
    return shown


@pytest.mark.parametrize("first_screen", ["welcome", "neutral hold"])
async def test_the_later_rules_change_nothing_on_the_first_screen(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch, first_screen: str
) -> None:
    held: list[str] = []
    monkeypatch.setattr("kiosk.ui.app.add_later_part", lambda app, later: held.append(later))
    app = kiosk.app()
    if first_screen == "neutral hold":
        app = KioskApp(app.config, app.services, app.clock, neutral_hold=HOLD)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: bool(held))
        expected = "WelcomeScreen" if first_screen == "welcome" else "BackdropScreen"
        assert type(app.screen).__name__ == expected
        before, picture = _styles_on_show(app), app.export_screenshot()
        stylesheet.add_later_part(app, held[0])
        await pilot.pause()
        assert _styles_on_show(app) == before
        assert app.export_screenshot() == picture


async def test_the_later_rules_are_there_after_the_first_frame(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: LATER in app.stylesheet.source)
        sources = list(app.stylesheet.source)
        assert sources[0] == FIRST
        assert LATER in sources, "the later screens' rules were never added"
        ours = [
            _described(rule)
            for read_from in (FIRST, LATER)
            for rule in _parsed(app.stylesheet, read_from)
        ]
    whole = Stylesheet(variables=app.get_css_variables())
    whole.add_source(stylesheet.STYLESHEET.read_text(encoding="utf-8"), read_from=("whole", ""))
    assert ours == [_described(rule) for rule in whole.rules]


async def test_every_rule_parsed_before_the_first_frame_styles_a_first_screen(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first part is parsed before the first frame (issue 8, cold start), so it holds what
    the first frames show and nothing else: each of its rules styles something on the welcome
    screen, the neutral screen beneath it or the neutral screen of a quick exit. The rules of
    forms, menus, dialogs and the helplines wait for the later part."""
    held: list[str] = []
    monkeypatch.setattr("kiosk.ui.app.add_later_part", lambda app, later: held.append(later))
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: bool(held))
        shown = [
            *app.screen_stack[0].walk_children(with_self=True),
            *app.screen.walk_children(with_self=True),
        ]
        await app.push_screen(NeutralScreen(app.config.quick_exit.neutral_text, id="neutral"))
        shown += app.screen.walk_children(with_self=True)
        unused = [
            rule.selectors
            for rule in _parsed(app.stylesheet, FIRST)
            if not any(match(rule.selector_set, node) for node in shown)
        ]
        assert unused == []


FIRST = (str(stylesheet.STYLESHEET), "first-frame")
LATER = (str(stylesheet.STYLESHEET), "later-screens")


def _parsed(sheet: Stylesheet, read_from: tuple[str, str]) -> list[RuleSet]:
    css, is_default, tie_breaker, scope = sheet.source[read_from]
    return sheet._parse_rules(
        css, read_from, is_default_rules=is_default, tie_breaker=tie_breaker, scope=scope
    )


def _described(rule: RuleSet) -> tuple[str, str]:
    return rule.selectors, repr(sorted(rule.styles.get_rules().items()))
