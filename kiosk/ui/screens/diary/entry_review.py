"""The review step: every field of the entry, shown literally (never as markup, every control
character escaped), with the recorded-at time the kiosk's clock gives it."""

from __future__ import annotations

import datetime as dt

from rich.text import Text

from kiosk.diary.model import Answer, EntryContent, SourceKind
from kiosk.i18n import _
from kiosk.text import terminal_safe
from kiosk.ui.screens.diary.entry_steps import ANSWER_LABELS, BEHAVIOUR_LABELS, SOURCE_LABELS
from kiosk.ui.wording import entry_date, entry_time, note_time


def _when(content: EntryContent) -> str:
    when = content.when
    shown = entry_date(when.date)
    shown += " " + (entry_time(when.time) if when.time is not None else _("(time not known)"))
    if when.approximate:
        shown += " " + _("(approximately)")
    if when.end_date is not None:
        end = entry_date(when.end_date)
        if when.end_time is not None:
            end += " " + entry_time(when.end_time)
        shown = _("{start} until {end}").format(start=shown, end=end)
    return shown


def _answer(answer: Answer) -> str:
    return _(ANSWER_LABELS[answer])


def _source(content: EntryContent) -> str:
    kind, dated = content.source.kind, content.source.dated
    if kind is SourceKind.PAPER_NOTES:
        return _("Copied from my paper notes dated {date}").format(
            date=entry_date(dated) if dated else "…"
        )
    if kind is SourceKind.FROM_MY_NOTES:
        return _(SOURCE_LABELS[kind]).format(date=entry_date(dated) if dated else "…")
    return _(SOURCE_LABELS[kind])


def review_text(content: EntryContent, recorded: dt.datetime, links: dict[int, str]) -> Text:
    """Label and value, one field after another; empty optional fields say "not given"."""
    text = Text()
    not_given = _("not given")

    def line(label: str, value: str) -> None:
        text.append(f"{label}: ", style="bold")
        text.append(terminal_safe(value) if value else not_given)
        text.append("\n")

    line(_("Recorded at"), note_time(recorded) + " " + _("(set by the kiosk's clock)"))
    line(_("When it happened"), _when(content))
    line(_("Where"), content.where)
    line(_("What happened"), content.what_happened)
    line(
        _("Type of behaviour"),
        "; ".join(_(BEHAVIOUR_LABELS[b]) for b in content.behaviours),
    )
    line(_("Technology involved"), content.technology)
    line(_("Who"), content.who.identity)
    line(_("Others present"), content.who.others_present)
    line(_("Children present"), _answer(content.who.children_present))
    line(_("Weapon"), content.who.weapon)
    for n, witness in enumerate(content.witnesses, 1):
        line(
            _("Witness {n}").format(n=n),
            "; ".join(
                x
                for x in (
                    witness.name,
                    witness.contact,
                    witness.relationship,
                    _("willing to give a statement: {answer}").format(
                        answer=_answer(witness.willing_to_give_statement)
                    ),
                    witness.statement,
                )
                if x
            ),
        )
    if not content.witnesses:
        line(_("Witnesses"), "")
    for n, item in enumerate(content.evidence, 1):
        line(
            _("Evidence {n}").format(n=n),
            "; ".join(x for x in (item.kind, item.original_kept_at, item.how_saved) if x),
        )
    if not content.evidence:
        line(_("Evidence"), "")
    police = content.police
    line(_("Reported to the police"), _answer(police.reported))
    if police.date is not None:
        line(_("Date reported"), entry_date(police.date))
    line(_("Police force"), police.force)
    line(_("Officer"), police.officer)
    line(_("Police reference"), police.reference)
    line(_("What the police said"), police.what_police_said)
    line(_("Effect on you"), content.effect_on_you)
    line(_("What you did"), content.what_you_did)
    line(_("Injuries and medical help"), content.injuries)
    line(
        _("Related entries"),
        "; ".join(
            f"{n}. {links[n]}" if n in links else _("entry {n}").format(n=n)
            for n in content.related
        ),
    )
    line(_("Source"), _source(content))
    text.rstrip()
    return text
