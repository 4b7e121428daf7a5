"""Reading the diary: the list, its filter and search, one entry, the summary and the check of
the record, by keyboard alone and by mouse alone, against a real vault."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from textual.widgets import Input, SelectionList, Static

from kiosk.diary.model import Behaviour
from kiosk.diary.repository import DiaryFilter, DiaryRepository, EntrySummary
from kiosk.ui.app import KioskApp, NeutralScreen
from kiosk.ui.screens.diary.diary_list import DiaryFilterDialog, DiaryScreen, SearchKeysDialog
from kiosk.ui.screens.diary.entry_lines import EntryLines
from kiosk.ui.screens.diary.entry_view import EntryViewScreen
from kiosk.ui.screens.diary.summary import SummaryScreen
from kiosk.ui.screens.diary.verify import VerifyScreen
from kiosk.ui.screens.vault.home import VaultHomeScreen
from kiosk.ui.vault_io import DiaryListLoaded
from kiosk.vault.service import VaultService
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.diary_read_fixtures import (
    MARKUP,
    amend_and_withdraw,
    content,
    screen_text,
    seed,
    shown,
    to_diary,
)
from tests.ui.helpers import fill, open_vault, settle, until
from tests.ui.on_screen_keys import click_key, click_keys
from tests.ui.test_diary_read_snapshots import SCREENS

pytestmark = pytest.mark.usefixtures("buttons_take_every_press")


async def tab_to(pilot: object, widget_id: str, *, back: bool = False) -> None:
    """Move the focus with Tab (or Shift+Tab) alone until ``widget_id`` has it."""
    app = pilot.app  # type: ignore[attr-defined]
    for _ in range(30):
        if app.focused is not None and app.focused.id == widget_id:
            return
        await pilot.press("shift+tab" if back else "tab")  # type: ignore[attr-defined]
    raise AssertionError(f"Tab never reached #{widget_id}")


def numbers(app: KioskApp) -> list[int]:
    screen = app.screen
    assert isinstance(screen, DiaryScreen)
    return [entry.number for entry in screen.entries]


async def test_by_keyboard_alone(kiosk: Kiosk) -> None:
    seed(kiosk)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        assert isinstance(app.screen, VaultHomeScreen)
        await tab_to(pilot, "diary")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DiaryScreen)
        assert numbers(app) == [1, 2, 3, 4, 5]  # in the order things happened
        # Filter: the first type of behaviour (following or watching), by Space, then Show.
        await tab_to(pilot, "diary-filter")
        await pilot.press("enter")
        assert isinstance(app.screen, DiaryFilterDialog)
        assert isinstance(app.focused, SelectionList)
        await pilot.press("space")
        await tab_to(pilot, "filter-apply")
        await pilot.press("enter")
        await settle(pilot)
        assert numbers(app) == [2, 4]
        status = shown(app.screen.query_one("#diary-status", Static))
        assert "2 entries" in status and "Following or watching" in status
        # A date range on top of it.
        await tab_to(pilot, "diary-filter")
        await pilot.press("enter")
        await tab_to(pilot, "filter-start")
        await fill(pilot, "2026-08-01")
        await pilot.press("enter")
        await settle(pilot)
        assert numbers(app) == [4]
        await tab_to(pilot, "diary-filter")
        await pilot.press("enter")
        await tab_to(pilot, "filter-clear")
        await pilot.press("enter")
        await settle(pilot)
        assert numbers(app) == [1, 2, 3, 4, 5]
        # Search, then open what it found with Enter.
        await tab_to(pilot, "diary-search")
        await fill(pilot, "station")
        await pilot.press("enter")
        await settle(pilot)
        assert numbers(app) == [2]
        assert isinstance(app.focused, EntryLines)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryViewScreen) and app.screen.number == 2
        assert "He followed me from the station" in screen_text(app)
        await tab_to(pilot, "entry-back")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DiaryScreen)
        assert numbers(app) == [2]  # the search is kept on the way back
        # Arrow keys move through the list.
        await tab_to(pilot, "diary-search", back=True)
        app.screen.query_one("#diary-search", Input).value = ""
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryViewScreen) and app.screen.number == 3
        await tab_to(pilot, "entry-back")
        await pilot.press("enter")
        await settle(pilot)
        await tab_to(pilot, "list-summary")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.summary is not None and app.screen.summary.entries == 5
        await tab_to(pilot, "summary-back")
        await pilot.press("enter")
        await tab_to(pilot, "list-verify")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, VerifyScreen)
        assert "Your record is intact: 5 records" in screen_text(app)


async def test_by_mouse_alone(kiosk: Kiosk) -> None:
    seed(kiosk)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_diary(pilot)
        assert isinstance(app.screen, DiaryScreen)
        assert numbers(app) == [1, 2, 3, 4, 5]
        await pilot.click("#diary-filter")
        assert isinstance(app.screen, DiaryFilterDialog)
        await pilot.click("#filter-behaviours", offset=(6, 1))  # following or watching
        await pilot.click("#filter-apply")
        await settle(pilot)
        assert numbers(app) == [2, 4]
        await pilot.click("#diary-filter")
        await pilot.click("#filter-clear")
        await settle(pilot)
        # Search on the on-screen keys.
        await pilot.click("#diary-keys")
        assert isinstance(app.screen, SearchKeysDialog)
        await click_keys(pilot, "letter")
        await click_key(pilot, "done")
        await settle(pilot)
        assert isinstance(app.screen, DiaryScreen)
        assert numbers(app) == [5]
        # A click on an entry's line opens it.
        await pilot.click("#diary-lines", offset=(10, 2))
        await settle(pilot)
        assert isinstance(app.screen, EntryViewScreen) and app.screen.number == 5
        await pilot.click("#entry-back")
        await settle(pilot)
        await pilot.click("#list-summary")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert "5 entries" in screen_text(app)
        await pilot.click("#summary-back")
        await settle(pilot)
        assert isinstance(app.screen, DiaryScreen)


async def test_what_she_wrote_is_shown_literally(kiosk: Kiosk) -> None:
    seed(kiosk, (content(MARKUP + "\nsecond line", dt.date(2026, 9, 1), where=MARKUP),))
    app = kiosk.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await to_diary(pilot)
        text = screen_text(app)
        assert "[bold]not bold[/bold]" in text  # brackets kept, not read as markup
        assert "\\x1b[31mred\\x1b[0m" in text  # escapes shown, never sent to the terminal
        assert "\x1b" not in text
        await pilot.press("tab")
        await pilot.click("#diary-read")
        await settle(pilot)
        body = shown(app.screen.query_one("#diary-entry-body", Static))
        assert MARKUP.replace("\x1b", "\\x1b") + "\nsecond line" in body
        assert "[link=x]y[/link]" in screen_text(app)


async def test_search_finds_nothing_calmly(kiosk: Kiosk) -> None:
    seed(kiosk)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_diary(pilot)
        await pilot.click("#diary-search")
        await fill(pilot, "umbrella")
        # While she types, the search runs by itself once she pauses.
        await until(pilot, lambda: not numbers(app))
        await settle(pilot)
        text = screen_text(app)
        assert "Nothing found" in text
        assert "0 entries found for “umbrella”" in text


async def test_an_answer_to_an_older_search_is_not_shown(kiosk: Kiosk) -> None:
    seed(kiosk)
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        late = DiaryRepository(vault).search("station")
    assert [entry.number for entry in late] == [2]
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_diary(pilot)
        screen = app.screen
        assert isinstance(screen, DiaryScreen)
        screen.query_one("#diary-search", Input).value = "letter"
        screen.search_now()
        await settle(pilot)
        assert numbers(app) == [5]
        # The answer to "station", asked before "letter", arrives late.
        screen.post_message(DiaryListLoaded(late, "station", DiaryFilter()))
        await settle(pilot)
        assert numbers(app) == [5]


async def test_amended_and_withdrawn_entries(kiosk: Kiosk) -> None:
    seed(kiosk)
    amend_and_withdraw(kiosk)
    app = kiosk.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await to_diary(pilot)
        text = screen_text(app)
        assert "amended" in text and "withdrawn" in text
        assert "I know where you are" not in text  # withdrawn: its words are gone
        await pilot.click("#diary-lines", offset=(10, 1))  # entry 1
        await settle(pilot)
        assert isinstance(app.screen, EntryViewScreen) and app.screen.number == 1
        body = shown(app.screen.query_one("#diary-entry-body", Static))
        original = body.index("He was waiting outside the house")
        amendment = body.index("Amendment 1, recorded 2026-09-22 10:00")
        assert original < amendment  # the original stays, the amendment below it
        assert "Reason: I remembered the time" in body
        assert "It was nearer 22:00." in body
        assert "Recorded 2026-09-21 10:00" in body
        assert "When it happened: 2026-06-03 at 21:30" in body
        assert "CAD 4411/03JUN" in body
        await pilot.click("#entry-back")
        await settle(pilot)
        await pilot.click("#diary-lines", offset=(10, 5))  # entry 3, withdrawn
        await settle(pilot)
        assert isinstance(app.screen, EntryViewScreen) and app.screen.number == 3
        body = shown(app.screen.query_one("#diary-entry-body", Static))
        assert "Withdrawn on 2026-09-23 10:00 (Wrong day)" in body
        assert "I know where you are" not in body and "My phone" not in body
        assert app.screen.query_one("#entry-amend").disabled


async def test_related_entries_are_links(kiosk: Kiosk) -> None:
    seed(kiosk)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_diary(pilot)
        await pilot.click("#diary-lines", offset=(10, 7))  # entry 4, related to 2
        await settle(pilot)
        assert isinstance(app.screen, EntryViewScreen) and app.screen.number == 4
        app.screen.query_one("#related-2").scroll_visible(animate=False)
        await pilot.click("#related-2")
        await settle(pilot)
        assert isinstance(app.screen, EntryViewScreen) and app.screen.number == 2


async def test_summary_counts_and_never_scores(kiosk: Kiosk) -> None:
    seed(kiosk)
    app = kiosk.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await to_diary(pilot)
        await pilot.click("#list-summary")
        await settle(pilot)
        text = screen_text(app)
        assert "5 entries. First incident 2026-06-03; latest 2026-09-12." in text
        assert "Following or watching" in text and "CAD 4411/03JUN" in text
        assert "2026-06" in text and "2026-09" in text
        assert "█" in text
        lowered = text.lower()
        assert "score" not in lowered and "risk" not in lowered and "court-ready" not in lowered
        caveat = shown(app.screen.query_one("#summary-caveat", Static))
        assert "nobody can promise a court will accept it" in caveat


async def test_an_empty_diary_says_how_to_begin(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_diary(pilot)
        text = screen_text(app)
        assert "Your diary has no entries yet." in text
        assert app.screen.query_one("#diary-read").disabled
        assert app.screen.query_one("#list-import").display
        assert not app.screen.query_one("#list-summary").display


async def test_a_filter_with_a_bad_date_says_so_and_changes_nothing(kiosk: Kiosk) -> None:
    seed(kiosk)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_diary(pilot)
        await pilot.click("#diary-filter")
        await pilot.click("#filter-start")
        await fill(pilot, "31/12/2026")
        await pilot.click("#filter-apply")
        assert isinstance(app.screen, DiaryFilterDialog)
        assert "year-month-day" in screen_text(app)
        await pilot.click("#filter-cancel")
        await settle(pilot)
        assert numbers(app) == [1, 2, 3, 4, 5]


async def test_home_has_the_diary(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        home = app.screen
        assert isinstance(home, VaultHomeScreen)
        # Everything on the vault's home is on an 80x24 screen: nothing scrolled away.
        assert home.query_one("#leave").region.bottom <= 24
        await pilot.click("#diary")
        await settle(pilot)
        assert isinstance(app.screen, DiaryScreen)
        await pilot.click("#diary-back")
        assert isinstance(app.screen, VaultHomeScreen)


def test_behaviours_filter_keeps_any_of_those_ticked() -> None:
    from kiosk.ui.screens.diary.diary_list import describe_filter

    where = DiaryFilter(
        behaviours=frozenset({Behaviour.THREATS, Behaviour.FOLLOWING}),
        start=dt.date(2026, 1, 1),
    )
    # Any of them: joined as CLDR joins an English "or" list.
    assert describe_filter(where) == "Following or watching or Threats; from 2026-01-01"


async def test_ten_thousand_entries_draw_only_the_lines_on_screen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The list holds summaries only and draws just the lines in view: moving to the end of
    10,000 entries builds a screenful of lines, not 20,000."""
    from textual.app import App, ComposeResult

    from kiosk.diary.repository import EntrySummary
    from kiosk.ui.screens.diary import entry_lines

    built: list[int] = []
    real_rows = entry_lines.entry_rows

    def counted(entry: EntrySummary, width: int) -> tuple[object, object]:
        built.append(entry.number)
        return real_rows(entry, width)

    monkeypatch.setattr(entry_lines, "entry_rows", counted)
    recorded = dt.datetime(2026, 9, 21, 10, 0, tzinfo=dt.UTC)
    summaries = [
        EntrySummary(
            number=n,
            recorded=recorded,
            happened=dt.date(2000, 1, 1) + dt.timedelta(days=n),
            approximate=False,
            where=f"Place {n}",
            first_line=f"What happened, number {n}",
            behaviours=(Behaviour.FOLLOWING,),
            amendments=0,
            withdrawn=False,
        )
        for n in range(1, 10_001)
    ]

    class ListApp(App[None]):
        def compose(self) -> ComposeResult:
            yield EntryLines(id="lines")

    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        lines = app.query_one(EntryLines)
        lines.show(summaries)
        lines.focus()
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        assert lines.cursor == 9_999 and lines.current is not None
        assert lines.current.number == 10_000
        assert lines.scroll_offset.y == lines.max_scroll_y > 0
        assert "Place 10000" in "\n".join(
            strip.text for strip in app.screen._compositor.render_strips()
        )
        assert 0 < len(built) < 200
        await pilot.press("pageup", "up")
        await pilot.pause()
        assert lines.cursor < 9_999 - 5


@pytest.mark.parametrize("journey", list(SCREENS))
async def test_quick_exit_from_every_diary_screen(kiosk: Kiosk, journey: str) -> None:
    """F12 on any of the diary's screens: the neutral screen at once, every diary screen torn
    down, the vault closed, none of her words left on the screen."""
    seed(kiosk)
    amend_and_withdraw(kiosk)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await SCREENS[journey](pilot)
        assert len(app.screen_stack) > 2  # a diary screen (and perhaps a dialog) on show
        before = list(app.screen_stack[1:])
        vault = app.vault
        await pilot.press("f12")
        assert isinstance(app.screen, NeutralScreen)
        await settle(pilot)
        assert all(not screen.is_attached for screen in before)
        assert vault is not None and vault.closed
        assert app.vault is None
        text = screen_text(app)
        assert "Outside my house" not in text and "diary" not in text.lower()


async def test_a_search_overtaken_while_it_runs_is_never_shown(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """She types on while a slow search runs: the next search starts at once (the screen
    never waits), the first is cancelled and its answer is never posted."""
    seed(kiosk)
    entered, release, returned = threading.Event(), threading.Event(), threading.Event()
    search = DiaryRepository.search

    def slow_for_station(
        self: DiaryRepository, query: str, where: DiaryFilter
    ) -> list[EntrySummary]:
        if query != "station":
            return search(self, query, where)
        entered.set()
        release.wait(30)
        try:
            return search(self, query, where)
        finally:
            returned.set()

    monkeypatch.setattr(DiaryRepository, "search", slow_for_station)
    answers: list[str] = []

    def hook(message: object) -> None:
        if isinstance(message, DiaryListLoaded):
            answers.append(message.query)

    app = kiosk.app()
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await to_diary(pilot)
        screen = app.screen
        assert isinstance(screen, DiaryScreen)
        field = screen.query_one("#diary-search", Input)
        field.value = "station"
        screen.search_now()
        await until(pilot, entered.is_set)  # the slow search is under way in its thread
        field.value = "letter"
        screen.search_now()
        await until(pilot, lambda: "letter" in answers)  # not held up by the slow one
        assert numbers(app) == [5]
        release.set()
        await until(pilot, returned.is_set)
        # The cancelled worker is no longer "running"; give its thread the moment it needs to
        # decide not to post (or, were it not cancelled, to post) before looking.
        await pilot.pause(0.3)
        await settle(pilot)
        assert "station" not in answers
        assert numbers(app) == [5]


async def test_no_diary_read_runs_on_the_ui_thread(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.ui.test_vault_io import record_vault_threads

    seed(kiosk)
    threads = record_vault_threads(monkeypatch)
    ui_thread = threading.get_ident()
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_diary(pilot)
        await pilot.click("#diary-search")
        await fill(pilot, "station")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # the entry found
        await settle(pilot)
        await pilot.click("#entry-back")
        await pilot.click("#list-summary")
        await settle(pilot)
        await pilot.click("#summary-back")
        await pilot.click("#list-verify")
        await settle(pilot)
        assert isinstance(app.screen, VerifyScreen) and app.screen.verification is not None
    assert threads and ui_thread not in threads


async def test_a_new_entry_and_an_amendment_from_the_list_by_mouse(kiosk: Kiosk) -> None:
    """The list's New entry opens the form; the saved entry is on the list when it comes
    back; Amend on the entry adds an amendment shown below the original."""
    from kiosk.ui.screens.diary.amend import AmendDialog
    from kiosk.ui.screens.diary.entry_form import EntryFormScreen
    from tests.ui.diary_form_steps import click, mouse_through_every_step

    seed(kiosk)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_diary(pilot)
        await pilot.click("#diary-new")
        await settle(pilot)
        assert isinstance(app.screen, EntryFormScreen)
        await mouse_through_every_step(pilot)
        await click(pilot, "#d-next")  # Check and save: save
        await settle(pilot)
        assert isinstance(app.screen, DiaryScreen)
        assert numbers(app) == [1, 2, 3, 4, 5, 6]  # it happened on 20 September, the latest
        app.screen.query_one(EntryLines).focus()
        await pilot.pause()
        await pilot.press("end", "enter")  # the latest
        await settle(pilot)
        assert isinstance(app.screen, EntryViewScreen) and app.screen.number == 6
        await pilot.click("#entry-amend")
        assert isinstance(app.screen, AmendDialog)
        await pilot.click("#a-reason")
        await fill(pilot, "I remembered more")
        await pilot.click("#a-text")
        await fill(pilot, "He had a red car.")
        await pilot.click("#a-save")
        await settle(pilot)
        assert isinstance(app.screen, EntryViewScreen)
        body = shown(app.screen.query_one("#diary-entry-body", Static))
        assert body.index("he waited") < body.index("Reason: I remembered more")
        assert "He had a red car." in body


async def test_a_pasted_line_longer_than_the_search_takes_is_cut_to_fit_not_dropped(
    kiosk: Kiosk,
) -> None:
    """A 5,000-character line pasted into the search field (it takes 200) left it empty and
    said nothing; the start of the line is kept, as much as the field takes."""
    from textual import events

    from kiosk.ui.screens.diary.diary_list import MAX_QUERY_CHARACTERS

    seed(kiosk)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_diary(pilot)
        await pilot.click("#diary-search")
        line = "letter " * 800
        app.post_message(events.Paste(line))
        await settle(pilot)
        field = app.screen.query_one("#diary-search", Input)
        assert field.value == line[:MAX_QUERY_CHARACTERS]


def test_an_entrys_types_of_behaviour_read_as_the_review_and_the_paper_write_them() -> None:
    """Each label apart, as on the review and the printed record: "Calls, texts, messages and
    Social media" ran two labels together (the first has commas of its own)."""
    from kiosk.diary.repository import DiaryEntry
    from kiosk.ui.screens.diary.entry_view import entry_text
    from tests.ui.diary_read_fixtures import RECORDED, content

    shown = entry_text(
        DiaryEntry(
            number=1,
            seq=1,
            recorded=RECORDED,
            content=content(
                "A message and a post.",
                dt.date(2026, 8, 2),
                behaviours=(Behaviour.CALLS_MESSAGES, Behaviour.SOCIAL_MEDIA),
            ),
            digest="0" * 64,
            amendments=(),
            withdrawal=None,
        )
    ).plain
    assert "Calls, texts, messages; Social media" in shown
