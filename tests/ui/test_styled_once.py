"""Opening a screen styles each of its widgets once, as it is mounted (issue 8: a fast
suite, and forms that open quickly on a kiosk's slow machine). Textual also styled a widget
whose classes changed while it was built (every Button, for its variant and look), and the
whole screen again as it came up: each key of the on-screen keyboard was styled three times."""

from __future__ import annotations

from collections import Counter

from textual.dom import DOMNode

from kiosk.ui.screens.vault.unlock import UnlockScreen
from tests.ui.conftest import Kiosk
from tests.ui.helpers import settle, until


async def test_opening_the_unlock_screen_styles_each_widget_once(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        styled: Counter[int] = Counter()
        apply = app.stylesheet.apply

        def counted(node: DOMNode, *args: object, **kwargs: object) -> None:
            styled[id(node)] += 1
            apply(node, *args, **kwargs)  # type: ignore[arg-type]

        app.stylesheet.apply = counted  # type: ignore[method-assign]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await settle(pilot)
        app.stylesheet.apply = apply  # type: ignore[method-assign]
        nodes = list(app.screen.walk_children(with_self=True))
        counts = Counter(styled[id(node)] for node in nodes)
        # Once as mounted; the field given the focus once more, for its focus style.
        assert set(counts) <= {1, 2} and counts[2] <= 2, counts
