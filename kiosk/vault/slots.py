"""``slots.json``: the two wrapped copies of a vault's data key, replaced atomically as a whole.

Any file that is not exactly this shape is treated as damage, never guessed at.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.vault.crypto import FORMAT_VERSION, Slot, SlotKind
from kiosk.vault.errors import VaultDamaged
from kiosk.vault.fsutil import atomic_write
from kiosk.vault.kdf import KdfParams

SLOTS_FILE = "slots.json"
MAX_MEMORY_KIB = 4 * 1024 * 1024
MAX_PASSES = 64
MAX_LANES = 16


@dataclass(frozen=True)
class SlotFile:
    vault_id: str
    created: str  # a date only: finer timestamps would say when a visitor came
    generation: int
    pin: Slot
    recovery: Slot

    def replacing(self, slot: Slot) -> SlotFile:
        pin = slot if slot.kind == "pin" else self.pin
        recovery = slot if slot.kind == "recovery" else self.recovery
        return SlotFile(self.vault_id, self.created, self.generation + 1, pin, recovery)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _slot_document(slot: Slot) -> dict[str, Any]:
    return {
        "kind": slot.kind,
        "kdf": {
            "alg": "argon2id",
            "m": slot.kdf.memory_kib,
            "t": slot.kdf.iterations,
            "p": slot.kdf.parallelism,
            "salt": _b64(slot.salt),
        },
        "nonce": _b64(slot.nonce),
        "ct": _b64(slot.ciphertext),
    }


def _parse_slot(document: Any, kind: SlotKind) -> Slot:
    if not isinstance(document, dict) or document.get("kind") != kind:
        raise ValueError("slot kind")
    kdf = document["kdf"]
    if kdf.get("alg") != "argon2id":
        raise ValueError("kdf algorithm")
    params = KdfParams(int(kdf["m"]), int(kdf["t"]), int(kdf["p"]))
    # Argon2's own limits, plus a ceiling: an edited slot asking for terabytes of memory must
    # be reported as damage, not run until the kiosk falls over.
    if not (
        1 <= params.parallelism <= MAX_LANES
        and 8 * params.parallelism <= params.memory_kib <= MAX_MEMORY_KIB
        and 1 <= params.iterations <= MAX_PASSES
    ):
        raise ValueError("kdf parameters")
    return Slot(
        kind=kind,
        kdf=params,
        salt=base64.b64decode(kdf["salt"], validate=True),
        nonce=base64.b64decode(document["nonce"], validate=True),
        ciphertext=base64.b64decode(document["ct"], validate=True),
    )


def write_slots(vault_dir: Path, slot_file: SlotFile) -> None:
    document = {
        "v": FORMAT_VERSION,
        "vault_id": slot_file.vault_id,
        "created": slot_file.created,
        "gen": slot_file.generation,
        "slots": [_slot_document(slot_file.pin), _slot_document(slot_file.recovery)],
    }
    atomic_write(vault_dir / SLOTS_FILE, json.dumps(document, sort_keys=True).encode("utf-8"))


def read_slots(vault_dir: Path, vault_id: str) -> SlotFile:
    """Read and check the slot file; anything missing, malformed or foreign is ``VaultDamaged``."""
    try:
        document = json.loads((vault_dir / SLOTS_FILE).read_bytes())
        if document["v"] != FORMAT_VERSION or document["vault_id"] != vault_id:
            raise ValueError("foreign or unknown slot file")
        pin_doc, recovery_doc = document["slots"]
        return SlotFile(
            vault_id=vault_id,
            created=str(document["created"]),
            generation=int(document["gen"]),
            pin=_parse_slot(pin_doc, "pin"),
            recovery=_parse_slot(recovery_doc, "recovery"),
        )
    except (OSError, ValueError, KeyError, TypeError, binascii.Error):
        raise VaultDamaged() from None
