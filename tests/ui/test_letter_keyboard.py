"""The on-screen letter keyboard is one widget that draws its keys: a click on any cell of a key
types that key (on every page of the staff's full keyboard too), a click between keys types
nothing, the key under the pointer is shaded, and a disabled keyboard (or one inside a
disabled container) is dimmed and types nothing."""

from __future__ import annotations

from rich.style import Style
from textual.geometry import Offset
from textual.pilot import Pilot

from kiosk.ui.key_order import wait_until_settled
from kiosk.ui.widgets.keyboard import (
    CAPITAL_KEYS,
    DONE,
    ERASE,
    KEYS,
    PAGES,
    SIGN_KEYS,
    FullKeyboard,
    LetterKeyboard,
)
from tests.ui.on_screen_keys import KeysAlone

PAGE_KEYS = {"letters": KEYS, "capitals": CAPITAL_KEYS, "signs": SIGN_KEYS}


def _board(app: KeysAlone) -> LetterKeyboard:
    return app.query_one(FullKeyboard).shown


def _cells(board: LetterKeyboard) -> list[Offset]:
    return [Offset(x, y) for y in range(board.size.height) for x in range(board.size.width)]


def _key_cells(board: LetterKeyboard, key: str) -> list[Offset]:
    return [cell for cell in _cells(board) if board.key_at(cell) == key]


async def _click(pilot: Pilot[None], board: LetterKeyboard, cell: Offset) -> list[str]:
    app = pilot.app
    assert isinstance(app, KeysAlone)
    app.posted.clear()
    assert await pilot.click(board, offset=cell)
    await wait_until_settled(app)  # what the key posted has come up to the App
    return list(app.posted)


async def test_every_cell_of_every_key_types_it_and_the_cells_between_type_nothing() -> None:
    app = KeysAlone(FullKeyboard())
    async with app.run_test(size=(40, 16)) as pilot:
        for page, keys in PAGE_KEYS.items():
            app.query_one(FullKeyboard).show_page(page)
            await pilot.pause()
            board = _board(app)
            assert board.size == (27, 11)
            for key in [*keys, ERASE, DONE]:
                cells = _key_cells(board, key)
                # A key is 3 cells wide on one line; OK spans three keys and the two gaps.
                assert len(cells) == (11 if key == DONE else 3), (page, key)
                assert len({cell.y for cell in cells}) == 1
                assert board.key_offset(key) in cells
                for cell in (cells[0], cells[-1]):  # both edges
                    assert await _click(pilot, board, cell) == [key], (page, key, cell)
            # Between the keys (and in a shorter page's gaps) nothing is typed: clicked are the
            # cells between the keys of each row, a line between rows, and the gaps.
            between = [cell for cell in _cells(board) if board.key_at(cell) is None]
            assert len(between) == 27 * 11 - 3 * (len(keys) + 1) - 11
            in_rows = [cell for cell in between if cell.y % 2 == 0]
            a_line = [cell for cell in between if cell.y == 5]
            for cell in in_rows + a_line if page != "capitals" else in_rows[::3]:
                assert await _click(pilot, board, cell) == [], (page, cell)


async def test_a_quick_double_click_types_the_key_twice() -> None:
    app = KeysAlone(FullKeyboard())
    async with app.run_test(size=(40, 16)) as pilot:
        board = _board(app)
        assert await pilot.click(board, offset=board.key_offset("0"), times=2)
        await wait_until_settled(app)
        assert app.posted == ["0", "0"]


async def test_a_press_on_one_key_and_a_release_on_another_types_nothing() -> None:
    from textual.events import Click, MouseUp

    app = KeysAlone(FullKeyboard())
    async with app.run_test(size=(40, 16)) as pilot:
        board = _board(app)
        await pilot.mouse_down(board, offset=board.key_offset("a"))
        # The release and the click that follows it, on the next key: as a drag across.
        await pilot._post_mouse_events([MouseUp, Click], board, offset=board.key_offset("b"))
        await wait_until_settled(app)
        assert app.posted == []
        assert await _click(pilot, board, board.key_offset("b")) == ["b"]


def _background(board: LetterKeyboard, cell: Offset) -> Style:
    x = 0
    for segment in board.render_line(cell.y):
        if x <= cell.x < x + len(segment.text):
            return Style(bgcolor=segment.style.bgcolor if segment.style else None)
        x += len(segment.text)
    raise AssertionError(cell)


def _differs(board: LetterKeyboard, key: str) -> bool:
    return _background(board, board.key_offset(key)) != _background(board, board.key_offset("z"))


async def test_the_key_under_the_pointer_is_shaded_alone() -> None:
    app = KeysAlone(FullKeyboard())
    async with app.run_test(size=(40, 16)) as pilot:
        board = _board(app)
        keys = [*KEYS.replace("z", ""), ERASE]  # "z" is the unshaded key each is measured by
        assert not {k for k in keys if _differs(board, k)}
        for key in keys:
            await pilot.hover(board, offset=board.key_offset(key))
            assert {k for k in keys if _differs(board, k)} == {key}, key
        # Between keys, and off the keyboard, no key is shaded.
        await pilot.hover(board, offset=Offset(3, 0))
        assert not {k for k in keys if _differs(board, k)}
        await pilot.hover(board, offset=board.key_offset("b"))
        await pilot.hover(None, offset=(39, 15))
        assert not {k for k in keys if _differs(board, k)}


async def test_ok_keeps_its_colour_under_the_pointer_on_every_page() -> None:
    app = KeysAlone(FullKeyboard())
    async with app.run_test(size=(40, 16)) as pilot:
        for page in PAGES:
            app.query_one(FullKeyboard).show_page(page)
            await pilot.pause()
            board = _board(app)
            ok = _background(board, board.key_offset(DONE))
            assert ok != _background(board, board.key_offset(ERASE))
            await pilot.hover(board, offset=board.key_offset(DONE))
            assert _background(board, board.key_offset(DONE)) == ok, page
            await pilot.hover(None, offset=(39, 15))


def _foreground(board: LetterKeyboard, key: str) -> object:
    cell = board.key_offset(key)
    x = 0
    for segment in board.render_line(cell.y):
        if x <= cell.x < x + len(segment.text):
            return segment.style.color if segment.style else None
        x += len(segment.text)
    raise AssertionError(key)


async def test_a_disabled_container_dims_the_keys_and_they_type_nothing() -> None:
    app = KeysAlone(FullKeyboard())
    async with app.run_test(size=(40, 16)) as pilot:
        board = _board(app)
        bright = {key: _foreground(board, key) for key in ("a", ERASE, DONE)}
        await pilot.hover(board, offset=board.key_offset("a"))
        app.query_one("#around").disabled = True
        await pilot.pause()
        assert board.is_disabled
        for key in ("a", ERASE, DONE):
            assert _foreground(board, key) != bright[key], key
            assert await _click(pilot, board, board.key_offset(key)) == [], key
        # Under the pointer, a disabled key is not shaded (it would not take a click).
        assert not _differs(board, "a")
        app.query_one("#around").disabled = False
        await pilot.pause()
        assert {key: _foreground(board, key) for key in bright} == bright
        assert await _click(pilot, board, board.key_offset("a")) == ["a"]


async def test_the_keys_never_take_the_focus() -> None:
    app = KeysAlone(FullKeyboard())
    async with app.run_test(size=(40, 16)) as pilot:
        await pilot.click(_board(app), offset=_board(app).key_offset("a"))
        assert app.focused is None or not isinstance(app.focused, LetterKeyboard)
        assert not any(isinstance(widget, LetterKeyboard) for widget in app.screen.focus_chain)


async def test_a_key_shaded_when_enabled_again_is_unshaded_when_the_pointer_leaves() -> None:
    app = KeysAlone(FullKeyboard())
    async with app.run_test(size=(40, 16)) as pilot:
        board = _board(app)
        app.query_one("#around").disabled = True
        await pilot.hover(board, offset=board.key_offset("a"))
        app.query_one("#around").disabled = False
        await pilot.pause()
        assert _differs(board, "a")  # drawn on the repaint, not by the pointer
        await pilot.hover(None, offset=(39, 15))
        await pilot.pause()
        # What is on screen is what the keyboard draws now: no key left shaded.
        drawn = [list(board.render_line(y)) for y in range(board.size.height)]
        region = board.region
        shown = app.screen._compositor.render_strips()[region.y : region.bottom]
        assert drawn == [list(strip.crop(region.x, region.right)) for strip in shown]
