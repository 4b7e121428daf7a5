"""Where a session's start goes, phase by phase, beside the bare Textual app: CPU time.

``scripts/bench`` times the cold start from outside, as a visitor waits for it; this says what
the session spends it on. Each round starts a ``kiosk session`` and the bare app
(bare_app.py) alternately in a pseudo-terminal, 80x24; each notes ``time.process_time()``
(this process's CPU time since it started) at marks along its start, and the medians of the
differences are printed as a Markdown table. CPU time, unlike the wall clock, hardly depends
on what else the machine runs (the helpers share two cores), so a change can be compared
before and after on a busy machine; the first frame is the first one handed to the terminal
driver, as in the quick exit's app time.

The session runs the steps of ``kiosk session`` (kiosk/__main__.py, kiosk/operator/cli.py,
kiosk/session/launch.py, kiosk/ui/visit.py) in their order, with the garbage collector off
as kiosk.__main__ has it; a few functions are wrapped to note the clock. The kiosk command's
first session is the same work, forked from the command (which itself has loaded next to
nothing by then).

Run: ``.venv/bin/python scripts/benchlib/start_phases.py [--rounds 15]`` (a data folder is
set up with ``kiosk admin``, as scripts/bench does, unless ``--config`` and ``--data-dir``
name one).
"""

from __future__ import annotations

# Only what every interpreter has loaded at start: the child's first mark comes after these,
# and anything more would be loaded ahead of the app it times (argparse, which a session
# does without, among them). The parent imports the rest in ``main``.
import os
import sys
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

CHILD = "--child"
INTERPRETER = "interpreter start (python, site)"

# Rows: (kiosk phase, bare app phase or "" when it has none).
ROWS = (
    (INTERPRETER, INTERPRETER),
    ("kiosk.__main__ and the render server's fork", ""),
    ("import kiosk.operator.cli (config decoder, msgspec, tomllib)", ""),
    ("read the config, check the data folder", ""),
    ("prepare_session (hardening, stderr)", ""),
    ("import textual.app (what is left to load)", "import textual.app"),
    ("import kiosk.ui.visit (kiosk UI, helpline model)", "import the app's module"),
    ("build_services (helpline directory read)", ""),
    ("make_app (stylesheet's first part, language)", "make the App"),
    ("App.run to on_mount (driver, neutral base screen)", ""),
    (
        "on_mount to first frame (welcome screen: compose, CSS, layout, render)",
        "App.run to first frame",
    ),
)


# -- in the child: one start, its marks written one a line -------------------------------------


def _child(kind: str, config: str, data: str, out: str) -> None:
    marks: list[tuple[str, float]] = [(INTERPRETER, time.process_time())]

    def mark(name: str) -> None:
        marks.append((name, time.process_time()))

    def note_first_frame(app_class: Any, name: str) -> None:
        display = app_class._display

        def timed_display(self: object, screen: object, renderable: object) -> None:
            display(self, screen, renderable)
            if renderable is not None:
                mark(name)
                with open(out, "w") as written:
                    written.writelines(f"{phase}\t{at!r}\n" for phase, at in marks)
                os._exit(0)

        app_class._display = timed_display

    if kind == "bare":
        sys.path.insert(0, HERE)
        import textual.app

        mark("import textual.app")
        import bare_app  # type: ignore[import-not-found]

        mark("import the app's module")
        note_first_frame(textual.app.App, "App.run to first frame")
        app = bare_app.BareApp()
        mark("make the App")
        app.run()
        return

    import gc

    gc.disable()  # as kiosk.__main__ starts a session
    sys.path.insert(0, ROOT)
    import kiosk.__main__  # noqa: F401
    from kiosk.session.launch import prepare_session, start_render_server

    start_render_server()
    mark(ROWS[1][0])
    import kiosk.operator.cli as cli

    mark(ROWS[2][0])

    def run_visit(loaded: object) -> int:
        mark(ROWS[3][0])
        start = prepare_session()
        mark(ROWS[4][0])
        import textual.app

        mark(ROWS[5][0])
        import kiosk.ui.app as kiosk_app
        import kiosk.ui.visit as visit

        mark(ROWS[6][0])
        build_services = visit.build_services  # type: ignore[attr-defined]
        make_app = visit.make_app  # type: ignore[attr-defined]

        def timed_build_services(*args: object) -> object:
            built = build_services(*args)  # type: ignore[arg-type]
            mark(ROWS[7][0])
            return built

        def timed_make_app(*args: object, **options: object) -> object:
            made = make_app(*args, **options)  # type: ignore[arg-type]
            mark(ROWS[8][0])
            return made

        on_mount = kiosk_app.KioskApp.on_mount

        def timed_on_mount(self: kiosk_app.KioskApp) -> None:
            mark(ROWS[9][0])
            on_mount(self)

        visit.build_services = timed_build_services  # type: ignore[attr-defined,assignment]
        visit.make_app = timed_make_app  # type: ignore[attr-defined,assignment]
        kiosk_app.KioskApp.on_mount = timed_on_mount  # type: ignore[method-assign]
        note_first_frame(textual.app.App, ROWS[10][0])
        return visit.run_session(loaded, start)  # type: ignore[arg-type]

    cli.main(["session", "--config", config, "--data-dir", data], run_visit=run_visit)


# -- in the parent: rounds, medians, the table -------------------------------------------------


def _phases(written: str) -> dict[str, float]:
    """Milliseconds of CPU per phase: the first mark is the interpreter's own start."""
    import itertools

    times = [(name, float(at)) for name, at in (line.split("\t") for line in written.splitlines())]
    phases = {times[0][0]: times[0][1] * 1000}
    for (_, before), (name, at) in itertools.pairwise(times):
        phases[name] = (at - before) * 1000
    phases["total"] = times[-1][1] * 1000
    return phases


def _start(kind: str, config: Path, data: Path, out: Path) -> dict[str, float]:
    from benchlib.pty_app import PtyApp

    out.unlink(missing_ok=True)
    argv = [
        sys.executable,
        os.path.abspath(__file__),
        CHILD,
        kind,
        str(config),
        str(data),
        str(out),
    ]
    with PtyApp(argv, cwd=out.parent) as app:
        app.wait_exit(60)
    return _phases(out.read_text())


def measure(rounds: int, config: Path, data: Path, folder: Path) -> str:
    import statistics
    from pathlib import Path

    out = folder / "marks.json"
    samples: dict[str, list[dict[str, float]]] = {"kiosk": [], "bare": []}
    for number in range(rounds + 1):  # round 0 warms the file caches up
        for kind in samples:
            got = _start(kind, config, data, out)
            if number:
                samples[kind].append(got)

    def median(kind: str, phase: str) -> str:
        if not phase:
            return ""
        return f"{statistics.median(s[phase] for s in samples[kind]):.1f}"

    lines = [
        f"CPU milliseconds to the first frame, median of {rounds} alternating rounds "
        f"(load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}):",
        "",
        "| Phase (kiosk session) | kiosk session | bare app | Bare app's phase |",
        "|---|---|---|---|",
    ]
    for kiosk_phase, bare_phase in ROWS:
        lines.append(
            f"| {kiosk_phase} | {median('kiosk', kiosk_phase)} | {median('bare', bare_phase)} "
            f"| {bare_phase} |"
        )
    kiosk_total = statistics.median(s["total"] for s in samples["kiosk"])
    bare_total = statistics.median(s["total"] for s in samples["bare"])
    lines.append(
        f"| **total** | **{kiosk_total:.1f}** | **{bare_total:.1f}** "
        f"| ratio {kiosk_total / bare_total:.2f}× |"
    )
    return "\n".join(lines) + "\n"


def main() -> None:
    if sys.argv[1:2] == [CHILD]:
        _child(*sys.argv[2:6])
        return
    import argparse
    import shutil
    import tempfile
    from pathlib import Path

    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--config", type=Path)
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args()
    sys.path.insert(0, os.path.dirname(HERE))
    folder = Path(tempfile.mkdtemp(prefix="harbour-phases-"))
    try:
        config, data = args.config, args.data_dir
        if config is None or data is None:
            from benchlib.ui_bench import Harbour

            (folder / "harbour").mkdir()
            harbour = Harbour(folder / "harbour")
            config, data = harbour.config, harbour.data
        print(measure(max(args.rounds, 1), config.resolve(), data.resolve(), folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
