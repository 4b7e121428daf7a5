"""Larger text on the Linux console: the kiosk's own console font, drawn twice as big.

A terminal program cannot draw bigger letters; the Linux console can be given a bigger font
(what ``setfont`` does, through the KDFONTOP ioctl on the console). This module reads the
console's font, makes one with every glyph doubled in width and height, and puts it back
exactly as it was. The kernel then shows half the columns and half the rows, so the doubled
font is used only where the console keeps at least 80x24 with it. Only the console the fd is
on changes (a font is per virtual console); a process may change it only on its controlling
terminal, which the kiosk's console is (``StandardInput=tty`` in the service).

No Textual here: the supervisor puts the font back after every session too, so a session
killed with the big font on does not leave it for the next visitor (docs/ACCESSIBILITY.md).
"""

from __future__ import annotations

import ctypes
import fcntl
from dataclasses import dataclass

KDFONTOP = 0x4B72
KD_FONT_OP_SET = 0
KD_FONT_OP_GET = 1
# The kernel's font buffer: up to 512 glyphs, each 32 rows of up to 32 pixels (4 bytes).
MAX_GLYPHS = 512
ROWS_PER_GLYPH = 32
MAX_WIDTH = 32
MIN_COLUMNS, MIN_ROWS = 80, 24


class _FontOp(ctypes.Structure):
    _fields_ = (
        ("op", ctypes.c_uint),
        ("flags", ctypes.c_uint),
        ("width", ctypes.c_uint),
        ("height", ctypes.c_uint),
        ("charcount", ctypes.c_uint),
        ("data", ctypes.c_void_p),
    )


@dataclass(frozen=True)
class ConsoleFont:
    """A console font as the kernel hands it over: each glyph 32 rows of ``pitch`` bytes."""

    width: int
    height: int
    count: int
    data: bytes

    @property
    def pitch(self) -> int:
        return (self.width + 7) // 8

    def rows(self, glyph: int) -> list[int]:
        """The glyph's rows as integers, the leftmost pixel the highest bit of ``width``."""
        start = glyph * ROWS_PER_GLYPH * self.pitch
        rows = []
        for row in range(self.height):
            at = start + row * self.pitch
            value = int.from_bytes(self.data[at : at + self.pitch], "big")
            rows.append(value >> (self.pitch * 8 - self.width))
        return rows

    def doubled(self) -> ConsoleFont | None:
        """Every glyph twice as wide and twice as tall; None if the kernel could not take it."""
        width, height = self.width * 2, self.height * 2
        if width > MAX_WIDTH or height > ROWS_PER_GLYPH:
            return None
        pitch = (width + 7) // 8
        out = bytearray(self.count * ROWS_PER_GLYPH * pitch)
        for glyph in range(self.count):
            start = glyph * ROWS_PER_GLYPH * pitch
            for row, bits in enumerate(self.rows(glyph)):
                wide = _double_bits(bits, self.width) << (pitch * 8 - width)
                line = wide.to_bytes(pitch, "big")
                for copy in (2 * row, 2 * row + 1):
                    at = start + copy * pitch
                    out[at : at + pitch] = line
        return ConsoleFont(width, height, self.count, bytes(out))


def _double_bits(bits: int, width: int) -> int:
    doubled = 0
    for pixel in range(width):
        if bits >> pixel & 1:
            doubled |= 0b11 << (2 * pixel)
    return doubled


def read_font(fd: int) -> ConsoleFont | None:
    """The console's font, or None where ``fd`` is not a Linux console (a pty, a pipe)."""
    buffer = ctypes.create_string_buffer(MAX_GLYPHS * ROWS_PER_GLYPH * MAX_WIDTH // 8)
    op = _FontOp(KD_FONT_OP_GET, 0, MAX_WIDTH, ROWS_PER_GLYPH, MAX_GLYPHS, ctypes.addressof(buffer))
    try:
        fcntl.ioctl(fd, KDFONTOP, op)
    except OSError:
        return None
    size = op.charcount * ROWS_PER_GLYPH * ((op.width + 7) // 8)
    return ConsoleFont(op.width, op.height, op.charcount, buffer.raw[:size])


def set_font(fd: int, font: ConsoleFont) -> bool:
    """Give the console ``font``; False (and nothing changed) where it cannot be done."""
    buffer = ctypes.create_string_buffer(font.data, len(font.data))
    op = _FontOp(KD_FONT_OP_SET, 0, font.width, font.height, font.count, ctypes.addressof(buffer))
    try:
        fcntl.ioctl(fd, KDFONTOP, op)
    except OSError:
        return False
    return True


def fits_doubled(columns: int, rows: int) -> bool:
    """Whether the console still has 80x24 with glyphs twice the size."""
    return columns // 2 >= MIN_COLUMNS and rows // 2 >= MIN_ROWS


class KeptFont:
    """The console's font as the kiosk found it, put back after every session (the
    supervisor's): a session killed with the doubled font on cannot put it back itself."""

    def __init__(self, fd: int | None) -> None:
        self._fd = fd
        self._font = None if fd is None else read_font(fd)

    def restore(self) -> None:
        if self._fd is None or self._font is None:
            return
        if read_font(self._fd) != self._font:
            set_font(self._fd, self._font)
