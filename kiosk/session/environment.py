"""What a session process is told through its environment, and what it must never inherit.

Kept apart from ``kiosk.session.launch`` (which starts the render server) so the ``kiosk``
command can start its first session before it imports anything else: this imports nothing.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (12 ms) at start
if TYPE_CHECKING:
    from collections.abc import Mapping, MutableMapping

# Set by the supervisor in each session's environment (never secrets, only how to start).
# "1": the supervisor owns the screen; the session hands it over instead of clearing it.
SUPERVISED = "HARBOUR_SUPERVISED"
# A time.monotonic() reading (one clock for every process): the last session ended, so this
# one starts on the neutral screen and drops keys until then; the first key after it brings
# the welcome screen.
NEUTRAL_HOLD_UNTIL = "HARBOUR_NEUTRAL_HOLD_UNTIL"
# The first session starts while the kiosk command still checks its files: this names the
# pipe on which it waits for the word to draw (kiosk.session.first_session.FirstSession).
GO_FD = "HARBOUR_GO_FD"
# And the pipe on which it says it is ready to draw: its own checks of the config, the data
# folder, the terminal and the helpline files have passed (the kiosk command makes the same
# checks, but they are what it needs no longer wait for before the session may draw).
READY_FD = "HARBOUR_READY_FD"

# Textual reads these when it is imported. The kiosk keeps only what a terminal host or
# textual-serve legitimately sets; devtools, logging to a file, screenshots, scripted key
# presses and "allow signals" are never honoured on a kiosk. PYTHON* start-up hooks could
# run code or open an interactive prompt inside a session, so they go too.
_KEPT_TEXTUAL_VARIABLES = frozenset({"TEXTUAL_DRIVER", "TEXTUAL_FPS", "TEXTUAL_COLOR_SYSTEM"})
_DROPPED_PYTHON_VARIABLES = frozenset(
    {"PYTHONSTARTUP", "PYTHONINSPECT", "PYTHONBREAKPOINT", "PYTHONDEVMODE", "PYTHONFAULTHANDLER"}
)


def _dropped(name: str) -> bool:
    if name.startswith("TEXTUAL"):
        return name not in _KEPT_TEXTUAL_VARIABLES
    return name in _DROPPED_PYTHON_VARIABLES


def python_start_hooks(environ: Mapping[str, str]) -> list[str]:
    """The ``PYTHON*`` start-up hooks set in ``environ``: an interpreter started with any of
    them is not one a session may run in (the first session is forked from the kiosk
    command's own interpreter only when there is none)."""
    return sorted(name for name in _DROPPED_PYTHON_VARIABLES if name in environ)


def scrubbed_environment(environ: Mapping[str, str]) -> dict[str, str]:
    return {name: value for name, value in environ.items() if not _dropped(name)}


def scrub_developer_environment(environ: MutableMapping[str, str]) -> list[str]:
    """Remove Textual's developer switches in place; returns the names removed."""
    removed = [name for name in list(environ) if _dropped(name)]
    for name in removed:
        del environ[name]
    return removed


def session_environment(environ: Mapping[str, str], hold_until: float | None) -> dict[str, str]:
    """A session's environment: ``environ`` scrubbed, marked as supervised, and with the
    neutral hold when the last session has just ended."""
    env = scrubbed_environment(environ)
    env[SUPERVISED] = "1"
    env.pop(NEUTRAL_HOLD_UNTIL, None)
    env.pop(GO_FD, None)
    env.pop(READY_FD, None)
    if hold_until is not None:
        env[NEUTRAL_HOLD_UNTIL] = repr(hold_until)
    return env
