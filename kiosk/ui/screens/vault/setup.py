"""The visitor's part of setting up a vault at the kiosk: staff have handed her the keyboard.

She keeps or changes the name, types her PIN (a weak one is refused kindly at once, before she
is asked for it again), then types it again; the vault is made in a thread worker (the slow key
derivation never runs on the screen's thread). Her recovery code is then shown to her once,
with a discreet slip she may print, and the quick-exit explanation follows.

Safe against a quick exit or a kill at any step: the vault is made with its recovery code
pending (kept, encrypted, inside it and shown at every opening) and the code stops being
pending only when she says she has it. So the worst a quick exit leaves is no vault, or a vault
that shows her its code the next time she opens it.

Returns True when a vault was made. It never says which to anyone after her: the name and the
code are dropped from the screen and from memory before it returns.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.css.query import QueryType
from textual.widget import Widget
from textual.widgets import Button, ContentSwitcher, Input, Label, Static

from kiosk.i18n import _
from kiosk.printing.documents import RecoverySlip
from kiosk.printing.service import CancellableRender
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import FormScreen
from kiosk.ui.screens.common.delivery import render_and_deliver
from kiosk.ui.screens.common.intro import QuickExitIntroScreen
from kiosk.ui.widgets.keyboard import KeyArea
from kiosk.ui.widgets.release_printing import ReleasePrinting
from kiosk.ui.wording import describe, describe_outcome, not_prepared, vault_not_made
from kiosk.vault.errors import InvalidVaultName, NameTaken, VaultError, WeakSecret
from kiosk.vault.pin_policy import check_new_secret, normalise_secret

FIRST_STEP = ("vault-name", "pin")


class VaultSetupScreen(FormScreen[bool]):
    FIELDS = ("vault-name", "pin", "pin-again")
    LETTER_FIELDS = frozenset({"vault-name"})

    def __init__(self, kit: ScreenKit, name: str = "", *, made: Callable[[], None]) -> None:
        super().__init__(kit)
        self._suggested = name
        self._on_made = made  # told (on the screen's thread) the moment a vault exists
        self._new_name = ""
        self._new_code = ""
        self._made_one = False
        self._cancelled = False
        self._printing = False
        self._slip_sent = False  # a slip went to the printer (held or printed)
        self._have_it_waiting = False  # "I have it" pressed while her slip was being sent

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="vault-setup", classes="centred-row"):
            with Vertical(classes="form"):
                yield Static(_("Your vault"), id="setup-title", classes="title", markup=False)
                with ContentSwitcher(initial="step-first", id="setup-steps"):
                    with Vertical(id="step-first"):
                        yield Label(_("Vault name: keep it or change it"), classes="field-label")
                        yield Input(self._suggested, id="vault-name", max_length=64)
                        yield Label(
                            _("Your PIN: 6 or more digits, or 4 or more words"),
                            classes="field-label",
                        )
                        yield Input(id="pin", password=True, max_length=128)
                    with Vertical(id="step-again"):
                        yield Label(_("Your PIN again"), classes="field-label")
                        yield Input(id="pin-again", password=True, max_length=128)
                    with Vertical(id="step-her-code"):
                        yield Static(
                            _(
                                "Write these down and keep them somewhere safe, away from your "
                                "phone. The recovery code opens your vault if you forget your "
                                "PIN, and works once."
                            ),
                            classes="lead",
                            markup=False,
                        )
                        yield Static("", id="new-vault", markup=False)
                yield Static("", id="message", markup=False)
                with Horizontal(classes="buttons", id="setup-buttons"):
                    yield Button(_("Next"), id="next", variant="primary")
                    yield Button(_("Back"), id="back")
                with Horizontal(classes="buttons", id="code-buttons"):
                    yield Button(_("I have it"), id="have-it", variant="primary")
                    yield Button(_("Print a slip"), id="print-slip")
                    yield Button(_("Hide"), id="hide")
                yield ReleasePrinting(self.kit)
            yield KeyArea()

    def on_mount(self) -> None:
        self.query_one("#code-buttons").display = False
        self.show_field("pin" if self._suggested else "vault-name")

    def _step(self) -> str:
        return self.query_one("#setup-steps", ContentSwitcher).current or "step-first"

    def show_field(self, field: str) -> None:
        step = "step-first" if field in FIRST_STEP else "step-again"
        self.query_one("#setup-steps", ContentSwitcher).current = step
        super().show_field(field)

    def advance(self, current: str) -> None:
        if current == "pin":
            self._to_pin_again()
        else:
            super().advance(current)

    # -- name and PIN ------------------------------------------------------------------------

    def _to_pin_again(self) -> None:
        """Check the name and the first PIN now, so a weak PIN is refused before the second."""
        name, pin = self.values()[:2]
        if not name.strip():
            self.say(_("Please choose a name for your vault."))
            self.show_field("vault-name")
            return
        if not pin:
            self.say(_("Please type a PIN."))
            self.show_field("pin")
            return
        try:
            self.kit.vault_care.check_name_free(name)
            check_new_secret(normalise_secret(pin), name=name)
        except (InvalidVaultName, NameTaken) as refused:
            self.say(describe(refused))
            self.show_field("vault-name")
            return
        except WeakSecret as weak:
            self.clear("pin")
            self.say(describe(weak))
            self.show_field("pin")
            return
        except Exception as error:
            self.say(vault_not_made(error))
            return
        self.say(_("Now type the same PIN again."))
        self.show_field("pin-again")

    @on(Button.Pressed, "#next")
    def _next(self) -> None:
        if self._step() == "step-first":
            self._to_pin_again()
        else:
            self.submit()

    def submit(self) -> None:
        name, pin, again = self.values()
        if not again:
            self.say(_("Please type your PIN again."))
            self.show_field("pin-again")
            return
        self.set_busy(True)
        self.say(_("Setting up your vault…"))
        self._provision(name, pin, again)

    @work(thread=True, exclusive=True, exit_on_error=False, group="setup")
    def _provision(self, name: str, pin: str, again: str) -> None:
        try:
            made = self.kit.vault_care.provision(name, pin, again)
        except Exception as error:
            if not self.kit.session.ending:
                self.app.call_from_thread(self._not_made, error)
            return
        # The vault exists, its code pending: whatever happens now, she sees the code at her
        # next opening if not here.
        self.app.call_from_thread(self._provisioned, made.name, made.recovery_code)

    def _not_made(self, error: Exception) -> None:
        if not self.is_attached:
            return
        self.set_busy(False)
        self.clear("pin", "pin-again")
        self.say(vault_not_made(error))
        field = "vault-name" if isinstance(error, InvalidVaultName | NameTaken) else "pin"
        self.show_field(field)

    def _provisioned(self, name: str, code: str) -> None:
        self._made_one = True
        self._on_made()
        if not self.is_attached or self.kit.session.ending:
            return
        self._new_name, self._new_code = name, code
        self.clear("vault-name", "pin", "pin-again")
        self.set_busy(False)
        self.query_one("#setup-steps", ContentSwitcher).current = "step-her-code"
        self.query_one("#setup-title", Static).update(_("Your vault is ready"))
        self.query_one("#new-vault", Static).update(
            _("Vault name: {name}\nRecovery code: {code}").format(name=name, code=code)
        )
        self.query_one("#setup-buttons").display = False
        self.query_one("#code-buttons").display = True
        self.query_one(KeyArea).display = False
        self.query_one("#vault-setup .form").add_class("code-step")  # wider: no keys beside it
        self.say("")
        # Nothing has focus: an Enter pressed again after the PIN must not pass the code by.
        self.set_focus(None)

    # -- the code ----------------------------------------------------------------------------

    def focus_next(self, selector: str | type[QueryType] = "*") -> Widget | None:
        """On her code nothing has the focus (see ``_provisioned``): her first Tab goes to her
        choices, not first to the Exit control at the top, where Tab and Enter would end her
        session before she could print her slip."""
        if self.focused is None and self.query_one("#code-buttons").display and selector == "*":
            first = self.query_one("#have-it", Button)
            self.set_focus(first)
            return first
        return super().focus_next(selector)

    @on(Button.Pressed, "#hide")
    def _hide(self) -> None:
        self.query_one("#new-vault", Static).update(_("(hidden)"))
        self.query_one("#hide", Button).disabled = True

    @on(Button.Pressed, "#print-slip")
    def _print_slip(self) -> None:
        if self._printing or not self._new_code:
            return
        self._printing, self._cancelled = True, False
        self.query_one("#print-slip", Button).disabled = True
        self.say(_("Preparing…"))
        self._deliver(
            CancellableRender(self.kit.print_jobs), RecoverySlip(self._new_name, self._new_code)
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="printing")
    def _deliver(self, render: CancellableRender, slip: RecoverySlip) -> None:
        render_and_deliver(
            self,
            self.app.call_from_thread,
            render,
            slip,
            folder=None,
            not_prepared=not_prepared,
            worded=describe_outcome,
        )

    def _finished(self, message: str, done: bool = False) -> None:
        self._printing = False
        self._slip_sent = self._slip_sent or done or self.kit.print_jobs.held
        if self._have_it_waiting:
            # Now the slip is in the queue (or not), "I have it" can cancel what is held.
            self._have_it_waiting = False
            self._confirm(self._new_name, self._new_code)
            self._new_name = self._new_code = ""
            return
        if self.is_attached:
            self.say(message)
            self.query_one("#print-slip", Button).disabled = done
            # Held on the visitors' printer until she stands there and releases it.
            self.query_one(ReleasePrinting).show_held(focus=True, fresh=True)

    def _past_cancelling(self, text: str) -> None:
        self._stage(text)

    def _stage(self, text: str) -> None:
        if self.is_attached:
            self.say(text)

    @on(Button.Pressed, "#have-it")
    def _have_it(self) -> None:
        self.query_one("#code-buttons").display = False
        self.say(_("One moment…"))
        if self._printing:
            # Her slip is still being prepared or sent: cancelled only once it is in the
            # queue, or it would be held there after she has gone, for the next person at
            # the kiosk to release with "Release my printing".
            self._have_it_waiting = True
            self.query_one("#new-vault", Static).update("")
            return
        name, code = self._new_name, self._new_code
        self._forget()
        self._confirm(name, code)

    @work(thread=True, exclusive=True, exit_on_error=False, group="setup")
    def _confirm(self, name: str, code: str) -> None:
        if self._slip_sent:
            # A slip she did not release is not left waiting, held, for the staff member who
            # takes the keyboard back: it is cancelled now.
            for job, _kind in self.kit.print_jobs.take_held():
                with contextlib.suppress(Exception):
                    self.kit.visitor_printer.cancel(job)
        # If this fails the code stays pending, which only means she sees it again at her
        # next opening: never a reason to keep her here.
        with contextlib.suppress(VaultError, OSError):
            self.kit.vault_care.confirm_code_kept(name, code)
        if not self.kit.session.ending:
            self.app.call_from_thread(self._explain)

    def _explain(self) -> None:
        if self.is_attached:
            self.app.push_screen(QuickExitIntroScreen(self.kit), self._explained)

    def _explained(self, _: None) -> None:
        self.dismiss(True)

    def _forget(self) -> None:
        self._new_name = self._new_code = ""
        self.query_one("#new-vault", Static).update("")

    # -- leaving -----------------------------------------------------------------------------

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        if self._step() == "step-again":
            self.clear("pin", "pin-again")
            self.say("")
            self.show_field("pin")
            return
        self.clear("vault-name", "pin", "pin-again")
        self.dismiss(self._made_one)

    def on_unmount(self) -> None:
        self._new_name = self._new_code = ""
