"""A centre's safety-plan content file is checked before the kiosk starts: a malformed one is
one clear line for the operator, and no session starts (nor draws anything); ``kiosk doctor``
reports the same line, or the content it found."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from kiosk.config import load_config
from kiosk.operator.doctor import check_plan_content
from kiosk.plan.loader import SHIPPED_CONTENT
from tests.e2e.harness import skip_or_fail
from tests.integration.test_supervisor import _processes_naming

BROKEN = SHIPPED_CONTENT.read_text(encoding="utf-8").replace(
    'id = "code-word"\nkind = "line"', 'id = "code-word"\nkind = "lines"', 1
)


def config_naming(tmp_path: Path, content: str) -> Path:
    plan = tmp_path / "centre-plan.toml"
    plan.write_text(content, encoding="utf-8")
    config = tmp_path / "kiosk.toml"
    config.write_text('[kiosk]\nplan_content_file = "centre-plan.toml"\n')
    return config


def test_a_malformed_plan_content_file_is_one_line_and_the_kiosk_does_not_start(
    tmp_path: Path,
) -> None:
    assert SHIPPED_CONTENT.read_text(encoding="utf-8") != BROKEN
    config = config_naming(tmp_path, BROKEN)
    main_end, side = os.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "kiosk", "--config", str(config), "--data-dir",
             str(tmp_path / "data")],
            stdin=side, stdout=side, stderr=subprocess.PIPE, text=True, timeout=60, check=False,
        )  # fmt: skip
        os.set_blocking(main_end, False)
        try:
            drawn = os.read(main_end, 65536)
        except BlockingIOError:
            drawn = b""
    finally:
        os.close(main_end)
        os.close(side)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"kiosk: {tmp_path / 'centre-plan.toml'}: ")
    assert "section emergency: prompt code-word: kind: must be one of" in lines[0]
    assert "did you mean 'line'" in lines[0]
    assert drawn == b""  # neither the neutral screen nor anything of a session
    assert _processes_naming(str(config)) == []


def test_the_doctor_reports_the_same_line_and_how_to_fix_it(tmp_path: Path) -> None:
    finding = check_plan_content(load_config(config_naming(tmp_path, BROKEN)))
    assert finding.level == "problem"
    assert "centre-plan.toml: section emergency: prompt code-word: kind" in finding.message
    assert "plan_content_file" in finding.fix


def test_the_doctor_names_the_content_it_found(tmp_path: Path) -> None:
    good = SHIPPED_CONTENT.read_text(encoding="utf-8")
    own = check_plan_content(load_config(config_naming(tmp_path, good)))
    assert own.level == "ok"
    assert "14 sections" in own.message and "centre-plan.toml" in own.message
    (tmp_path / "plain.toml").write_text("[kiosk]\n")
    shipped = check_plan_content(load_config(tmp_path / "plain.toml"))
    assert shipped.level == "ok" and "shipped with Harbour" in shipped.message


PROBE = (
    "import sys; from pathlib import Path; from kiosk.config import load_config; "
    "from kiosk.operator.doctor import check_plan_content; "
    "f = check_plan_content(load_config(Path(sys.argv[1]))); print(f.level); print(f.message); "
    "print(f.fix)"
)


def test_an_unreadable_file_says_how_to_let_the_kiosk_read_it(tmp_path: Path) -> None:
    config = config_naming(tmp_path, SHIPPED_CONTENT.read_text(encoding="utf-8"))
    (tmp_path / "centre-plan.toml").chmod(0)
    prefix: list[str] = []
    if os.geteuid() == 0:  # root reads any file: run without the powers that let it
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            skip_or_fail("setpriv (util-linux) is needed to test an unreadable file as root")
        assert setpriv is not None
        prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
    result = subprocess.run(
        [*prefix, sys.executable, "-c", PROBE, str(config)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    level, message, fix = result.stdout.splitlines()
    assert level == "problem"
    assert "permission denied" in message and "centre-plan.toml" in message
    assert "chmod g+r" in fix


def test_the_commands_the_doctor_suggests_quote_the_path(tmp_path: Path) -> None:
    """Pasted as it is shown, the fix acts on that file and nothing else: a space in a folder's
    name split it into two paths, a ';' ran the rest as a command of its own."""
    folder = tmp_path / "centre files; touch PWNED"
    folder.mkdir()
    config = config_naming(folder, SHIPPED_CONTENT.read_text(encoding="utf-8"))
    plan = folder / "centre-plan.toml"
    plan.chmod(0)
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            skip_or_fail("setpriv (util-linux) is needed to test an unreadable file as root")
        assert setpriv is not None
        prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
    result = subprocess.run(
        [*prefix, sys.executable, "-c", PROBE, str(config)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    fix = result.stdout.splitlines()[2]
    commands = fix.partition("let the kiosk's group read it: ")[2].split(" && ")
    assert [shlex.split(command) for command in commands] == [
        ["sudo", "chgrp", "kiosk", str(plan)],
        ["sudo", "chmod", "g+r", str(plan)],
    ]
