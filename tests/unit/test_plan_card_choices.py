"""Her wallet card's numbers: two of her people with the same name ("Mum" on a mobile and at
work) are two numbers she can choose between, and plans saved when the card kept a contact by
name alone still read, choosing the number that was offered then. No renderer: the request."""

from __future__ import annotations

from kiosk.helplines.loader import load_directory
from kiosk.helplines.model import Region
from kiosk.plan.answers import (
    CardChoices,
    CardContact,
    PlanAnswers,
    PromptAnswer,
    SectionAnswers,
    SectionStatus,
    TrustedContact,
    decode_answers,
    encode_answers,
)
from kiosk.plan.content import load_plan_content
from kiosk.printing.plan_document import card_choices, card_options, plan_card

CONTENT = load_plan_content(None)
MOBILE, WORK = "07700 900001", "020 7946 0002"


def uk() -> Region:
    region = load_directory(None).region("uk")
    assert region is not None
    return region


def with_card(card: CardChoices) -> PlanAnswers:
    people = (
        TrustedContact(name="Mum", number=MOBILE),
        TrustedContact(name="Mum", number=WORK, note="at work"),
        TrustedContact(name="Mum", number=MOBILE),  # the same twice: offered once
    )
    emergency = SectionAnswers(
        status=SectionStatus.DONE, prompts={"people": PromptAnswer(contacts=people)}
    )
    return PlanAnswers(sections={"emergency": emergency}, card=card)


def test_two_people_with_one_name_are_two_numbers_to_choose_from() -> None:
    answers = with_card(CardChoices())
    options = card_options(CONTENT, answers, uk())
    assert [(o.name, o.number) for o in options] == [("Mum", MOBILE), ("Mum", WORK)]
    choices = card_choices([options[1]], code_word=False)
    assert choices.contacts == (CardContact(name="Mum", number=WORK),)
    card = plan_card(CONTENT, answers, uk(), choices)
    assert [(n.name, n.number) for n in card.numbers] == [("Mum", WORK)]
    kept = decode_answers(encode_answers(with_card(choices)))  # as her vault keeps it
    assert [o.chosen_in(kept.card) for o in options] == [False, True]


def test_a_card_kept_by_name_alone_still_reads_as_the_number_offered_then() -> None:
    stored = encode_answers(with_card(CardChoices())).replace(
        b'"sections"', b'"card":{"contacts":["Mum"]},"sections"'
    )
    answers = decode_answers(stored)  # a plan saved before CardContact
    assert answers.card.contacts == ("Mum",)
    card = plan_card(CONTENT, answers, uk(), answers.card)
    assert [(n.name, n.number) for n in card.numbers] == [("Mum", MOBILE)]
