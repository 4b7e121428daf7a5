"""The entry form's steps: what each one shows, laid out to fit an 80x24 screen.

Each step is a scrolling column of labelled fields; the screen (entry_form.py) moves between
them, reads them into a ``FormState`` and writes one back. Widget ids start with ``d-``.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
    TextArea,
)

from kiosk.diary.model import Answer, Behaviour, SourceKind
from kiosk.i18n import N_, _
from kiosk.ui.screens.diary.entry_state import STEP_COUNT, date_hint

STEP_TITLES = (
    N_("When it happened"),
    N_("Where and what happened"),
    N_("Type of behaviour"),
    N_("Who was involved"),
    N_("Witnesses"),
    N_("Evidence"),
    N_("Police"),
    N_("The effect on you"),
    N_("Related entries and source"),
    N_("Check and save"),
)
assert len(STEP_TITLES) == STEP_COUNT

BEHAVIOUR_LABELS = {
    Behaviour.FOLLOWING: N_("Following or watching"),
    Behaviour.TURNING_UP: N_("Turning up at home or work"),
    Behaviour.CALLS_MESSAGES: N_("Calls, texts, messages"),
    Behaviour.SOCIAL_MEDIA: N_("Social media"),
    Behaviour.LETTERS_GIFTS: N_("Letters or gifts"),
    Behaviour.PROPERTY_DAMAGE: N_("Damage to property"),
    Behaviour.THREATS: N_("Threats, direct or via others"),
    Behaviour.TRACKING: N_("Monitoring or tracking (tech)"),
    Behaviour.CONTACT_OTHERS: N_("Contact with family or friends"),
    Behaviour.VIOLENCE: N_("Physical or sexual violence"),
    Behaviour.ORDER_BREACH: N_("Breach of an order"),
    Behaviour.OTHER: N_("Other"),
}

ANSWER_LABELS = {Answer.YES: N_("Yes"), Answer.NO: N_("No"), Answer.UNKNOWN: N_("Don't know")}

SOURCE_LABELS = {
    SourceKind.TYPED_HERE: N_("Typed here, at the kiosk"),
    SourceKind.PAPER_NOTES: N_("Copied from my paper notes dated (below)"),
    SourceKind.BY_STAFF: N_("Entered by staff at my request"),
    SourceKind.FROM_MY_NOTES: N_("From my notes of {date}"),
}


def warning_text() -> str:
    return _(
        "The police, a court, and possibly the person you are writing about may read anything "
        "written here. Write only what you would be willing for them to see."
    )


def _label(text: str) -> Label:
    return Label(text, classes="field-label", markup=False)


def _field(label: str, field_id: str, hint: str = "") -> ComposeResult:
    with Vertical(classes="d-field"):
        yield _label(label)
        # Coming back to a field (a kept draft, Back, Shift+Tab) adds to it: with all of it
        # selected, the first key typed silently replaced what she had written.
        yield Input(id=field_id, placeholder=hint, select_on_focus=False)


def _answers(set_id: str) -> RadioSet:
    return RadioSet(
        *(
            RadioButton(_(label), id=f"{set_id}-{answer.value}", value=answer is Answer.UNKNOWN)
            for answer, label in ANSWER_LABELS.items()
        ),
        id=set_id,
        classes="d-answers",
    )


def compose_when() -> ComposeResult:
    yield Static(warning_text(), classes="d-warning", markup=False)
    with Horizontal(classes="d-pair"):
        yield from _field(_("Date"), "d-date", date_hint())
        yield from _field(_("Time"), "d-time", _("for example 14:30"))
    with Horizontal(classes="d-ticks"):
        yield Checkbox(_("Time not known"), id="d-time-unknown")
        yield Checkbox(_("Approximately"), id="d-approximate")
    yield _label(_("For a series of incidents: when the last one ended (you may leave this)"))
    with Horizontal(classes="d-pair"):
        yield from _field(_("End date"), "d-end-date", date_hint())
        yield from _field(_("End time"), "d-end-time", _("for example 14:30"))


def compose_what() -> ComposeResult:
    yield from _field(_("Where: a place, or the website, app, number or account"), "d-where")
    yield _label(_("What happened, in your own words"))
    yield Static(
        _("Put anything they said or wrote in quotation marks, word for word."),
        classes="d-hint",
        markup=False,
    )
    yield TextArea(id="d-what", soft_wrap=True, show_line_numbers=False, classes="d-text")


def compose_behaviour() -> ComposeResult:
    yield _label(_("Tick every kind of behaviour this was (at least one)"))
    behaviours = list(BEHAVIOUR_LABELS.items())
    half = (len(behaviours) + 1) // 2
    with Horizontal(id="d-behaviours"):
        for column in (behaviours[:half], behaviours[half:]):
            with Vertical(classes="d-column"):
                for behaviour, label in column:
                    yield Checkbox(_(label), id=f"d-behaviour-{behaviour.value}")
    yield from _field(
        _("Technology involved: phone number, account, app or device (if any)"), "d-technology"
    )


def compose_who() -> ComposeResult:
    yield _label(_("Who did it: a name, nickname, or a description (vehicle, clothing)"))
    with Horizontal(classes="d-row"):
        yield Input(id="d-identity", select_on_focus=False)
        yield Button(_("Unknown"), id="d-identity-unknown")
    yield from _field(_("Anyone else who was there"), "d-others")
    yield _label(_("Were children present?"))
    yield _answers("d-children")
    yield from _field(_("Any weapon (you may leave this)"), "d-weapon")


def compose_witnesses() -> ComposeResult:
    yield Static(
        _("Anyone who saw or heard what happened. You may leave this empty."),
        classes="d-hint",
        markup=False,
    )
    yield OptionList(id="d-witness-list", markup=False, classes="d-items")
    with Horizontal(classes="d-row-buttons"):
        yield Button(_("Add a witness"), id="d-add-witness")
        yield Button(_("Remove"), id="d-remove-witness", disabled=True)


def compose_evidence() -> ComposeResult:
    yield Static(
        _(
            "Do not touch packages or gifts from the person: they may carry evidence, such as "
            "fingerprints or DNA. Leave them where they are and tell the police."
        ),
        classes="d-caution",
        markup=False,
    )
    yield OptionList(id="d-evidence-list", markup=False, classes="d-items")
    with Horizontal(classes="d-row-buttons"):
        yield Button(_("Add an evidence item"), id="d-add-evidence")
        yield Button(_("Remove"), id="d-remove-evidence", disabled=True)


def compose_police() -> ComposeResult:
    yield _label(_("Did you report this to the police?"))
    yield _answers("d-police")
    with Horizontal(classes="d-pair"):
        yield from _field(_("Date reported"), "d-police-date", date_hint())
        yield from _field(_("Police force"), "d-police-force")
    with Horizontal(classes="d-pair"):
        yield from _field(_("Officer's name and number"), "d-police-officer")
        yield from _field(_("Crime, incident or job reference"), "d-police-reference")
    yield from _field(_("What the police said they would do"), "d-police-said")


def compose_effect() -> ComposeResult:
    yield _label(_("How did this affect you? (fear, distress, changes to routine, work, sleep)"))
    yield Static(
        _("This matters: the law asks how it affected your everyday life. A few words are enough."),
        classes="d-hint",
        markup=False,
    )
    yield TextArea(id="d-effect", soft_wrap=True, show_line_numbers=False, classes="d-text")
    yield from _field(_("What you did (told someone, called the police, moved …)"), "d-did")
    yield from _field(_("Injuries and medical help: where, when, seen by whom"), "d-injuries")


def compose_links() -> ComposeResult:
    yield _label(_("Earlier entries about the same thing (tick any that are related)"))
    yield SelectionList[int](id="d-related")
    yield Static(_("No earlier entries yet."), id="d-no-links", classes="d-hint", markup=False)
    yield _label(_("How this entry came to be written"))
    yield RadioSet(
        *(
            RadioButton(_(label), id=f"d-source-{kind.value}", value=kind is SourceKind.TYPED_HERE)
            for kind, label in SOURCE_LABELS.items()
        ),
        id="d-source",
    )
    yield from _field(_("Date of the paper notes"), "d-source-dated", date_hint())


def compose_review() -> ComposeResult:
    yield Static(warning_text(), classes="d-warning", markup=False)
    with VerticalScroll(id="d-review-scroll", can_focus=True):
        yield Static("", id="d-review", markup=False)
