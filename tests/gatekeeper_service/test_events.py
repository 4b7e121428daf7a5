"""The centre's numbers stay the kiosk's: vaults made, recovered and deleted are told on the
client's side, once each, and only after the service said the call succeeded."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.vault.errors import NotRecognised, UnknownVault
from kiosk.vault.gatekeeper import VaultEvent
from kiosk.vault.remote import RemoteGatekeeper
from tests.gatekeeper_service.conftest import Running

NAME, PIN, NEW_PIN = "quiet river", "483920", "572913"


def test_vault_events_are_told_by_the_client_after_success_only(service: Running) -> None:
    told: list[VaultEvent] = []
    client = RemoteGatekeeper(service.path, service.data_dir, on_event=told.append)
    try:
        code = client.provision(NAME, PIN, PIN).recovery_code
        with pytest.raises(NotRecognised):
            client.recover(NAME, "WRONG-CODE-0000", NEW_PIN, NEW_PIN)
        key, _new_code = client.recover(NAME, code, NEW_PIN, NEW_PIN)
        key.data_key[:] = bytes(32)
        with pytest.raises(UnknownVault):
            client.delete("nobody here")
        client.delete(NAME)
        assert client.delete_unused(["0" * 32], 1, dt.date(2030, 1, 1)) == 0
    finally:
        client.close()
    assert told == [VaultEvent.CREATED, VaultEvent.RECOVERED, VaultEvent.DELETED]
