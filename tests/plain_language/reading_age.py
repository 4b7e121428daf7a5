"""Reading age of the welcome, unlock and diary screens (docs/PLAIN-LANGUAGE.md).

The sentences are the marked English messages (the catalogue's msgids) that each screen can
show, found the way ``scripts/catalogue`` finds them: Babel's Python extractor over the
screen's source files, plus named functions of ``kiosk/ui/wording.py`` for the messages a
screen borrows from there. A message counts as prose when it ends like a sentence
(``.``, ``?``, ``!`` or ``…``); buttons, labels and headings do not, and are left out (the
formulas were made for running text, and a column of one-word labels would flatter the score).

Each ``{placeholder}`` stands for one one-syllable word (a number, a name, a time), and a
plural message is taken in its plural form. Sentences are split at ``.``, ``?``, ``!`` and
``…`` followed by a space, and at line breaks; colons and semicolons do not end a sentence.

Formulas (Kincaid et al. 1975; Flesch 1948), over all the sentences of a screen together:

- Flesch–Kincaid grade = 0.39 × words/sentences + 11.8 × syllables/words − 15.59
- Flesch reading ease = 206.835 − 1.015 × words/sentences − 84.6 × syllables/words
- reading age = grade + 5 (years), the usual conversion from a US school grade

Syllables are counted by rule (groups of vowels, less a silent e, ed or es, plus the vowel
pairs said as two), not looked up: no dependency, the same answer on every machine.

Run ``scripts/reading_age`` to print the block that docs/PLAIN-LANGUAGE.md holds, and
``scripts/reading_age --write`` to put it there; tests/plain_language checks they agree.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.extract import extract_from_file

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "PLAIN-LANGUAGE.md"
BEGIN = "<!-- reading-age:begin (scripts/reading_age --write) -->"
END = "<!-- reading-age:end -->"
WORDING = "kiosk/ui/wording.py"
SCREENS = "kiosk/ui/screens"


@dataclass(frozen=True)
class Screen:
    name: str
    files: tuple[str, ...]
    """Source files whose every marked message the screen (or its dialogs) can show."""
    wording: tuple[str, ...] = ()
    """Functions of kiosk/ui/wording.py whose messages it shows."""


# What each screen can show. The unlock screen words every refusal through ``describe``.
SCREENS_MEASURED = (
    Screen("Welcome", (f"{SCREENS}/common/welcome.py",)),
    Screen("Quick exit explained (after the first unlock)", (f"{SCREENS}/common/intro.py",)),
    Screen(
        "Unlock",
        (f"{SCREENS}/vault/unlock.py",),
        (
            "describe",
            "_vault_refusal",
            "something_went_wrong",
            "try_again_in",
            "try_again_now",
            "nothing_checked",
            "not_recognised",
            "please_try_again",
            "tries_left",
        ),
    ),
    Screen(
        "Diary (list and entry form)",
        (
            f"{SCREENS}/diary/diary_list.py",
            f"{SCREENS}/diary/entry_form.py",
            f"{SCREENS}/diary/entry_steps.py",
            f"{SCREENS}/diary/entry_state.py",
            f"{SCREENS}/diary/entry_dialogs.py",
            f"{SCREENS}/diary/entry_review.py",
        ),
        ("invalid_content",),
    ),
)

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_SENTENCE_END = re.compile(r"(?<=[.?!…])\s+|\n+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_PROSE_END = (".", "?", "!", "…", ".”", "?”", ".)")


def _functions(path: Path, names: tuple[str, ...]) -> list[range]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = {
        node.name: range(node.lineno, (node.end_lineno or node.lineno) + 1)
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name in names
    }
    missing = sorted(set(names) - set(found))
    if missing:
        raise LookupError(f"{path.name} has no function {', '.join(missing)}")
    return list(found.values())


def _messages_in(path: Path, lines: list[range] | None = None) -> list[str]:
    found: list[str] = []
    for lineno, message, _comments, _context in extract_from_file("python", str(path)):
        if lines is not None and not any(lineno in span for span in lines):
            continue
        text = message[-1] if isinstance(message, tuple) else message
        if text and text not in found:
            found.append(text)
    return found


def messages(screen: Screen) -> list[str]:
    """Every marked message of the screen, in source order, each once."""
    found: list[str] = []
    for name in screen.files:
        found += [m for m in _messages_in(ROOT / name) if m not in found]
    if screen.wording:
        wording = ROOT / WORDING
        spans = _functions(wording, screen.wording)
        found += [m for m in _messages_in(wording, spans) if m not in found]
    return found


def is_prose(message: str) -> bool:
    return message.rstrip().endswith(_PROSE_END)


def sentences(message: str) -> list[str]:
    text = _PLACEHOLDER.sub("five", message)
    return [part.strip() for part in _SENTENCE_END.split(text) if _WORD.search(part)]


def words(sentence: str) -> list[str]:
    return _WORD.findall(sentence)


# Vowel pairs said as two syllables: dia-ry, vi-olence, are-a, cre-ate, us-ual, go-ing (not
# -tion, -cial, -gion, qua-, -iour).
_TWO_SYLLABLE_PAIRS = re.compile(
    r"(?<![tscg])i[aou](?!u)|ea$|(?<=r)ea(?=t[ei])|(?<!q)u[ao]|ie(?=t)|(?<=[aeiouy])ing"
)
# A silent e inside a word, before an ending or a second word: state-ment, some-thing, safe-ty.
_SILENT_E_INSIDE = re.compile(
    r"(?:(?<=[aeiouy][^aeiouy])|(?<=[aeiouy][^aeiouy]{2}))"
    r"e(?=(?:ment|ly|ful|less|ness|ty|thing|where|body|times|day)s?$)"
)
_SAID_AS_A_WORD = {"PIN"}


def syllables(word: str) -> int:
    """Syllables in an English word, by rule. It agrees with the CMU Pronouncing Dictionary on
    about 98 words in 100 of the measured screens (docs/PLAIN-LANGUAGE.md)."""
    if len(word) > 1 and word.isalpha() and word.isupper() and word not in _SAID_AS_A_WORD:
        return sum(3 if letter == "W" else 1 for letter in word)  # DNA, USB: letter by letter
    w = word.lower().replace("’", "'")
    if not any(c.isalpha() for c in w):
        return 1  # a number or a placeholder counts as one short word
    possessive = w.endswith("'s") and re.search(r"(?:[sxz]|[cs]h|[cg]e)'s$", w) is not None
    w = re.sub(r"[^a-z]", "", w.removesuffix("'s"))
    count = len(re.findall(r"[aeiouy]+", w))
    count += len(_TWO_SYLLABLE_PAIRS.findall(w))
    count -= len(_SILENT_E_INSIDE.findall(w))
    if count > 1:
        if w.endswith("e") and not re.search(r"(?:[^aeiouy][lr]e|ee|ye|ue)$", w):
            count -= 1  # time, safe, while, here (not people, centre, free, continue)
        elif w.endswith("ed") and not w.endswith(("ted", "ded", "ied")):
            count -= 1  # asked, changed (not wanted, needed, copied)
        elif w.endswith("es") and not re.search(r"(?:[sxz]|[cs]h|[cg]|i|[^aeiouy]l)es$", w):
            count -= 1  # times, makes (not places, changes, wishes, entries, titles)
    return max(count, 1) + possessive


@dataclass(frozen=True)
class Score:
    sentences: int
    words: int
    syllables: int

    @property
    def grade(self) -> float:
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59

    @property
    def ease(self) -> float:
        return 206.835 - 1.015 * self.words / self.sentences - 84.6 * self.syllables / self.words

    @property
    def reading_age(self) -> float:
        return self.grade + 5


def score(texts: list[str]) -> Score:
    said = [sentence for text in texts for sentence in sentences(text)]
    counted = [word for sentence in said for word in words(sentence)]
    return Score(len(said), len(counted), sum(syllables(word) for word in counted))


def _grade_without(said: list[str], left_out: str) -> float:
    """The grade of the screen without one sentence: how much that sentence pulls it up."""
    rest = list(said)
    rest.remove(left_out)
    return score(rest).grade if rest else 0.0


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def report(hardest: int = 3) -> str:
    """The block of docs/PLAIN-LANGUAGE.md between BEGIN and END."""
    table = [
        "| Screen | Messages | Sentences | Words | Syllables | Flesch–Kincaid grade "
        "| Flesch reading ease | Reading age |",
        "|---|---|---|---|---|---|---|---|",
    ]
    notes: list[str] = []
    for screen in SCREENS_MEASURED:
        prose = [m for m in messages(screen) if is_prose(m)]
        total = score(prose)
        table.append(
            f"| {screen.name} | {len(prose)} | {total.sentences} | {total.words} "
            f"| {total.syllables} | {total.grade:.1f} | {total.ease:.1f} "
            f"| {total.reading_age:.1f} |"
        )
        said = [s for m in prose for s in sentences(m)]
        pull = {s: total.grade - _grade_without(said, s) for s in said}
        ranked = sorted(pull, key=lambda s: pull[s], reverse=True)[:hardest]
        notes.append(f"{screen.name}: the sentences that pull the grade up most")
        notes.append("")
        notes += [f"- (+{pull[s]:.2f}) {_one_line(s)}" for s in ranked if pull[s] > 0]
        notes.append("")
    return "\n".join([*table, "", *notes]).rstrip() + "\n"


def recorded() -> str:
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[start:end].strip("\n") + "\n"


def write() -> None:
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    DOC.write_text(text[:start] + "\n" + report() + text[end:], encoding="utf-8")


def main(argv: list[str]) -> int:
    if argv == ["--write"]:
        write()
        return 0
    if argv:
        print("usage: scripts/reading_age [--write]", file=sys.stderr)
        return 2
    sys.stdout.write(report())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
