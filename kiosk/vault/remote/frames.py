"""Length-prefixed frames on a unix stream socket, with at most one file descriptor attached.

Payloads are read into and written from ``bytearray`` buffers that are wiped after use: a
frame can hold a PIN or a data key.
"""

from __future__ import annotations

import array
import os
import socket
import struct
import time

import msgspec

from kiosk.vault.crypto import wipe

_HEADER = struct.Struct(">I")
_FD_SPACE = socket.CMSG_SPACE(array.array("i").itemsize * 4)


class FrameError(Exception):
    """A frame over the cap, cut short, or a connection that ended mid-frame."""


def send_message(sock: socket.socket, message: msgspec.Struct, fd: int | None = None) -> None:
    """Encode ``message`` into a private buffer, send it as one frame, wipe the buffer."""
    buffer = bytearray(_HEADER.size)
    try:
        msgspec.msgpack.Encoder().encode_into(message, buffer, _HEADER.size)
        _HEADER.pack_into(buffer, 0, len(buffer) - _HEADER.size)
        view = memoryview(buffer)
        try:
            if fd is None:
                sock.sendall(view)
            else:
                sent = socket.send_fds(sock, [view], [fd])
                if sent < len(buffer):
                    sock.sendall(view[sent:])
        finally:
            view.release()
    finally:
        wipe(buffer)


def receive_frame(
    sock: socket.socket,
    limit: int,
    fds: list[int] | None = None,
    *,
    deadline: float | None = None,
) -> bytearray | None:
    """The next frame's payload (the caller wipes it), or None at a clean end before a frame.

    File descriptors that arrive with it are appended to ``fds`` when given, else closed.
    ``FrameError`` for a length over ``limit`` or an end mid-frame. ``deadline`` (a
    ``time.monotonic()`` reading): the whole frame must have come by then, else
    ``FrameError``; a socket timeout bounds each read only, and a peer sending a byte at a
    time would never meet it.
    """
    header = bytearray(_HEADER.size)
    got = 0
    while got < len(header):
        _patience(sock, deadline)
        data, ancillary, _flags, _address = sock.recvmsg(len(header) - got, _FD_SPACE)
        _collect(ancillary, fds)
        if not data:
            if got == 0:
                return None
            raise FrameError("connection ended inside a frame header")
        header[got : got + len(data)] = data
        got += len(data)
    (length,) = _HEADER.unpack(header)
    if length > limit:
        raise FrameError("frame over the size cap")
    payload = bytearray(length)
    view = memoryview(payload)
    try:
        got = 0
        while got < length:
            _patience(sock, deadline)
            count = sock.recv_into(view[got:], length - got)
            if count == 0:
                wipe(payload)
                raise FrameError("connection ended inside a frame")
            got += count
    finally:
        view.release()
    return payload


def _patience(sock: socket.socket, deadline: float | None) -> None:
    if deadline is None:
        return
    left = deadline - time.monotonic()
    if left <= 0:
        raise FrameError("the frame did not come in time")
    sock.settimeout(left)


def _collect(ancillary: list[tuple[int, int, bytes]], fds: list[int] | None) -> None:
    for level, kind, data in ancillary:
        if level != socket.SOL_SOCKET or kind != socket.SCM_RIGHTS:
            continue
        received = array.array("i")
        received.frombytes(data[: len(data) - len(data) % received.itemsize])
        for fd in received:
            if fds is None:
                os.close(fd)
            else:
                fds.append(fd)
