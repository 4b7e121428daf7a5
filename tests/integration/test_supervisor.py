"""The supervisor: a fresh process per session, sorry-and-restart after a crash, a stop when
staff close the kiosk, and no way out through the terminal's interrupt keys."""

from __future__ import annotations

import contextlib
import io
import os
import re
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kiosk.config import Config
from kiosk.session.ends import SessionEnd
from kiosk.session.first_session import plain_run_options
from kiosk.session.supervisor import SORRY, Supervisor
from kiosk.session.terminal import (
    CLEAR_ALL,
    ENTER_ALTERNATE_SCREEN,
    LEAVE_ALTERNATE_SCREEN,
    SHOW_CURSOR,
)

# A stand-in session: each run takes the next exit code from a file and logs its pid.
FAKE_SESSION = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    folder = Path(sys.argv[1])
    codes = (folder / "codes").read_text().split()
    runs = folder / "runs"
    done = len(runs.read_text().split()) if runs.exists() else 0
    with runs.open("a") as log:
        log.write(f"{os.getpid()}\\n")
    with (folder / "holds").open("a") as log:
        hold = os.environ.get("HARBOUR_NEUTRAL_HOLD_UNTIL", "none")
        log.write(f"{os.environ.get('HARBOUR_SUPERVISED')} {hold}\\n")
    sys.exit(int(codes[min(done, len(codes) - 1)]))
    """
)


def supervise(tmp_path: Path, codes: list[int]) -> tuple[int, str, list[str]]:
    (tmp_path / "codes").write_text(" ".join(map(str, codes)))
    out = io.StringIO()
    command = [sys.executable, "-c", FAKE_SESSION, str(tmp_path)]
    result = Supervisor(Config(), command, out=out, sleep=0.0).run()
    runs = (tmp_path / "runs").read_text().split()
    return result, out.getvalue(), runs


def test_each_session_is_a_new_process_until_staff_close(tmp_path: Path) -> None:
    result, output, runs = supervise(tmp_path, [0, 0, 10])
    assert result == SessionEnd.STAFF_CLOSED  # the kiosk command's code: no restart either
    assert len(runs) == 3 and len(set(runs)) == 3
    assert Config().quick_exit.neutral_text in output
    assert "\x1b]0;Information point\x07" in output
    # The kiosk's whole life is on the alternate screen (no scrollback), left cleared at the end.
    assert output.startswith(ENTER_ALTERNATE_SCREEN)
    assert output.endswith(CLEAR_ALL + LEAVE_ALTERNATE_SCREEN + CLEAR_ALL + SHOW_CURSOR)
    between = output[: output.rindex(LEAVE_ALTERNATE_SCREEN)]
    # Between sessions the scrollback is cleared but the screen is not: a cleared screen is
    # the blank frame that used to flash between the neutral screen and the next session.
    assert between.count("\x1b[3J") >= 3
    assert between.count("\x1b[2J") == 2  # drawing the neutral screen at the start; the end


def test_the_service_does_not_restart_a_kiosk_staff_left() -> None:
    """Leave the kiosk means back to the operating system: the kiosk command's status after
    it is one the unit counts as success and never restarts (it restarts after anything else)."""
    unit = (Path(__file__).parents[2] / "config" / "systemd" / "harbour-kiosk.service").read_text()
    settings = dict(
        line.split("=", 1) for line in unit.splitlines() if "=" in line and line[0] != "#"
    )
    assert settings["Restart"] == "always"
    left = str(int(SessionEnd.STAFF_CLOSED))
    assert settings["RestartPreventExitStatus"] == left
    assert settings["SuccessExitStatus"] == left


def test_after_a_session_ends_the_next_one_holds_the_neutral_screen(tmp_path: Path) -> None:
    before = time.monotonic()
    supervise(tmp_path, [0, 70, 0, 10])
    after = time.monotonic()
    holds = [line.split() for line in (tmp_path / "holds").read_text().splitlines()]
    assert [supervised for supervised, _ in holds] == ["1", "1", "1", "1"]
    hold = Config().quick_exit.neutral_hold_seconds
    # The first session, and the one after a crash (which showed "Sorry"), start as usual.
    assert holds[0][1] == "none" and holds[2][1] == "none"
    # After a session ended, the next one holds the neutral screen until hold seconds later.
    for _, until in (holds[1], holds[3]):
        assert before + hold <= float(until) <= after + hold


def test_a_crash_says_sorry_and_starts_afresh(tmp_path: Path) -> None:
    result, output, runs = supervise(tmp_path, [70, 10])
    assert result == SessionEnd.STAFF_CLOSED and len(runs) == 2
    assert SORRY in output


def test_a_kiosk_that_keeps_failing_stops_and_says_so(tmp_path: Path) -> None:
    result, output, runs = supervise(tmp_path, [70])
    assert result == 1 and len(runs) == 5
    assert "cannot start" in output


def next_session(supervisor: int, earlier: set[int], timeout: float = 30.0) -> set[int]:
    """Wait for the supervisor to run a session process other than ``earlier``; return it."""
    children = Path(f"/proc/{supervisor}/task/{supervisor}/children")
    deadline = time.monotonic() + timeout
    while True:
        try:
            now = {int(pid) for pid in children.read_text().split()}
        except FileNotFoundError:
            pytest.fail("the supervisor ended", pytrace=False)
        if now - earlier:
            return now - earlier
        assert time.monotonic() < deadline, "the supervisor started no new session"
        time.sleep(0.01)


def test_interrupt_keys_cannot_stop_the_supervisor(tmp_path: Path) -> None:
    (tmp_path / "codes").write_text("0")
    script = textwrap.dedent(
        """
        import sys
        from kiosk.config import Config
        from kiosk.session.supervisor import Supervisor
        slow = [sys.executable, "-c", "import time; time.sleep(0.2)"]
        Supervisor(Config(), slow, sleep=0.0).run()
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.DEVNULL,
    )
    try:
        # Its first session running means its signal handlers are in place.
        session = next_session(child.pid, set())
        for sig in (signal.SIGINT, signal.SIGQUIT, signal.SIGTSTP):
            os.kill(child.pid, sig)
            # A later session started by the same supervisor: it took the signal and went on.
            session = next_session(child.pid, session)
            assert child.poll() is None, f"stopped by {sig!r}"
        os.kill(child.pid, signal.SIGTERM)
        assert child.wait(timeout=10) == 0
    finally:
        if child.poll() is None:
            child.kill()


@pytest.mark.parametrize("name", ["TEXTUAL", "TEXTUAL_LOG", "TEXTUAL_SCREENSHOT", "PYTHONSTARTUP"])
def test_developer_switches_never_reach_a_session(name: str) -> None:
    from kiosk.session.environment import scrubbed_environment

    env = scrubbed_environment({name: "x", "TEXTUAL_COLOR_SYSTEM": "256", "PATH": "/bin"})
    assert name not in env
    assert env["TEXTUAL_COLOR_SYSTEM"] == "256" and env["PATH"] == "/bin"


STOPPING_SESSION = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    runs = Path(sys.argv[1]) / "runs"
    first = not runs.exists()
    runs.write_text(runs.read_text() + "x\\n" if runs.exists() else "x\\n")
    if first:
        os.kill(os.getpid(), signal.SIGSTOP)  # what Ctrl+Z would do to an unguarded session
    sys.exit(10)
    """
)


def test_a_stopped_session_is_ended_and_replaced(tmp_path: Path) -> None:
    out = io.StringIO()
    command = [sys.executable, "-c", STOPPING_SESSION, str(tmp_path)]
    assert Supervisor(Config(), command, out=out, sleep=0.0).run() == SessionEnd.STAFF_CLOSED
    assert (tmp_path / "runs").read_text().count("x") == 2
    assert SORRY in out.getvalue()


def _processes_naming(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if text.encode() in command:
                found.append(int(entry.name))
    return found


@pytest.mark.parametrize("broken", ["config", "helplines"])
def test_a_broken_file_is_one_line_and_leaves_no_session(tmp_path: Path, broken: str) -> None:
    """The first session starts while the kiosk command checks its files; when they fail, the
    operator reads one line, and that session is gone without having drawn anything."""
    helplines = tmp_path / "helplines"
    helplines.mkdir()
    (helplines / "centre.toml").write_text("[region\n")
    config = tmp_path / "kiosk.toml"
    if broken == "config":
        config.write_text("[session]\nidle_lock_secs = 5\n")
    else:
        config.write_text(f'[kiosk]\nhelplines_folder = "{helplines}"\n')
    data = tmp_path / "data"
    main_end, side = os.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "kiosk", "--config", str(config), "--data-dir", str(data)],
            stdin=side,
            stdout=side,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
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
    assert len(lines) == 1 and lines[0].startswith("kiosk: "), result.stderr
    assert ("idle_lock_secs" if broken == "config" else "centre.toml") in lines[0]
    assert drawn == b""  # neither the neutral screen nor anything of the session
    assert _processes_naming(str(config)) == []


@pytest.mark.parametrize(
    ("argv", "given"),
    [
        ([], (None, None)),
        (["run"], (None, None)),
        (["--config", "k.toml", "run", "--data-dir=d"], ("k.toml", "d")),
        (["--config="], ("", None)),
        (["session"], None),
        (["admin", "vault", "list"], None),
        (["--conf", "k.toml"], None),  # argparse's abbreviations are left to argparse
        (["--config", "a", "--config", "b"], None),
        (["--config"], None),
        (["--config", "--data-dir", "d"], None),
        (["run", "run"], None),
        (["-h"], None),
    ],
)
def test_only_a_plain_run_starts_the_first_session_early(
    argv: list[str], given: tuple[str | None, str | None] | None
) -> None:
    assert plain_run_options(argv) == given


# The kiosk command with a stand-in first session that says it is ready and then waits, and
# a supervisor slow to start (after the command's checks let the session draw), so a stop
# comes before the supervisor runs.
STOP_PROBE = textwrap.dedent(
    """
    import os, sys, time
    config, data = sys.argv[1:3]
    import kiosk.__main__ as composition
    def stand_in(arguments):
        os.write(int(os.environ['HARBOUR_READY_FD']), b'1')
        os.read(int(os.environ['HARBOUR_GO_FD']), 1)
        print('SESSION', os.getpid(), flush=True)
        time.sleep(60)
        return 0
    composition.run_first_session = stand_in
    import kiosk.session.supervisor as supervisor
    def slow_start(self):
        time.sleep(60)
    supervisor.Supervisor.run = slow_start
    from kiosk.__main__ import main
    sys.exit(main(["--config", config, "--data-dir", data]))
    """
)


def test_a_stop_before_the_supervisor_runs_ends_the_drawing_first_session(
    tmp_path: Path,
) -> None:
    """The first session draws once the kiosk command's checks have passed, before its
    supervisor runs. A stop then (SIGTERM, or the terminal closing) ends that session too and
    gives the screen back; it must not leave a session running with no supervisor behind it."""
    config = tmp_path / "kiosk.toml"
    config.write_text("")
    main_end, side = os.openpty()
    command = subprocess.Popen(
        [sys.executable, "-c", STOP_PROBE, str(config), str(tmp_path / "data")],
        cwd=Path(__file__).resolve().parents[2],
        stdin=side,
        stdout=side,
        stderr=subprocess.DEVNULL,
    )
    os.close(side)
    drawn = b""
    try:
        deadline = time.monotonic() + 30
        while not (found := re.search(rb"SESSION (\d+)\r?\n", drawn)):
            assert time.monotonic() < deadline, drawn
            if select.select([main_end], [], [], 1.0)[0]:
                drawn += os.read(main_end, 4096)
        session = int(found.group(1))
        command.send_signal(signal.SIGTERM)
        assert command.wait(timeout=10) == 0
        with contextlib.suppress(OSError):
            while chunk := os.read(main_end, 4096):
                drawn += chunk
    finally:
        if command.poll() is None:
            command.kill()
        os.close(main_end)
    assert not Path(f"/proc/{session}").exists()  # ended, and reaped by the command
    after = drawn[drawn.index(b"SESSION") :]
    assert LEAVE_ALTERNATE_SCREEN.encode() in after


def test_a_kiosk_whose_sessions_fail_on_a_file_says_which_and_why(tmp_path: Path) -> None:
    """Sessions failing again and again because a file changed since the kiosk started (a
    helpline file broken by hand) said only "cannot start", with exit 1 (a secret problem or
    crashes, for docs/DEPLOY.md): the kiosk command's own start checks, made again, name the
    file and give the exit code a start with it would give."""
    (tmp_path / "codes").write_text("70")
    out = io.StringIO()
    command = [sys.executable, "-c", FAKE_SESSION, str(tmp_path)]
    checks: list[str] = []

    def why() -> tuple[str, int]:
        checks.append("made")
        return "/etc/harbour/helplines/centre.toml: is not a regular file", 2

    result = Supervisor(Config(), command, out=out, sleep=0.0, why_sessions_fail=why).run()
    assert result == 2 and checks == ["made"]
    assert out.getvalue().endswith(
        "The kiosk cannot start. Please ask staff for help.\n"
        "kiosk: /etc/harbour/helplines/centre.toml: is not a regular file\n"
    )


def test_the_start_checks_made_again_find_a_helpline_file_broken_since(tmp_path: Path) -> None:
    from kiosk.operator.cli import _start_problem

    folder = tmp_path / "helplines"
    folder.mkdir()
    config_path = tmp_path / "kiosk.toml"
    config_path.write_text(f'[kiosk]\nhelplines_folder = "{folder}"\n')
    assert _start_problem(config_path, tmp_path / "data") is None
    (folder / "centre.toml").write_text("[region\n")
    found = _start_problem(config_path, tmp_path / "data")
    assert found is not None
    line, code = found
    assert code == 2 and line.startswith(f"{folder / 'centre.toml'}: ")
