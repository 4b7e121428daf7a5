"""What staff may do to vaults, and nothing more: the narrow face of the gatekeeper that the
staff console is given (vault-security.md §7-8: staff provision, tell a visitor the state of
her vault and delete; they never open a vault, recover it or reset a counter).

Nothing here returns a data key, a vault's content or a counter it could change. ``provision``
returns the new vault's name and recovery code, which belong to the visitor: the visitor's
set-up screen shows them to her alone, and staff screens never do. ``confirm_code_kept`` is the
last step of the same provisioning: it needs the code, so only she can finish it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.vault.gatekeeper import Gate, UnusedVault, VaultSummary
from kiosk.vault.names import generate_name


@dataclass(frozen=True)
class NewVault:
    """A vault just made: its name and recovery code, for the visitor's eyes only."""

    name: str
    recovery_code: str

    def __repr__(self) -> str:
        # Never in a log line or a traceback's locals by accident.
        return "NewVault(…)"


class VaultCare:
    def __init__(self, gatekeeper: Gate) -> None:
        self._gatekeeper = gatekeeper

    @staticmethod
    def suggest_name() -> str:
        """A random, pronounceable vault name (the gatekeeper's own generator)."""
        return generate_name()

    def check_name_free(self, name: str) -> None:
        """``InvalidVaultName`` or ``NameTaken`` before she types a PIN for the name."""
        self._gatekeeper.check_name_available(name)

    def provision(self, name: str, pin: str, pin_again: str) -> NewVault:
        """Make her vault with its recovery code pending (shown at every opening) until she
        confirms she has it: a quick exit or a kill before then never loses the code."""
        made = self._gatekeeper.provision(name, pin, pin_again, keep_code_pending=True)
        return NewVault(made.name, made.recovery_code)

    def confirm_code_kept(self, name: str, code: str) -> None:
        """She has her code: it is no longer shown at each opening."""
        self._gatekeeper.confirm_code_kept(name, code)

    def state_of(self, name: str) -> VaultSummary:
        """The state of the vault she names (``UnknownVault`` if none): never its content."""
        return self._gatekeeper.state_of(name)

    def delete(self, name: str) -> None:
        """Crypto-erase the vault she names (``VaultInUse`` while it is open)."""
        self._gatekeeper.delete(name)

    def unused(self, months: int, today: dt.date) -> list[UnusedVault]:
        return self._gatekeeper.unused_vaults(months, today)

    def delete_unused(self, vault_ids: list[str], months: int, today: dt.date) -> int:
        """Erase those still unused (each checked again); how many were erased."""
        return self._gatekeeper.delete_unused(vault_ids, months, today)
