"""The server's frame and message parser under anything a peer can send: random bytes,
truncated frames, huge length prefixes, wrong versions, wrong types. Each connection gets
answers (every one a well-formed reply) or is closed; the service keeps serving others."""

from __future__ import annotations

import socket
import struct
import time

import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.gatekeeper_service.server import MAX_CONNECTIONS
from kiosk.vault.errors import GatekeeperUnavailable
from kiosk.vault.remote.protocol import VERSION, Failure, Hello, reply_decoder
from tests.gatekeeper_service.conftest import Running, raw_connection

_HEADER = struct.Struct(">I")
_REQUEST_NAMES = [
    "Hello", "Unlock", "Provision", "ChangeSecret", "HandOverLock", "KeepLock", "Recover",
    "RecordChainHead", "ChainHead", "DeleteUnused", "UnusedVaults", "StaffAdd", "StaffVerify",
    "ListVaults", "StaffLogSeal", "Nonsense",
]  # fmt: skip
_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**64 - 1)
    | st.floats()
    | st.text(max_size=20)
    | st.binary(max_size=20)
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
_messages = st.builds(
    lambda op, fields: {"op": op, **fields},
    st.sampled_from(_REQUEST_NAMES),
    st.dictionaries(
        st.sampled_from(["version", "name", "secret", "vault_id", "months", "today", "x"]),
        _values,
        max_size=4,
    ),
)


def _frame(payload: bytes) -> bytes:
    return _HEADER.pack(len(payload)) + payload


_hello = _frame(msgspec.msgpack.encode(Hello(version=VERSION)))
_sends = st.one_of(
    st.binary(max_size=300),  # anything at all
    st.binary(max_size=300).map(_frame),  # a frame of garbage
    st.binary(min_size=1, max_size=300).map(lambda b: _frame(b)[: -len(b) // 2 or 1]),
    st.integers(min_value=65 * 1024, max_value=2**32 - 1).map(_HEADER.pack),  # huge prefix
    st.integers(min_value=-(2**40), max_value=2**40).map(
        lambda v: _frame(msgspec.msgpack.encode({"op": "Hello", "version": v}))
    ),
    _messages.map(lambda m: _frame(msgspec.msgpack.encode(m))),
    _messages.map(lambda m: _hello + _frame(msgspec.msgpack.encode(m))),  # after a greeting
    st.lists(_messages, max_size=3).map(
        lambda ms: _hello + b"".join(_frame(msgspec.msgpack.encode(m)) for m in ms)
    ),
)


def _read_until_closed(sock: socket.socket) -> bytes:
    received = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return b""  # closed with bytes of ours unread: a closed connection, as allowed
        if not chunk:
            return received
        received += chunk


def _replies(data: bytes) -> list[object]:
    replies = []
    while data:
        (length,) = _HEADER.unpack(data[: _HEADER.size])
        body = data[_HEADER.size : _HEADER.size + length]
        assert len(body) == length, "a reply cut short"
        replies.append(reply_decoder.decode(body))
        data = data[_HEADER.size + length :]
    return replies


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sent=_sends)
def test_anything_sent_gets_answers_or_a_closed_connection_never_a_dead_service(
    service: Running, sent: bytes
) -> None:
    sock = raw_connection(service.path)
    try:
        try:
            sock.sendall(sent)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the service closed first: allowed
        replies = _replies(_read_until_closed(sock))  # it closes: the read ends
    finally:
        sock.close()
    # Whatever was answered is well formed; a refusal of the message is one Failure, last.
    failures = [r for r in replies if isinstance(r, Failure)]
    assert all(f.code for f in failures)
    # And the service still answers a well-behaved client.
    client = service.client()
    try:
        assert isinstance(client.list_vaults(), list)
    finally:
        client.close()
    # Nothing it was sent made it fail inside (it would log the error's class).
    assert service.log.getvalue() == ""


def test_a_flood_of_idle_connections_is_bounded_and_the_service_recovers(
    service: Running,
) -> None:
    idle = [raw_connection(service.path) for _ in range(MAX_CONNECTIONS)]
    try:
        # Each is accepted in turn; one more is closed at once, not left to wait.
        extra = raw_connection(service.path)
        assert _read_until_closed(extra) == b""
        extra.close()
    finally:
        for sock in idle:
            sock.close()
    # Once the flood has gone (each slot freed as its thread sees the end), a client is
    # served again.
    deadline = time.monotonic() + 30
    while True:
        client = service.client()
        try:
            assert isinstance(client.list_vaults(), list)
            break
        except GatekeeperUnavailable:
            assert time.monotonic() < deadline, "never served again"
            time.sleep(0.01)
        finally:
            client.close()
