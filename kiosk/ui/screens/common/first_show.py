"""A screen styled once before it is first shown, not twice, and drawn once its App's batch is
over, not inside it (issue 8, cold start)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.screen import Screen

    _ScreenBase = Screen[Any]
else:
    _ScreenBase = object


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


class DrawnAfterTheBatch(_ScreenBase):
    """Textual makes a screen's frame even while the App is in a batch, and then drops it
    unwritten. The App's start is a batch, and the welcome screen is pushed inside it: two
    whole frames of it were made and dropped before the first one written, which (its regions
    counted as drawn) was a partial one that left out "Open my vault" for a frame or two.

    Inside a batch no frame is made here: the whole screen is left to be drawn, and Textual's
    next idle after the batch draws it, once, whole."""

    def _compositor_refresh(self) -> None:
        if self.app._batch_count:
            compositor = self._compositor
            compositor._dirty_regions.add(compositor.size.region)
            self._repaint_required = True
            return
        super()._compositor_refresh()
