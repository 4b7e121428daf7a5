"""Build the kiosk's services from a checked config. Nothing here runs at import time.

A session starts on its welcome screen, which needs no vault, no staff account, no printer and
no helpline: each is built on first use, so the vault's code is loaded only when a visitor or
staff member asks for it (and the printing code when something is printed). The helpline
directory is read by the kiosk's first session just after its first frame (kiosk.ui.app), not
before it: its files are the largest a session reads, and the kiosk command has just checked
them; every later session reads them before it draws (kiosk.ui.visit).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.config import Config

if TYPE_CHECKING:
    from kiosk.helplines.model import Directory
    from kiosk.plan.content import PlanContent
    from kiosk.printing.cups import Printer
    from kiosk.staff.accounts import StaffAccountsProtocol
    from kiosk.staff.audit import AuditLog
    from kiosk.staff.care import VaultCare  # stream vaults
    from kiosk.staff.numbers import CentreNumbers
    from kiosk.vault.gatekeeper import Gate, Gatekeeper, KdfPolicy, VaultEvent
    from kiosk.vault.kdf import KdfParams
    from kiosk.vault.service import VaultService


class Services:
    """What the kiosk's screens use. ``directory``, ``printer``, ``vaults`` and ``staff`` are
    given ready-made (tests) or built from ``config`` the first time they are asked for, on
    whichever thread asks."""

    def __init__(
        self,
        *,
        directory: Directory | None = None,
        printer: Printer | None = None,
        vaults: VaultService | None = None,
        staff: StaffAccountsProtocol | None = None,
        config: Config | None = None,
        kdf: KdfPolicy | None = None,
        plan_content: PlanContent | None = None,
        numbers: CentreNumbers | None = None,
        audit: AuditLog | None = None,
        visitor_printer: Printer | None = None,
    ) -> None:
        if config is None and (
            directory is None or printer is None or vaults is None or staff is None
        ):
            raise ValueError("Services needs a config to build what it is not given")
        self._directory = directory
        self._printer = printer
        self._vaults = vaults
        self._staff = staff
        self._config = config
        self._kdf = kdf
        self._plan_content = plan_content
        self._numbers = numbers
        self._audit = audit
        self._visitor_printer = visitor_printer  # print stream (issue 11): held printing
        self._printer_given = printer is not None
        self._vaults_given = vaults is not None
        self._building = threading.Lock()

    @property
    def directory(self) -> Directory:
        """The helpline directory, read from the config's files the first time it is asked
        for; a broken file raises ``DirectoryError`` (kiosk.helplines.loader)."""
        with self._building:
            if self._directory is None:
                from kiosk.helplines.loader import load_directory

                assert self._config is not None
                self._directory = load_directory(self._config.helplines_path())
            return self._directory

    @property
    def directory_read(self) -> bool:
        """Whether the helpline directory is here already (given, or read)."""
        return self._directory is not None

    @property
    def printer(self) -> Printer:
        with self._building:
            if self._printer is None:
                from kiosk.printing.cups import CupsPrinter

                assert self._config is not None
                printing = self._config.printing
                self._printer = CupsPrinter(queue=printing.printer, server=printing.cups_server)
            return self._printer

    # -- print stream (issue 11): the visitors' printer ---------------------------------------

    @property
    def visitor_printer(self) -> Printer:
        """The queue for what visitors print (``[printing] visitor_printer``, "" = ``printer``).
        Given ready-made, or else the staff printer when that was given (tests), or else built
        from the config."""
        if self._visitor_printer is None and (self._printer_given or self._config is None):
            return self.printer
        with self._building:
            if self._visitor_printer is None:
                from kiosk.printing.cups import CupsPrinter

                assert self._config is not None
                printing = self._config.printing
                queue = printing.visitor_printer or printing.printer
                self._visitor_printer = CupsPrinter(queue=queue, server=printing.cups_server)
            return self._visitor_printer

    @property
    def vaults(self) -> VaultService:
        with self._building:
            if self._vaults is None:
                from kiosk.vault.service import VaultService

                assert self._config is not None
                gatekeeper = build_gatekeeper(self._config, kdf=self._kdf, numbers=self._numbers)
                self._vaults = VaultService(gatekeeper)
            return self._vaults

    @property
    def numbers(self) -> CentreNumbers:
        """The centre's anonymous daily counts (kiosk.staff.numbers)."""
        with self._building:
            if self._numbers is None:
                from kiosk.staff.numbers import CentreNumbers

                assert self._config is not None
                self._numbers = CentreNumbers(self._config.data_path())
            return self._numbers

    @property
    def audit(self) -> AuditLog:
        """The staff log (kiosk.staff.audit)."""
        with self._building:
            if self._audit is None:
                from kiosk.staff.audit import AuditLog

                assert self._config is not None
                # numbers: sealed under the kiosk secret; the gatekeeper is asked only when a
                # record is written or checked (and outside this lock, which it takes too).
                self._audit = AuditLog(
                    self._config.data_path(),
                    seal=lambda message: self.gatekeeper.staff_log_seal(message),
                )
            return self._audit

    @property
    def staff(self) -> StaffAccountsProtocol:
        """The staff accounts: this process's files, or the gatekeeper service's over the
        vaults' own connection (a sign-in on it is what lets that connection change
        accounts and delete vaults)."""
        if self._staff is None and self._config is not None and self._config.gatekeeper.socket:
            from kiosk.staff.remote import RemoteStaffAccounts
            from kiosk.vault.remote import RemoteGatekeeper

            gate = self.gatekeeper
            with self._building:
                if self._staff is None and isinstance(gate, RemoteGatekeeper):
                    self._staff = RemoteStaffAccounts(gate.connection)
        with self._building:
            if self._staff is None:
                from kiosk.staff.accounts import StaffAccounts

                assert self._config is not None
                self._staff = StaffAccounts(self._config.data_path())
            return self._staff

    @property
    def plan_content(self) -> PlanContent:
        """The safety plan's sections and prompts, read on first use (the kiosk command checked
        the file before the first session started, so a broken one never gets this far)."""
        with self._building:
            if self._plan_content is None:
                from kiosk.plan.content import load_plan_content

                assert self._config is not None
                self._plan_content = load_plan_content(self._config.plan_content_path())
            return self._plan_content

    @property
    def gatekeeper(self) -> Gate:
        return self.vaults.gatekeeper

    def close_gatekeeper(self) -> None:
        """End the gatekeeper's call in hand, if any, and refuse every later one: a session's
        calls to the gatekeeper service never outlive it (in-process, the secret is dropped).
        Only a gatekeeper built here: one given ready-made (tests) is its giver's to close."""
        vaults = self._vaults
        if vaults is not None and not self._vaults_given:
            vaults.gatekeeper.close()

    # -- directory: staff's changes (kiosk.helplines.care) --------------------------------------

    def replace_directory(self, directory: Directory) -> None:
        """The directory as the files give it after a staff change (checked by the loader):
        every screen opened from now on in this session shows it; a new session reads the
        files anyway."""
        with self._building:
            self._directory = directory

    # -- end directory ---------------------------------------------------------------------------
    # -- stream vaults (issue 11): the staff console's narrow face of the gatekeeper --
    @property
    def vault_care(self) -> VaultCare:
        """Provision, state, delete, retention: never open, recover or reset (kiosk.staff.care)."""
        from kiosk.staff.care import VaultCare

        return VaultCare(self.gatekeeper)

    # -- end stream vaults --


def pin_kdf_for(config: Config) -> KdfParams:
    from kiosk.vault.gatekeeper import Gatekeeper
    from kiosk.vault.kdf import KIB_PER_MIB, KdfParams, default_parallelism, standard

    kdf = config.kdf
    if kdf.profile == "custom":
        lanes = kdf.parallelism or default_parallelism()
        return KdfParams(kdf.memory_mib * KIB_PER_MIB, kdf.iterations, lanes)
    if kdf.profile == "calibrated":
        calibrated = Gatekeeper.load_calibration(config.data_path())
        if calibrated is not None:
            return calibrated
    return standard()


def build_gatekeeper(
    config: Config, *, kdf: KdfPolicy | None = None, numbers: CentreNumbers | None = None
) -> Gate:
    """The gatekeeper, telling the centre's numbers when a vault is made, deleted or recovered
    (``numbers`` in tests; otherwise the data folder's): the service's client when
    ``[gatekeeper] socket`` is set (``kdf`` is then the service's own), else in-process."""
    from kiosk.staff.numbers import CentreNumbers

    counts = numbers or CentreNumbers(config.data_path())
    if config.gatekeeper.socket:
        from kiosk.vault.remote import RemoteGatekeeper

        return RemoteGatekeeper(
            config.gatekeeper.socket, config.data_path(), on_event=vault_event_counter(counts)
        )
    return in_process_gatekeeper(config, kdf=kdf, on_event=vault_event_counter(counts))


def in_process_gatekeeper(
    config: Config,
    *,
    kdf: KdfPolicy | None = None,
    on_event: Callable[[VaultEvent], None] | None = None,
) -> Gatekeeper:
    """The gatekeeper itself, on the config's folder (the kiosk's, or the service's)."""
    from kiosk.vault.gatekeeper import Gatekeeper, KdfPolicy, SprayLimit

    return Gatekeeper(
        config.data_path(),
        config.secret_path(),
        kdf=kdf or KdfPolicy(pin=pin_kdf_for(config)),
        spray=SprayLimit(
            failures_per_hour=config.lockout.kiosk_failures_per_hour,
            pause_seconds=float(config.lockout.kiosk_pause_seconds),
        ),
        on_event=on_event,
    )


def build_staff_accounts(config: Config, gatekeeper: Gate | None = None) -> StaffAccountsProtocol:
    """The staff accounts for an operator's command: over ``gatekeeper``'s connection when it
    is the service's client (one connection: a sign-in on it counts for it), else the files."""
    if config.gatekeeper.socket:
        from kiosk.staff.remote import RemoteStaffAccounts
        from kiosk.vault.remote import RemoteGatekeeper

        gate = gatekeeper if gatekeeper is not None else build_gatekeeper(config)
        if isinstance(gate, RemoteGatekeeper):
            return RemoteStaffAccounts(gate.connection)
    from kiosk.staff.accounts import StaffAccounts

    return StaffAccounts(config.data_path())


def vault_event_counter(numbers: CentreNumbers) -> Callable[[VaultEvent], None]:
    """numbers: the gatekeeper's observer that counts vaults made, deleted and recovered (for
    every gatekeeper, the tests' too)."""
    from kiosk.staff.numbers import Tally
    from kiosk.vault.gatekeeper import VaultEvent

    tallies = {
        VaultEvent.CREATED: Tally.VAULTS_CREATED,
        VaultEvent.DELETED: Tally.VAULTS_DELETED,
        VaultEvent.RECOVERED: Tally.RECOVERIES,
    }
    return lambda event: numbers.count(tallies[event])


def build_services(config: Config, *, kdf: KdfPolicy | None = None) -> Services:
    return Services(
        config=config,
        kdf=kdf,
        plan_content=_centre_plan_content(config),
    )


def _centre_plan_content(config: Config) -> PlanContent | None:
    """A centre's own safety-plan content, read and checked before the session draws (a broken
    one ends the session unseen, as a broken helpline file does, and the kiosk command says
    why); None for the shipped content, which the tests check and which is read on first use,
    in the kiosk's language, so that a session's start does not wait for it."""
    path = config.plan_content_path()
    if path is None:
        return None
    from kiosk.plan.content import load_plan_content

    return load_plan_content(path)
