"""One client connection to the gatekeeper service: one call at a time, reconnected once.

A broken connection (the service restarted, the socket closed under a call) is tried again
once on a new connection for calls that are safe to repeat; never for one that counts an
attempt or changes something (an unlock, a PIN change, a provision), which ends in
``GatekeeperUnavailable``: the kiosk says it could not check, and to try again. Any call
whose request could not even be sent (so was never read) is sent again once.

``close()`` from any thread ends the call in hand at once (its caller gets
``GatekeeperUnavailable``) and every later one: a session's calls never outlive it.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
from collections.abc import Iterator

import msgspec

from kiosk.vault.crypto import wipe
from kiosk.vault.errors import GatekeeperRefused, GatekeeperUnavailable, StaffSignInEnded
from kiosk.vault.remote.errors import raise_failure
from kiosk.vault.remote.frames import FrameError, receive_frame, send_message
from kiosk.vault.remote.protocol import (
    MAX_REPLY_BYTES,
    NOT_ALLOWED,
    VERSION,
    AnyReply,
    Failure,
    Hello,
    Request,
    Welcome,
    reply_decoder,
)

_BROKEN = (OSError, FrameError, msgspec.DecodeError)
_REFUSED = (NOT_ALLOWED, GatekeeperRefused.code)


class Talk:
    """The requests and replies of one call, on the connection it holds."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def ask(self, request: Request, fd: int | None = None) -> AnyReply:
        try:
            send_message(self._sock, request, fd)
        except _BROKEN:
            raise GatekeeperUnavailable() from None
        return self.receive()

    def receive(self) -> AnyReply:
        try:
            return _receive(self._sock)
        except _BROKEN:
            raise GatekeeperUnavailable() from None


class Connection:
    def __init__(self, path: str) -> None:
        self._path = path
        self._sock: socket.socket | None = None
        # The socket being connected and greeted, so that close() can end that wait too.
        self._greeting: socket.socket | None = None
        self._calls = threading.Lock()
        self._closed = False
        self.role: str | None = None
        # A staff sign-in belongs to the service's connection: when that is replaced (the
        # service restarted), a refusal means "sign in again", not "not allowed".
        self.staff_signed_in = False
        self.staff_sign_in_lost = False

    def call(self, request: Request, *, repeatable: bool) -> AnyReply:
        """Send ``request``, return its reply; a ``Failure`` is raised as its exception."""
        with self._calls:
            for attempt in (1, 2):
                sock = self._connected()
                delivered = False
                try:
                    send_message(sock, request)
                    delivered = True
                    reply = _receive(sock)
                except _BROKEN:
                    self._drop()
                    # A request that could not be sent was never read (the service ended an
                    # idle connection to make room): any call may be sent again.
                    again = repeatable or not delivered
                    if again and attempt == 1 and not self._closed:
                        continue
                    raise GatekeeperUnavailable() from None
                if isinstance(reply, Failure):
                    if reply.code in _REFUSED and self.staff_sign_in_lost:
                        raise StaffSignInEnded()
                    raise_failure(reply)
                return reply
        raise AssertionError("unreachable: the second attempt returns or raises")

    @contextlib.contextmanager
    def conversation(self) -> Iterator[Talk]:
        """Several messages of one call (a PIN change of an open vault), never repeated; a
        broken connection is dropped, so the next call starts a new one."""
        with self._calls:
            try:
                yield Talk(self._connected())
            except GatekeeperUnavailable:
                self._drop()
                raise

    def close(self) -> None:
        """End the call in hand (from any thread) and refuse every later one."""
        self._closed = True
        for sock in (self._sock, self._greeting):
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
        if self._calls.acquire(blocking=False):
            try:
                self._drop()
            finally:
                self._calls.release()

    def _connected(self) -> socket.socket:
        if self._closed:
            raise GatekeeperUnavailable(reason="closed")
        if self._sock is not None:
            if not _hung_up(self._sock):
                return self._sock
            # The service closed it (restarted, or stopped) between calls: nothing was sent
            # on it, so even a call that is never repeated may go on a new connection.
            self._drop()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM | socket.SOCK_CLOEXEC)
        self._greeting = sock
        try:
            if self._closed:
                raise GatekeeperUnavailable(reason="closed")
            sock.connect(self._path)
            send_message(sock, Hello(version=VERSION))
            reply = _receive(sock)
        except _BROKEN:
            sock.close()
            raise GatekeeperUnavailable() from None
        except BaseException:
            sock.close()
            raise
        finally:
            self._greeting = None
        if isinstance(reply, Failure):
            sock.close()
            raise_failure(reply)
        if not isinstance(reply, Welcome):
            sock.close()
            raise GatekeeperUnavailable(reason="no welcome")
        self.role = reply.role
        if self.staff_signed_in:  # on the connection before this one
            self.staff_signed_in, self.staff_sign_in_lost = False, True
        self._sock = sock
        if self._closed:  # closed while connecting
            self._drop()
            raise GatekeeperUnavailable(reason="closed")
        return sock

    def _drop(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            sock.close()


def _hung_up(sock: socket.socket) -> bool:
    """Whether the other end has closed (or broken) this idle connection: between calls the
    service sends nothing, so anything readable is its end."""
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def _receive(sock: socket.socket) -> AnyReply:
    payload = receive_frame(sock, MAX_REPLY_BYTES)
    if payload is None:
        raise FrameError("the service closed the connection")
    try:
        return reply_decoder.decode(payload)
    finally:
        wipe(payload)
