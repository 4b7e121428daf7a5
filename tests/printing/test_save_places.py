"""The places offered to save into, listed from a fake removable root: real, writable folders
at the mount depth only; links, files and read-only folders skipped; the count capped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.printing import service
from kiosk.printing.pdf_sink import SaveError, chosen_folder
from kiosk.printing.service import SavePlace, save_places, save_roots


@pytest.fixture
def media(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A removable root of the test's own: sticks mount at <media>/<user>/<label>."""
    root = tmp_path / "media"
    (root / "visitor").mkdir(parents=True)
    monkeypatch.setattr(service, "REMOVABLE_ROOTS", ((root, 2),))
    return root


def test_sticks_are_offered_by_label_after_the_configured_folder(
    media: Path, tmp_path: Path
) -> None:
    configured = tmp_path / "staff"
    configured.mkdir()
    for label in ("KINGSTON", "SANDISK"):
        (media / "visitor" / label).mkdir()
    assert save_places(configured) == [
        SavePlace(configured),
        SavePlace(media / "visitor" / "KINGSTON", drive="KINGSTON"),
        SavePlace(media / "visitor" / "SANDISK", drive="SANDISK"),
    ]
    assert save_places(None)[0].drive == "KINGSTON"


def test_links_files_read_only_folders_and_the_wrong_depth_are_not_offered(
    media: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "kiosk-own"
    outside.mkdir()
    (media / "visitor" / "LINKED").symlink_to(outside)
    (media / "linked-user").symlink_to(tmp_path)
    (media / "visitor" / "a-file").write_text("")
    (media / "visitor" / "LEFT-BEHIND").mkdir(mode=0o555)
    (media / "visitor" / "KINGSTON" / "deeper").mkdir(parents=True)
    offered = save_places(None)
    if os.geteuid() == 0:  # root can write anywhere; the test is about the rest
        offered = [place for place in offered if place.drive != "LEFT-BEHIND"]
    assert offered == [SavePlace(media / "visitor" / "KINGSTON", drive="KINGSTON")]
    # Typed by hand, the link is still refused where it leads.
    with pytest.raises(SaveError):
        chosen_folder(str(media / "visitor" / "LINKED"), save_roots(None))


def test_a_flood_of_drives_is_capped(media: Path) -> None:
    for n in range(service.MAX_DRIVES + 5):
        (media / "visitor" / f"STICK{n:02}").mkdir()
    assert len(save_places(None)) == service.MAX_DRIVES


def test_no_removable_root_and_no_folder_offers_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "REMOVABLE_ROOTS", ((tmp_path / "absent", 2),))
    assert save_places(None) == []
