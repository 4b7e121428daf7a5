"""The trace scans reuse the end-to-end tests' site and terminal fixtures."""

from tests.e2e.conftest import (  # noqa: F401 (fixtures)
    kiosk_command,
    site,
    site_template,
    tmux,
    tmux_binary,
)
