"""The gatekeeper's own files, and what operator commands print and read.

A file of the wrong shape is one clear line for the operator (``KioskSecretProblem``), never a
traceback, never a silent reset, and never a cheaper key derivation. Nothing a file or a
visitor supplies reaches the operator's terminal as an escape sequence.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.operator.cli import CommandError, SecretReader, main
from kiosk.text import terminal_safe
from kiosk.vault.errors import KioskSecretProblem, TryLater
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.kdf import PRODUCTION_MINIMUM, KdfParams

PIN = "583920"
OTHER = "720461"
ROOT = Path(__file__).resolve().parents[2]


def state_file(data_dir: Path, name: str) -> Path:
    return data_dir / "gatekeeper" / name


def one_line_problem(error: KioskSecretProblem, file_name: str) -> None:
    assert file_name in error.detail
    assert terminal_safe(error.detail) == error.detail and "\n" not in error.detail


# -- kdf.json --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        {"m": 32 * 1024, "t": 3, "p": 4},  # below the floor every slot must meet
        {"m": 256 * 1024, "t": 1, "p": 1},  # one pass
        {"m": -5, "t": 3, "p": 1},
        {"m": 256 * 1024, "t": 3, "p": 0},
        {"m": 64 * 1024 * 1024, "t": 3, "p": 1},  # 64 GiB: no kiosk could ever open the slot
        {"m": 256 * 1024, "t": 3},
        {"m": 256 * 1024, "t": 3, "p": 1, "seconds": 0.4, "floor": 0},
        {"m": "262144", "t": 3, "p": 1},
        [262144, 3, 1],
    ],
)
def test_saved_profile_outside_the_limits_is_refused(data_dir: Path, document: object) -> None:
    Gatekeeper.initialise(data_dir, state_file(data_dir, "kiosk.secret"))
    state_file(data_dir, "kdf.json").write_text(json.dumps(document))
    with pytest.raises(KioskSecretProblem) as refused:
        Gatekeeper.load_calibration(data_dir)
    one_line_problem(refused.value, "kdf.json")


def test_saved_profile_round_trips(data_dir: Path) -> None:
    Gatekeeper.initialise(data_dir, state_file(data_dir, "kiosk.secret"))
    assert Gatekeeper.load_calibration(data_dir) is None
    params = KdfParams(512 * 1024, 4, 2)
    Gatekeeper.save_calibration(data_dir, params, 0.51234)
    assert Gatekeeper.load_calibration(data_dir) == params
    # The format written before msgspec (spaces after the separators) still reads.
    state_file(data_dir, "kdf.json").write_text('{"m": 262144, "t": 3, "p": 2, "seconds": 0.372}')
    assert Gatekeeper.load_calibration(data_dir) == KdfParams(262144, 3, 2)
    assert Gatekeeper.load_calibration(data_dir).meets(PRODUCTION_MINIMUM)  # type: ignore[union-attr]


def kiosk_config(tmp_path: Path, data_dir: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[kiosk]\ndata_dir = "{data_dir}"\n[kdf]\nprofile = "calibrated"\n')
    return path


def test_negative_memory_in_the_saved_profile_is_one_line_not_a_traceback(
    tmp_path: Path, data_dir: Path
) -> None:
    Gatekeeper.initialise(data_dir, state_file(data_dir, "kiosk.secret"))
    state_file(data_dir, "kdf.json").write_text('{"m": -5, "t": 3, "p": 1}')
    config = kiosk_config(tmp_path, data_dir)
    ran = subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(config), "admin", "vault", "create"],
        input=f"{PIN}\n{PIN}\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert ran.returncode == 1
    assert "Traceback" not in ran.stderr
    assert len(ran.stderr.strip().splitlines()) == 1
    assert "kdf.json" in ran.stderr and "damaged" in ran.stderr
    assert ran.stdout == ""


# -- names.json and counters.json -------------------------------------------------------------

VAULT_ID = "0123456789abcdef0123456789abcdef"
HANDLE = "ab" * 32


@pytest.mark.parametrize(
    "content",
    [
        b"[]",
        b"null",
        b'"v"',
        b"{not json",
        b"\xff\xfe{}",
        b'{"v": 2, "entries": {}}',
        b'{"v": 1, "entries": []}',
        b'{"v": 1}',
        b'{"v": 1, "entries": {}, "extra": 1}',
        b'{"v": 1, "entries": {"' + HANDLE.encode() + b'": "../gatekeeper"}}',
        b'{"v": 1, "entries": {"' + HANDLE.encode() + b'": 7}}',
        b'{"v": 1, "entries": {"not-a-handle": "' + VAULT_ID.encode() + b'"}}',
        b'{"v": 1, "entries": {}, "\\u001b[2J\\u202e": 0}',  # an unknown field named in the line
        # A pattern's "$" would accept a newline at the end: an id is exactly 32 characters.
        b'{"v": 1, "entries": {"' + HANDLE.encode() + b'": "' + VAULT_ID.encode() + b'\\n"}}',
        b'{"v": 1, "entries": {"' + HANDLE.encode() + b'\\n": "' + VAULT_ID.encode() + b'"}}',
    ],
)
def test_name_map_of_the_wrong_shape_is_one_line(
    gatekeeper: Gatekeeper, data_dir: Path, content: bytes
) -> None:
    gatekeeper.provision("river-stone", PIN, PIN)
    state_file(data_dir, "names.json").write_bytes(content)
    with pytest.raises(KioskSecretProblem) as refused:
        gatekeeper.unlock("river-stone", PIN)
    one_line_problem(refused.value, "names.json")
    with pytest.raises(KioskSecretProblem):
        gatekeeper.list_vaults()


ENTRY_KEY = f'"{VAULT_ID}"'


@pytest.mark.parametrize(
    "content",
    [
        "[]",
        "null",
        "{}",
        '{"v": 1, "pin": []}',
        '{"v": 1, "pin": {' + ENTRY_KEY + ": [1]}}",
        '{"v": 1, "pin": {' + ENTRY_KEY + ": [1, 2, 3, 4]}}",
        '{"v": 1, "pin": {' + ENTRY_KEY + ': ["1", 2]}}',
        '{"v": 1, "pin": {' + ENTRY_KEY + ": [11, 2]}}",
        '{"v": 1, "pin": {' + ENTRY_KEY + ": [0, 2]}}",
        '{"v": 1, "pin": {' + ENTRY_KEY + ": [2.5, 2]}}",
        '{"v": 1, "pin": {' + ENTRY_KEY + ": [2, -1]}}",
        '{"v": 1, "pin": {"../x": [2, 1]}}',
        '{"v": 1, "pin": {"' + VAULT_ID + '\\n": [2, 1]}}',
        '{"v": 1, "spray": "often"}',
        '{"v": 1, "spray": [-1]}',
        '{"v": 1, "paused_until": "later"}',
        '{"v": 1, "pin": {}, "reset": true}',
    ],
)
def test_counter_file_of_the_wrong_shape_is_one_line_and_never_a_reset(
    gatekeeper: Gatekeeper, data_dir: Path, content: str
) -> None:
    gatekeeper.provision("river-stone", PIN, PIN)
    with pytest.raises(Exception):  # noqa: B017 - any refusal; the file now exists
        gatekeeper.unlock("river-stone", OTHER)
    state_file(data_dir, "counters.json").write_text(content)
    with pytest.raises(KioskSecretProblem) as refused:
        gatekeeper.unlock("river-stone", PIN)
    one_line_problem(refused.value, "counters.json")


def test_counter_file_from_before_keeps_its_counts(gatekeeper: Gatekeeper, data_dir: Path) -> None:
    made = gatekeeper.provision("river-stone", PIN, PIN)
    before = {
        "v": 1,
        "spray": [1_790_000_000.0],
        "paused_until": 0.0,
        "pin": {made.vault_id: [9, 1_789_999_990.0], f"decoy-{VAULT_ID}": [1, 1.0]},
        "recovery": {},
    }
    state_file(data_dir, "counters.json").write_text(json.dumps(before))
    with pytest.raises(TryLater) as waiting:
        gatekeeper.unlock("river-stone", PIN)
    assert waiting.value.retry_after == 3600 - 10


# -- what operator commands print and read ----------------------------------------------------


def test_vault_list_never_prints_an_escape_sequence_from_a_slot_file(
    gatekeeper: Gatekeeper,
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = gatekeeper.provision("river-stone", PIN, PIN)
    slots = data_dir / "vaults" / made.vault_id / "slots.json"
    document = json.loads(slots.read_bytes())
    document["created"] = "2026-11-29\x1b]0;owned\x07\x1b[2J\u202e"
    slots.write_text(json.dumps(document))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code = main(["--config", str(kiosk_config(tmp_path, data_dir)), "admin", "vault", "list"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert made.vault_id in out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "owned" not in out  # not a date: the vault is shown as damaged instead
    assert "damaged" in out


@pytest.mark.parametrize(
    "created", ["2026-13-45", "29/11/2026", "2026-11-29T10:12:00", "", "2026-11-29\n"]
)
def test_vault_list_shows_only_a_plain_date(
    gatekeeper: Gatekeeper, data_dir: Path, created: str
) -> None:
    made = gatekeeper.provision("river-stone", PIN, PIN)
    slots = data_dir / "vaults" / made.vault_id / "slots.json"
    document = json.loads(slots.read_bytes())
    document["created"] = created
    slots.write_text(json.dumps(document))
    (summary,) = gatekeeper.list_vaults()
    assert summary.created == "unknown"


def test_terminal_safe_escapes_what_a_terminal_would_act_on() -> None:
    assert terminal_safe("a\x1b[2Jb\x9b1m\u202ec\nd") == "a\\x1b[2Jb\\x9b1m\\u202ec\nd"
    # Letters of every script and the joiners some need are kept as they are.
    assert terminal_safe("نامه\u200cها café 東京") == "نامه\u200cها café 東京"


@pytest.mark.parametrize("errors", ["strict", "surrogateescape"])
def test_pin_that_is_not_utf8_is_one_line(errors: str) -> None:
    stream = io.TextIOWrapper(io.BytesIO(b"58\xff3920\n"), encoding="utf-8", errors=errors)
    with pytest.raises(CommandError) as refused:
        SecretReader(stream).read("Current PIN")
    assert "current PIN is not valid UTF-8" in str(refused.value)


def test_pin_that_is_not_utf8_on_stdin_is_one_line_not_a_traceback(
    tmp_path: Path, data_dir: Path
) -> None:
    Gatekeeper.initialise(data_dir, state_file(data_dir, "kiosk.secret"))
    config = kiosk_config(tmp_path, data_dir)
    command = ["-m", "kiosk", "--config", str(config), "admin", "vault", "change-pin", "x-name"]
    for utf8_mode in ("0", "1"):
        ran = subprocess.run(
            [sys.executable, "-X", f"utf8={utf8_mode}", *command],
            input=b"58\xff3920\n402917\n402917\n",
            capture_output=True,
            cwd=ROOT,
            timeout=60,
            check=False,
            env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"},
        )
        stderr = ran.stderr.decode("utf-8", "replace")
        assert ran.returncode == 1, stderr
        assert "Traceback" not in stderr
        assert stderr.strip() == "kiosk: the current PIN is not valid UTF-8 text; nothing changed"


def test_error_lines_never_carry_an_escape_sequence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code = main(["--config", str(tmp_path / "no\x1b[2Jsuch\u202e.toml"), "admin", "vault", "list"])
    out, err = capsys.readouterr()
    assert code != 0
    assert "no\\x1b[2Jsuch\\u202e.toml" in err
    assert terminal_safe(err) == err and out == ""
