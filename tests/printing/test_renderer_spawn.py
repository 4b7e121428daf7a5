"""A render server that does not answer in time (seen under load on a 2-core machine): asking
for a renderer ends in the timeout's OSError, which the print paths word calmly, never in an
AttributeError from half-made state."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from kiosk.printing import render_server, renderer


class SilentServer:
    """Hands out sockets whose other ends never say anything."""

    def __init__(self) -> None:
        self.kept: list[socket.socket] = []

    def spawn(self) -> tuple[socket.socket, socket.socket]:
        data, data_peer = socket.socketpair()
        status, status_peer = socket.socketpair()
        self.kept += [data_peer, status_peer]
        return data, status


@pytest.fixture
def silent_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[SilentServer]:
    server = SilentServer()
    monkeypatch.setattr(render_server, "server", lambda: server)
    monkeypatch.setattr(renderer, "SPAWN_SECONDS", 0.05)
    yield server
    for end in server.kept:
        end.close()


def test_a_render_server_that_does_not_answer_is_a_timeout(silent_server: SilentServer) -> None:
    with pytest.raises(OSError):
        renderer.RenderProcess()
