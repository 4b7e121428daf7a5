"""Fixtures for the printing tests: a private cupsd with capture queues, and a small real PDF."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.printing.cupsd import PrivateCups, make_root, remove_root, require_cups_tools


@pytest.fixture(scope="session")
def cups_tools() -> dict[str, str]:
    return require_cups_tools()


@pytest.fixture
def make_private_cups(cups_tools: dict[str, str]) -> Iterator[Callable[..., PrivateCups]]:
    """Start private schedulers on demand; every one is stopped (SIGTERM) and removed after."""
    started: list[PrivateCups] = []

    def make(*, keep_history: bool = False) -> PrivateCups:
        cups = PrivateCups(make_root(), cups_tools, keep_history=keep_history)
        started.append(cups)
        cups.start()
        return cups

    yield make
    for cups in started:
        cups.stop()
        remove_root(cups.root)


@pytest.fixture
def private_cups(make_private_cups: Callable[..., PrivateCups]) -> PrivateCups:
    """A running private cupsd (PreserveJobFiles No, PreserveJobHistory No), no queues yet."""
    return make_private_cups()


@pytest.fixture(scope="session")
def test_pdf() -> bytes:
    """A one-page PDF with real text, made the way the kiosk makes its sheets."""
    from weasyprint import HTML

    pdf: bytes = HTML(string="<p>Harbour test page 0808 802 0300</p>").write_pdf()
    return pdf
