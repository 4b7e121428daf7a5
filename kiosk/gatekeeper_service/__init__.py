"""The gatekeeper as its own process (issue 12): it owns the kiosk secret, the counters, the
name map, the slots, the chain heads and the staff accounts, and answers the kiosk over a unix
socket (protocol: kiosk.vault.remote). docs/ARCHITECTURE.md, "The gatekeeper service"."""

from kiosk.gatekeeper_service.listening import ListeningError, activated_socket, bound_socket
from kiosk.gatekeeper_service.peers import Peer, Role
from kiosk.gatekeeper_service.server import GatekeeperServer

__all__ = [
    "GatekeeperServer",
    "ListeningError",
    "Peer",
    "Role",
    "activated_socket",
    "bound_socket",
]
