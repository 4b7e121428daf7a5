"""What every kiosk screen is given through its constructor, instead of reaching through the
App: the checked config, the clock, the services it may use, the one way to the vault, and the
visitor's session as far as a screen may act on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from kiosk.config import Config
    from kiosk.helplines.model import Directory
    from kiosk.plan.content import PlanContent
    from kiosk.printing.cups import Printer, SessionPrintJobs
    from kiosk.services import Services
    from kiosk.staff.accounts import StaffAccountsProtocol
    from kiosk.staff.audit import AuditLog
    from kiosk.staff.care import VaultCare  # stream vaults
    from kiosk.staff.numbers import CentreNumbers
    from kiosk.ui.vault_io import VaultIO

Clock = Callable[[], float]
EndReason = Literal["quick_exit", "leave", "idle", "hangup"]


class VisitorSession(Protocol):
    """The App's session, as screens see it: they may end it, never open or read a vault."""

    @property
    def ending(self) -> bool: ...

    idle_limit_seconds: int
    staff_signed_in: bool  # numbers: a session staff signed in to is not counted as a visit

    def end_session(self, reason: EndReason) -> None: ...

    def close_kiosk(self) -> None: ...


@dataclass(frozen=True)
class ScreenKit:
    config: Config
    clock: Clock
    session: VisitorSession
    services: Services
    # The way to the vault and the visit's print jobs are made the first time a screen asks
    # (the welcome screen never does): a session starts without loading their code (issue 8).
    vault_source: Callable[[], VaultIO]
    print_jobs_source: Callable[[], SessionPrintJobs]

    @property
    def vault(self) -> VaultIO:
        return self.vault_source()

    @property
    def print_jobs(self) -> SessionPrintJobs:
        return self.print_jobs_source()

    @property
    def directory(self) -> Directory:
        return self.services.directory

    @property
    def plan_content(self) -> PlanContent:
        return self.services.plan_content

    @property
    def staff(self) -> StaffAccountsProtocol:
        """Built the first time a screen asks (kiosk.services): the welcome screen does not."""
        return self.services.staff

    @property
    def printer(self) -> Printer:
        return self.services.printer

    @property
    def visitor_printer(self) -> Printer:
        """What visitors print goes here (print stream, issue 11); staff use ``printer``."""
        return self.services.visitor_printer

    @property
    def numbers(self) -> CentreNumbers:
        return self.services.numbers

    @property
    def audit(self) -> AuditLog:
        return self.services.audit

    # -- stream vaults (issue 11) --
    @property
    def vault_care(self) -> VaultCare:
        """What staff screens may do to vaults (kiosk.staff.care): never open or read one."""
        return self.services.vault_care

    # -- end stream vaults --
