"""What the kiosk loads before its first frame (issue 8: cold start).

The ``kiosk`` command is two processes in a row before a visitor sees anything: the supervisor,
then the session it starts. The supervisor stays light (no Textual, no vault, no cryptography);
the session loads what its welcome screen needs and nothing for vaults, key derivation or
printing until a visitor asks for them. Speed itself is measured in scripts/bench (the cold
start rows); these tests keep the heavy libraries from creeping back into the start.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from kiosk.session.ends import SessionEnd
from kiosk.vault.gatekeeper import Gatekeeper

ROOT = Path(__file__).resolve().parent.parent

# Libraries only an open vault, a key derivation, a staff sign-in or a printed sheet needs.
HEAVY = ("sqlcipher3", "argon2", "cryptography", "weasyprint", "segno")

# The welcome screen shows a title, a line of text and three buttons: none of this is needed
# for it. Each is loaded when a visitor or staff member first asks for what it does.
NOT_FOR_THE_WELCOME_SCREEN = (
    *HEAVY,
    "jinja2",
    "argparse",
    # A vault, what it keeps, and the staff accounts.
    "kiosk.vault.gatekeeper",
    "kiosk.vault.storage",
    "kiosk.vault.service",
    "kiosk.vault.kdf",
    "kiosk.notes",
    "kiosk.diary",
    # The safety plan: only what a broken content file is (the start's checks word it); the
    # shipped content is read on first use, as the probe's config names no centre file.
    "kiosk.plan.answers",
    "kiosk.plan.repository",
    "kiosk.plan.outline",
    "kiosk.plan.extract",
    "kiosk.plan.loader",
    "kiosk.plan.schema",
    "kiosk.portable",
    "kiosk.staff.accounts",
    # Printing: the documents, their renderer and CUPS.
    "kiosk.printing.documents",
    "kiosk.printing.renderer",
    "kiosk.printing.sheets",
    "kiosk.printing.cups",
    # The UI behind the three buttons: vault I/O, forms, on-screen keys, refusals' words.
    "kiosk.ui.vault_io",
    "kiosk.ui.wording",
    "kiosk.ui.screens.common.base",
    "kiosk.ui.screens.vault",
    "kiosk.ui.screens.notes",
    "kiosk.ui.screens.diary",
    "kiosk.ui.screens.plan",
    "kiosk.ui.screens.helplines",
    "kiosk.ui.screens.staff",
    "kiosk.ui.widgets.keyboard",
    "kiosk.ui.widgets.pin_pad",
    "kiosk.ui.widgets.code_input",
    # Larger text's console font (ctypes): loaded when a visitor ticks "Larger text".
    "kiosk.session.console_font",
    # The operator's commands, and Textual's text editor (notes, the diary).
    "kiosk.operator.admin",
    "kiosk.operator.doctor",
    "kiosk.operator.print_sheets",
    "kiosk.operator.records",
    "textual.widgets._text_area",
    "textual.document",
)

SUPERVISOR_PROBE = textwrap.dedent(
    """
    import os, sys  # loaded by every interpreter at start; json only once the kiosk has run
    config, data, report = sys.argv[1:4]
    # The kiosk command wants a terminal; the supervisor's output goes to this one, unread.
    main_end, side = os.openpty()
    os.dup2(side, 0)
    os.dup2(side, 1)
    import kiosk.__main__ as composition
    import kiosk.session.first_session as first_session
    # A stand-in for the forked session: it says its checks passed, waits for the word to
    # draw, and asks the supervisor to stop, as staff closing the kiosk does.
    def stand_in_session(arguments):
        os.write(int(os.environ["HARBOUR_READY_FD"]), b"1")
        os.read(int(os.environ["HARBOUR_GO_FD"]), 1)
        return {staff_closed}
    composition.run_first_session = stand_in_session
    starts = []
    fork = os.fork
    def recorded_fork():
        starts.append(sorted(sys.modules))  # what was loaded when the first session started
        return fork()
    os.fork = recorded_fork
    released = []
    release = first_session.FirstSession.release
    def recorded_release(self):
        released.append(sorted(sys.modules))  # what was loaded when it was let draw
        release(self)
    first_session.FirstSession.release = recorded_release
    from kiosk.__main__ import main
    code = main(["--config", config, "--data-dir", data])
    import json
    with open(report, "w") as out:
        report = {{"modules": sorted(sys.modules), "first": starts[0], "drawing": released[0]}}
        json.dump({{"code": code, **report}}, out)
    """
).format(staff_closed=int(SessionEnd.STAFF_CLOSED))

SESSION_COMMAND_PROBE = textwrap.dedent(
    """
    import json, os, sys
    config, data, report = sys.argv[1:4]
    main_end, side = os.openpty()  # a session wants a terminal
    os.dup2(side, 0)
    os.dup2(side, 1)
    import kiosk.__main__ as composition
    loaded = []
    def stand_in_visit(config):
        loaded.append(sorted(sys.modules))  # what was loaded when the visit would start
        return 0
    composition.run_visit = stand_in_visit
    code = composition.main(["session", "--config", config, "--data-dir", data])
    with open(report, "w") as out:
        json.dump({"code": code, "modules": loaded[0]}, out)
    """
)

SERVER_FORK_PROBE = textwrap.dedent(
    """
    import gc, json, os, sys
    config, data, report = sys.argv[1:4]
    main_end, side = os.openpty()  # a session wants a terminal
    os.dup2(side, 0)
    os.dup2(side, 1)
    import kiosk.__main__ as composition
    from kiosk.printing import render_server
    forks = []
    def recorded_start(**options):  # the server: a copy of this process at the fork
        forks.append({"modules": sorted(sys.modules), "gc": gc.isenabled()})
    render_server.start = recorded_start
    visits = []
    def stand_in_visit(config):
        from kiosk.session.launch import prepare_session
        prepare_session()
        visits.append(gc.isenabled())
        return 0
    composition.run_visit = stand_in_visit
    code = composition.main(["session", "--config", config, "--data-dir", data])
    with open(report, "w") as out:
        json.dump({"code": code, "forks": forks, "visit_gc": visits}, out)
    """
)

SESSION_PROBE = textwrap.dedent(
    """
    import asyncio, gc, json, sys, time
    from pathlib import Path
    config_file, data, report = sys.argv[1:4]
    gc.disable()  # as kiosk.__main__ starts a session
    # What ``kiosk session`` runs (kiosk/__main__.py, kiosk/operator/cli.py,
    # kiosk/session/launch.py, kiosk/ui/visit.py), in a headless terminal.
    import kiosk.__main__, kiosk.operator.cli, kiosk.session.launch, kiosk.ui.visit
    from kiosk.config import load_config
    from kiosk.services import build_services
    from kiosk.ui.app import make_app

    config = load_config(Path(config_file), data_dir=Path(data))
    app = make_app(config, build_services(config), time.time)

    async def first_frame():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            # And left alone a while: the idle check's first ticks load nothing either.
            await pilot.pause(2.5)
            return type(app.screen).__name__, gc.isenabled()

    screen, collecting = asyncio.run(first_frame())
    with open(report, "w") as out:
        json.dump({"screen": screen, "modules": sorted(sys.modules), "gc": collecting}, out)
    """
)

LAUNCH_PROBE = textwrap.dedent(
    """
    import gc, json, sys
    report = sys.argv[3]
    from kiosk.printing import render_server
    import kiosk.session.launch as launch
    forked = []
    def stand_in_start():  # the server: a copy at fork
        forked.append(gc.isenabled())
        [object() for _ in range(1000)]  # what the real fork would make
    render_server.start = stand_in_start
    gc.disable()  # as kiosk.__main__ starts a session
    collections = []
    gc.callbacks.append(lambda phase, info: collections.append(phase))
    launch.prepare_session()
    with open(report, "w") as out:
        json.dump(
            {"server": forked, "session": gc.isenabled(), "collections": len(collections)}, out
        )
    """
)


SERVER_GC_PROBE = textwrap.dedent(
    """
    import gc, json, os, sys
    report = sys.argv[3]
    from kiosk.printing import render_server
    gc.disable()  # as kiosk.__main__ starts a session, and so the server at its fork
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # as the server starts (render_server._server_loop)
        os.close(read_end)
        render_server._leave_the_session_behind(write_end)
        os.write(write_end, b"1" if gc.isenabled() else b"0")
        os._exit(0)
    os.close(write_end)
    word = os.read(read_end, 1).decode()
    os.waitpid(pid, 0)
    with open(report, "w") as out:
        json.dump({"server": word, "session": gc.isenabled()}, out)
    """
)


def run_probe(probe: str, tmp_path: Path, *, initialise: bool) -> dict[str, object]:
    config = tmp_path / "kiosk.toml"
    config.write_text("")
    data = tmp_path / "data"
    if initialise:
        Gatekeeper.initialise(data, data / "gatekeeper" / "kiosk.secret")
    report = tmp_path / "report.json"
    subprocess.run(
        [sys.executable, "-c", probe, str(config), str(data), str(report)],
        cwd=ROOT,
        check=True,
        timeout=120,
        capture_output=True,
    )
    loaded: dict[str, object] = json.loads(report.read_text())
    return loaded


def top_level(modules: object) -> set[str]:
    assert isinstance(modules, list)
    return {name.split(".")[0] for name in modules}


def test_the_supervisor_loads_no_ui_no_vault_and_no_heavy_library(tmp_path: Path) -> None:
    got = run_probe(SUPERVISOR_PROBE, tmp_path, initialise=False)
    # It ran the stand-in session and stopped when told to, with staff's "leave" code.
    assert got["code"] == SessionEnd.STAFF_CLOSED
    modules = got["modules"]
    assert isinstance(modules, list)
    assert top_level(modules) & {"textual", "rich", *HEAVY} == set()
    assert "argparse" not in modules  # ``kiosk --config … --data-dir …`` needs no parser
    # Nothing of the vault: its error types, for the one-line refusals, only on the way out.
    assert [name for name in modules if name.startswith("kiosk.vault")] == []
    assert not [name for name in modules if name.startswith("kiosk.ui")]


def test_the_first_session_starts_before_the_command_line_and_config_are_read(
    tmp_path: Path,
) -> None:
    """The first session loads side by side with the kiosk command's checks, so nothing of
    them (argparse, the config's decoder, the operator's commands) comes before it, nor any
    library the spawning itself can do without: every module loaded first delays the session."""
    got = run_probe(SUPERVISOR_PROBE, tmp_path, initialise=False)
    first = got["first"]
    assert isinstance(first, list)
    assert top_level(first) & {"argparse", "msgspec", "tomllib", "dataclasses"} == set()
    assert not [name for name in first if name.startswith(("kiosk.config", "kiosk.operator"))]
    # Not even typing, enum (behind signal), subprocess or contextlib: 25 ms between them.
    assert top_level(first) & {"typing", "enum", "subprocess", "contextlib", "collections"} == set()
    kiosk = sorted(name for name in first if name.startswith("kiosk"))
    assert kiosk == [
        "kiosk",
        "kiosk.__main__",
        "kiosk.session",
        "kiosk.session.environment",
        "kiosk.session.first_session",
        "kiosk.session.terminal",  # termios alone, which the spawning uses anyway
    ]


def test_a_session_reads_the_supervisors_words_without_the_operators_commands(
    tmp_path: Path,
) -> None:
    """``kiosk session --config … --data-dir …`` is read without argparse and its parser (ten
    milliseconds of every start) and without the operator's admin, print and doctor code."""
    got = run_probe(SESSION_COMMAND_PROBE, tmp_path, initialise=True)
    assert got["code"] == 0
    modules = got["modules"]
    assert isinstance(modules, list)
    assert "argparse" not in modules
    operator = sorted(name for name in modules if name.startswith("kiosk.operator."))
    # data_folder: the installed layout's check, made at every start (os and stat only).
    assert operator == [
        "kiosk.operator.cli",
        "kiosk.operator.data_folder",
        "kiosk.operator.errors",
        "kiosk.operator.prompts",
    ]
    # Nor the helpline files' reader (read after the first frame, kiosk.ui.app), the plan's
    # content or the vault's errors: the command's refusals import those on the way out.
    later = ("kiosk.helplines", "kiosk.plan", "kiosk.vault")
    assert [name for name in modules if name.startswith(later)] == []


def test_the_first_session_draws_once_the_command_has_checked_the_helpline_files(
    tmp_path: Path,
) -> None:
    """The first session checks the config, the data folder and the terminal itself, but
    reads the helpline files only after its first frame (kiosk.ui.app); the kiosk command
    checks them while the session loads, and lets it draw only then: a broken file is one
    line and a session never seen (tests/integration/test_supervisor.py)."""
    got = run_probe(SUPERVISOR_PROBE, tmp_path, initialise=False)
    assert got["code"] == SessionEnd.STAFF_CLOSED
    drawing = got["drawing"]
    assert isinstance(drawing, list)
    assert {"kiosk.config", "kiosk.helplines.loader", "kiosk.plan.content"} <= set(drawing)
    # Still no parser for ``kiosk --config … --data-dir …``, and nothing of the session's.
    assert top_level(drawing) & {"argparse", "textual", "rich", *HEAVY} == set()


def test_a_session_forks_its_render_server_before_it_loads_the_config_or_textual(
    tmp_path: Path,
) -> None:
    """The render server is a copy of the session (kiosk/printing/render_server.py): every
    page the session holds at the fork and writes again afterwards is copied, so it is forked
    while the session is small, before the config, the helpline files and Textual are loaded;
    and the session's start goes on without collections (kiosk.__main__), never turning them
    on, not even for the fork (the server turns them on in itself: see
    test_the_render_server_collects_its_garbage)."""
    got = run_probe(SERVER_FORK_PROBE, tmp_path, initialise=True)
    assert got["code"] == 0
    forks = got["forks"]
    assert isinstance(forks, list) and forks
    first = forks[0]
    modules = first["modules"]
    assert top_level(modules) & {"textual", "rich", "msgspec", "tomllib", "argparse"} == set()
    assert not [
        name
        for name in modules
        if name.startswith(("kiosk.config", "kiosk.operator", "kiosk.helplines", "kiosk.ui"))
    ]
    assert first["gc"] is False
    assert got["visit_gc"] == [False]


def test_the_sessions_welcome_screen_loads_no_vault_or_print_library(tmp_path: Path) -> None:
    got = run_probe(SESSION_PROBE, tmp_path, initialise=True)
    assert got["screen"] == "WelcomeScreen"
    assert top_level(got["modules"]) & set(HEAVY) == set()
    # No vault, staff or notes code either: the vault and the staff accounts are built the
    # first time a visitor or staff member asks (kiosk.services).
    modules = got["modules"]
    assert isinstance(modules, list)
    # Not even the vault's errors: the command's one-line refusals import them on the way out.
    assert [name for name in modules if name.startswith("kiosk.vault")] == []
    staff = sorted(name for name in modules if name.startswith("kiosk.staff."))
    assert staff in ([], ["kiosk.staff.errors"])  # what a refusal is, never the accounts
    assert not [name for name in modules if name.startswith("kiosk.notes")]


def test_the_welcome_screen_loads_nothing_it_does_not_show(tmp_path: Path) -> None:
    """Issue 8: nothing is imported before the welcome screen's first frame that it does not
    need. Everything behind its buttons (vault I/O, forms, on-screen keyboards, printing, the
    text editor) is loaded when first asked for; each module costs the visitor's wait."""
    got = run_probe(SESSION_PROBE, tmp_path, initialise=True)
    assert got["screen"] == "WelcomeScreen"
    modules = got["modules"]
    assert isinstance(modules, list)
    loaded = [
        name
        for name in modules
        for unwanted in NOT_FOR_THE_WELCOME_SCREEN
        if name == unwanted or name.startswith(unwanted + ".")
    ]
    assert loaded == [], ", ".join(loaded)


def test_a_session_starts_without_garbage_collections_until_its_first_frame(
    tmp_path: Path,
) -> None:
    """Collecting the objects a start makes (they live on) cost a tenth of the time to the
    first frame; collections resume after it, and the render server, forked before it, always
    collects (a render makes plenty of garbage). Turned on for a moment, even only to fork
    the server, the first object made after collected everything the start had made (7 ms)."""
    launched = run_probe(LAUNCH_PROBE, tmp_path, initialise=False)
    assert launched == {"server": [False], "session": False, "collections": 0}
    drawn = run_probe(SESSION_PROBE, tmp_path, initialise=True)
    assert drawn["screen"] == "WelcomeScreen" and drawn["gc"] is True


def test_the_render_server_collects_its_garbage(tmp_path: Path) -> None:
    """Forked from a session that starts without collections, the server turns them on in
    itself as it leaves the session behind (a render makes plenty of garbage); the session
    stays without them until its first frame."""
    got = run_probe(SERVER_GC_PROBE, tmp_path, initialise=False)
    assert got == {"server": "1", "session": False}


def test_a_session_is_not_dumpable() -> None:
    """Looking the C library up without ctypes.util (which runs ldconfig) still reaches prctl."""
    probe = (
        "import ctypes; from kiosk.session.hardening import forbid_core_dumps; "
        "forbid_core_dumps(); print(ctypes.CDLL(None).prctl(3, 0, 0, 0, 0))"  # PR_GET_DUMPABLE
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, check=True, capture_output=True, text=True
    )
    assert result.stdout.strip() == "0"
