"""A screen styled once before it is first shown, not twice (issue 8, cold start)."""

from __future__ import annotations

from textual import events


class StyledAsMounted:
    """Textual styles each node of a screen as it is mounted, its ancestors already in place,
    and then, on the screen's first ``ScreenResume``, every node of it again. For a screen just
    composed that second pass changes nothing: whatever changes a node's style after it was
    mounted (a class, focus, the theme, the stylesheet's later part) restyles it there and
    then. The pass was a third of the styling before the welcome screen's first frame.

    A later resume (back from a screen above) is left as Textual has it.
    """

    _shown_before = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual calls a handler of each class in the screen's MRO in turn, this one before
        # Screen's own, with the same event: only its request to restyle is withdrawn.
        if not self._shown_before:
            self._shown_before = True
            event.refresh_styles = False
