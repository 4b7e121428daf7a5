"""A saved plan as she reads it on screen: the outline kiosk.plan.outline makes of it, with the
region's facts and the directory's helplines filled in exactly as for the printed plan
(kiosk.printing.plan_document), written as literal Text (her words are never read as markup)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.text import Text

from kiosk.helplines.model import Region
from kiosk.i18n import _
from kiosk.i18n.formats import format_list
from kiosk.plan.answers import PlanAnswers, SectionStatus
from kiosk.plan.outline import OutlineSection
from kiosk.plan.repository import PlanVersion
from kiosk.text import terminal_safe
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.plan.plan_lines import Paragraph
from kiosk.ui.wording import plan_day, plan_saved

TITLE = "bold"
LABEL = "italic"


def kiosk_region(kit: ScreenKit) -> Region:
    """The kiosk's region in the directory (the first one if the config names none it has)."""
    regions = kit.directory.regions
    return regions.get(kit.config.kiosk.region) or regions[sorted(regions)[0]]


def plan_outline(kit: ScreenKit, answers: PlanAnswers) -> tuple[OutlineSection, ...]:
    """Every section in order with her answers, the region's facts and the directory's
    helplines filled in: the same outline the printed plan is made from."""
    from kiosk.printing.plan_document import plan_outline as outline_with_region

    return outline_with_region(kit.plan_content, answers, kiosk_region(kit))


def dates_line(version: PlanVersion, today: dt.date | None = None) -> str:
    """When this version was saved, and the review date she set; on the plan she has now
    (``today`` given), a gentle word once that day has come."""
    saved = _("Saved {when}.").format(when=plan_saved(version.saved))
    if version.review_on is None:
        return saved
    review = _("Review date: {day}.").format(day=plan_day(version.review_on))
    if today is not None and version.review_on <= today:
        review += " " + _(
            "That day has come: read it through, and choose Change my plan if anything is "
            "different now."
        )
    return f"{saved} {review}"


def _shown(text: str) -> str:
    return terminal_safe(text.expandtabs(4))


def plan_text(sections: Sequence[OutlineSection]) -> list[Paragraph]:
    """The sections she wrote something in, in order (a title, each answered prompt's label,
    her answer as lines under it), then one line each naming the sections she skipped, marked
    not for her, or has not written in. Everything as literal Text; a paragraph's level
    indents it (a long line wraps under its own start, never under the label)."""
    parts: list[Paragraph] = []
    skipped: list[str] = []
    not_for_me: list[str] = []
    empty: list[str] = []
    for section in sections:
        title = _shown(section.title)
        if not section.items:
            if section.status is SectionStatus.NOT_FOR_ME:
                not_for_me.append(title)
            elif section.status is SectionStatus.SKIPPED:
                skipped.append(title)
            else:
                empty.append(title)
            continue
        if parts:
            parts.append(Paragraph(0, Text()))
        parts.append(Paragraph(0, Text(title, style=TITLE)))
        for item in section.items:
            parts.append(Paragraph(1, Text(_shown(item.label), style=LABEL)))
            for line in item.lines:
                parts.append(Paragraph(2, Text(_shown(line))))
    if not parts:
        parts.append(Paragraph(0, Text(_("Nothing is written in this plan yet."))))
    for label, titles in (
        (_("Skipped for now"), skipped),
        (_("Not for me"), not_for_me),
        (_("Nothing written yet"), empty),
    ):
        if titles:
            parts.append(Paragraph(0, Text()))
            parts.append(Paragraph(0, Text.assemble((label + ": ", TITLE), format_list(titles))))
    return parts
