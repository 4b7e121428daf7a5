"""The practical-steps advice, the reading list and the translated safety line, as data.

The same words appear on screen and on the printed sheet, so they live here once. They are
written for someone who may be frightened and reading quickly: short sentences, one idea each,
no jargon, and never a promise that any step makes a person safe (none can). The emergency
number is not written into the advice, because it differs by region; the screens and sheets put
the region's number above it.

The advice follows the strategies of the leaflet this project grew from, in our own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = ["PRACTICAL_STEPS", "READING_LIST", "SAFETY_LINE_TRANSLATIONS", "AdviceSection"]


@dataclass(frozen=True)
class AdviceSection:
    heading: str
    paragraphs: tuple[str, ...]


PRACTICAL_STEPS: Final[tuple[AdviceSection, ...]] = (
    AdviceSection(
        heading="You are not to blame",
        paragraphs=(
            "Nothing you did caused this. The person doing it is responsible for what they do.",
            "Many people wait a long time before asking for help, worried that they are "
            "overreacting or will not be believed. You are not overreacting, and you are not "
            "alone. The earlier you get help, the more options you have.",
        ),
    ),
    AdviceSection(
        heading="Telling others",
        paragraphs=(
            "Stalking is a crime. You can report it to the police even if each thing on its own "
            "seems small: it is the pattern that matters.",
            "Not every police officer knows a lot about stalking. If you feel you are not being "
            "taken seriously, ask whether there is an officer who specialises in stalking, or "
            "ask to speak to a more senior officer.",
            "Think about telling people you trust: family, friends, your manager at work, your "
            "school or college, your children's school or nursery, and your neighbours. People "
            "who know can look out for you, avoid giving your details away, and be witnesses.",
        ),
    ),
    AdviceSection(
        heading="Personal safety",
        paragraphs=(
            "Look at how secure your home and your workplace are: locks, lighting, who can get "
            "in, and what happens when someone asks for you. A specialist helpline can help you "
            "make a safety plan.",
            "Where you can, keep your personal details out of public view: your address, phone "
            "number, workplace and daily routine. Check what you share online, and what friends "
            "share about you.",
            "A post office box (PO box) keeps your home address off forms and mailing lists, and "
            "stops your post being taken from your letterbox. An unlisted phone number helps "
            "too.",
            "Check your phone, car and online accounts for anything that could track you: "
            "location sharing, apps you did not install, devices you do not recognise signed in "
            "to your accounts, and tracking tags. Removing something can alert the person, so "
            "if you can, plan it with a specialist helpline first.",
            "These steps can lower the risk, but they cannot remove it. If you are in danger, "
            "call the emergency number.",
        ),
    ),
    AdviceSection(
        heading="Avoiding contact",
        paragraphs=(
            "If it is safe to do so, tell the person once, clearly, that you want no contact. "
            "Do it in writing if you can and keep a copy, or ask the police to do it for you. "
            "After that, do not reply to anything.",
            "Any response can keep the contact going, even an angry one. Do not answer calls, "
            "messages or letters, and do not send gifts back: keep them as evidence instead.",
            "Never try to get back at the person, and do not ask friends or family to confront "
            "them for you, however strongly you feel. It can make things more dangerous, and it "
            "can harm a case against them.",
        ),
    ),
    AdviceSection(
        heading="Keeping a record",
        paragraphs=(
            "Keep a diary of every incident, however small: the date and time, where it "
            "happened, what happened, who saw it, and how it affected you.",
            "Keep all the evidence: messages, emails, letters, gifts, voicemails, call lists, "
            "photographs and the names of witnesses. Do not delete anything, even if it is "
            "upsetting to keep.",
            "When you take a screenshot, make sure it shows the date, the time and who sent the "
            "message or post.",
            "Keep a copy of your diary and evidence somewhere else safe, where the person cannot "
            "reach it, for example with someone you trust.",
        ),
    ),
    AdviceSection(
        heading="Getting support",
        paragraphs=(
            "Specialist helplines understand stalking and abuse. They can listen, help you plan "
            "for your safety, explain your options, and support you in dealing with the police "
            "and the courts.",
            "Being stalked or abused can affect your sleep, health, work and relationships. It "
            "is normal to feel overwhelmed, frightened, angry or worn out.",
            "Counselling can help you make sense of what is happening and feel more in control "
            "again. A helpline or your doctor can tell you what is available near you.",
        ),
    ),
)

READING_LIST: Final[tuple[str, ...]] = (
    "Michele Pathé (2002). Surviving Stalking. Cambridge University Press. "
    "A practical guide for people who are being stalked.",
    "Paul E. Mullen, Michele Pathé and Rosemary Purcell (2009). Stalkers and their Victims, "
    "2nd edition. Cambridge University Press. A thorough account for professionals and general "
    "readers.",
)

# (language name in English, language tag, "If you are in danger now, call {emergency}.")
# "{emergency}" stays a placeholder: the sheet puts the region's number in, kept left-to-right
# inside the Arabic and Urdu sentences. Urdu, Welsh and Spanish use the polite "you", as the
# reader is a stranger; Polish uses the informal one, as Polish public notices do, because its
# polite form must guess the reader's gender; Arabic uses the usual general form.
SAFETY_LINE_TRANSLATIONS: Final[tuple[tuple[str, str, str], ...]] = (
    ("Polish", "pl", "Jeśli jesteś teraz w niebezpieczeństwie, zadzwoń pod numer {emergency}."),
    ("Arabic", "ar", "إذا كنت في خطر الآن، اتصل بالرقم {emergency}."),
    ("Urdu", "ur", "اگر آپ اس وقت خطرے میں ہیں تو {emergency} پر کال کریں۔"),
    ("Welsh", "cy", "Os ydych chi mewn perygl nawr, ffoniwch {emergency}."),
    ("Spanish", "es", "Si está en peligro ahora, llame al {emergency}."),
)
