"""A small safety plan to print: content with the shipped section and prompt ids the print path
relies on, and answers holding a canary word in every section, so a test can see that exactly
the chosen sections reached the paper."""

from __future__ import annotations

from kiosk.plan.answers import (
    CardChoices,
    ChosenHelpline,
    PlanAnswers,
    PromptAnswer,
    SectionAnswers,
    SectionStatus,
    TrustedContact,
)
from kiosk.plan.content import Option, PlanContent, Prompt, Section

CODE_WORD = "pineapple-CODEWORD"
HOSTILE = "<b>{{ 7*7 }}</b> [bold]x[/bold] \x1b[31m"


def canary(section_id: str) -> str:
    return f"CANARY-{section_id.upper()}"


def _section(
    section_id: str, title: str, neutral: str, *prompts: Prompt, intro: str = ""
) -> Section:
    notes = Prompt(id="notes", kind="text", label="More notes")
    return Section(
        id=section_id,
        title=title,
        neutral_title=neutral,
        intro=intro,
        prompts=(*prompts, notes),
    )


CONTENT = PlanContent(
    version=1,
    sections=(
        _section(
            "emergency",
            "Getting help in an emergency",
            "Numbers",
            Prompt(id="numbers", kind="emergency", label="The emergency number"),
            Prompt(id="people", kind="contacts", label="People I can call"),
            Prompt(id="code-word", kind="line", label="A code word"),
        ),
        _section(
            "home",
            "Safety at home",
            "At home",
            Prompt(
                id="locks",
                kind="checklist",
                label="Things to check",
                options=(Option("locks", "Locks"), Option("lights", "Outside lights")),
            ),
        ),
        _section("leaving", "Preparing to leave", "Things to keep ready"),
        _section("stalking", "Stalking-specific steps", "Other steps"),
        _section(
            "support",
            "Emotional safety and support",
            "People and services",
            Prompt(id="services", kind="helplines", label="Services I would use"),
        ),
        _section("technology", "Technology safety", "Phone and computer"),
    ),
)

# Sections she went through, each with its canary; "technology" she said is not for her.
ANSWERS = PlanAnswers(
    sections={
        "emergency": SectionAnswers(
            status=SectionStatus.DONE,
            prompts={
                "people": PromptAnswer(
                    contacts=(
                        TrustedContact(name="Ann Sister", number="07700 900111"),
                        TrustedContact(name="Bob Neighbour", number="07700 900222"),
                        TrustedContact(name="Cat No-Number"),
                        TrustedContact(name="Dee Friend", number="07700 900444"),
                    )
                ),
                "code-word": PromptAnswer(text=CODE_WORD),
                "notes": PromptAnswer(text=canary("emergency")),
            },
        ),
        "home": SectionAnswers(
            status=SectionStatus.DONE,
            prompts={
                "locks": PromptAnswer(ticked=("lights",)),
                "notes": PromptAnswer(text=f"{canary('home')}\n{HOSTILE}"),
            },
        ),
        "leaving": SectionAnswers(
            status=SectionStatus.DONE,
            prompts={"notes": PromptAnswer(text=canary("leaving"))},
        ),
        "stalking": SectionAnswers(
            status=SectionStatus.IN_PROGRESS,
            prompts={"notes": PromptAnswer(text=canary("stalking"))},
        ),
        "support": SectionAnswers(
            status=SectionStatus.DONE,
            prompts={
                "services": PromptAnswer(
                    helplines=(
                        # Listed in the UK directory: printed with the directory's own number.
                        ChosenHelpline(id="paladin", name="Paladin (as picked)", phone="0"),
                        ChosenHelpline(
                            id="gone", name="A service no longer listed", phone="0800 1"
                        ),
                    )
                ),
                "notes": PromptAnswer(text=canary("support")),
            },
        ),
        "technology": SectionAnswers(
            status=SectionStatus.NOT_FOR_ME,
            prompts={"notes": PromptAnswer(text=canary("technology"))},
        ),
    },
    card=CardChoices(contacts=("Ann Sister",)),
)
