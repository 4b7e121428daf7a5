"""``kiosk doctor`` as an administrator runs it: sometimes without ``sudo -u kiosk``.

Whatever it cannot read is one line naming the thing and the fix; it never ends in a
traceback. The test closes the gatekeeper folder to everyone (mode 000); run as root, the
doctor is started without the capabilities that let root read anything (``setpriv``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.harness import skip_or_fail

STAFF_PASSPHRASE = "long staff passphrase"


def kiosk_command() -> list[str]:
    script = Path(sys.executable).with_name("kiosk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kiosk"]


def set_up(tmp_path: Path, region: str = "uk") -> Path:
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[kiosk]\ndata_dir = "data"\nregion = "{region}"\n[kdf]\nprofile = "standard"\n'
    )
    subprocess.run(
        [*kiosk_command(), "admin", "init", "--staff-name", "Sam", "--config", str(config)],
        input=f"{STAFF_PASSPHRASE}\n{STAFF_PASSPHRASE}\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return config


def doctor(config: Path, *, without_root_powers: bool = False) -> subprocess.CompletedProcess[str]:
    prefix: list[str] = []
    if without_root_powers:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            skip_or_fail("setpriv (util-linux) is needed to test the doctor without root's powers")
        assert setpriv is not None
        prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
    return subprocess.run(
        [*prefix, *kiosk_command(), "doctor", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_doctor_run_by_the_wrong_user_says_so_in_one_line_per_thing(tmp_path: Path) -> None:
    config = set_up(tmp_path)
    gatekeeper = tmp_path / "data" / "gatekeeper"
    gatekeeper.chmod(0)
    try:
        result = doctor(config, without_root_powers=os.geteuid() == 0)
    finally:
        gatekeeper.chmod(0o700)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 1, output  # problems found, reported, no crash
    secret = gatekeeper / "kiosk.secret"
    assert f"problem: Could not check the kiosk secret {secret}: permission denied.\n" in output
    assert "fix: Run the doctor as the kiosk's user: sudo -u kiosk kiosk doctor" in output
    # Every check still ran and reported.
    assert "problem(s)" in result.stdout.splitlines()[-1]
    assert "The helpline directory has 2 regions" in output


def test_doctor_asks_to_recheck_only_the_region_the_kiosk_shows(tmp_path: Path) -> None:
    config = set_up(tmp_path, region="us")
    result = doctor(config)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    # The shipped entries were last checked in 2025, so the shown region's are stale.
    assert "warning: us.toml: " in output
    assert "uk.toml" not in output


def test_doctor_that_cannot_read_the_settings_says_how_to_run_it(tmp_path: Path) -> None:
    config = set_up(tmp_path)
    config.chmod(0)
    try:
        result = doctor(config, without_root_powers=os.geteuid() == 0)
    finally:
        config.chmod(0o600)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"kiosk: {config}: permission denied (cannot read the file); on an installed kiosk, "
        "run Harbour's commands as: sudo -u kiosk kiosk …\n"
    )


def test_a_file_name_with_an_escape_sequence_never_reaches_the_terminal(tmp_path: Path) -> None:
    config = set_up(tmp_path)
    centre = tmp_path / "helplines"
    centre.mkdir()
    # A valid file, last checked long ago: its name is printed in the freshness warning.
    hostile = "\x1b]0;owned\x07\x1b[2J.toml"
    (centre / hostile).write_text(
        'region = "uk"\n[[helpline]]\nid = "ours"\nname = "Ours"\nphone = "01234 567890"\n'
        'hours = "Weekdays"\nhelps_with = "Local support."\ntopics = ["stalking"]\n'
        "verified_on = 2024-01-05\n"
    )
    text = config.read_text().replace("[kiosk]\n", '[kiosk]\nhelplines_folder = "helplines"\n')
    config.write_text(text)
    result = doctor(config)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert "\x1b" not in output and "\x07" not in output
    assert "warning: \\x1b]0;owned\\x07\\x1b[2J.toml: ours: last checked 2024-01-05" in output
    # The fix names the staff menu's way first: staff mark an entry checked at the kiosk.
    assert "fix: Once checked, mark it checked at the kiosk (Staff, then Helpline directory)" in (
        output
    )


@pytest.mark.parametrize(
    ("relative", "content"),
    [
        ("gatekeeper/names.json", b"[]"),
        ("gatekeeper/counters.json", b'{"v": 1, "pin": {"x": 1}}'),
        ("gatekeeper/staff/accounts.json", b'{"v": 1, "accounts": []}'),
        ("gatekeeper/kdf.json", b'{"m": -5, "t": 3, "p": 1}'),
    ],
)
def test_a_damaged_state_file_is_a_problem_naming_the_file(
    tmp_path: Path, relative: str, content: bytes
) -> None:
    # Found from outside: with a damaged name map or counter file no vault unlocks, and with
    # a damaged account file no staff member signs in, yet the doctor reported nothing.
    config = set_up(tmp_path)
    config.write_text(config.read_text().replace('"standard"', '"calibrated"'))
    damaged = tmp_path / "data" / relative
    if not damaged.exists():
        (tmp_path / "data" / "gatekeeper" / "kdf.json").write_text('{"m": 262144, "t": 3, "p": 1}')
        (tmp_path / "data" / "gatekeeper" / "counters.json").write_text('{"v": 1}')
    damaged.write_bytes(content)
    result = doctor(config)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 1, output
    problems = [line for line in output.splitlines() if line.startswith("problem:")]
    named = [line for line in problems if f"{damaged} is damaged" in line]
    assert len(named) == 1, output
    assert "Please ask staff" not in named[0]  # the operator's words, not the visitor's
    assert damaged.read_bytes() == content  # reported, never "repaired"


def test_a_gatekeeper_service_that_does_not_answer_is_said_once(tmp_path: Path) -> None:
    """Two checks ask the service (the kiosk secret, the state files); its silence is one
    problem with one fix, not the same two lines twice."""
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[kiosk]\ndata_dir = "data"\n[gatekeeper]\nsocket = "{tmp_path / "absent.sock"}"\n'
    )
    found = doctor(config)
    assert found.stdout.count("does not answer at") == 1, found.stdout
    assert "Traceback" not in found.stderr
