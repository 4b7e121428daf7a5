"""The gatekeeper's copy of each vault's diary chain head, bound with the kiosk secret."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.vault.gatekeeper import ForgedHead, Gatekeeper, MirroredHead
from kiosk.vault.ids import InvalidVaultId

PIN = "583920"
LINK = "ab" * 32
OTHER_LINK = "cd" * 32


def head_file(data_dir: Path, vault_id: str) -> Path:
    return data_dir / "gatekeeper" / "heads" / f"{vault_id}.json"


def test_a_recorded_head_reads_back_and_is_private(gatekeeper: Gatekeeper, data_dir: Path) -> None:
    made = gatekeeper.provision("river-stone", PIN, PIN)
    assert gatekeeper.chain_head(made.vault_id) is None
    gatekeeper.record_chain_head(made.vault_id, MirroredHead(3, LINK))
    assert gatekeeper.chain_head(made.vault_id) == MirroredHead(3, LINK)
    path = head_file(data_dir, made.vault_id)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    gatekeeper.record_chain_head(made.vault_id, MirroredHead(4, OTHER_LINK))
    assert gatekeeper.chain_head(made.vault_id) == MirroredHead(4, OTHER_LINK)
    # Replaced atomically: no temporary file is left beside it.
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_a_head_survives_a_restart(
    make_gatekeeper: Callable[..., Gatekeeper], gatekeeper: Gatekeeper
) -> None:
    made = gatekeeper.provision("river-stone", PIN, PIN)
    gatekeeper.record_chain_head(made.vault_id, MirroredHead(7, LINK))
    assert make_gatekeeper().chain_head(made.vault_id) == MirroredHead(7, LINK)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: {**d, "count": d["count"] - 1},  # moved back to match an older vault
        lambda d: {**d, "link": OTHER_LINK},
        lambda d: {**d, "tag": "00" * 32},
        lambda d: {**d, "extra": 1},
        lambda d: "not an object",
    ],
)
def test_an_edited_head_is_reported_as_forged(
    gatekeeper: Gatekeeper, data_dir: Path, change: Callable[[dict[str, object]], object]
) -> None:
    made = gatekeeper.provision("river-stone", PIN, PIN)
    gatekeeper.record_chain_head(made.vault_id, MirroredHead(5, LINK))
    path = head_file(data_dir, made.vault_id)
    path.write_text(json.dumps(change(json.loads(path.read_text()))))
    with pytest.raises(ForgedHead):
        gatekeeper.chain_head(made.vault_id)


@pytest.mark.parametrize("content", [b"", b"{", b"\xff\xfe", b"x" * 10_000])
def test_a_damaged_head_file_is_reported_not_raised_as_a_crash(
    gatekeeper: Gatekeeper, data_dir: Path, content: bytes
) -> None:
    made = gatekeeper.provision("river-stone", PIN, PIN)
    gatekeeper.record_chain_head(made.vault_id, MirroredHead(5, LINK))
    head_file(data_dir, made.vault_id).write_bytes(content)
    with pytest.raises(ForgedHead):
        gatekeeper.chain_head(made.vault_id)


def test_one_vaults_head_does_not_pass_for_anothers(gatekeeper: Gatekeeper, data_dir: Path) -> None:
    first = gatekeeper.provision("river-stone", PIN, PIN)
    second = gatekeeper.provision("quiet-lake", PIN, PIN)
    gatekeeper.record_chain_head(first.vault_id, MirroredHead(9, LINK))
    gatekeeper.record_chain_head(second.vault_id, MirroredHead(1, OTHER_LINK))
    head_file(data_dir, second.vault_id).write_bytes(
        head_file(data_dir, first.vault_id).read_bytes()
    )
    with pytest.raises(ForgedHead):
        gatekeeper.chain_head(second.vault_id)


def test_a_head_made_with_another_kiosk_secret_is_forged(
    gatekeeper: Gatekeeper, data_dir: Path, tmp_path: Path
) -> None:
    made = gatekeeper.provision("river-stone", PIN, PIN)
    other_data = tmp_path / "other"
    secret = other_data / "gatekeeper" / "kiosk.secret"
    Gatekeeper.initialise(other_data, secret)
    other = Gatekeeper(other_data, secret, kdf=gatekeeper._kdf)
    other.record_chain_head(made.vault_id, MirroredHead(2, LINK))
    head_file(data_dir, made.vault_id).parent.mkdir(mode=0o700, exist_ok=True)
    head_file(data_dir, made.vault_id).write_bytes(
        head_file(other_data, made.vault_id).read_bytes()
    )
    with pytest.raises(ForgedHead):
        gatekeeper.chain_head(made.vault_id)


def test_deleting_a_vault_removes_its_head(gatekeeper: Gatekeeper, data_dir: Path) -> None:
    made = gatekeeper.provision("river-stone", PIN, PIN)
    gatekeeper.record_chain_head(made.vault_id, MirroredHead(2, LINK))
    gatekeeper.delete("river-stone")
    assert not head_file(data_dir, made.vault_id).exists()
    assert gatekeeper.chain_head(made.vault_id) is None


@pytest.mark.parametrize("vault_id", ["../../etc", "A" * 32, ""])
def test_a_malformed_vault_id_never_becomes_a_path(gatekeeper: Gatekeeper, vault_id: str) -> None:
    with pytest.raises(InvalidVaultId):
        gatekeeper.record_chain_head(vault_id, MirroredHead(1, LINK))
    with pytest.raises(InvalidVaultId):
        gatekeeper.chain_head(vault_id)


@pytest.mark.parametrize("head", [MirroredHead(-1, LINK), MirroredHead(1, "zz" * 32)])
def test_a_malformed_head_is_never_written(gatekeeper: Gatekeeper, head: MirroredHead) -> None:
    made = gatekeeper.provision("river-stone", PIN, PIN)
    with pytest.raises(ValueError):
        gatekeeper.record_chain_head(made.vault_id, head)
    assert gatekeeper.chain_head(made.vault_id) is None


def test_a_pipe_or_a_link_to_a_device_as_the_head_file_is_forged_and_never_waits(
    gatekeeper: Gatekeeper, data_dir: Path
) -> None:
    """A FIFO put in place of the head file made every opening of that vault wait for ever
    for a writer (the unlock's worker never answered); a link to /dev/zero was read."""
    import os

    made = gatekeeper.provision("river-stone", PIN, PIN)
    gatekeeper.record_chain_head(made.vault_id, MirroredHead(5, LINK))
    path = head_file(data_dir, made.vault_id)
    path.unlink()
    os.mkfifo(path)
    with pytest.raises(ForgedHead):
        gatekeeper.chain_head(made.vault_id)
    path.unlink()
    path.symlink_to("/dev/zero")
    with pytest.raises(ForgedHead):
        gatekeeper.chain_head(made.vault_id)
