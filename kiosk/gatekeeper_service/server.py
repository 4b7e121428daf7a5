"""The gatekeeper service: one thread per connection, one gatekeeper call at a time.

Calls are serialised (one Argon2 derivation in memory at a time, so its memory is bounded
whatever the number of clients). A malformed frame or message gets one ``Failure`` and the
connection ends; nothing a client sends can end the service, and nothing it sends is logged
(an unexpected error is logged by its class name alone).

Stopping (SIGTERM): no new connection or call is taken, the call in hand finishes, the
kiosk secret is dropped from memory and the service exits 0.
"""

from __future__ import annotations

import contextlib
import select
import socket
import sys
import threading
from collections.abc import Callable
from typing import TextIO

import msgspec

from kiosk.gatekeeper_service.answers import Answers, OutOfPlace
from kiosk.gatekeeper_service.peers import Peer, administrators, role_of
from kiosk.staff.accounts import StaffAccounts
from kiosk.staff.remote import staff_failure
from kiosk.vault.crypto import wipe
from kiosk.vault.gatekeeper import Gatekeeper
from kiosk.vault.remote import protocol as wire
from kiosk.vault.remote.errors import failure_of
from kiosk.vault.remote.frames import FrameError, receive_frame, send_message

# Connections served at once (one thread each). A kiosk uses one per session and one per
# operator command: this bounds what a flood of them can hold. One more ends the oldest that
# is between calls and holds nothing (no vault it opened, no sign-in), else is closed at once:
# idle connections of the kiosk's user cannot keep the next visitor out.
MAX_CONNECTIONS = 64
# How long a stop waits for the calls in hand (a PIN change of a large vault re-writes it).
STOP_PATIENCE = 60.0


class GatekeeperServer:
    def __init__(
        self,
        listener: socket.socket,
        *,
        gatekeeper: Gatekeeper,
        staff: StaffAccounts,
        rebuild: Callable[[], Gatekeeper] | None = None,
        administrator_uids: frozenset[int] | None = None,
        log: TextIO | None = None,
    ) -> None:
        self._listener = listener
        self._gatekeeper = gatekeeper
        self._rebuild_gatekeeper = rebuild
        # Tests running as root pass an empty set to meet the service as the kiosk does.
        self._administrators = (
            administrators() if administrator_uids is None else administrator_uids
        )
        self._log = log or sys.stderr
        self._calls = threading.Lock()
        self._stopping = threading.Event()
        # Calls taken and not yet answered: a stop waits for their replies to be sent.
        self._in_hand = 0
        self._answered = threading.Condition()
        self._wake_read, self._wake_write = socket.socketpair()
        self._answers = Answers(lambda: self._gatekeeper, staff, self._rebuild)
        # Each connection's peer, oldest first; ``_busy``: those inside a call.
        self._connections: dict[socket.socket, Peer] = {}
        self._busy: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    # -- running ----------------------------------------------------------------------------

    def serve_forever(self) -> None:
        """Accept connections until ``stop()``; then finish the call in hand and wipe."""
        try:
            while not self._stopping.is_set():
                ready, _, _ = select.select([self._listener, self._wake_read], [], [])
                if self._stopping.is_set():
                    break
                if self._listener in ready:
                    self._accept()
        finally:
            self._listener.close()
            with self._answered:  # the call in hand finishes, its reply sent, first
                self._answered.wait_for(lambda: self._in_hand == 0, timeout=STOP_PATIENCE)
            with self._calls:
                self._gatekeeper.close()
                with self._connections_lock:
                    for sock in self._connections:
                        with contextlib.suppress(OSError):
                            sock.shutdown(socket.SHUT_RDWR)
            self._wake_read.close()
            self._wake_write.close()

    def serve_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="gatekeeper", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        """Safe from a signal handler: sets a flag and wakes the accept loop."""
        self._stopping.set()
        with contextlib.suppress(OSError):
            self._wake_write.send(b"x")

    def _accept(self) -> None:
        try:
            sock, _address = self._listener.accept()
        except OSError:
            return
        sock.set_inheritable(False)
        try:
            peer = Peer(role_of(sock, self._administrators))
        except OSError:
            sock.close()
            return
        with self._connections_lock:
            if len(self._connections) >= MAX_CONNECTIONS and not self._make_room():
                sock.close()
                return
            self._connections[sock] = peer
        thread = threading.Thread(target=self._serve, args=(sock, peer), daemon=True)
        thread.start()

    def _make_room(self) -> bool:
        """End the oldest connection between calls that holds nothing; the caller holds
        ``_connections_lock``. False if every connection is in a call or holds something."""
        for sock, peer in self._connections.items():
            holds = peer.is_administrator or peer.unlocked or peer.staff_signed_in
            if sock in self._busy or holds:
                continue
            del self._connections[sock]
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # its thread reads the end, and leaves
            return True
        return False

    def _rebuild(self) -> None:
        if self._rebuild_gatekeeper is not None:
            self._gatekeeper.close()
            self._gatekeeper = self._rebuild_gatekeeper()

    # -- one connection ---------------------------------------------------------------------

    def _serve(self, sock: socket.socket, peer: Peer) -> None:
        try:
            if self._greeted(sock, peer):
                while not self._stopping.is_set() and self._one_call(sock, peer):
                    pass
        except (OSError, FrameError):
            pass  # the client went away or sent a frame over the cap: the connection ends
        except Exception as error:  # the service outlives any one client
            self._note(error)
        finally:
            with self._connections_lock:
                self._connections.pop(sock, None)
                self._busy.discard(sock)
            with contextlib.suppress(OSError):
                sock.close()

    def _greeted(self, sock: socket.socket, peer: Peer) -> bool:
        request = self._next_request(sock)
        if request is None:
            return False
        if not isinstance(request, wire.Hello):
            send_message(sock, wire.Failure(wire.MALFORMED))
            return False
        if request.version != wire.VERSION:
            send_message(sock, wire.Failure(wire.WRONG_VERSION, {"version": wire.VERSION}))
            return False
        send_message(sock, wire.Welcome(version=wire.VERSION, role=peer.role.value))
        return True

    def _one_call(self, sock: socket.socket, peer: Peer) -> bool:
        """Answer one request; False when the connection is to end."""
        request = self._next_request(sock)
        if request is None:
            return False
        with self._connections_lock:
            if sock not in self._connections:
                return False  # ended to make room while the request came in: not answered
            self._busy.add(sock)
        with self._answered:
            if self._stopping.is_set():
                return False
            self._in_hand += 1
        try:
            with self._calls:
                reply, keep = self._reply_to(request, peer, sock)
            try:
                send_message(sock, reply)
            finally:
                _wipe_keys(reply)
        finally:
            with self._connections_lock:
                self._busy.discard(sock)
            with self._answered:
                self._in_hand -= 1
                self._answered.notify_all()
        del request, reply
        _overwrite_freed_small_objects()
        return keep

    def _next_request(self, sock: socket.socket) -> wire.Request | None:
        """The next request, or None when the connection ends (a malformed message gets one
        ``Failure`` first)."""
        payload = receive_frame(sock, wire.MAX_REQUEST_BYTES)
        if payload is None:
            return None
        try:
            return wire.request_decoder.decode(payload)
        except msgspec.DecodeError:
            send_message(sock, wire.Failure(wire.MALFORMED))
            return None
        finally:
            wipe(payload)

    def _reply_to(
        self, request: wire.Request, peer: Peer, sock: socket.socket
    ) -> tuple[wire.Reply, bool]:
        try:
            return self._answers.answer(request, peer, sock), True
        except OutOfPlace:
            return wire.Failure(wire.MALFORMED), False
        except (OSError, FrameError) as error:
            if isinstance(error, FrameError | ConnectionError):
                raise  # the client left mid-call (a PIN change): nothing to answer
            failure = failure_of(error)
            assert failure is not None
            return failure, True
        except Exception as error:  # every refusal is answered, never fatal
            failure = failure_of(error) or staff_failure(error)
            if failure is None:
                self._note(error)
                return wire.Failure(wire.INTERNAL), True
            return failure, True

    def _note(self, error: BaseException) -> None:
        # The class name only: a message could hold what a client sent.
        with contextlib.suppress(Exception):
            self._log.write(f"gatekeeper: a call failed ({type(error).__name__})\n")
            self._log.flush()


# Python's small-object allocator serves objects up to 512 bytes in 16-byte size classes;
# a call leaves at most a few dozen freed strings of any one size (0 of 11 runs found one).
_SMALL_OBJECT_BYTES = 512
_SIZE_STEP = 8
_FILLERS_PER_SIZE = 64


def _overwrite_freed_small_objects() -> None:
    """Best effort, after each call: the request's strings (a vault name, a PIN) are freed
    but not cleared, and Python hands the most recently freed blocks of each size out
    first. Zeroed objects of every small size, made and dropped, overwrite them
    (tests/traces/test_gatekeeper_memory.py)."""
    filler = [
        bytes(size)
        for size in range(0, _SMALL_OBJECT_BYTES, _SIZE_STEP)
        for _ in range(_FILLERS_PER_SIZE)
    ]
    del filler


def _wipe_keys(reply: wire.Reply) -> None:
    if isinstance(reply, wire.Key | wire.Recovered):
        wipe(reply.data_key)
    elif isinstance(reply, wire.ReopenWith):
        for key in reply.keys:
            wipe(key)
