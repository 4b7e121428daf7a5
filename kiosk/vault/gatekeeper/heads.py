"""The gatekeeper's copy of each vault's diary chain head: how many records, and the last link.

A vault file put back from an older copy opens normally and its chain verifies on its own
(vault-security.md, requirement 24): only something kept outside the vault can notice that it
has gone back. This is that something. One small file per vault, ``heads/<vault id>.json``,
replaced atomically after every diary write, holding the record count and the head link with an
HMAC over the vault id, the count and the link under a key derived from the kiosk secret. Without
the secret nobody can write a head the gatekeeper accepts, nor move one vault's head to another.

A file whose tag does not match (edited, copied from another vault, cut short) is reported as
``ForgedHead``; it never stops a vault from opening. What to do about either finding is the
diary's decision (kiosk/diary/mirror.py); here the heads are only kept and checked.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from kiosk.vault.fsutil import (
    atomic_write,
    destroy_leftovers,
    fsync_dir,
    private_dir,
    read_regular,
)
from kiosk.vault.ids import checked_vault_id

HEADS_DIR = "heads"
_KEY_LABEL = b"harbour chain head key 1"
# A head file is a few hundred bytes; anything much larger was not written by Harbour.
_MAX_FILE_BYTES = 4096

Link = Annotated[str, msgspec.Meta(pattern=r"\A[0-9a-f]{64}\Z")]
Count = Annotated[int, msgspec.Meta(ge=0)]


@dataclass(frozen=True)
class MirroredHead:
    """The head the gatekeeper last saw for a vault: ``count`` records ending in ``link``."""

    count: int
    link: str


class ForgedHead(Exception):
    """The stored head is there but was not written by this kiosk for this vault."""


class HeadFile(msgspec.Struct, forbid_unknown_fields=True):
    v: Literal[1]
    count: Count
    link: Link
    tag: Link


def _tag(pepper: bytes, vault_id: str, count: int, link: str) -> str:
    key = hmac.new(pepper, _KEY_LABEL, hashlib.sha256).digest()
    message = f"chain-head|1|{vault_id}|{count}|{link}".encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class HeadStore:
    """Read, write and forget the mirrored heads; the caller gives the kiosk secret."""

    def __init__(self, state_dir: Path) -> None:
        self._dir = state_dir / HEADS_DIR

    def _path(self, vault_id: str) -> Path:
        # The id becomes a file name: only the exact form of a vault id is ever joined.
        return self._dir / f"{checked_vault_id(vault_id)}.json"

    def load(self, pepper: bytes, vault_id: str) -> MirroredHead | None:
        """The head last recorded, None if none was; ``ForgedHead`` if its file is not ours."""
        path = self._path(vault_id)
        try:
            data = read_regular(path, _MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise ForgedHead(f"unreadable: {error.strerror}") from None
        try:
            if len(data) > _MAX_FILE_BYTES:
                raise ForgedHead("too large")
            document = msgspec.json.decode(data, type=HeadFile)
        except (msgspec.DecodeError, UnicodeDecodeError):
            raise ForgedHead("malformed") from None
        expected = _tag(pepper, vault_id, document.count, document.link)
        if not hmac.compare_digest(expected, document.tag):
            raise ForgedHead("tag does not match")
        return MirroredHead(document.count, document.link)

    def save(self, pepper: bytes, vault_id: str, head: MirroredHead) -> None:
        if head.count < 0 or len(head.link) != 64:
            raise ValueError("not a chain head")
        bytes.fromhex(head.link)  # ValueError if it is not hex
        path = self._path(vault_id)
        private_dir(self._dir)
        destroy_leftovers(path)  # a temporary copy a kill left behind
        document = HeadFile(
            v=1,
            count=head.count,
            link=head.link,
            tag=_tag(pepper, vault_id, head.count, head.link),
        )
        # The file's bytes are synced before the rename (a power cut never leaves it empty,
        # which would read as forged); the rename itself need not be: an older head after a
        # power cut only lags behind the vault, and the next opening moves it up.
        atomic_write(path, msgspec.json.encode(document, order="sorted"), sync_folder=False)

    def forget(self, vault_id: str) -> None:
        path = self._path(vault_id)
        if self._dir.is_dir():
            destroy_leftovers(path)
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            fsync_dir(path.parent)
