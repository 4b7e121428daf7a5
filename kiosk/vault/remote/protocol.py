"""The gatekeeper's wire protocol: typed messages in length-prefixed frames on a unix socket.

A frame is a 4-byte big-endian length and that many bytes of MessagePack (msgspec). Every
message is a struct of a tagged union (``op`` names it), decoded strictly: an unknown field,
a wrong type or a frame over the cap is a malformed message, never a guess. A connection
starts with ``Hello``; a client of another ``VERSION`` gets one ``Failure("version")`` and the
connection ends.

Domain errors travel as their codes and numbers (``Failure``) and are raised again on the
client as the same exception classes (kiosk.vault.remote.errors).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec

VERSION = 1
# Requests are small (a name, a PIN, a chain link): anything larger is malformed.
MAX_REQUEST_BYTES = 64 * 1024
# Replies can list every vault of a centre (about 100 bytes each).
MAX_REPLY_BYTES = 16 * 1024 * 1024

# Caps on what a request may carry, so that a peer cannot hand Argon2 a megabyte to hash.
Short = Annotated[str, msgspec.Meta(max_length=400)]
VaultIdText = Annotated[str, msgspec.Meta(max_length=64)]
Link = Annotated[str, msgspec.Meta(pattern=r"\A[0-9a-f]{64}\Z")]
Count = Annotated[int, msgspec.Meta(ge=0, le=2**62)]
Months = Annotated[int, msgspec.Meta(ge=-(2**31), le=2**31)]


class Request(msgspec.Struct, tag=True, tag_field="op", forbid_unknown_fields=True):
    """Base of what a client asks."""


class Hello(Request):
    version: int


class CheckNameAvailable(Request):
    name: Short


class Provision(Request):
    name: Short | None
    secret: Short
    secret_again: Short
    keep_code_pending: bool = False


class Unlock(Request):
    name: Short
    secret: Short


class ChangeSecret(Request):
    name: Short
    old: Short
    new: Short
    new_again: Short


class HandOverLock(Request):
    """Sent with the open vault's session lock file descriptor attached (SCM_RIGHTS)."""

    vault_id: VaultIdText


class KeepLock(Request):
    """The client has no such vault open: the change is abandoned."""


class Recover(Request):
    name: Short
    code: Short
    new: Short
    new_again: Short


class ConfirmCodeKept(Request):
    name: Short
    code: Short


class TidyAfterOpening(Request):
    vault_id: VaultIdText


class RecordChainHead(Request):
    vault_id: VaultIdText
    count: Count
    link: Link


class ChainHead(Request):
    vault_id: VaultIdText


class StaffLogSeal(Request):
    message: Annotated[bytes, msgspec.Meta(max_length=16 * 1024)]


class ListVaults(Request):
    pass


class StateOf(Request):
    name: Short


class UnusedVaults(Request):
    months: Months
    today: dt.date


class DeleteUnused(Request):
    vault_ids: Annotated[list[VaultIdText], msgspec.Meta(max_length=500)]
    months: Months
    today: dt.date


class Delete(Request):
    name: Short


class DeleteId(Request):
    vault_id: VaultIdText


class SecretExists(Request):
    pass


class HoldsVaults(Request):
    pass


class Initialise(Request):
    pass


class Calibrate(Request):
    pass


class CheckStateFiles(Request):
    pass


class StaffNames(Request):
    pass


class StaffRefuseTaken(Request):
    name: Short


class StaffAdd(Request):
    name: Short
    passphrase: Short
    again: Short


class StaffRemove(Request):
    name: Short


class StaffCheckRemoval(Request):
    name: Short


class StaffAccountName(Request):
    name: Short


class StaffVerify(Request):
    name: Short
    passphrase: Short


AnyRequest = (
    Hello
    | CheckNameAvailable
    | Provision
    | Unlock
    | ChangeSecret
    | HandOverLock
    | KeepLock
    | Recover
    | ConfirmCodeKept
    | TidyAfterOpening
    | RecordChainHead
    | ChainHead
    | StaffLogSeal
    | ListVaults
    | StateOf
    | UnusedVaults
    | DeleteUnused
    | Delete
    | DeleteId
    | SecretExists
    | HoldsVaults
    | Initialise
    | Calibrate
    | CheckStateFiles
    | StaffNames
    | StaffRefuseTaken
    | StaffAdd
    | StaffRemove
    | StaffCheckRemoval
    | StaffAccountName
    | StaffVerify
)


class Reply(msgspec.Struct, tag=True, tag_field="op", forbid_unknown_fields=True):
    """Base of what the service answers."""


class Welcome(Reply):
    version: int
    role: str


class Done(Reply):
    pass


class Flag(Reply):
    value: bool


class Text(Reply):
    value: str


class MaybeText(Reply):
    value: str | None


class Number(Reply):
    value: int


class Names(Reply):
    value: list[str]


class Key(Reply):
    """A counted, successful unlock: the one data key, for this connection only."""

    vault_id: str
    data_key: bytearray


class Recovered(Reply):
    vault_id: str
    data_key: bytearray
    new_code: str


class Made(Reply):
    name: str
    recovery_code: str
    vault_id: str


class Head(Reply):
    count: int | None
    link: str | None


class WireSummary(msgspec.Struct, forbid_unknown_fields=True):
    vault_id: str
    created: str
    state: str
    wait_seconds: float = 0.0


class Summaries(Reply):
    value: list[WireSummary]


class WireUnused(msgspec.Struct, forbid_unknown_fields=True):
    vault_id: str
    created_month: str


class UnusedList(Reply):
    value: list[WireUnused]


class Calibrated(Reply):
    memory_kib: int
    iterations: int
    parallelism: int
    seconds: float
    within_target: bool


class NeedLock(Reply):
    """A PIN change of a vault this client has open: hand over its session lock."""

    vault_id: str


class ReopenWith(Reply):
    """After a rotation of an open vault: the keys to reopen it with, the new one first."""

    keys: list[bytearray]


Param = str | int | float | bool | None


class Failure(Reply):
    code: str
    params: dict[str, Param] = {}


AnyReply = (
    Welcome
    | Done
    | Flag
    | Text
    | MaybeText
    | Number
    | Names
    | Key
    | Recovered
    | Made
    | Head
    | Summaries
    | UnusedList
    | Calibrated
    | NeedLock
    | ReopenWith
    | Failure
)

# Failure codes of the protocol itself (domain errors use their own codes).
MALFORMED = "malformed"
WRONG_VERSION = "version"
NOT_ALLOWED = "not-allowed"
INTERNAL = "internal"

request_decoder: msgspec.msgpack.Decoder[AnyRequest] = msgspec.msgpack.Decoder(AnyRequest)
reply_decoder: msgspec.msgpack.Decoder[AnyReply] = msgspec.msgpack.Decoder(AnyReply)
