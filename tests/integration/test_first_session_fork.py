"""The kiosk's first session is forked from the kiosk command as it has just started (a
second interpreter's start cost a twentieth of the time to the first frame). It must start as
clean as a fresh ``kiosk session`` would: the session's own environment, no descriptor of the
command's but the terminal and its two pipes, and never under a Python start-up hook."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.session.ends import SessionEnd

ROOT = Path(__file__).resolve().parents[2]

# The kiosk command on a terminal, with an extra descriptor of each kind open, and a stand-in
# for the session the fork runs: it reports what it was given, then tells the supervisor to
# stop (staff closing the kiosk).
PROBE = textwrap.dedent(
    """
    import json, os, sys
    config, data, report = sys.argv[1:4]
    main_end, side = os.openpty()
    os.dup2(side, 0)
    os.dup2(side, 1)
    kept_open = os.open(os.devnull, os.O_RDONLY)  # close-on-exec, as Python opens files
    inheritable = os.open(os.devnull, os.O_RDONLY)
    os.set_inheritable(inheritable, True)
    os.environ["TEXTUAL"] = "devtools"  # a developer switch the session must not see
    import kiosk.session.first_session as first_session
    def stand_in(arguments):
        fds = sorted(int(fd) for fd in os.listdir("/proc/self/fd"))
        seen = {{
            "pid": os.getpid(),
            "parent": os.getppid(),
            "arguments": arguments,
            "argv": sys.argv[1:],
            "fds": fds,
            "pipes": [int(os.environ["HARBOUR_GO_FD"]), int(os.environ["HARBOUR_READY_FD"])],
            "textual": os.environ.get("TEXTUAL"),
            "supervised": os.environ.get("HARBOUR_SUPERVISED"),
        }}
        with open(report + ".session", "w") as out:
            json.dump(seen, out)
        os.write(int(os.environ["HARBOUR_READY_FD"]), b"1")
        os.read(int(os.environ["HARBOUR_GO_FD"]), 1)
        return {staff_closed}
    first_session.run_first_session = stand_in
    from kiosk.__main__ import main
    code = main(["--config", config, "--data-dir", data])
    with open(report, "w") as out:
        json.dump({{"code": code, "pid": os.getpid(), "fds": [kept_open, inheritable]}}, out)
    """
).format(staff_closed=int(SessionEnd.STAFF_CLOSED))


def _run(tmp_path: Path, env: dict[str, str] | None = None) -> tuple[dict, Path]:
    config = tmp_path / "kiosk.toml"
    config.write_text("")
    report = tmp_path / "report.json"
    subprocess.run(
        [sys.executable, "-c", PROBE, str(config), str(tmp_path / "data"), str(report)],
        cwd=ROOT,
        check=True,
        timeout=120,
        capture_output=True,
        env=env,
    )
    return json.loads(report.read_text()), report.with_name("report.json.session")


def test_the_first_session_is_forked_clean(tmp_path: Path) -> None:
    command, session_report = _run(tmp_path)
    seen = json.loads(session_report.read_text())
    assert seen["parent"] == command["pid"]  # the command's child, not a grandchild
    assert seen["pid"] != command["pid"]
    assert seen["arguments"][0] == "session" and seen["argv"] == seen["arguments"]
    assert "--data-dir" in seen["arguments"]
    # Only the terminal, the two pipes, and the descriptor listing /proc/self/fd itself.
    leaked = set(seen["fds"]) - {0, 1, 2, *seen["pipes"]}
    assert len(leaked) <= 1, seen
    assert not leaked & set(command["fds"])
    assert seen["textual"] is None
    assert seen["supervised"] == "1"


# The kiosk command's first step on a terminal, under a Python start-up hook.
HOOK_PROBE = textwrap.dedent(
    """
    import os, sys
    main_end, side = os.openpty()
    os.dup2(side, 0)
    os.dup2(side, 1)
    from kiosk.session.first_session import start_first_session
    first = start_first_session(["--config", sys.argv[1]])
    os._exit(0 if first is None else 3)  # not sys.exit: PYTHONINSPECT would then prompt
    """
)


@pytest.mark.parametrize("hook", ["PYTHONINSPECT", "PYTHONDEVMODE", "PYTHONFAULTHANDLER"])
def test_under_a_python_start_hook_no_session_is_forked(tmp_path: Path, hook: str) -> None:
    """The session would run in an interpreter started with the hook: the supervisor starts
    it fresh instead, as it starts every later session (kiosk.session.environment drops the
    hook from their environment)."""
    config = tmp_path / "kiosk.toml"
    config.write_text("")
    env = {**os.environ, hook: "1"}
    ran = subprocess.run(
        [sys.executable, "-c", HOOK_PROBE, str(config)],
        cwd=ROOT,
        timeout=60,
        capture_output=True,
        env=env,
        input=b"",
    )
    assert ran.returncode == 0, ran


def test_without_a_hook_the_probe_forks(tmp_path: Path) -> None:
    """The probe above does fork a session when no hook is set (so its check means something)."""
    config = tmp_path / "kiosk.toml"
    config.write_text("")
    ran = subprocess.run(
        [sys.executable, "-c", HOOK_PROBE, str(config)], cwd=ROOT, timeout=60, capture_output=True
    )
    assert ran.returncode == 3, ran
