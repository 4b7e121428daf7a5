"""The words staff read for each state of a vault (issue 11, item 3): one plain sentence per
state, distinct, with the wait in words; and calm words for a delete that did not happen."""

from __future__ import annotations

import pytest

from kiosk.ui.wording import vault_not_deleted, vault_state_words
from kiosk.vault.errors import StorageFull, UnknownVault, VaultInUse
from kiosk.vault.gatekeeper import VaultState, VaultSummary

EXPECTED = {
    VaultState.READY: "Ready: her PIN opens it. If she has forgotten her PIN, her recovery code "
    "sets a new one: press 'Guide her to recovery'.",
    VaultState.WAITING: "Waiting after wrong PINs: she can try again in 5 minutes. If she has "
    "forgotten her PIN, her recovery code sets a new one now: press 'Guide her to recovery'.",
    VaultState.PIN_DISABLED: "Her PIN has stopped working after too many wrong tries: her "
    "recovery code is needed. Guide her to 'I forgot my PIN'.",
    VaultState.RECOVERY_LOCKED: "Her recovery code has stopped working after too many wrong "
    "tries. Her PIN still opens the vault.",
    VaultState.CLOSED: "Both her PIN and her recovery code have stopped working: the vault can "
    "no longer be opened. She can have a new vault.",
    VaultState.OPEN: "Open on the kiosk right now.",
    VaultState.DAMAGED: "Damaged: its files are missing or broken, so it cannot be opened.",
    VaultState.INCOMPLETE: "Never finished: it was not completely set up, so it cannot be opened.",
}


@pytest.mark.parametrize("state", list(VaultState))
def test_each_state_has_its_own_plain_words(state: VaultState) -> None:
    summary = VaultSummary("0" * 32, "2026-09-21", state, wait_seconds=290.0)
    assert vault_state_words(summary) == EXPECTED[state]


def test_no_two_states_read_alike() -> None:
    assert len(set(EXPECTED.values())) == len(VaultState)


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (VaultInUse(), "open on the kiosk right now, so it was not deleted"),
        (UnknownVault(), "No vault has that name. Nothing was deleted."),
        (StorageFull(), "could not be deleted just now"),
        (OSError(28, "No space left on device"), "could not be deleted just now"),
    ],
)
def test_a_delete_that_did_not_happen_is_worded_calmly(error: Exception, words: str) -> None:
    said = vault_not_deleted(error)
    assert words in said and "Errno" not in said and "Traceback" not in said
