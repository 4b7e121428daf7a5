"""The wizard's own pages around the sections: before she starts (what is true and what Harbour
keeps), where she is now (optional), and the finish (what she filled in, the review date)."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import RadioButton, RadioSet, Static

from kiosk.i18n import N_, _
from kiosk.i18n.formats import format_list
from kiosk.plan.answers import PlanAnswers, SectionStatus
from kiosk.plan.content import PlanContent, Situation
from kiosk.ui.screens.plan.plan_prompts import (
    compose_review_date,
    hint,
    label,
)

SITUATION_LABELS = {
    Situation.WITH_THEM: N_("I am still with the person, or living with them"),
    Situation.PLANNING_TO_LEAVE: N_("I am planning to leave"),
    Situation.HAS_LEFT: N_("I have left, or they have moved out"),
    Situation.STALKED: N_("Someone I never lived with keeps following or contacting me"),
}
RATHER_NOT_SAY = "rather-not-say"

STATUS_WORDS = {
    SectionStatus.NOT_STARTED: N_("not looked at yet"),
    SectionStatus.IN_PROGRESS: N_("begun"),
    SectionStatus.DONE: N_("filled in"),
    SectionStatus.SKIPPED: N_("skipped for now"),
    SectionStatus.NOT_FOR_ME: N_("not for me"),
}


class StartPage(VerticalScroll):
    """Honesty first: nothing is completely safe; she can stop at any moment; what is kept."""

    def __init__(
        self, exit_key: str, *, escape_twice: bool = True, keep_drafts: bool = True
    ) -> None:
        super().__init__(id="p-page", classes="p-page", can_focus=True)
        self._exit_key = exit_key
        self._escape_twice = escape_twice
        self._keep_drafts = keep_drafts

    def compose(self) -> ComposeResult:
        paragraphs = (
            _(
                "A plan can help you think ahead about staying safer. Nothing makes anyone "
                "completely safe, and you know your situation best: use what fits, leave the rest."
            ),
            _(
                "Is anyone near you who could see this screen? If so, you can stop now and "
                "come back another time."
            ),
            self._stopping(),
            _(
                "What Harbour keeps: your answers, only inside your vault, locked by your PIN. "
                "Staff cannot read them. Nothing is printed unless you ask, and you choose "
                "which parts. What it cannot do: take back paper once printed, or undo what "
                "someone has already seen."
            ),
            _("You can skip any part, go back, and leave and come back to it later."),
        )
        for text in paragraphs:
            yield Static(text, classes="p-para", markup=False)

    def _stopping(self) -> str:
        """How she stops, as this kiosk is set up: never a way that does nothing here, nor a
        promise to keep what a quick exit throws away."""
        key = self._exit_key or "Esc"
        if self._escape_twice and self._keep_drafts:
            return _(
                "You can stop at any moment: press {key}, press Esc twice, or choose Exit at "
                "the top. The screen changes at once and your vault locks. What you have "
                "written so far is kept, and you can carry on next time."
            ).format(key=key)
        if self._escape_twice:
            ways = _("press {key}, press Esc twice, or choose Exit at the top").format(key=key)
        else:
            ways = _("press {key} or choose Exit at the top").format(key=key)
        kept = (
            _("What you have written so far is kept, and you can carry on next time.")
            if self._keep_drafts
            else _(
                "What you wrote before your last Next or Back is kept, and you can carry on "
                "next time; what you wrote since is thrown away."
            )
        )
        return _(
            "You can stop at any moment: {ways}. The screen changes at once and your vault "
            "locks. {kept}"
        ).format(ways=ways, kept=kept)


class SituationPage(VerticalScroll):
    """Where she is now, if she wants to say; the sections that fit are suggested."""

    def __init__(self, content: PlanContent, answers: PlanAnswers) -> None:
        super().__init__(id="p-page", classes="p-page", can_focus=False)
        self._content = content
        self._situation = answers.situation

    def compose(self) -> ComposeResult:
        yield label(_("Which is closest to where you are now? You may leave this."))
        with RadioSet(id="p-situation", classes="p-choices"):
            for situation, words in SITUATION_LABELS.items():
                yield RadioButton(
                    _(words),
                    id=f"p-situation-{situation.value}",
                    value=self._situation is situation,
                )
            yield RadioButton(
                _("I would rather not say"),
                id=f"p-situation-{RATHER_NOT_SAY}",
                value=self._situation is None,
            )
        yield Static("", id="p-suggested", classes="p-hint", markup=False)

    def on_mount(self) -> None:
        self.show_suggested()

    def chosen(self) -> Situation | None:
        pressed = self.query_one("#p-situation", RadioSet).pressed_button
        value = (pressed.id or "").removeprefix("p-situation-") if pressed is not None else ""
        return None if value in ("", RATHER_NOT_SAY) else Situation(value)

    def on_radio_set_changed(self) -> None:
        self.show_suggested()

    def show_suggested(self) -> None:
        situation = self.chosen()
        if situation is None:
            text = _("Every part is open to you, in order. Skip any that do not fit.")
        else:
            titles = format_list([s.title for s in self._content.suggested(situation)])
            text = _("Suggested for you: {titles}. Every part stays open to you.").format(
                titles=titles
            )
        self.query_one("#p-suggested", Static).update(text)


class FinishPage(VerticalScroll):
    """What she filled in, and when she would like to look at the plan again."""

    def __init__(self, content: PlanContent, answers: PlanAnswers, today: dt.date) -> None:
        super().__init__(id="p-page", classes="p-page", can_focus=False)
        self._content = content
        self._answers = answers
        self._today = today

    def compose(self) -> ComposeResult:
        yield label(_("When would you like to look at your plan again?"))
        yield from compose_review_date(self._answers.review_on, self._today)
        yield hint(
            _(
                "Plans need a fresh look as things change. Your vault's first page will "
                "remind you, quietly, once the day comes."
            )
        )
        yield label(_("Your plan so far"), classes="field-label p-gap")
        lines = [
            f"{section.title}: {_(STATUS_WORDS[self._answers.section(section.id).status])}"
            for section in self._content.sections
        ]
        yield Static("\n".join(lines), id="p-summary", classes="p-summary", markup=False)
