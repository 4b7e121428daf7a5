"""Who is at the other end of a connection: its role, from the kernel's peer credentials
(``SO_PEERCRED``), and what it has proved on this connection so far."""

from __future__ import annotations

import enum
import os
import socket
import struct
from dataclasses import dataclass, field

_UCRED = struct.Struct("3i")  # pid, uid, gid


class Role(enum.Enum):
    """``ADMINISTRATOR``: root or the service's own user (the operator's commands, under sudo).
    ``KIOSK``: anyone else whom the socket's mode lets connect (the kiosk's user)."""

    ADMINISTRATOR = "administrator"
    KIOSK = "kiosk"


def peer_uid(sock: socket.socket) -> int:
    credentials = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, _UCRED.size)
    _pid, uid, _gid = _UCRED.unpack(credentials)
    return int(uid)


def administrators() -> frozenset[int]:
    """Root and the service's own user."""
    return frozenset({0, os.geteuid()})


def role_of(sock: socket.socket, administrator_uids: frozenset[int]) -> Role:
    return Role.ADMINISTRATOR if peer_uid(sock) in administrator_uids else Role.KIOSK


@dataclass
class Peer:
    """One connection's standing. ``unlocked``: vault ids this connection unlocked, recovered
    or made (their chain heads and tidy-ups are its to ask for). ``staff_signed_in``: a staff
    sign-in succeeded on it (and no failed one since)."""

    role: Role
    unlocked: set[str] = field(default_factory=set)
    staff_signed_in: bool = False

    @property
    def is_administrator(self) -> bool:
        return self.role is Role.ADMINISTRATOR
