"""The plan view in a real pseudo-terminal: a plan at its size limits beside a small plan, in the
same run (one Harbour session per sample, its vault holding one saved version of that plan).

* Open to first frame: from the Enter on "My plan" (vault home) to the first read that brings a
  word of her first answer.
* Quick exit during it: F12 written ``F12_AFTER`` seconds after that Enter (while the plan is
  being read and laid out), to the first read that brings the neutral text.

At its limits (kiosk.plan.answers) every text answer holds 20,000 characters and every contacts
prompt 50 people, each with a 20,000-character note: about the most a visitor can make.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from kiosk.config import load_config
from kiosk.plan.answers import (
    MAX_ITEMS,
    MAX_TEXT_CHARACTERS,
    PlanAnswers,
    PromptAnswer,
    SectionAnswers,
    SectionStatus,
    TrustedContact,
)
from kiosk.plan.content import PlanContent, load_plan_content
from kiosk.plan.repository import PlanRepository
from kiosk.services import build_gatekeeper
from kiosk.vault.service import VaultService

from .pty_app import PtyApp
from .ui_bench import F12, SETTLE_SECONDS, VAULT_PIN, Harbour, _open_vault

MARK = "Harbourbench"  # the first word of each of her answers
F12_AFTER = 0.2  # seconds after the Enter that opens the plan
SAVED = dt.datetime(2026, 9, 21, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
_WORDS = "I would go to my sister's on Mill Road, by the back gate and the footpath. "


def plan_of(content: PlanContent, text: str, people: int) -> PlanAnswers:
    """Every text question of ``content`` answered with ``text``; each contacts question with
    ``people`` people, each with ``text`` as a note."""
    sections: dict[str, SectionAnswers] = {}
    for section in content.sections:
        prompts: dict[str, PromptAnswer] = {}
        for prompt in section.prompts:
            if prompt.kind in ("text", "line"):
                prompts[prompt.id] = PromptAnswer(text=text)
            elif prompt.kind == "contacts":
                prompts[prompt.id] = PromptAnswer(
                    contacts=tuple(
                        TrustedContact(name=f"Friend {n}", number="07700 900123", note=text)
                        for n in range(people)
                    )
                )
        sections[section.id] = SectionAnswers(status=SectionStatus.DONE, prompts=prompts)
    return PlanAnswers(sections=sections)


def small_plan(content: PlanContent) -> PlanAnswers:
    return plan_of(content, f"{MARK} {_WORDS}", 2)


def plan_at_limits(content: PlanContent, scale: int = 1) -> PlanAnswers:
    """At the limits; with ``scale``, every text and the number of people divided by it."""
    characters = MAX_TEXT_CHARACTERS // scale
    big = (f"{MARK} " + _WORDS * (characters // len(_WORDS) + 1))[:characters]
    return plan_of(content, big, max(1, MAX_ITEMS // scale))


def _characters(answers: PlanAnswers) -> int:
    return sum(
        len(answer.text) + sum(len(c.note) for c in answer.contacts)
        for section in answers.sections.values()
        for answer in section.prompts.values()
    )


@dataclass
class PlanViewSamples:
    """Seconds, for each plan."""

    first_frame: dict[str, list[float]] = field(default_factory=dict)
    quick_exit: dict[str, list[float]] = field(default_factory=dict)


def _to_plan(harbour: Harbour, vault: str) -> tuple[PtyApp, int, float]:
    """A session on the vault's home with "My plan" focused; then Enter. Returns the app, the
    output mark and the clock time of the Enter."""
    app = harbour.session()
    _open_vault(app, vault)
    app.settle(SETTLE_SECONDS)
    app.send("\t\t")  # My notes (focused), My diary, My plan
    app.settle(SETTLE_SECONDS)
    mark = app.mark()
    return app, mark, app.send("\r")


def _first_frame(harbour: Harbour, vault: str) -> float:
    app, mark, entered = _to_plan(harbour, vault)
    with app:
        _, seen = app.wait_for(MARK, since=mark, timeout=120)
        return seen - entered


def _quick_exit(harbour: Harbour, vault: str) -> float:
    app, _, entered = _to_plan(harbour, vault)
    with app:
        app.settle(max(0.0, entered + F12_AFTER - time.perf_counter()))
        mark = app.mark()
        pressed = app.send(F12)
        _, seen = app.wait_for(harbour.neutral_text, since=mark, timeout=120)
        app.wait_exit(15)
        return seen - pressed


def _save(harbour: Harbour, vault: str, answers: PlanAnswers, content: PlanContent) -> None:
    gatekeeper = build_gatekeeper(load_config(harbour.config, data_dir=harbour.data))
    with VaultService(gatekeeper).open(vault, VAULT_PIN) as opened:
        PlanRepository(opened).save_version(answers, content_version=content.version, saved=SAVED)


def measure(
    harbour: Harbour, repeats: int, *, warm_up: bool = True, scale: int = 1
) -> tuple[PlanViewSamples, dict[str, str]]:
    """``repeats`` samples of each row for each plan (the small one first, alternately), after
    one uncounted warm-up (file caches) unless ``warm_up`` is off. Each plan is saved in a
    vault of its own in ``harbour``'s data folder. ``scale`` divides the large plan's text (a
    quick run's smaller "limits"). The vault's first-open intro is passed in every case."""
    content = load_plan_content()
    plans = {"small": small_plan(content), "limits": plan_at_limits(content, scale)}
    sizes = {name: f"{_characters(answers):,} characters" for name, answers in plans.items()}
    samples = PlanViewSamples()
    vaults = {name: f"bench-plan-{name}" for name in plans}
    for name, vault in vaults.items():
        harbour.add_vault(vault)
        _save(harbour, vault, plans[name], content)
        if warm_up:
            _first_frame(harbour, vault)
    for _ in range(repeats):
        for name, vault in vaults.items():
            samples.first_frame.setdefault(name, []).append(_first_frame(harbour, vault))
            samples.quick_exit.setdefault(name, []).append(_quick_exit(harbour, vault))
    return samples, sizes
