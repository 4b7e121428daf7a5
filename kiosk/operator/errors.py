"""What every operator command shares: one-line errors and the exit codes they leave with."""

from __future__ import annotations

EXIT_REFUSED = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """A one-line message for the operator, with the exit code to leave with."""

    def __init__(self, message: str, code: int = EXIT_REFUSED) -> None:
        super().__init__(message)
        self.code = code
