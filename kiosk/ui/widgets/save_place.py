"""Where to save: the places she can save to, offered as choices she can click.

A visitor with no keyboard cannot type ``/media/…`` on the on-screen keys (no ``/``, no
capitals), so the configured folder and every USB stick mounted now are offered by name
(``kiosk.printing.service.save_places``), with Look again for a stick plugged in after the
screen opened. Typing a folder stays for keyboards: what she types wins, and clicking a place
clears it. With nothing to offer, one calm line says what to do. A stick's label comes from
the stick, so it is shown literally and made terminal-safe; the screen still checks the final
choice with ``chosen_folder``.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from kiosk.i18n import _
from kiosk.printing.service import SavePlace, save_places
from kiosk.text import one_line, terminal_safe

# A label is at most a line of the choice; a longer one (a hostile stick) is cut.
_LABEL_CHARS = 40


def place_name(place: SavePlace) -> str:
    """The place as she sees it: a stick by its label, the configured folder as that."""
    if place.drive is None:
        return _("The save folder set up here")
    label = terminal_safe(one_line(place.drive))
    if len(label) > _LABEL_CHARS:
        label = label[: _LABEL_CHARS - 1] + "…"
    return _("USB stick {label}").format(label=label)


class SavePlaceChoice(Vertical):
    """The places offered, Look again, and a folder typed as a fallback (``input_id``)."""

    def __init__(
        self,
        configured: Path | None,
        *,
        label: str,
        input_id: str,
        placeholder: str,
        typed_label: str = "",
    ):
        super().__init__(classes="save-place")
        self._configured = configured
        self._label = label
        self._typed_label = typed_label or _("Or type the folder")
        self._input_id = input_id
        self._placeholder = placeholder
        self._places = save_places(configured)

    def compose(self) -> ComposeResult:
        yield Label(self._label, classes="field-label")
        with Horizontal(classes="save-place-row"):
            with Vertical(classes="save-place-list"):
                yield from self._choices(chosen=None)
            yield Button(_("Look again"), classes="save-place-look")
        yield Label(self._typed_label, classes="field-label")
        yield Input(placeholder=self._placeholder, id=self._input_id, max_length=4096)

    def _choices(self, chosen: Path | None) -> ComposeResult:
        if not self._places:
            yield Static(
                _("Plug in a USB stick, then press Look again."),
                classes="save-place-none",
                markup=False,
            )
            return
        folders = [place.folder for place in self._places]
        pressed = folders.index(chosen) if chosen in folders else 0
        yield RadioSet(
            *(
                RadioButton(Text(place_name(place)), value=index == pressed)
                for index, place in enumerate(self._places)
            ),
            classes="save-place-places",
        )

    def chosen(self) -> Path | None:
        """The place picked among those offered (the first unless she picked another)."""
        for places in self.query(RadioSet):
            index = places.pressed_index
            if 0 <= index < len(self._places):
                return self._places[index].folder
        return None

    def wanted(self) -> str:
        """The folder she typed, or else the place she picked, for ``chosen_folder``."""
        typed = self.query_one(f"#{self._input_id}", Input).value.strip()
        if typed:
            return typed
        chosen = self.chosen()
        return str(chosen) if chosen is not None else ""

    @on(RadioSet.Changed, ".save-place-places")
    def _a_place_clicked_wins(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.query_one(f"#{self._input_id}", Input).value = ""

    @on(Button.Pressed, ".save-place-look")
    async def _look_again(self, event: Button.Pressed) -> None:
        event.stop()
        chosen = self.chosen()
        self._places = save_places(self._configured)
        listing = self.query_one(".save-place-list", Vertical)
        await listing.remove_children()
        await listing.mount_all(list(self._choices(chosen)))
