"""Each request's answer: the authorisation rules, then the gatekeeper's or the staff
accounts' call, then the reply. Runs under the service's one call lock (server.py).

The rules (a ``Peer`` is one connection; docs/ARCHITECTURE.md):

- Anyone who may connect may ask for an unlock, a recovery, a recovery-code confirmation and
  a PIN change: each is checked and counted by the gatekeeper itself, and a data key leaves
  only in the reply to a counted, successful one.
- ``tidy_after_opening``, ``record_chain_head`` and ``chain_head`` only for vault ids this
  connection unlocked, recovered, made or changed the PIN of; a PIN change of an open vault
  takes over the session's lock only from the client that holds it (it hands it over).
- The staff console's calls only for an administrator peer (root, or the service's own user)
  or on a connection where a staff member signed in (and no sign-in failed since): making a
  vault and checking a name for it, a vault's state, the lists, deleting vaults, the staff
  log's seal, and adding or removing staff accounts. Each of the first three says whether a
  name has a vault without counting anything, and the seal would let its holder write a staff
  log that verifies. Adding an account is also allowed while none exists
  (``kiosk admin init``), and so is measuring the key derivation.
- Everything else (staff names, whether the folder is set up, a check of the state files)
  for anyone who may connect.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.gatekeeper_service.peers import Peer
from kiosk.staff.accounts import StaffAccounts
from kiosk.vault.crypto import wipe
from kiosk.vault.errors import GatekeeperRefused, VaultInUse
from kiosk.vault.gatekeeper import Gatekeeper, MirroredHead, VaultSummary
from kiosk.vault.ids import checked_vault_id
from kiosk.vault.remote import protocol as wire
from kiosk.vault.remote.frames import FrameError, receive_frame, send_message
from kiosk.vault.storage.database import SessionLock

# How long a client may take to hand over its vault's lock, while every other call waits:
# for the whole frame, not each read of it (a client dripping bytes held the service).
HANDOVER_SECONDS = 10.0


class Answers:
    def __init__(
        self,
        gatekeeper: Callable[[], Gatekeeper],
        staff: StaffAccounts,
        rebuild: Callable[[], None],
    ) -> None:
        self._gatekeeper = gatekeeper
        self._staff = staff
        self._rebuild = rebuild

    def answer(self, request: wire.Request, peer: Peer, sock: socket.socket) -> wire.Reply:
        gate = self._gatekeeper()
        match request:
            case wire.Unlock(name=name, secret=secret):
                key = gate.unlock(name, secret)
                peer.unlocked.add(key.vault_id)
                return wire.Key(vault_id=key.vault_id, data_key=key.data_key)
            case wire.Recover(name=name, code=code, new=new, new_again=again):
                key, new_code = gate.recover(name, code, new, again)
                peer.unlocked.add(key.vault_id)
                return wire.Recovered(
                    vault_id=key.vault_id, data_key=key.data_key, new_code=new_code
                )
            case wire.Provision():
                _staff_or_administrator(peer)
                made = gate.provision(
                    request.name,
                    request.secret,
                    request.secret_again,
                    keep_code_pending=request.keep_code_pending,
                )
                peer.unlocked.add(made.vault_id)
                return wire.Made(
                    name=made.name, recovery_code=made.recovery_code, vault_id=made.vault_id
                )
            case wire.CheckNameAvailable(name=name):
                _staff_or_administrator(peer)
                gate.check_name_available(name)
                return wire.Done()
            case wire.ConfirmCodeKept(name=name, code=code):
                gate.confirm_code_kept(name, code)
                return wire.Done()
            case wire.ChangeSecret(name=name, old=old, new=new, new_again=again):
                gate.change_secret(name, old, new, again, open_session=_HandOver(peer, sock))
                return wire.Done()
            case wire.TidyAfterOpening(vault_id=vault_id):
                gate.tidy_after_opening(_own(peer, vault_id))
                return wire.Done()
            case wire.RecordChainHead(vault_id=vault_id, count=count, link=link):
                gate.record_chain_head(_own(peer, vault_id), MirroredHead(count, link))
                return wire.Done()
            case wire.ChainHead(vault_id=vault_id):
                head = gate.chain_head(_own(peer, vault_id))
                if head is None:
                    return wire.Head(count=None, link=None)
                return wire.Head(count=head.count, link=head.link)
            case wire.StaffLogSeal(message=message):
                _staff_or_administrator(peer)
                return wire.Text(value=gate.staff_log_seal(message))
            case wire.ListVaults():
                _staff_or_administrator(peer)
                return wire.Summaries(value=[_summary(s) for s in gate.list_vaults()])
            case wire.StateOf(name=name):
                _staff_or_administrator(peer)
                return wire.Summaries(value=[_summary(gate.state_of(name))])
            case wire.UnusedVaults(months=months, today=today):
                _staff_or_administrator(peer)
                found = gate.unused_vaults(months, today)
                unused = [wire.WireUnused(u.vault_id, u.created_month) for u in found]
                return wire.UnusedList(value=unused)
            case wire.DeleteUnused(vault_ids=vault_ids, months=months, today=today):
                _staff_or_administrator(peer)
                return wire.Number(value=gate.delete_unused(list(vault_ids), months, today))
            case wire.Delete(name=name):
                _staff_or_administrator(peer)
                return wire.Text(value=gate.delete(name))
            case wire.DeleteId(vault_id=vault_id):
                _staff_or_administrator(peer)
                gate.delete_id(vault_id)
                return wire.Done()
            case wire.SecretExists():
                return wire.Flag(value=gate.secret_exists())
            case wire.HoldsVaults():
                return wire.Flag(value=gate.holds_any_vault())
            case wire.CheckStateFiles():
                gate.check_state_files_now()
                return wire.Done()
            case wire.Initialise():
                created = gate.initialise_folders()
                self._rebuild()
                return wire.Flag(value=created)
            case wire.Calibrate():
                if not peer.is_administrator and self._staff.names():
                    raise GatekeeperRefused()
                result = gate.calibrate_kdf()
                self._rebuild()
                params = result.params
                return wire.Calibrated(
                    memory_kib=params.memory_kib,
                    iterations=params.iterations,
                    parallelism=params.parallelism,
                    seconds=result.seconds,
                    within_target=result.within_target,
                )
        return self._answer_staff(request, peer)

    def _answer_staff(self, request: wire.Request, peer: Peer) -> wire.Reply:
        staff = self._staff
        match request:
            case wire.StaffNames():
                return wire.Names(value=staff.names())
            case wire.StaffRefuseTaken(name=name):
                staff.refuse_taken(name)
                return wire.Done()
            case wire.StaffCheckRemoval(name=name):
                return wire.Text(value=staff.check_removal(name))
            case wire.StaffAccountName(name=name):
                return wire.MaybeText(value=staff.account_name(name))
            case wire.StaffVerify(name=name, passphrase=passphrase):
                peer.staff_signed_in = False
                accepted = staff.verify(name, passphrase)
                peer.staff_signed_in = accepted
                return wire.Flag(value=accepted)
            case wire.StaffAdd(name=name, passphrase=passphrase, again=again):
                if not (peer.is_administrator or peer.staff_signed_in or not staff.names()):
                    raise GatekeeperRefused()
                return wire.Text(value=staff.add(name, passphrase, again))
            case wire.StaffRemove(name=name):
                _staff_or_administrator(peer)
                return wire.Text(value=staff.remove(name))
        # Hello, HandOverLock or KeepLock out of their place.
        raise OutOfPlace()


class OutOfPlace(Exception):
    """A message that is well formed but not one this moment of the conversation takes."""


def _own(peer: Peer, vault_id: str) -> str:
    if vault_id not in peer.unlocked:
        raise GatekeeperRefused()
    return vault_id


def _staff_or_administrator(peer: Peer) -> None:
    if not (peer.is_administrator or peer.staff_signed_in):
        raise GatekeeperRefused()


def _summary(summary: VaultSummary) -> wire.WireSummary:
    return wire.WireSummary(
        summary.vault_id, summary.created, summary.state.name, summary.wait_seconds
    )


class _HandOver:
    """A PIN change of a vault a session has open: the client closes its connection to the
    database and hands over its session lock (the same open file, so the lock is never let
    go); the rotation runs under it; the client then reopens with the keys sent back."""

    def __init__(self, peer: Peer, sock: socket.socket) -> None:
        self._peer = peer
        self._sock = sock

    def __call__(
        self, vault_dir: Path, rotate: Callable[[], None], new_key: bytearray, old_key: bytearray
    ) -> None:
        vault_id = checked_vault_id(vault_dir.name)
        # Her old PIN was checked and counted in this call, as an unlock checks it: this
        # connection may hold her vault even if it did not open it (the service restarted
        # under her open session). Only a client holding the session's lock can hand it over.
        self._peer.unlocked.add(vault_id)
        fds: list[int] = []
        previous = self._sock.gettimeout()
        deadline = time.monotonic() + HANDOVER_SECONDS
        # Asked and answered within the patience, under the one call lock: a client that
        # stops reading (its socket full, the question never sent) or drips its answer must
        # not hold every other call.
        self._sock.settimeout(HANDOVER_SECONDS)
        try:
            send_message(self._sock, wire.NeedLock(vault_id=vault_id))
            payload = receive_frame(self._sock, wire.MAX_REQUEST_BYTES, fds, deadline=deadline)
            if payload is None:
                raise FrameError("the client left during a PIN change")
            try:
                message = wire.request_decoder.decode(payload)
            finally:
                wipe(payload)
            if isinstance(message, wire.KeepLock):
                raise VaultInUse()
            if not isinstance(message, wire.HandOverLock) or message.vault_id != vault_id:
                raise OutOfPlace()
            self._rotate_with(fds, vault_dir, rotate, new_key, old_key)
        except TimeoutError:
            raise FrameError("the client did not take part in time") from None
        finally:
            self._sock.settimeout(previous)
            for fd in fds:
                _close(fd)

    def _rotate_with(
        self,
        fds: list[int],
        vault_dir: Path,
        rotate: Callable[[], None],
        new_key: bytearray,
        old_key: bytearray,
    ) -> None:
        # From here the client has closed its connection: whatever happens, it gets the keys
        # to reopen with (the old one alone if nothing was rotated).
        keys = [bytearray(old_key)]
        try:
            if len(fds) != 1:
                raise VaultInUse()
            lock = SessionLock(vault_dir)
            fd = fds.pop()
            try:
                lock.adopt(fd)
            except BaseException:
                _close(fd)
                raise
            try:
                keys.insert(0, bytearray(new_key))
                rotate()
            finally:
                lock.release()
        finally:
            try:
                send_message(self._sock, wire.ReopenWith(keys=keys))
            finally:
                for key in keys:
                    wipe(key)


def _close(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)
