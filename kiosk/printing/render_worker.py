"""What a renderer process does with its one request: decode it, lay it out, return the PDF.

It runs in a process forked by the render server (``render_server``), never in the session.
Nothing is written to disk. The exit status says what went wrong, for ``renderer.py`` to put
into words.
"""

from __future__ import annotations

EXIT_PARENT_GONE = 3
EXIT_BAD_REQUEST = 4
EXIT_NO_FONTS = 5  # WeasyPrint could not load Pango, fontconfig or a font
EXIT_FAILED = 6


def render(request: bytes) -> tuple[int, bytes]:
    """(exit status, PDF): the PDF only with status 0. The sheet's words, dates and direction
    are those of the language the request names (this process was forked before the visitor
    chose hers)."""
    from kiosk.i18n import UnknownLanguage, use_language
    from kiosk.printing import documents

    try:
        asked = documents.decode_request(request)
        use_language(asked.language)
    except (ValueError, UnknownLanguage):
        return EXIT_BAD_REQUEST, b""
    from kiosk.printing import sheets

    try:
        return 0, sheets.pdf(asked.document)
    except OSError:
        return EXIT_NO_FONTS, b""
    except Exception:
        return EXIT_FAILED, b""
