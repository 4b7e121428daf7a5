"""The map from a vault name to its folder, keyed so that no name is readable on disk.

handle = HMAC-SHA256(kiosk secret, "handle|" + normalised name). Without the kiosk secret the
file says only how many vaults exist, which the folders say anyway.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

from kiosk.vault.errors import KioskSecretProblem
from kiosk.vault.fsutil import atomic_write

NAMES_FILE = "names.json"


def name_handle(pepper: bytes, normalised_name: str) -> str:
    message = b"handle|" + normalised_name.encode("utf-8")
    return hmac.new(pepper, message, hashlib.sha256).hexdigest()


class NameMap:
    """Read and change the map; callers hold the gatekeeper lock around changes."""

    def __init__(self, state_dir: Path) -> None:
        self._path = state_dir / NAMES_FILE

    def load(self) -> dict[str, str]:
        try:
            document = json.loads(self._path.read_bytes())
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            raise KioskSecretProblem(f"the vault name map {self._path} is damaged") from error
        entries = document.get("entries") if isinstance(document, dict) else None
        if document.get("v") != 1 or not isinstance(entries, dict):
            raise KioskSecretProblem(f"the vault name map {self._path} is damaged")
        return {str(handle): str(vault_id) for handle, vault_id in entries.items()}

    def lookup(self, handle: str) -> str | None:
        return self.load().get(handle)

    def save(self, entries: dict[str, str]) -> None:
        atomic_write(self._path, json.dumps({"v": 1, "entries": entries}, sort_keys=True).encode())
