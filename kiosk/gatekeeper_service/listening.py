"""The listening socket: handed over by systemd (socket activation) or made at a path."""

from __future__ import annotations

import contextlib
import os
import socket
import stat
from collections.abc import Mapping
from pathlib import Path

SD_LISTEN_FDS_START = 3


class ListeningError(Exception):
    """No socket to listen on: one line for the operator."""


def activated_socket(environ: Mapping[str, str] | None = None) -> socket.socket | None:
    """The socket systemd passed (``LISTEN_FDS``/``LISTEN_PID``, fd 3), or None if none was."""
    env = os.environ if environ is None else environ
    if env.get("LISTEN_PID") != str(os.getpid()):
        return None
    try:
        count = int(env.get("LISTEN_FDS", "0"))
    except ValueError:
        return None
    if count < 1:
        return None
    if count != 1:
        raise ListeningError(f"systemd passed {count} sockets; the gatekeeper takes exactly one")
    sock = socket.socket(fileno=SD_LISTEN_FDS_START)
    if sock.family != socket.AF_UNIX or sock.type != socket.SOCK_STREAM:
        raise ListeningError("the socket systemd passed is not a unix stream socket")
    os.set_inheritable(SD_LISTEN_FDS_START, False)
    return sock


def bound_socket(path: Path) -> socket.socket:
    """A new unix socket at ``path``, mode 0660 (the kiosk's group may connect). A stale socket
    left by a killed service is replaced; any other file there is refused."""
    with contextlib.suppress(FileNotFoundError):
        if not stat.S_ISSOCK(os.lstat(path).st_mode):
            raise ListeningError(f"{path} exists and is not a socket; nothing was changed")
        path.unlink()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM | socket.SOCK_CLOEXEC)
    old_umask = os.umask(0o117)
    try:
        sock.bind(str(path))
    except OSError as error:
        sock.close()
        raise ListeningError(f"{path}: {error.strerror}") from None
    finally:
        os.umask(old_umask)
    os.chmod(path, 0o660)
    sock.listen(16)
    return sock
