"""Vault ids from outside are checked against their exact form before any file is touched."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.vault.errors import UnknownVault, VaultDamaged
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.gatekeeper.slots import read_slots
from kiosk.vault.ids import InvalidVaultId, is_vault_id
from kiosk.vault.storage.database import open_database

PIN = "583920"
# 32 characters each, as the issue found them: the length check alone let them through.
TO_GATEKEEPER = "../gatekeeper/" + "./" * 9
TO_OUTSIDE = "../../outside/" + "./" * 9


def snapshot(root: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
    }


@pytest.mark.parametrize("attack", [TO_GATEKEEPER, TO_OUTSIDE])
def test_a_relative_path_as_id_deletes_nothing(
    gatekeeper: Gatekeeper, data_dir: Path, attack: str
) -> None:
    assert len(attack) == 32
    gatekeeper.provision("river-stone", PIN, PIN)
    outside = data_dir.parent / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("not the kiosk's")
    before = snapshot(data_dir.parent)
    with pytest.raises(InvalidVaultId):
        gatekeeper.delete_id(attack)
    assert snapshot(data_dir.parent) == before
    gatekeeper.unlock("river-stone", PIN)


def test_a_symlink_named_like_a_vault_is_not_followed(
    gatekeeper: Gatekeeper, data_dir: Path
) -> None:
    link = data_dir / "vaults" / ("a" * 32)
    link.symlink_to(data_dir / "gatekeeper", target_is_directory=True)
    before = snapshot(data_dir / "gatekeeper")
    with pytest.raises(UnknownVault):
        gatekeeper.delete_id("a" * 32)
    assert snapshot(data_dir / "gatekeeper") == before
    assert [s.vault_id for s in gatekeeper.list_vaults()] == []


def test_odd_folder_names_never_reach_the_listing(gatekeeper: Gatekeeper, data_dir: Path) -> None:
    made = gatekeeper.provision("river-stone", PIN, PIN)
    (data_dir / "vaults" / "\x1b]0;owned\x07").mkdir()
    assert [s.vault_id for s in gatekeeper.list_vaults()] == [made.vault_id]


not_an_id = st.text(max_size=40).filter(lambda text: not is_vault_id(text)) | st.sampled_from(
    ["A" * 32, "a" * 31, "a" * 33, "a" * 32 + "\n", " " + "a" * 31, "../" + "a" * 29, ""]
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=not_an_id)
def test_any_non_id_is_refused_without_touching_files(
    gatekeeper: Gatekeeper, data_dir: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    def no_file_access(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file operation ran before the id was checked")

    with monkeypatch.context() as patch:
        for name in ("lstat", "stat", "open", "unlink", "rmdir", "scandir", "link", "replace"):
            patch.setattr(os, name, no_file_access)
        with pytest.raises(InvalidVaultId):
            gatekeeper.delete_id(text)
        with pytest.raises(VaultDamaged):
            read_slots(data_dir / "vaults" / "x", text)
        with pytest.raises(VaultDamaged):
            open_database(data_dir / "vaults" / "x", text, b"\0" * 32)


def test_ids_are_exactly_32_lowercase_hex_digits() -> None:
    assert is_vault_id("0123456789abcdef" * 2)
    for bad in ("0123456789ABCDEF" * 2, "0123456789abcdef" * 2 + "\n", "g" * 32, TO_GATEKEEPER):
        assert not is_vault_id(bad)


def test_a_real_id_is_still_deleted(make_gatekeeper: Callable[..., Gatekeeper]) -> None:
    gatekeeper = make_gatekeeper()
    made = gatekeeper.provision("river-stone", PIN, PIN)
    gatekeeper.delete_id(made.vault_id)
    assert gatekeeper.list_vaults() == []
