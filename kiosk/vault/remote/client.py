"""``RemoteGatekeeper``: the gatekeeper's calls over its unix socket (kiosk.gatekeeper_service).

It satisfies the same ``Gate`` protocol as the in-process ``Gatekeeper``; callers do not know
which one they hold. The centre's numbers are told of vaults made, deleted and recovered here,
on the kiosk's side, after the service said the call succeeded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from kiosk.vault.crypto import wipe
from kiosk.vault.errors import GatekeeperUnavailable, VaultInUse
from kiosk.vault.gatekeeper import (
    VAULTS_DIR,
    MirroredHead,
    Provisioned,
    UnlockedKey,
    UnusedVault,
    VaultEvent,
    VaultState,
    VaultSummary,
)
from kiosk.vault.ids import InvalidVaultId, checked_vault_id
from kiosk.vault.kdf import Calibration, KdfParams
from kiosk.vault.remote import protocol as wire
from kiosk.vault.remote.connection import Connection, Talk
from kiosk.vault.remote.errors import raise_failure
from kiosk.vault.storage.database import open_here

R = TypeVar("R", bound=wire.Reply)


class RemoteGatekeeper:
    def __init__(
        self,
        socket_path: Path | str,
        data_dir: Path,
        *,
        on_event: Callable[[VaultEvent], None] | None = None,
    ) -> None:
        self.connection = Connection(str(socket_path))
        self._vaults_dir = data_dir / VAULTS_DIR
        self._on_event = on_event
        # The vaults this client opened: only their session locks are handed over for a PIN
        # change, whichever connection (the service may have restarted since) asks.
        self._opened: set[str] = set()

    def close(self) -> None:
        self.connection.close()

    # -- visitors ---------------------------------------------------------------------------

    def check_name_available(self, name: str) -> None:
        self._ask(wire.CheckNameAvailable(name=name), wire.Done, repeatable=True)

    def provision(
        self, name: str | None, secret: str, secret_again: str, *, keep_code_pending: bool = False
    ) -> Provisioned:
        request = wire.Provision(
            name=name, secret=secret, secret_again=secret_again, keep_code_pending=keep_code_pending
        )
        made = self._ask(request, wire.Made)
        self._tell(VaultEvent.CREATED)
        return Provisioned(name=made.name, recovery_code=made.recovery_code, vault_id=made.vault_id)

    def unlock(self, name: str, secret: str) -> UnlockedKey:
        key = self._ask(wire.Unlock(name=name, secret=secret), wire.Key)
        return self._unlocked(key.vault_id, key.data_key)

    def recover(self, name: str, code: str, new: str, new_again: str) -> tuple[UnlockedKey, str]:
        request = wire.Recover(name=name, code=code, new=new, new_again=new_again)
        done = self._ask(request, wire.Recovered)
        unlocked = self._unlocked(done.vault_id, done.data_key)
        self._tell(VaultEvent.RECOVERED)
        return unlocked, done.new_code

    def confirm_code_kept(self, name: str, code: str) -> None:
        self._ask(wire.ConfirmCodeKept(name=name, code=code), wire.Done)

    def change_secret(self, name: str, old: str, new: str, new_again: str) -> None:
        """A vault open in this process is closed while the service rotates its key (its
        session lock handed over meanwhile), then reopened with the key the service returns."""
        request = wire.ChangeSecret(name=name, old=old, new=new, new_again=new_again)
        with self.connection.conversation() as talk:
            reply = talk.ask(request)
            if isinstance(reply, wire.NeedLock):
                reply = self._hand_over(talk, reply.vault_id)
        _expect(reply, wire.Done)

    def _hand_over(self, talk: Talk, vault_id: str) -> wire.AnyReply:
        vault = open_here(self._vaults_dir / checked_vault_id(vault_id))
        fd = None if vault is None else vault.lock_fd
        if vault is None or fd is None or vault_id not in self._opened:
            reply = talk.ask(wire.KeepLock())
            _expect(reply, wire.Done)
            raise VaultInUse()
        final: list[wire.AnyReply] = []

        def rotate(keys: list[bytearray]) -> None:
            reopen = talk.ask(wire.HandOverLock(vault_id=vault_id), fd=fd)
            if not isinstance(reopen, wire.ReopenWith):
                raise GatekeeperUnavailable(reason="no keys")
            keys.extend(reopen.keys)
            final.append(talk.receive())

        vault.reopen_after(rotate)
        return final[0]

    def tidy_after_opening(self, vault_id: str) -> None:
        self._ask(wire.TidyAfterOpening(vault_id=vault_id), wire.Done, repeatable=True)

    def record_chain_head(self, vault_id: str, head: MirroredHead) -> None:
        request = wire.RecordChainHead(vault_id=vault_id, count=head.count, link=head.link)
        self._ask(request, wire.Done, repeatable=True)

    def chain_head(self, vault_id: str) -> MirroredHead | None:
        head = self._ask(wire.ChainHead(vault_id=vault_id), wire.Head, repeatable=True)
        if head.count is None or head.link is None:
            return None
        return MirroredHead(count=head.count, link=head.link)

    def staff_log_seal(self, message: bytes) -> str:
        return self._ask(wire.StaffLogSeal(message=message), wire.Text, repeatable=True).value

    # -- staff ------------------------------------------------------------------------------

    def list_vaults(self) -> list[VaultSummary]:
        found = self._ask(wire.ListVaults(), wire.Summaries, repeatable=True)
        return [_summary(summary) for summary in found.value]

    def state_of(self, name: str) -> VaultSummary:
        return _summary_one(self._ask(wire.StateOf(name=name), wire.Summaries, repeatable=True))

    def unused_vaults(self, months: int, today: dt.date) -> list[UnusedVault]:
        found = self._ask(wire.UnusedVaults(months=months, today=today), wire.UnusedList, True)
        return [UnusedVault(checked_vault_id(u.vault_id), u.created_month) for u in found.value]

    def delete_unused(self, vault_ids: list[str], months: int, today: dt.date) -> int:
        request = wire.DeleteUnused(vault_ids=vault_ids, months=months, today=today)
        erased = self._ask(request, wire.Number).value
        for _ in range(erased):
            self._tell(VaultEvent.DELETED)
        return erased

    def delete(self, name: str) -> str:
        vault_id = self._ask(wire.Delete(name=name), wire.Text).value
        self._tell(VaultEvent.DELETED)
        return vault_id

    def delete_id(self, vault_id: str) -> None:
        self._ask(wire.DeleteId(vault_id=vault_id), wire.Done)
        self._tell(VaultEvent.DELETED)

    # -- setting up -------------------------------------------------------------------------

    def secret_exists(self) -> bool:
        return self._ask(wire.SecretExists(), wire.Flag, repeatable=True).value

    def holds_any_vault(self) -> bool:
        return self._ask(wire.HoldsVaults(), wire.Flag, repeatable=True).value

    def initialise_folders(self) -> bool:
        return self._ask(wire.Initialise(), wire.Flag).value

    def calibrate_kdf(self) -> Calibration:
        done = self._ask(wire.Calibrate(), wire.Calibrated)
        params = KdfParams(done.memory_kib, done.iterations, done.parallelism)
        return Calibration(params, done.seconds, done.within_target)

    def check_state_files_now(self) -> None:
        self._ask(wire.CheckStateFiles(), wire.Done, repeatable=True)

    # -- inside -----------------------------------------------------------------------------

    def _ask(self, request: wire.Request, kind: type[R], repeatable: bool = False) -> R:
        return _expect(self.connection.call(request, repeatable=repeatable), kind)

    def _unlocked(self, vault_id: str, data_key: bytearray) -> UnlockedKey:
        try:
            checked = checked_vault_id(vault_id)
        except InvalidVaultId:
            wipe(data_key)
            raise GatekeeperUnavailable(reason="bad id") from None
        self._opened.add(checked)
        return UnlockedKey(checked, self._vaults_dir / checked, data_key)

    def _tell(self, event: VaultEvent) -> None:
        # As in-process: a count that fails never undoes or fails what was done.
        if self._on_event is not None:
            with contextlib.suppress(Exception):
                self._on_event(event)


def _expect(reply: wire.AnyReply, kind: type[R]) -> R:
    if isinstance(reply, wire.Failure):
        raise_failure(reply)
    if not isinstance(reply, kind):
        for key in _keys_in(reply):
            wipe(key)
        raise GatekeeperUnavailable(reason="unexpected reply")
    return reply


def _keys_in(reply: wire.AnyReply) -> list[bytearray]:
    if isinstance(reply, wire.Key | wire.Recovered):
        return [reply.data_key]
    return list(reply.keys) if isinstance(reply, wire.ReopenWith) else []


def _summary(summary: wire.WireSummary) -> VaultSummary:
    try:
        state = VaultState[summary.state]
        vault_id = checked_vault_id(summary.vault_id)
    except (KeyError, InvalidVaultId):
        raise GatekeeperUnavailable(reason="unexpected reply") from None
    return VaultSummary(vault_id, summary.created, state, summary.wait_seconds)


def _summary_one(found: wire.Summaries) -> VaultSummary:
    if len(found.value) != 1:
        raise GatekeeperUnavailable(reason="unexpected reply")
    return _summary(found.value[0])
