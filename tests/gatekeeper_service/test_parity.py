"""Every gatekeeper call through the socket gives what the in-process gatekeeper gives: the
same results and the same refusals (class and numbers), on two copies of one story."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from kiosk.gatekeeper_service import GatekeeperServer, bound_socket
from kiosk.staff.accounts import StaffAccounts
from kiosk.vault.errors import VaultError
from kiosk.vault.gatekeeper import Gate, Gatekeeper, MirroredHead
from kiosk.vault.remote import RemoteGatekeeper
from kiosk.vault.service import VaultService
from tests.conftest import FAST_POLICY, FakeClock

NAME, PIN, NEW_PIN, AFTER_RECOVERY = "quiet river", "483920", "572913", "618204"
_RANDOM = re.compile(r"\b[0-9a-f]{32}\b|\b[0-9a-f]{64}\b")


def _outcome(call: Callable[[], object]) -> object:
    try:
        result = call()
    except VaultError as error:
        return ("refused", type(error).__name__, dict(error.params))
    except Exception as error:  # the class is what is compared
        return ("raised", type(error).__name__)
    return _plain(result)


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return {f.name: _plain(getattr(value, f.name)) for f in fields if f.name != "data_key"}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, Path):
        return value.name
    return value


def _story(gate: Gate, clock: FakeClock) -> Iterator[tuple[str, object]]:
    """The same calls, in the same order, on either gatekeeper; random values are given as
    what they are, not as themselves."""
    yield "name free", _outcome(lambda: gate.check_name_available(NAME))
    made = gate.provision(NAME, PIN, PIN)
    vault_id, code = made.vault_id, made.recovery_code
    yield "made", (made.name, len(code) > 0, len(vault_id))
    yield "name taken", _outcome(lambda: gate.check_name_available(NAME))
    yield "bad name", _outcome(lambda: gate.provision("x", PIN, PIN))
    yield "differ", _outcome(lambda: gate.provision("other name", PIN, "999999"))
    yield "weak", _outcome(lambda: gate.provision("other name", "1234", "1234"))
    for attempt in range(4):
        wrong = f"90817{attempt}"
        yield f"wrong {attempt}", _outcome(lambda pin=wrong: gate.unlock(NAME, pin))
    yield "too soon", _outcome(lambda: gate.unlock(NAME, PIN).vault_id == vault_id)
    yield "unknown name", _outcome(lambda: gate.unlock("nobody here", PIN))
    clock.advance(3600)
    key = gate.unlock(NAME, PIN)
    yield "unlocked", (key.vault_id == vault_id, key.vault_dir.name == vault_id, len(key.data_key))
    yield "tidy", _outcome(lambda: gate.tidy_after_opening(vault_id))
    yield "no head", _outcome(lambda: gate.chain_head(vault_id))
    head = MirroredHead(3, "ab" * 32)
    yield "record head", _outcome(lambda: gate.record_chain_head(vault_id, head))
    yield "head", _outcome(lambda: gate.chain_head(vault_id))
    seal = gate.staff_log_seal(b"a record")
    yield "seal", (len(seal), seal == gate.staff_log_seal(b"a record"))
    yield "list", _masked(_outcome(gate.list_vaults), vault_id)
    yield "state", _masked(_outcome(lambda: gate.state_of(NAME)), vault_id)
    yield "state unknown", _outcome(lambda: gate.state_of("nobody here"))
    far = dt.date.fromtimestamp(clock.now) + dt.timedelta(days=800)
    yield "unused", _masked(_outcome(lambda: gate.unused_vaults(12, far)), vault_id)
    yield "unused months", _outcome(lambda: gate.unused_vaults(0, far))
    yield "change", _outcome(lambda: gate.change_secret(NAME, PIN, NEW_PIN, NEW_PIN))
    yield "old pin", _outcome(lambda: gate.unlock(NAME, PIN))
    yield "new pin", _outcome(lambda: gate.unlock(NAME, NEW_PIN).vault_id == vault_id)
    recovered, new_code = gate.recover(NAME, code, AFTER_RECOVERY, AFTER_RECOVERY)
    yield "recovered", (recovered.vault_id == vault_id, new_code != code)
    yield "old code", _outcome(lambda: gate.recover(NAME, code, NEW_PIN, NEW_PIN))
    yield "code kept", _outcome(lambda: gate.confirm_code_kept(NAME, new_code))
    yield "bad id", _outcome(lambda: gate.delete_id("../x"))
    yield "secret", _outcome(gate.secret_exists)
    yield "holds", _outcome(gate.holds_any_vault)
    yield "state files", _outcome(gate.check_state_files_now)
    yield "delete unused", _outcome(lambda: gate.delete_unused(["nope"], 12, far))
    yield "delete", _outcome(lambda: gate.delete(NAME) == vault_id)
    yield "deleted", _outcome(lambda: gate.unlock(NAME, AFTER_RECOVERY))
    yield "delete again", _outcome(lambda: gate.delete(NAME))


def _masked(outcome: object, vault_id: str) -> object:
    return re.sub(_RANDOM, "<id>", repr(outcome).replace(vault_id, "<vault>"))


def _folder(root: Path) -> tuple[Path, Path]:
    data = root / "data"
    secret = data / "gatekeeper" / "kiosk.secret"
    Gatekeeper.initialise(data, secret)
    return data, secret


def test_every_call_through_the_socket_gives_what_in_process_gives(
    tmp_path: Path, socket_dir: Path
) -> None:
    here_data, here_secret = _folder(tmp_path / "here")
    here_clock = FakeClock()
    here = Gatekeeper(here_data, here_secret, kdf=FAST_POLICY, clock=here_clock)
    expected = list(_story(here, here_clock))

    there_data, there_secret = _folder(tmp_path / "there")
    there_clock = FakeClock()
    served = Gatekeeper(there_data, there_secret, kdf=FAST_POLICY, clock=there_clock)
    server = GatekeeperServer(
        bound_socket(socket_dir / "g.sock"),
        gatekeeper=served,
        staff=StaffAccounts(there_data, there_clock),
    )
    server.serve_in_thread()
    remote = RemoteGatekeeper(socket_dir / "g.sock", there_data)
    try:
        seen = list(_story(remote, there_clock))
    finally:
        remote.close()
        server.stop()

    assert [step for step, _ in seen] == [step for step, _ in expected]
    for (step, got), (_, wanted) in zip(seen, expected, strict=True):
        assert got == wanted, step
    # The story met refusals of every kind it meant to (not all answers alike).
    refused = {o[1] for _, o in expected if isinstance(o, tuple) and o[:1] == ("refused",)}
    assert {"NameTaken", "InvalidVaultName", "SecretsDiffer", "WeakSecret"} <= refused
    assert {"NotRecognised", "TryLater", "UnknownVault", "InvalidVaultId"} <= refused


def test_the_remote_vault_opens_with_the_key_the_service_hands_over(
    remote: RemoteGatekeeper,
) -> None:
    made = remote.provision(NAME, PIN, PIN)
    with VaultService(remote).open(NAME, PIN) as vault:
        assert vault.vault_id == made.vault_id
        assert vault.full_check()
