"""The folder a visitor types for "Save as PDF" is checked before anything is written there."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from kiosk.printing import pdf_sink
from kiosk.printing.cups import SessionPrintJobs
from kiosk.printing.pdf_sink import SaveError, SaveProblem, chosen_folder
from kiosk.printing.service import Result, save_roots, save_sheet


def problem(typed: str, allowed: list[Path]) -> SaveProblem:
    with pytest.raises(SaveError) as caught:
        chosen_folder(typed, allowed)
    return caught.value.problem


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "media" / "kiosk" / "KINGSTON"
    folder.mkdir(parents=True)
    return folder


def test_a_folder_on_the_stick_is_taken_as_its_real_path(stick: Path, tmp_path: Path) -> None:
    (stick / "records").mkdir()
    assert chosen_folder(str(stick), [tmp_path / "media"]) == stick
    assert chosen_folder(f"{stick}/records/", [tmp_path / "media"]) == stick / "records"


def test_a_link_that_leads_out_of_the_allowed_folders_is_refused(
    stick: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "kiosk-data"
    elsewhere.mkdir()
    (stick / "innocent").symlink_to(elsewhere)
    assert problem(str(stick / "innocent"), [tmp_path / "media"]) is SaveProblem.NOT_ALLOWED
    assert problem(f"{stick}/../../../kiosk-data", [tmp_path / "media"]) is (
        SaveProblem.NOT_ALLOWED
    )
    assert not any(elsewhere.iterdir())


def test_a_link_inside_the_allowed_folders_is_followed(stick: Path, tmp_path: Path) -> None:
    (stick / "inner").mkdir()
    (stick / "shortcut").symlink_to(stick / "inner")
    assert chosen_folder(str(stick / "shortcut"), [tmp_path / "media"]) == stick / "inner"


@pytest.mark.parametrize("typed", ["", "relative/folder", "/media/\x1b[2Jstick", "/media/a\u202eb"])
def test_anything_but_an_absolute_plain_path_is_refused(typed: str, tmp_path: Path) -> None:
    assert problem(typed, [Path("/media"), tmp_path]) is SaveProblem.NOT_ALLOWED


def test_a_missing_folder_or_a_file_is_one_calm_line(stick: Path, tmp_path: Path) -> None:
    (stick / "a-file.pdf").write_bytes(b"%PDF-")
    for typed in (stick / "gone", stick / "a-file.pdf"):
        with pytest.raises(SaveError) as caught:
            chosen_folder(str(typed), [tmp_path / "media"])
        assert caught.value.problem is SaveProblem.MISSING
        assert "\n" not in str(caught.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to any folder")
def test_a_folder_she_cannot_write_to_is_refused(stick: Path, tmp_path: Path) -> None:
    stick.chmod(0o500)
    try:
        assert problem(str(stick), [tmp_path / "media"]) is SaveProblem.NOT_WRITABLE
    finally:
        stick.chmod(0o700)


def test_usb_mounts_and_the_configured_folder_are_the_roots(tmp_path: Path) -> None:
    assert save_roots(None) == [Path("/media"), Path("/run/media"), Path("/mnt")]
    assert save_roots(tmp_path)[-1] == tmp_path


def test_a_session_ending_mid_save_leaves_no_hidden_part_file(
    stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A quick exit while her plan is written to the stick (a slow stick's fsync takes a while)
    ends the process with ``os._exit``: no ``finally`` runs in the saving thread. What the
    session's end itself does must leave no hidden ``.document-….part`` holding the sheet."""
    jobs = SessionPrintJobs()
    syncing, carry_on = threading.Event(), threading.Event()
    real_fsync = os.fsync

    def slow_fsync(descriptor: int) -> None:
        if not syncing.is_set() and not os.path.isdir(f"/proc/self/fd/{descriptor}"):
            syncing.set()
            carry_on.wait(30)
        real_fsync(descriptor)

    monkeypatch.setattr(pdf_sink.os, "fsync", slow_fsync)
    outcomes = []
    saving = threading.Thread(
        target=lambda: outcomes.append(save_sheet(b"%PDF-1.7 her plan", stick, jobs=jobs))
    )
    saving.start()
    try:
        assert syncing.wait(10)
        assert next(p.name for p in stick.iterdir()).endswith(".part")  # the write is under way
        jobs.close()  # the session's end; the process then ends at once
        assert list(stick.iterdir()) == [], "the end of the session left the sheet behind"
    finally:
        carry_on.set()
        saving.join(30)
    assert outcomes[0].result is Result.SESSION_ENDED
    assert list(stick.iterdir()) == []
