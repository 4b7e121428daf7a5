"""The welcome screen is styled once before its first frame (issue 8, cold start): each of its
nodes gets the stylesheet applied once, not again and again as Textual's buttons and tick
boxes added their classes one at a time (the first while not yet on any screen) and as the
screen was first shown (kiosk/ui/screens/common/first_show.py, kiosk/ui/widgets/buttons.py);
the control that takes the focus once more. Styling was the largest part of the screen's
start. Speed itself is measured in scripts/bench."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.widget import Widget

from kiosk.ui.screens.common.welcome import WelcomeScreen
from tests.ui.conftest import Kiosk
from tests.ui.helpers import until


async def test_each_node_on_the_welcome_screen_is_styled_once_before_its_first_frame(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    styled: Counter[DOMNode] = Counter()
    apply = Stylesheet.apply

    def counted(self: Stylesheet, node: DOMNode, **options: Any) -> None:
        if isinstance(node, Widget):  # on a screen, or made and not yet mounted
            styled[node] += 1
        apply(self, node, **options)

    monkeypatch.setattr(Stylesheet, "apply", counted)
    # The first frame is drawn when the stylesheet's later part is added (after it).
    drawn: list[Counter[DOMNode]] = []
    monkeypatch.setattr(
        "kiosk.ui.app.add_later_part", lambda app, later: drawn.append(styled.copy())
    )
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: bool(drawn))
        assert isinstance(app.screen, WelcomeScreen)
        before_first_frame = drawn[0]
        on_show = list(app.screen.walk_children(Widget, with_self=True))
        assert len(on_show) >= 12  # the whole screen was walked
        # The control that takes the focus is styled once more, as it takes it (:focus).
        again = {
            f"{type(node).__name__}#{node.id}": before_first_frame[node]
            for node in on_show
            if before_first_frame[node] > (2 if node is app.focused else 1)
        }
        assert again == {}
        assert app.focused is not None and app.focused.id == "open-vault"
