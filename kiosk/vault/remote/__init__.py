"""The gatekeeper over a unix socket: its protocol (``protocol``, ``frames``, ``errors``) and
its client (``RemoteGatekeeper``). The server is kiosk.gatekeeper_service."""

from kiosk.vault.remote.client import RemoteGatekeeper
from kiosk.vault.remote.connection import Connection
from kiosk.vault.remote.errors import RemoteFailure

__all__ = ["Connection", "RemoteFailure", "RemoteGatekeeper"]
