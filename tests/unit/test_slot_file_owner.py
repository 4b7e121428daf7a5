"""A slot file the gatekeeper did not write is damage, never read: in an installed kiosk's
shared vault folder the kiosk's user can replace ``slots.json`` with its own, asking for the
dearest key derivation a slot may name (4 GiB, 64 passes); every counted guess on that name
would then hold the service, and everyone waiting on it, for minutes."""

from __future__ import annotations

import os

import pytest

from kiosk.vault.errors import VaultDamaged
from kiosk.vault.gatekeeper import Gatekeeper
from kiosk.vault.gatekeeper.slots import SLOTS_FILE
from tests.e2e.harness import skip_or_fail

OTHER_UID = 61002  # no account needed: only the number is compared


def test_a_slot_file_of_another_account_is_damage(gatekeeper: Gatekeeper) -> None:
    if os.geteuid() != 0:
        skip_or_fail("only root can give a file to another account: run as root (CI does)")
    made = gatekeeper.provision("quiet river", "493817", "493817")
    slots = gatekeeper.state_of("quiet river")  # whole before
    assert slots.vault_id == made.vault_id
    folder = gatekeeper._vaults_dir / made.vault_id
    os.chown(folder / SLOTS_FILE, OTHER_UID, -1)

    with pytest.raises(VaultDamaged):
        gatekeeper.unlock("quiet river", "493817")
    os.chown(folder / SLOTS_FILE, os.geteuid(), -1)
    gatekeeper.unlock("quiet river", "493817").data_key[:] = b"\0" * 32
