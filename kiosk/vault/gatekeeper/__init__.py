"""The gatekeeper: the only code that touches the kiosk secret, the attempt counters, the
name map and the key slots. Its modules are private to this package (an import-linter
``protected`` contract): everything else uses what is re-exported here."""

from kiosk.vault.gatekeeper.gate import (
    CALIBRATION_FILE,
    STATE_DIR,
    VAULTS_DIR,
    Gatekeeper,
    KdfPolicy,
    Provisioned,
    UnlockedKey,
    UnusedVault,
    VaultEvent,
    VaultState,
    VaultSummary,
)
from kiosk.vault.gatekeeper.heads import ForgedHead, MirroredHead
from kiosk.vault.gatekeeper.interface import Gate
from kiosk.vault.gatekeeper.lockout import MAX_FAILURES, SprayLimit, delay_after

__all__ = [
    "CALIBRATION_FILE",
    "MAX_FAILURES",
    "STATE_DIR",
    "VAULTS_DIR",
    "ForgedHead",
    "Gate",
    "Gatekeeper",
    "KdfPolicy",
    "MirroredHead",
    "Provisioned",
    "SprayLimit",
    "UnlockedKey",
    "UnusedVault",
    "VaultEvent",
    "VaultState",
    "VaultSummary",
    "delay_after",
]
