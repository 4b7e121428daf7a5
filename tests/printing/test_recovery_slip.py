"""`kiosk admin vault create --print` and `recover --print`: the name and recovery code go on a
discreet slip through a private cupsd, and the operator's terminal shows only "printed"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.printing.documents import RecoverySlip
from kiosk.printing.renderer import render_pdf
from tests.commands import run
from tests.printing.cupsd import PrivateCups
from tests.printing.pdftext import pdf_info, pdf_text

PIN = "583920"
CODE = re.compile(r"[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4}")
# Words that would tell whoever finds the slip what it is for, or where it came from.
TELLING_WORDS = ("abuse", "stalk", "domestic", "violence", "vault", "harbour", "kiosk", "centre")


def config_for(tmp_path: Path, cups: PrivateCups | None, printer: str = "") -> Path:
    config = tmp_path / "kiosk.toml"
    server = cups.server if cups else str(tmp_path / "nothing-here.sock")
    config.write_text(
        '[kiosk]\ndata_dir = "data"\n[kdf]\nprofile = "standard"\n'
        f'[printing]\nprinter = "{printer}"\ncups_server = "{server}"\n'
    )
    return config


def set_up(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, config: Path
) -> None:
    code, _, err = run(
        capsys,
        monkeypatch,
        config,
        "admin",
        "init",
        "--staff-name",
        "Sam",
        stdin="long staff passphrase\nlong staff passphrase\n",
    )
    assert code == 0, err


def assert_discreet(pdf: bytes, name: str) -> str:
    text = pdf_text(pdf)
    assert name in text
    assert pdf_info(pdf)["Title"] == "Document"
    lowered = text.casefold()
    for word in TELLING_WORDS:
        assert word not in lowered, word
    assert not re.search(r"\b20\d\d\b", text), "no date on the slip"
    found = CODE.search(text)
    assert found, text
    return found.group(0)


def test_the_slip_says_nothing_about_what_it_opens() -> None:
    pdf = render_pdf(RecoverySlip("river-stone", "7K3M-Q9TD-AB12-CD34-EF56"))
    assert assert_discreet(pdf, "river-stone") == "7K3M-Q9TD-AB12-CD34-EF56"
    assert pdf_info(pdf)["Pages"] == "1"


def test_create_and_recover_print_the_slip_and_show_only_printed(
    tmp_path: Path,
    private_cups: PrivateCups,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = private_cups.add_queue("SLIPS")
    config = config_for(tmp_path, private_cups)
    set_up(capsys, monkeypatch, config)
    code, out, err = run(
        capsys,
        monkeypatch,
        config,
        "admin",
        "vault",
        "create",
        "--name",
        "river-stone",
        "--print",
        "--printer",
        "SLIPS",
        stdin=f"{PIN}\n{PIN}\n",
    )
    assert code == 0, err
    assert out == "printed\n" and err == ""
    slip = private_cups.captured(folder, "SLIPS-1")
    assert slip.title == "Document"
    first_code = assert_discreet(slip.pdf, "river-stone")

    code, out, err = run(
        capsys,
        monkeypatch,
        config,
        "admin",
        "vault",
        "recover",
        "river-stone",
        "--print",
        "--printer",
        "SLIPS",
        stdin=f"{first_code}\n402917\n402917\n",
    )
    assert code == 0, err
    assert out == "PIN changed.\nprinted\n" and not CODE.search(out + err)
    second_code = assert_discreet(private_cups.captured(folder, "SLIPS-2").pdf, "river-stone")
    assert second_code != first_code
    private_cups.wait_until("an empty spool", lambda: private_cups.spool_files() == [])


def test_no_printer_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The printer is checked first: a vault whose code could not be printed is never made."""
    config = config_for(tmp_path, None, "SLIPS")
    set_up(capsys, monkeypatch, config)
    code, out, err = run(
        capsys,
        monkeypatch,
        config,
        "admin",
        "vault",
        "create",
        "--print",
        stdin=f"{PIN}\n{PIN}\n",
    )
    assert code == 1 and "Nothing was changed" in err and err.count("\n") == 1
    assert out == ""
    assert not list((tmp_path / "data" / "vaults").glob("*"))


def test_a_slip_that_fails_after_the_change_shows_the_code_instead(
    tmp_path: Path,
    private_cups: PrivateCups,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The tray runs out during the job: the vault exists by then, so its code is not lost."""
    private_cups.add_queue("EMPTY", backend="nopaper")
    config = config_for(tmp_path, private_cups, "EMPTY")
    set_up(capsys, monkeypatch, config)
    code, out, err = run(
        capsys,
        monkeypatch,
        config,
        "admin",
        "vault",
        "create",
        "--name",
        "river-stone",
        "--print",
        stdin=f"{PIN}\n{PIN}\n",
    )
    assert code == 0, err
    assert "not printed" in out and "out of paper" in out
    assert "name: river-stone" in out and CODE.search(out)
    # Nothing waits in the queue to come out later, when nobody is there to take it.
    assert private_cups.run("lpstat", "-o").stdout.strip() == ""
