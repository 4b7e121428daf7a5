"""``kiosk print helplines`` and ``kiosk doctor``: for staff and scripts, no screen needed."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kiosk.config import Config
from kiosk.operator import wording
from kiosk.operator.errors import EXIT_REFUSED, EXIT_USAGE, CommandError
from kiosk.operator.output_file import refuse_to_overwrite, write_new_file

if TYPE_CHECKING:
    from kiosk.helplines.model import Region
    from kiosk.printing.cups import CupsPrinter
    from kiosk.printing.service import Sheet


def run_print(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    from kiosk.helplines.loader import DirectoryError, load_directory
    from kiosk.printing.renderer import RenderError
    from kiosk.printing.service import Sheet, print_sheet, render

    if args.copies < 1 or args.copies > 20:
        raise CommandError("--copies must be between 1 and 20", EXIT_USAGE)
    if args.output and args.printer:
        raise CommandError("use either --output or --printer, not both", EXIT_USAGE)
    try:
        directory = load_directory(config.helplines_path())
    except DirectoryError as error:
        raise CommandError(str(error), EXIT_USAGE) from None
    code = args.region or config.kiosk.region
    region = directory.region(code)
    if region is None:
        known = ", ".join(sorted(directory.regions))
        raise CommandError(f"no helplines for region '{code}' (known: {known})", EXIT_USAGE)
    topic = _checked_topic(args.topic, region)
    if args.language:
        _use_language(args.language)
    sheet = (
        Sheet.WALLET_CARD
        if args.card
        else (Sheet.PRACTICAL_STEPS if args.steps else Sheet.HELPLINES)
    )
    target = Path(args.output) if args.output else None
    if target is not None:  # checked before the sheet is made
        try:
            is_folder = target.is_dir()
        except PermissionError:
            # Someone else's folder: an administrator's home is 0700 on Debian 12.
            raise CommandError(
                f"{target}: permission denied for this user; save it in a folder this user "
                "can write"
            ) from None
        if is_folder:
            raise CommandError(
                f"{target} is a folder: give a file name, such as {target / 'helplines.pdf'}",
                EXIT_USAGE,
            )
        refuse_to_overwrite(target, replace=args.replace)
    elif args.replace:
        raise CommandError("--replace goes with --output", EXIT_USAGE)
    try:
        pdf = render(sheet, region, qr_url=config.printing.sheet_qr_url, topic=topic)
    except RenderError as error:
        raise CommandError(f"the sheet could not be made: {error}") from None
    if target is not None:
        if args.copies != 1:
            raise CommandError("--copies applies to printing, not to --output", EXIT_USAGE)
        write_new_file(target, pdf, replace=args.replace)  # its own one-line refusals
        out.write(f"saved {target}\n")
        return 0
    printer = checked_printer(config, args.printer)

    def progress() -> None:
        out.write(wording.printing_now() + "\n")
        out.flush()

    outcome = print_sheet(pdf, printer, copies=args.copies, progress=progress)
    if not outcome.done:
        raise CommandError(wording.outcome(outcome), EXIT_REFUSED)
    _count(config, sheet, args.copies)
    out.write(wording.sheets_printed(args.copies) + "\n")
    return 0


def _checked_topic(topic: str | None, region: Region) -> str:
    """The topic asked for ("" for all); an unknown one, or one the region has no helplines
    for, is one line naming what there is."""
    from kiosk.helplines.model import TOPICS

    if topic is None:
        return ""
    if topic not in TOPICS:
        known = ", ".join(TOPICS)
        raise CommandError(f"no topic '{topic}' (known: {known})", EXIT_USAGE)
    if not region.by_topic(topic):
        present = sorted({t for h in region.helplines for t in h.topics if t in TOPICS})
        raise CommandError(
            f"no helplines for topic '{topic}' in region '{region.code}' "
            f"(it has: {', '.join(present)})",
            EXIT_USAGE,
        )
    return topic


def _count(config: Config, sheet: Sheet, copies: int) -> None:
    """The centre's numbers count sheets printed from here as from the console."""
    from kiosk.printing.counting import SHEET_KINDS, count_printed
    from kiosk.staff.numbers import CentreNumbers

    count_printed(lambda: CentreNumbers(config.data_path()), SHEET_KINDS[sheet], copies)


def _use_language(tag: str) -> None:
    """The sheet's words in ``tag`` (the renderer is told it with the request)."""
    from kiosk.i18n import UnknownLanguage, available_languages, use_language

    try:
        use_language(tag)
    except UnknownLanguage:
        known = ", ".join(available_languages())
        raise CommandError(
            f"no translation for language {tag!r} (this kiosk has: {known})", EXIT_USAGE
        ) from None


def checked_printer(config: Config, queue: str | None, *, before: str = "") -> CupsPrinter:
    """The configured printer (or ``queue``), checked now; a problem is one line for staff.

    Staff read it: what is wrong and what to do, not the visitor's "ask staff". ``before``
    goes between the two, such as "Nothing was changed."
    """
    from kiosk.operator.doctor import printer_problem
    from kiosk.printing.cups import CupsPrinter, PrintingError

    chosen = queue or config.printing.printer
    printer = CupsPrinter(queue=chosen, server=config.printing.cups_server)
    try:
        printer.check()
    except PrintingError as error:
        problem = printer_problem(error, chosen)
        words = " ".join(part for part in (problem.message, before, problem.fix) if part)
        raise CommandError(words, EXIT_REFUSED) from None
    return printer
