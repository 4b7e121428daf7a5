"""The on-screen number pad is one widget that draws its twelve keys: a click on any cell of a
key types that key, a click between keys types nothing, a press on one key and a release on
another types nothing, a quick double click types the key twice, the key under the pointer is
shaded alone, a pad inside a disabled container is dimmed and types nothing, and no key takes
the focus."""

from __future__ import annotations

from rich.style import Style
from textual.events import Click, MouseUp
from textual.geometry import Offset
from textual.pilot import Pilot

from kiosk.ui.key_order import wait_until_settled
from kiosk.ui.widgets.pin_pad import DONE, ERASE, PinPad
from tests.ui.on_screen_keys import KeysAlone

KEYS = [*"1234567890", ERASE, DONE]


def _cells(pad: PinPad) -> list[Offset]:
    return [Offset(x, y) for y in range(pad.size.height) for x in range(pad.size.width)]


async def _click(pilot: Pilot[None], cell: Offset) -> list[str]:
    app = pilot.app
    assert isinstance(app, KeysAlone)
    app.posted.clear()
    assert await pilot.click(app.query_one(PinPad), offset=cell)
    await wait_until_settled(app)  # what the key posted has come up to the App
    return list(app.posted)


async def test_every_cell_of_every_key_types_it_and_the_cells_between_type_nothing() -> None:
    app = KeysAlone(PinPad())
    async with app.run_test(size=(30, 14)) as pilot:
        pad = app.query_one(PinPad)
        assert pad.size == (23, 12)
        for key in KEYS:
            cells = [cell for cell in _cells(pad) if pad.key_at(cell) == key]
            # A key is 7 cells wide and 3 lines tall, all of it in the key's region.
            assert len(cells) == 7 * 3, key
            assert set(cells) == {
                Offset(x, y)
                for x in range(pad.key_region(key).x, pad.key_region(key).right)
                for y in range(pad.key_region(key).y, pad.key_region(key).bottom)
            }
            assert pad.key_offset(key) in cells
            for cell in cells:  # every cell, the edges included
                assert await _click(pilot, cell) == [key], (key, cell)
        # The column of cells between the keys of each row types nothing.
        between = [cell for cell in _cells(pad) if pad.key_at(cell) is None]
        assert {cell.x for cell in between} == {7, 15}
        assert len(between) == 2 * 12
        for cell in between:
            assert await _click(pilot, cell) == [], cell


async def test_a_quick_double_click_on_0_types_two_zeros() -> None:
    app = KeysAlone(PinPad())
    async with app.run_test(size=(30, 14)) as pilot:
        pad = app.query_one(PinPad)
        assert await pilot.click(pad, offset=pad.key_offset("0"), times=2)
        await wait_until_settled(app)
        assert app.posted == ["0", "0"]


async def test_a_press_on_one_key_and_a_release_on_another_types_nothing() -> None:
    app = KeysAlone(PinPad())
    async with app.run_test(size=(30, 14)) as pilot:
        pad = app.query_one(PinPad)
        await pilot.mouse_down(pad, offset=pad.key_offset("1"))
        # The release and the click that follows it, on the next key: as a drag across.
        await pilot._post_mouse_events([MouseUp, Click], pad, offset=pad.key_offset("2"))
        await wait_until_settled(app)
        assert app.posted == []
        assert await _click(pilot, pad.key_offset("2")) == ["2"]


def _style(pad: PinPad, cell: Offset) -> Style:
    x = 0
    for segment in pad.render_line(cell.y):
        if x <= cell.x < x + len(segment.text):
            return segment.style or Style()
        x += len(segment.text)
    raise AssertionError(cell)


def _shaded(pad: PinPad) -> set[str]:
    """The keys drawn otherwise than the others (each key measured on its top edge, label and
    bottom edge): the one under the pointer."""

    def look(key: str) -> tuple[Style, ...]:
        middle = pad.key_offset(key)
        return tuple(_style(pad, Offset(middle.x, middle.y + dy)) for dy in (-1, 0, 1))

    looks = {key: look(key) for key in KEYS}
    usual = max(looks.values(), key=list(looks.values()).count)
    return {key for key, seen in looks.items() if _plain(seen) != _plain(usual)}


def _plain(looks: tuple[Style, ...]) -> tuple[object, ...]:
    return tuple((style.color, style.bgcolor) for style in looks)


async def test_the_key_under_the_pointer_is_shaded_alone() -> None:
    app = KeysAlone(PinPad())
    async with app.run_test(size=(30, 14)) as pilot:
        pad = app.query_one(PinPad)
        assert _shaded(pad) == set()
        for key in KEYS:
            region = pad.key_region(key)
            for corner in (region.offset, region.bottom_right - Offset(1, 1)):
                await pilot.hover(pad, offset=corner)
                assert _shaded(pad) == {key}, (key, corner)
        # Between keys, and off the pad, no key is shaded.
        await pilot.hover(pad, offset=Offset(7, 4))
        assert _shaded(pad) == set()
        await pilot.hover(pad, offset=pad.key_offset("5"))
        await pilot.hover(None, offset=(29, 13))
        assert _shaded(pad) == set()


async def test_a_disabled_container_dims_the_keys_and_they_type_nothing() -> None:
    app = KeysAlone(PinPad())
    async with app.run_test(size=(30, 14)) as pilot:
        pad = app.query_one(PinPad)
        bright = {key: _style(pad, pad.key_offset(key)).color for key in KEYS}
        await pilot.hover(pad, offset=pad.key_offset("5"))
        app.query_one("#around").disabled = True
        await pilot.pause()
        assert pad.is_disabled
        for key in KEYS:
            assert _style(pad, pad.key_offset(key)).color != bright[key], key
            assert await _click(pilot, pad.key_offset(key)) == [], key
        # Under the pointer, a disabled key is not shaded (it would not take a click).
        assert _shaded(pad) == set()
        app.query_one("#around").disabled = False
        await pilot.pause()
        assert {key: _style(pad, pad.key_offset(key)).color for key in KEYS} == bright
        assert await _click(pilot, pad.key_offset("5")) == ["5"]


async def test_a_key_shaded_when_the_pad_is_enabled_again_is_unshaded_when_the_pointer_leaves() -> (
    None
):
    app = KeysAlone(PinPad())
    async with app.run_test(size=(30, 14)) as pilot:
        pad = app.query_one(PinPad)
        app.query_one("#around").disabled = True
        await pilot.hover(pad, offset=pad.key_offset("5"))
        app.query_one("#around").disabled = False
        await pilot.pause()
        assert _shaded(pad) == {"5"}  # drawn on the repaint, not by the pointer
        await pilot.hover(None, offset=(29, 13))
        await pilot.pause()
        lines = [pad.render_line(y) for y in range(pad.size.height)]
        shown = app.screen._compositor.render_strips()[: pad.size.height]
        assert [line.text for line in lines] == [strip.text[:23] for strip in shown]
        assert [list(line) for line in lines] == [list(strip.crop(0, 23)) for strip in shown]


async def test_the_keys_never_take_the_focus() -> None:
    app = KeysAlone(PinPad())
    async with app.run_test(size=(30, 14)) as pilot:
        pad = app.query_one(PinPad)
        for key in KEYS:
            await pilot.click(pad, offset=pad.key_offset(key))
            assert app.focused is None
        assert not pad.focusable
        assert pad not in app.screen.focus_chain
