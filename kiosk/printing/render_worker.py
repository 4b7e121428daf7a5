"""The renderer process: ``python -m kiosk.printing.render_worker PARENT_PID``.

Reads one document request (JSON, see ``documents.py``) on standard input, writes the PDF on
standard output and exits. Nothing is written to disk. The exit status says what went wrong,
for ``renderer.py`` to put into words; the process's own standard error goes nowhere.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys

from kiosk.printing.child_process import die_with_parent, forbid_core_dumps

EXIT_PARENT_GONE = 3
EXIT_BAD_REQUEST = 4
EXIT_NO_FONTS = 5  # WeasyPrint could not load Pango, fontconfig or a font
EXIT_FAILED = 6


def _settle_signals() -> None:
    """The session owns the terminal and the visit: a Ctrl+C or a stop meant for the session
    must not kill or freeze a render half-way. The session ends the renderer with SIGKILL."""
    for ignored in (signal.SIGINT, signal.SIGQUIT, signal.SIGTSTP, signal.SIGTTIN, signal.SIGTTOU):
        with contextlib.suppress(ValueError, OSError):
            signal.signal(ignored, signal.SIG_IGN)
    with contextlib.suppress(ValueError, OSError):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not argv[0].isdigit() or not die_with_parent(int(argv[0])):
        return EXIT_PARENT_GONE
    forbid_core_dumps()
    _settle_signals()
    # Below the session, so a long render never slows the quick exit's frame.
    with contextlib.suppress(OSError):
        os.nice(10)
    from kiosk.printing import documents

    try:
        document = documents.decode(sys.stdin.buffer.read())
    except ValueError:
        return EXIT_BAD_REQUEST
    from kiosk.printing import sheets

    try:
        pdf = sheets.pdf(document)
    except OSError:
        return EXIT_NO_FONTS
    except Exception:
        return EXIT_FAILED
    try:
        sys.stdout.buffer.write(pdf)
        sys.stdout.buffer.flush()
    except OSError:  # the session stopped listening
        return EXIT_FAILED
    return 0


if __name__ == "__main__":
    # os._exit: no interpreter clean-up that could write anything or wait on anything.
    os._exit(main(sys.argv[1:]))
