"""The safety plan's rows for ``scripts/bench.py``: reading the shipped content file, and the
wizard's writes and the plan view's read on a real vault holding 20 saved versions of a plan in
which every question is answered (a long plan: the worst case a visitor makes)."""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.plan.answers import (
    ChosenHelpline,
    PlanAnswers,
    PromptAnswer,
    SectionAnswers,
    SectionStatus,
    TrustedContact,
)
from kiosk.plan.content import PlanContent, load_plan_content
from kiosk.plan.repository import PlanRepository
from kiosk.vault.gatekeeper.gate import Gatekeeper, KdfPolicy
from kiosk.vault.kdf import KdfParams
from kiosk.vault.service import VaultService

TINY = KdfParams(8, 1, 1)  # the unlock is not measured here
VERSIONS = 20
SAVED = dt.datetime(2026, 9, 21, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
_TEXT = "I would go to my sister's on Mill Road, by the back gate and the footpath. " * 6


def full_plan(content: PlanContent) -> PlanAnswers:
    """Every question of ``content`` answered, every option ticked."""
    sections: dict[str, SectionAnswers] = {}
    for section in content.sections:
        prompts: dict[str, PromptAnswer] = {}
        for prompt in section.prompts:
            match prompt.kind:
                case "text" | "line":
                    prompts[prompt.id] = PromptAnswer(text=_TEXT)
                case "checklist":
                    prompts[prompt.id] = PromptAnswer(ticked=tuple(o.id for o in prompt.options))
                case "contacts":
                    prompts[prompt.id] = PromptAnswer(
                        contacts=tuple(
                            TrustedContact(name=f"Friend {n}", number="07700 900123", note=_TEXT)
                            for n in range(5)
                        )
                    )
                case "helplines":
                    prompts[prompt.id] = PromptAnswer(
                        helplines=tuple(
                            ChosenHelpline(id=f"line-{n}", name=f"Line {n}", phone="0808 000")
                            for n in range(5)
                        )
                    )
        sections[section.id] = SectionAnswers(status=SectionStatus.DONE, prompts=prompts)
    return PlanAnswers(sections=sections, review_on=dt.date(2026, 12, 21))


def _median_ms(action: Callable[[], object], repeats: int) -> str:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    median = statistics.median(samples) * 1000
    return f"{median:8.1f} ms median (n={repeats})"


def plan_rows(repeats: int) -> list[tuple[str, str, str]]:
    content = load_plan_content()
    answers = full_plan(content)
    size = f"{len(content.sections)} sections, every question answered"
    rows = [
        (
            "Plan: read and check the content file",
            "the shipped file",
            _median_ms(load_plan_content, repeats),
        )
    ]
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        secret = data / "gatekeeper" / "kiosk.secret"
        Gatekeeper.initialise(data, secret)
        gatekeeper = Gatekeeper(data, secret, kdf=KdfPolicy(pin=TINY, recovery=TINY, floor=TINY))
        gatekeeper.provision("river-stone", "583920", "583920")
        with VaultService(gatekeeper).open("river-stone", "583920") as vault:
            plans = PlanRepository(vault)
            for _ in range(VERSIONS):
                plans.save_version(answers, content_version=content.version, saved=SAVED)

            def keep() -> None:
                plans.keep_in_progress(answers, position="home", based_on=1, saved=SAVED)

            def save() -> None:
                plans.save_version(answers, content_version=content.version, saved=SAVED)

            def load() -> None:
                plans.latest()
                plans.versions()
                plans.in_progress()

            rows += [
                ("Plan: keep the plan in progress (a step)", size, _median_ms(keep, repeats)),
                ("Plan: save a version", size, _median_ms(save, repeats)),
                (
                    "Plan: load latest, versions, in progress",
                    f"{VERSIONS}+ versions saved",
                    _median_ms(load, repeats),
                ),
            ]
    return rows
