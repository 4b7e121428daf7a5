"""The practical-steps advice, the reading list and the translated safety line, as data.

The same words appear on screen and on the printed sheet, so they live here once. They are
written for someone who may be frightened and reading quickly: short sentences, one idea each,
no jargon, and never a promise that any step makes a person safe (none can). The emergency
number is not written into the advice, because it differs by region; the screens and sheets put
the region's number above it.

Every sentence is marked for translation (``N_``) and translated where it is shown, on screen
and on the printed sheet, in the visitor's language.

The advice follows the strategies of the leaflet this project grew from, in our own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from kiosk.i18n import N_

__all__ = ["PRACTICAL_STEPS", "READING_LIST", "SAFETY_LINE_TRANSLATIONS", "AdviceSection"]


@dataclass(frozen=True)
class AdviceSection:
    heading: str
    paragraphs: tuple[str, ...]


PRACTICAL_STEPS: Final[tuple[AdviceSection, ...]] = (
    AdviceSection(
        heading=N_("You are not to blame"),
        paragraphs=(
            N_("Nothing you did caused this. The person doing it is responsible for what they do."),
            N_(
                "Many people wait a long time before asking for help, worried that they are "
                "overreacting or will not be believed. You are not overreacting, and you are not "
                "alone. The earlier you get help, the more options you have."
            ),
        ),
    ),
    AdviceSection(
        heading=N_("Telling others"),
        paragraphs=(
            N_(
                "Stalking is a crime. You can report it to the police even if each thing on its "
                "own seems small: it is the pattern that matters."
            ),
            N_(
                "Not every police officer knows a lot about stalking. If you feel you are not "
                "being taken seriously, ask whether there is an officer who specialises in "
                "stalking, or ask to speak to a more senior officer."
            ),
            N_(
                "Think about telling people you trust: family, friends, your manager at work, your"
                " school or college, your children's school or nursery, and your neighbours. "
                "People who know can look out for you, avoid giving your details away, and be "
                "witnesses."
            ),
        ),
    ),
    AdviceSection(
        heading=N_("Personal safety"),
        paragraphs=(
            N_(
                "Look at how secure your home and your workplace are: locks, lighting, who can get"
                " in, and what happens when someone asks for you. A specialist helpline can help "
                "you make a safety plan."
            ),
            N_(
                "Where you can, keep your personal details out of public view: your address, phone"
                " number, workplace and daily routine. Check what you share online, and what "
                "friends share about you."
            ),
            N_(
                "A post office box (PO box) keeps your home address off forms and mailing lists, "
                "and stops your post being taken from your letterbox. An unlisted phone number "
                "helps too."
            ),
            N_(
                "Check your phone, car and online accounts for anything that could track you: "
                "location sharing, apps you did not install, devices you do not recognise signed "
                "in to your accounts, and tracking tags. Removing something can alert the person, "
                "so if you can, plan it with a specialist helpline first."
            ),
            N_(
                "These steps can lower the risk, but they cannot remove it. If you are in danger, "
                "call the emergency number."
            ),
        ),
    ),
    AdviceSection(
        heading=N_("Avoiding contact"),
        paragraphs=(
            N_(
                "If it is safe to do so, tell the person once, clearly, that you want no contact. "
                "Do it in writing if you can and keep a copy, or ask the police to do it for you. "
                "After that, do not reply to anything."
            ),
            N_(
                "Any response can keep the contact going, even an angry one. Do not answer calls, "
                "messages or letters, and do not send gifts back: keep them as evidence instead."
            ),
            N_(
                "Never try to get back at the person, and do not ask friends or family to confront"
                " them for you, however strongly you feel. It can make things more dangerous, and "
                "it can harm a case against them."
            ),
        ),
    ),
    AdviceSection(
        heading=N_("Keeping a record"),
        paragraphs=(
            N_(
                "Keep a diary of every incident, however small: the date and time, where it "
                "happened, what happened, who saw it, and how it affected you."
            ),
            N_(
                "Keep all the evidence: messages, emails, letters, gifts, voicemails, call lists, "
                "photographs and the names of witnesses. Do not delete anything, even if it is "
                "upsetting to keep."
            ),
            N_(
                "When you take a screenshot, make sure it shows the date, the time and who sent "
                "the message or post."
            ),
            N_(
                "Keep a copy of your diary and evidence somewhere else safe, where the person "
                "cannot reach it, for example with someone you trust."
            ),
        ),
    ),
    AdviceSection(
        heading=N_("Getting support"),
        paragraphs=(
            N_(
                "Specialist helplines understand stalking and abuse. They can listen, help you "
                "plan for your safety, explain your options, and support you in dealing with the "
                "police and the courts."
            ),
            N_(
                "Being stalked or abused can affect your sleep, health, work and relationships. It"
                " is normal to feel overwhelmed, frightened, angry or worn out."
            ),
            N_(
                "Counselling can help you make sense of what is happening and feel more in control"
                " again. A helpline or your doctor can tell you what is available near you."
            ),
        ),
    ),
)

READING_LIST: Final[tuple[str, ...]] = (
    N_(
        "Michele Pathé (2002). Surviving Stalking. Cambridge University Press. A practical guide "
        "for people who are being stalked."
    ),
    N_(
        "Paul E. Mullen, Michele Pathé and Rosemary Purcell (2009). Stalkers and their Victims, "
        "2nd edition. Cambridge University Press. A thorough account for professionals and general"
        " readers."
    ),
)

# (language name in English, language tag, "If you are in danger now, call {emergency}.")
# "{emergency}" stays a placeholder: the sheet puts the region's number in, kept left-to-right
# inside the Arabic and Urdu sentences. Urdu, Welsh and Spanish use the polite "you", as the
# reader is a stranger; Polish uses the informal one, as Polish public notices do, because its
# polite form must guess the reader's gender; Arabic uses the usual general form.
SAFETY_LINE_TRANSLATIONS: Final[tuple[tuple[str, str, str], ...]] = (
    (N_("Polish"), "pl", "Jeśli jesteś teraz w niebezpieczeństwie, zadzwoń pod numer {emergency}."),
    (N_("Arabic"), "ar", "إذا كنت في خطر الآن، اتصل بالرقم {emergency}."),
    (N_("Urdu"), "ur", "اگر آپ اس وقت خطرے میں ہیں تو {emergency} پر کال کریں۔"),
    (N_("Welsh"), "cy", "Os ydych chi mewn perygl nawr, ffoniwch {emergency}."),
    (N_("Spanish"), "es", "Si está en peligro ahora, llame al {emergency}."),
)
