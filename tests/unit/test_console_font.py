"""Larger text on the Linux console (kiosk/session/console_font.py): the doubled font is the
console's own, each pixel drawn as two by two; anywhere that is not the Linux console, nothing
is read, set or left changed."""

from __future__ import annotations

import os
import pty

from kiosk.session.console_font import (
    ROWS_PER_GLYPH,
    ConsoleFont,
    KeptFont,
    fits_doubled,
    read_font,
    set_font,
)


def font_8x16(glyphs: list[list[int]]) -> ConsoleFont:
    """An 8x16 font laid out as the kernel hands it over: 32 rows a glyph, 16 of them used."""
    data = bytearray()
    for rows in glyphs:
        padded = rows + [0] * (ROWS_PER_GLYPH - len(rows))
        data += bytes(padded)
    return ConsoleFont(8, 16, len(glyphs), bytes(data))


def test_each_pixel_becomes_two_by_two() -> None:
    slash = [0b00000001 << (n % 8) for n in range(16)]
    box = [0xFF] + [0x81] * 14 + [0xFF]
    font = font_8x16([slash, box])
    doubled = font.doubled()
    assert doubled is not None
    assert (doubled.width, doubled.height, doubled.count) == (16, 32, 2)
    assert len(doubled.data) == 2 * ROWS_PER_GLYPH * 2  # two bytes a row now
    for glyph, rows in enumerate((slash, box)):
        big = doubled.rows(glyph)
        for row, bits in enumerate(rows):
            wide = int("".join(c * 2 for c in f"{bits:08b}"), 2)
            assert big[2 * row] == big[2 * row + 1] == wide


def test_a_font_too_big_to_double_is_left_alone() -> None:
    tall = ConsoleFont(8, 17, 1, bytes(ROWS_PER_GLYPH))
    wide = ConsoleFont(17, 16, 1, bytes(ROWS_PER_GLYPH * 3))
    assert tall.doubled() is None and wide.doubled() is None


def test_the_doubled_font_is_used_only_where_80x24_still_fits() -> None:
    assert fits_doubled(240, 67)  # 1920x1080 with 8x16: 120x33 doubled
    assert fits_doubled(160, 48)
    assert not fits_doubled(128, 48)  # 1024x768: 64x24 doubled, too narrow
    assert not fits_doubled(160, 47)


def test_a_terminal_that_is_not_the_linux_console_is_never_touched() -> None:
    leader, follower = pty.openpty()
    try:
        assert read_font(follower) is None
        assert not set_font(follower, font_8x16([[0] * 16]))
        kept = KeptFont(follower)
        kept.restore()  # nothing read, nothing to put back, no error
        KeptFont(None).restore()
    finally:
        os.close(leader)
        os.close(follower)
