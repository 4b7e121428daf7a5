"""The map from a vault name to its folder, keyed so that no name is readable on disk.

handle = HMAC-SHA256(kiosk secret, "handle|" + normalised name). Without the kiosk secret the
file says only how many vaults exist, which the folders say anyway.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from kiosk.vault.fsutil import atomic_write
from kiosk.vault.trusted import HANDLE_PATTERN, VAULT_ID_PATTERN, read_trusted

NAMES_FILE = "names.json"

Handle = Annotated[str, msgspec.Meta(pattern=HANDLE_PATTERN)]
# Checked here because the id becomes a folder name: a planted "../.." must never be one.
VaultId = Annotated[str, msgspec.Meta(pattern=VAULT_ID_PATTERN)]


class NameMapFile(msgspec.Struct, forbid_unknown_fields=True):
    v: Literal[1]
    entries: dict[Handle, VaultId]


def name_handle(pepper: bytes, normalised_name: str) -> str:
    message = b"handle|" + normalised_name.encode("utf-8")
    return hmac.new(pepper, message, hashlib.sha256).hexdigest()


class NameMap:
    """Read and change the map; callers hold the gatekeeper lock around changes."""

    def __init__(self, state_dir: Path) -> None:
        self._path = state_dir / NAMES_FILE

    def load(self) -> dict[str, str]:
        document = read_trusted(self._path, NameMapFile, "the vault name map")
        return {} if document is None else document.entries

    def lookup(self, handle: str) -> str | None:
        return self.load().get(handle)

    def save(self, entries: dict[str, str]) -> None:
        document = NameMapFile(v=1, entries=entries)
        atomic_write(self._path, msgspec.json.encode(document, order="sorted"))
