"""A client that is slow on purpose never holds the service for everyone else.

The service answers one call at a time; a PIN change from inside an open vault waits, under
that one lock, for the client to hand over its session lock. A client that drips its answer
a byte at a time must not keep that wait going for ever.
"""

from __future__ import annotations

import array
import contextlib
import fcntl
import os
import socket
import stat
import struct
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

import msgspec
import pytest

from kiosk.gatekeeper_service import answers, server
from kiosk.vault import fsutil
from kiosk.vault.gatekeeper import Gatekeeper
from kiosk.vault.remote import protocol as wire
from kiosk.vault.remote.frames import receive_frame, send_message
from kiosk.vault.storage.database import NEXT_DATABASE_FILE, SessionLock
from tests.gatekeeper_service.conftest import Running, raw_connection

NAME, PIN, NEW_PIN = "quiet river", "483920", "572913"


def _reply(sock: object) -> wire.Reply:
    payload = receive_frame(sock, wire.MAX_REPLY_BYTES)  # type: ignore[arg-type]
    assert payload is not None
    return wire.reply_decoder.decode(payload)


def test_a_handover_dripped_a_byte_at_a_time_does_not_hold_the_service(
    start_service: Callable[..., Running],
    gatekeeper: Gatekeeper,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(answers, "HANDOVER_SECONDS", 0.5)
    running = start_service(gatekeeper, as_kiosk=True)
    made = gatekeeper.provision(NAME, PIN, PIN)
    lock = SessionLock(running.data_dir / "vaults" / made.vault_id)
    lock.acquire()  # the vault open in "a session": the change asks for the lock
    sock = raw_connection(running.path)
    try:
        send_message(sock, wire.Hello(version=wire.VERSION))
        assert isinstance(_reply(sock), wire.Welcome)
        send_message(sock, wire.Unlock(name=NAME, secret=PIN))
        assert isinstance(_reply(sock), wire.Key)
        send_message(sock, wire.ChangeSecret(name=NAME, old=PIN, new=NEW_PIN, new_again=NEW_PIN))
        assert isinstance(_reply(sock), wire.NeedLock)

        answered: list[object] = []

        def another_client() -> None:
            client = running.client()
            try:
                answered.append(client.secret_exists())
            finally:
                client.close()

        other = threading.Thread(target=another_client, daemon=True)
        other.start()
        # A frame header promising 1000 bytes, then one byte every 0.1 s: each read is
        # quick, the whole is not. Six times the handover's patience, dripped.
        sock.sendall(struct.pack(">I", 1000))
        dripped_until = time.monotonic() + 6 * answers.HANDOVER_SECONDS
        while time.monotonic() < dripped_until and other.is_alive():
            try:
                sock.send(b"\x00")
            except OSError:
                break  # the service gave up on this client: what it should do
            time.sleep(0.1)
        # The service giving up on the dripping client (the send failing) comes just before
        # it answers the other one: that answer may still be on its way, within the bound.
        other.join(timeout=max(0.0, dripped_until - time.monotonic()))
        assert not other.is_alive(), "the service was held by one slow client"
        assert answered == [True]
    finally:
        sock.close()
        lock.release()


def _pending_bytes(sock: socket.socket) -> int:
    waiting = array.array("i", [0])
    fcntl.ioctl(sock, termios.FIONREAD, waiting)
    return waiting[0]


def _answers_that_fill_a_socket(frame: bytes) -> int:
    """How many frames like ``frame``, sent one by one and never read, a unix socket takes
    before its sender must wait: what an attacker measures on a socket pair of her own."""
    sender, receiver = socket.socketpair()
    sender.setblocking(False)
    sent = 0
    try:
        while True:
            sender.send(frame)
            sent += 1
    except BlockingIOError:
        return sent
    finally:
        sender.close()
        receiver.close()


def test_a_client_that_stops_reading_cannot_hold_the_service_with_a_pin_change(
    start_service: Callable[..., Running],
    gatekeeper: Gatekeeper,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The client sends, all at once, as many cheap questions as the service's answers fill
    its socket with, then a PIN change of its own open vault, and reads nothing. The last
    answer fills the socket; the "hand over your lock" that follows, sent under the one call
    lock, then waits for room that never comes: that wait must end too."""
    monkeypatch.setattr(answers, "HANDOVER_SECONDS", 0.5)
    running = start_service(gatekeeper, as_kiosk=True)
    made = gatekeeper.provision(NAME, PIN, PIN)
    lock = SessionLock(running.data_dir / "vaults" / made.vault_id)
    lock.acquire()
    sock = raw_connection(running.path)
    try:
        send_message(sock, wire.Hello(version=wire.VERSION))
        assert isinstance(_reply(sock), wire.Welcome)
        send_message(sock, wire.Unlock(name=NAME, secret=PIN))
        assert isinstance(_reply(sock), wire.Key)
        flag = msgspec.msgpack.encode(wire.Flag(value=True))
        questions = _answers_that_fill_a_socket(struct.pack(">I", len(flag)) + flag)
        for _ in range(questions):
            send_message(sock, wire.SecretExists())
        send_message(sock, wire.ChangeSecret(name=NAME, old=PIN, new=NEW_PIN, new_again=NEW_PIN))
        # Every answer in: the service's thread has gone on to the PIN change (its one call
        # lock taken before any other client could ask).
        answered_bytes = questions * (4 + len(flag))
        deadline = time.monotonic() + 10
        while _pending_bytes(sock) < answered_bytes and time.monotonic() < deadline:
            time.sleep(0.002)
        assert _pending_bytes(sock) == answered_bytes

        answered: list[object] = []

        def another_client() -> None:
            client = running.client()
            try:
                answered.append(client.secret_exists())
            finally:
                client.close()

        other = threading.Thread(target=another_client, daemon=True)
        other.start()
        other.join(timeout=10 * answers.HANDOVER_SECONDS)
        assert not other.is_alive(), "the service was held by a client that stopped reading"
        assert answered == [True]
    finally:
        sock.close()
        lock.release()


def test_a_fifo_swapped_in_for_the_rekeyed_copy_never_holds_the_service(
    start_service: Callable[..., Running],
    gatekeeper: Gatekeeper,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A vault folder is the kiosk group's to write. Right after the service has written the
    re-keyed copy of a vault whose PIN is being changed, the kiosk's user renames a FIFO over
    it (it watches the folder; a fault point stands for winning that race). The service
    then opens the copy to flush it: that must not wait for a writer that never comes."""
    running = start_service(gatekeeper, as_kiosk=True)
    made = gatekeeper.provision(NAME, PIN, PIN)
    copy = running.data_dir / "vaults" / made.vault_id / NEXT_DATABASE_FILE

    def swap_at_export(label: str) -> None:
        if label == "exported":
            planted = copy.with_name("planted")
            os.mkfifo(planted)
            os.rename(planted, copy)

    monkeypatch.setattr(fsutil, "fault_hook", swap_at_export)
    outcome: list[str] = []

    def change() -> None:
        client = running.client()
        try:
            client.change_secret(NAME, PIN, NEW_PIN, NEW_PIN)
            outcome.append("changed")
        except Exception as error:
            outcome.append(type(error).__name__)
        finally:
            client.close()

    changing = threading.Thread(target=change, daemon=True)
    changing.start()
    changing.join(timeout=5)
    held = changing.is_alive()
    if held:  # free the service's thread: be the FIFO's writer
        os.close(os.open(copy, os.O_WRONLY | os.O_NONBLOCK))
        changing.join(timeout=5)
    assert not held, "the service waited on a FIFO put in place of the re-keyed copy"
    monkeypatch.setattr(fsutil, "fault_hook", None)
    # Nothing changed: the old PIN still opens the vault, the new one does not.
    client = running.client()
    try:
        assert client.unlock(NAME, PIN).vault_id == made.vault_id
    finally:
        client.close()


def test_a_link_swapped_in_for_a_temporary_slot_file_is_never_followed(
    start_service: Callable[..., Running],
    gatekeeper: Gatekeeper,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The kiosk's user sees the service make a temporary slot file in a vault folder (it
    watches the folder; a fault point stands for that), renames it away and puts a link of
    the same name to a file of the service's in its place. Setting the temporary file's
    mode must not reach through the link."""
    running = start_service(gatekeeper, as_kiosk=True)
    made = gatekeeper.provision(NAME, PIN, PIN)
    folder = running.data_dir / "vaults" / made.vault_id
    target = tmp_path / "the services own file"
    target.write_bytes(b"x")
    os.chmod(target, 0o640)

    def swap_temporary(label: str) -> None:
        if label != "temp written":
            return
        for temporary in folder.glob(".slots.json.*.tmp"):
            temporary.rename(folder / "moved away")
            temporary.symlink_to(target)

    monkeypatch.setattr(fsutil, "fault_hook", swap_temporary)
    client = running.client()
    try:
        with contextlib.suppress(Exception):
            client.change_secret(NAME, PIN, NEW_PIN, NEW_PIN)
    finally:
        client.close()
        monkeypatch.setattr(fsutil, "fault_hook", None)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_idle_connections_that_hold_nothing_make_room_for_the_kiosk(
    start_service: Callable[..., Running], gatekeeper: Gatekeeper
) -> None:
    """The kiosk's user opens as many connections as the service serves, says hello on each
    and then nothing. A new connection (the next visitor's session) is still served: the
    oldest idle one that holds nothing makes room. A connection holding an open vault is
    never the one ended."""
    running = start_service(gatekeeper, as_kiosk=True)
    made = gatekeeper.provision(NAME, PIN, PIN)
    visitor = running.client()
    idle = []
    try:
        assert visitor.unlock(NAME, PIN).vault_id == made.vault_id
        for _ in range(server.MAX_CONNECTIONS):
            sock = raw_connection(running.path)
            idle.append(sock)
            with contextlib.suppress(OSError, AssertionError):
                send_message(sock, wire.Hello(version=wire.VERSION))
                _reply(sock)
        fresh = running.client()
        try:
            assert fresh.secret_exists()
        finally:
            fresh.close()
        # Her session's connection is still the one that opened her vault.
        assert visitor.chain_head(made.vault_id) is None
    finally:
        visitor.close()
        for sock in idle:
            sock.close()


def test_an_unlock_on_a_connection_ended_to_make_room_goes_through(
    start_service: Callable[..., Running], gatekeeper: Gatekeeper
) -> None:
    """The kiosk's welcome screen holds a connection that has opened nothing; a flood of
    idle ones ends it to make room. The visitor's unlock, which could not be sent on it,
    goes on a new connection: she is not told the kiosk could not check."""
    running = start_service(gatekeeper, as_kiosk=True)
    made = gatekeeper.provision(NAME, PIN, PIN)
    welcome = running.client()
    idle = []
    try:
        assert welcome.secret_exists()  # connected, holding nothing
        for _ in range(server.MAX_CONNECTIONS):
            sock = raw_connection(running.path)
            idle.append(sock)
            send_message(sock, wire.Hello(version=wire.VERSION))
            _reply(sock)
        assert welcome.unlock(NAME, PIN).vault_id == made.vault_id
    finally:
        welcome.close()
        for sock in idle:
            sock.close()
