"""What a connection may ask: chain heads and tidy-ups only for vaults it unlocked; staff
accounts changed and vaults deleted only after a staff sign-in on it (or by root, or the
first account while there is none). Peers here meet the service as the kiosk's user does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from kiosk.staff.remote import RemoteStaffAccounts
from kiosk.vault.errors import GatekeeperRefused, GatekeeperUnavailable
from kiosk.vault.gatekeeper import Gatekeeper, MirroredHead
from kiosk.vault.remote.frames import receive_frame, send_message
from kiosk.vault.remote.protocol import Failure, Hello, reply_decoder
from tests.gatekeeper_service.conftest import Running, raw_connection

NAME, PIN = "quiet river", "483920"
PASSPHRASE = "long staff passphrase"
HEAD = MirroredHead(1, "cd" * 32)


@pytest.fixture
def as_kiosk(start_service: Callable[..., Running], gatekeeper: Gatekeeper) -> Running:
    return start_service(gatekeeper, as_kiosk=True)


def test_chain_heads_and_tidy_ups_only_for_vaults_unlocked_on_the_connection(
    as_kiosk: Running,
) -> None:
    vault_id = as_kiosk.gatekeeper.provision(NAME, PIN, PIN).vault_id
    stranger, owner = as_kiosk.client(), as_kiosk.client()
    try:
        for call in (
            lambda: stranger.chain_head(vault_id),
            lambda: stranger.record_chain_head(vault_id, HEAD),
            lambda: stranger.tidy_after_opening(vault_id),
        ):
            with pytest.raises(GatekeeperRefused):
                call()
        owner.unlock(NAME, PIN).data_key[:] = bytes(32)
        owner.record_chain_head(vault_id, HEAD)
        assert owner.chain_head(vault_id) == HEAD
        owner.tidy_after_opening(vault_id)
        with pytest.raises(GatekeeperRefused):  # still not the stranger's
            stranger.chain_head(vault_id)
    finally:
        stranger.close()
        owner.close()


def test_staff_accounts_change_only_after_a_sign_in_on_the_connection(
    as_kiosk: Running,
) -> None:
    kiosk = as_kiosk.client()
    staff = RemoteStaffAccounts(kiosk.connection)
    try:
        # No account yet: the first one may be made (kiosk admin init).
        assert staff.add("Sam", PASSPHRASE, PASSPHRASE) == "Sam"
        with pytest.raises(GatekeeperRefused):
            staff.add("Mallory", PASSPHRASE, PASSPHRASE)
        assert not staff.verify("Sam", "not the passphrase")
        with pytest.raises(GatekeeperRefused):
            staff.add("Mallory", PASSPHRASE, PASSPHRASE)
        assert as_kiosk.staff.names() == ["Sam"]

        assert staff.verify("Sam", PASSPHRASE)
        assert staff.add("Alex", PASSPHRASE, PASSPHRASE) == "Alex"
        assert staff.remove("Alex") == "Alex"
    finally:
        kiosk.close()
    # Another connection (another session) has not signed in.
    other = as_kiosk.client()
    try:
        with pytest.raises(GatekeeperRefused):
            RemoteStaffAccounts(other.connection).add("Mallory", PASSPHRASE, PASSPHRASE)
        with pytest.raises(GatekeeperRefused):
            RemoteStaffAccounts(other.connection).remove("Sam")
    finally:
        other.close()


def test_vaults_are_deleted_only_after_a_staff_sign_in(as_kiosk: Running) -> None:
    as_kiosk.staff.add("Sam", PASSPHRASE, PASSPHRASE)
    vault_id = as_kiosk.gatekeeper.provision(NAME, PIN, PIN).vault_id
    kiosk = as_kiosk.client()
    try:
        today = dt.date(2030, 1, 1)
        for call in (
            lambda: kiosk.delete(NAME),
            lambda: kiosk.delete_id(vault_id),
            lambda: kiosk.delete_unused([vault_id], 1, today),
        ):
            with pytest.raises(GatekeeperRefused):
                call()
        assert [s.vault_id for s in as_kiosk.gatekeeper.list_vaults()] == [vault_id]
        assert RemoteStaffAccounts(kiosk.connection).verify("Sam", PASSPHRASE)
        assert kiosk.delete(NAME) == vault_id
        assert kiosk.list_vaults() == []
    finally:
        kiosk.close()


def test_root_and_the_services_own_user_are_administrators(service: Running) -> None:
    """Peers here run as the service's own user: no sign-in is needed."""
    service.staff.add("Sam", PASSPHRASE, PASSPHRASE)
    admin = service.client()
    try:
        staff = RemoteStaffAccounts(admin.connection)
        assert staff.add("Alex", PASSPHRASE, PASSPHRASE) == "Alex"
        assert admin.connection.role == "administrator"
    finally:
        admin.close()


def test_a_client_of_another_version_gets_one_clear_error(service: Running) -> None:
    sock = raw_connection(service.path)
    try:
        send_message(sock, Hello(version=99))
        payload = receive_frame(sock, 4096)
        assert payload is not None
        reply = reply_decoder.decode(payload)
        assert isinstance(reply, Failure) and reply.code == "version"
        assert receive_frame(sock, 4096) is None  # and the connection ends
    finally:
        sock.close()


def test_a_closed_client_refuses_every_call_calmly(service: Running) -> None:
    client = service.client()
    client.close()
    with pytest.raises(GatekeeperUnavailable):
        client.list_vaults()


def test_nothing_says_whether_a_name_has_a_vault_without_a_staff_sign_in(
    as_kiosk: Running,
) -> None:
    """Unlocks are counted; these calls are not, so they are the staff console's only: an
    escaped shell as the kiosk's user cannot use them to find names, or seal a staff log."""
    as_kiosk.staff.add("Sam", PASSPHRASE, PASSPHRASE)
    as_kiosk.gatekeeper.provision(NAME, PIN, PIN)
    kiosk = as_kiosk.client()
    try:
        for call in (
            lambda: kiosk.check_name_available(NAME),
            lambda: kiosk.state_of(NAME),
            lambda: kiosk.provision(NAME, PIN, PIN),
            kiosk.list_vaults,
            lambda: kiosk.unused_vaults(1, dt.date(2030, 1, 1)),
            lambda: kiosk.staff_log_seal(b"a forged record"),
        ):
            with pytest.raises(GatekeeperRefused):
                call()
        staff = RemoteStaffAccounts(kiosk.connection)
        assert staff.verify("Sam", PASSPHRASE)
        assert kiosk.state_of(NAME).vault_id
        assert not staff.verify("Sam", "not the passphrase")  # a failed sign-in ends it
        with pytest.raises(GatekeeperRefused):
            kiosk.state_of(NAME)
    finally:
        kiosk.close()
