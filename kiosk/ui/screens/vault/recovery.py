"""Forgot my PIN: the recovery code opens the vault once, a new PIN is set, and a new code
is shown once, with a way to hide it from anyone looking over a shoulder.

Two steps, so each fits an 80x24 screen beside the on-screen keys: first the vault name and
the recovery code, then the new PIN twice. Nothing is checked until the end, so a wrong code
costs one attempt, like a wrong PIN, and is answered as a wrong recovery code.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.css.query import QueryType
from textual.widget import Widget
from textual.widgets import Button, ContentSwitcher, Input, Label, Static

from kiosk.i18n import _, ngettext
from kiosk.i18n.formats import format_number
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import FormScreen, KioskScreen, new_pin_fields
from kiosk.ui.vault_io import RecoveredButClosed, VaultCallFailed
from kiosk.ui.widgets.code_input import CodeInput, code_characters
from kiosk.ui.widgets.keyboard import KeyArea
from kiosk.ui.wording import WayIn
from kiosk.vault.errors import SecretsDiffer, WeakSecret
from kiosk.vault.recovery import CODE_CHARS

CODE_STEP = ("vault-name", "code")
NEW_PIN_PROBLEMS = (SecretsDiffer, WeakSecret)


class ForgotPinScreen(FormScreen[None]):
    FIELDS = ("vault-name", "code", "new-pin", "new-pin-again")
    LETTER_FIELDS = frozenset(CODE_STEP)
    WAY_IN = WayIn.RECOVERY_CODE

    def __init__(self, kit: ScreenKit, name: str = "", *, from_unlock: bool = False) -> None:
        """``from_unlock``: she came from "Open my vault", and Back takes her there again (from
        staff's hand-over it takes her to the welcome screen)."""
        super().__init__(kit)
        self._name = name
        self._from_unlock = from_unlock

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="forgot", classes="centred-row"):
            with Vertical(classes="form"):
                yield Static(_("I forgot my PIN"), id="forgot-title", classes="title", markup=False)
                with ContentSwitcher(initial="step-code", id="steps"):
                    with Vertical(id="step-code"):
                        yield Label(_("Vault name"), classes="field-label")
                        yield Input(self._name, id="vault-name", max_length=64)
                        yield Label(
                            _("Recovery code, from the paper you were given"), classes="field-label"
                        )
                        with Horizontal(id="code-row"):
                            yield CodeInput(id="code")
                            yield Button(_("Show"), id="show-code", compact=True)
                    with Vertical(id="step-pin"):
                        yield from new_pin_fields(message=False)
                yield Static("", id="message", markup=False)
                with Horizontal(classes="buttons"):
                    yield Button(_("Next"), id="recover", variant="primary")
                    yield Button(_("Back"), id="back")
            yield KeyArea()

    def on_mount(self) -> None:
        self.show_field("code" if self._name else "vault-name")

    def on_step(self) -> str:
        return self.query_one("#steps", ContentSwitcher).current or "step-code"

    def show_field(self, field: str) -> None:
        step = "step-code" if field in CODE_STEP else "step-pin"
        self.query_one("#steps", ContentSwitcher).current = step
        first = step == "step-code"
        self.query_one("#forgot-title", Static).update(
            _("I forgot my PIN: your recovery code") if first else _("I forgot my PIN: a new PIN")
        )
        self.query_one("#recover", Button).label = _("Next") if first else _("Set new PIN")
        super().show_field(field)

    def advance(self, current: str) -> None:
        if current == "code":
            self._to_new_pin()
        else:
            super().advance(current)

    def _to_new_pin(self) -> None:
        name, code = self.values()[:2]
        if not name.strip():
            self.say(_("Please type your vault name first."))
            self.show_field("vault-name")
        elif len(code_characters(code)) != CODE_CHARS:
            self.say(
                ngettext(
                    "A recovery code has {count} letter or digit. Please check it against your "
                    "paper.",
                    "A recovery code has {count} letters and digits, in five groups of four. "
                    "Please check it against your paper.",
                    CODE_CHARS,
                ).format(count=format_number(CODE_CHARS))
            )
            self.show_field("code")
        else:
            self.say(_("Now choose a new PIN. You will then get a new recovery code."))
            self.show_field("new-pin")

    @on(Button.Pressed, "#recover")
    def submit(self) -> None:
        if self.on_step() == "step-code":
            self._to_new_pin()
            return
        values = self.values()
        if not all(value.strip() for value in values):
            self.say(_("Please type your new PIN twice."))
            return
        self.set_busy(True)
        self.say(_("Checking your recovery code…"))
        name, code, new, again = values
        self.kit.vault.recover(self, name, code, new, again)

    @on(Button.Pressed, "#show-code")
    def _show_or_hide_code(self) -> None:
        code = self.query_one("#code", CodeInput)
        code.password = not code.password
        self.query_one("#show-code", Button).label = _("Show") if code.password else _("Hide")
        code.focus()

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        if self.on_step() == "step-pin":
            self.say("")
            self.show_field("code")
        elif self._from_unlock:
            from kiosk.ui.screens.vault.unlock import UnlockScreen

            self.app.switch_screen(UnlockScreen(self.kit))
        else:
            self.dismiss(None)

    @on(RecoveredButClosed)
    def _recovered_but_closed(self, recovered: RecoveredButClosed) -> None:
        self._refused(recovered.error)
        self.app.push_screen(RecoveryCodeScreen(self.kit, recovered.error.new_code))

    @on(VaultCallFailed)
    def _call_failed(self, failed: VaultCallFailed) -> None:
        self._refused(failed.error)

    def _refused(self, error: Exception) -> None:
        self.set_busy(False)
        self.clear("new-pin", "new-pin-again")
        if isinstance(error, NEW_PIN_PROBLEMS):
            self.show_field("new-pin")  # the code was not even tried: keep it
        else:
            self.clear("code")
            self.show_field("code")
        self.refuse(error)


class RecoveryCodeScreen(KioskScreen[None]):
    """Shows a new recovery code. "Hide" blanks it at once. Until she chooses "I have written
    it down" the code stays pending in her vault and comes back at its next opening (a quick
    exit or a crash must not leave her without one); after that nothing shows it again."""

    def __init__(self, kit: ScreenKit, code: str) -> None:
        super().__init__(kit)
        self._code = code

    def compose_body(self) -> ComposeResult:
        with Vertical(id="recovery-code", classes="form centred"):
            yield Static(_("Your new recovery code"), classes="title", markup=False)
            yield Static(
                _(
                    "Write this down and keep it somewhere safe, away from your phone. "
                    "It opens your vault if you forget your PIN, and works once. "
                    "After you choose 'I have written it down', it will not be shown again."
                ),
                classes="lead",
                markup=False,
            )
            yield Static(self._code, id="code", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Hide the code"), id="hide")
                yield Button(_("I have written it down"), id="done", variant="primary")

    # Nothing has focus at first: an Enter pressed again while the PIN was being set must not
    # hide the code or close this screen before she has written it down (it is shown once).
    AUTO_FOCUS = None

    def focus_next(self, selector: str | type[QueryType] = "*") -> Widget | None:
        """Tab from nothing goes to "I have written it down", not to the top bar's Exit control
        (first in the focus chain), where the Enter that follows would end her session."""
        if self.focused is None and selector == "*":
            done = self.query_one("#done", Button)
            done.focus()
            return done
        return super().focus_next(selector)

    @on(Button.Pressed, "#hide")
    def _hide(self) -> None:
        self._code = ""
        self.query_one("#code", Static).update(_("(hidden)"))
        self.query_one("#hide", Button).disabled = True
        self.query_one("#done", Button).focus()

    @on(Button.Pressed, "#done")
    def _done(self) -> None:
        self._code = ""
        self.dismiss(None)
