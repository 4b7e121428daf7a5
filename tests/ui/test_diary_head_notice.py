"""After unlocking a vault that an older copy of itself has replaced, she is told plainly, on a
screen she acknowledges, and her vault is open underneath. The real App, real vault files."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Button, Static

from kiosk.diary.mirror import DiaryWriter, check_at_opening
from kiosk.ui.screens.common.intro import QuickExitIntroScreen
from kiosk.ui.screens.vault.diary_head import DiaryHeadNoticeScreen
from kiosk.ui.screens.vault.home import VaultHomeScreen
from kiosk.vault.service import VaultService
from kiosk.vault.storage.flags import Flag, FlagsRepository
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.helpers import settle, unlock
from tests.unit.diary_fixtures import content, later


def rolled_back(kiosk: Kiosk, tmp_path: Path) -> None:
    """Two diary entries, a copy of the vault file, a third entry, then the copy put back."""
    gatekeeper = kiosk.gatekeeper
    with VaultService(gatekeeper).open(NAME, PIN) as vault:
        check_at_opening(vault, gatekeeper)
        FlagsRepository(vault).set(Flag.QUICK_EXIT_EXPLAINED)
        writer = DiaryWriter(vault, gatekeeper)
        writer.add(content("First"), recorded=later(1))
        writer.add(content("Second"), recorded=later(2))
        vault_dir = kiosk.config.data_path() / "vaults" / vault.vault_id
    shutil.copy2(vault_dir / "vault.db", tmp_path / "older.db")
    with VaultService(gatekeeper).open(NAME, PIN) as vault:
        DiaryWriter(vault, gatekeeper).add(content("Third"), recorded=later(3))
    shutil.copy2(tmp_path / "older.db", vault_dir / "vault.db")


def words(app: object) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    return " ".join(str(s.render()) for s in screen.query(Static))


async def test_an_older_copy_is_told_after_unlocking_and_acknowledged(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    rolled_back(kiosk, tmp_path)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, DiaryHeadNoticeScreen)
        assert app.vault is not None  # open underneath: she needs her record
        said = words(app)
        assert "may not be the latest copy" in said and "talk to staff" in said
        button = app.screen.query_one("#understood", Button)
        assert app.focused is button
        # It fits 80x24: the button is on the screen, not scrolled away.
        assert button.region.bottom <= 24 and button.region.width > 0
        await pilot.click("#understood")
        await settle(pilot)
        assert isinstance(app.screen, VaultHomeScreen)
        app.end_session("leave")
        await pilot.pause()
    # Told again at the next opening: the kiosk's copy of the head was not moved back.
    again = kiosk.app()
    async with again.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert isinstance(again.screen, DiaryHeadNoticeScreen)
        await pilot.press("enter")
        assert isinstance(again.screen, VaultHomeScreen)
        again.end_session("leave")
        await pilot.pause()


async def test_a_vault_whose_diary_agrees_shows_no_notice(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, QuickExitIntroScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, VaultHomeScreen)
        app.end_session("leave")
        await pilot.pause()
