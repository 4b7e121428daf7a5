"""The safety plan's content: the shipped file (the sections the screens rely on, neutral print
headings), the loader's refusal of every kind of mistake in a centre's file (one line naming the
file, the section, the prompt and the key), and translation (the shipped file through gettext, a
centre's own file as written)."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import kiosk.i18n
from kiosk.i18n import DOMAIN, LOCALE_DIR, use_language
from kiosk.plan.content import PlanContent, PlanContentError, Situation, load_plan_content
from kiosk.plan.extract import extract_plan_content
from kiosk.plan.loader import MAX_FILE_BYTES, RESERVED_PROMPTS, SHIPPED_CONTENT
from tests.i18n.catalogues import extract_fresh, pseudo_catalogue, read

SECTION_IDS = [
    "now-safe",
    "emergency",
    "incident",
    "home",
    "out-and-about",
    "children",
    "pets",
    "leaving",
    "after-leaving",
    "legal",
    "technology",
    "stalking",
    "support",
    "review",
]

# Words a printed heading must never hold: a plan found in a bag says nothing of what it is.
GIVEAWAYS = re.compile(
    r"abus|stalk|violen|danger|safe|escap|leav|police|court|order|threat|harass|refuge|"
    r"victim|centre|center|emergenc|help|risk|911|999",
    re.IGNORECASE,
)


def every_sentence(content: PlanContent) -> Iterator[str]:
    for section in content.sections:
        yield from (section.title, section.neutral_title, section.intro)
        for prompt in section.prompts:
            yield from (prompt.label, prompt.hint)
            yield from (option.label for option in prompt.options)


# The shipped file --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> PlanContent:
    return load_plan_content()


def test_the_shipped_file_has_the_fourteen_sections_in_order(shipped: PlanContent) -> None:
    assert [section.id for section in shipped.sections] == SECTION_IDS
    assert shipped.version >= 1
    assert shipped.source == str(SHIPPED_CONTENT)


def test_the_prompts_the_screens_rely_on_are_there_with_their_kinds(shipped: PlanContent) -> None:
    for (section_id, prompt_id), kind in RESERVED_PROMPTS.items():
        section = shipped.section(section_id)
        assert section is not None
        kinds = {prompt.id: prompt.kind for prompt in section.prompts}
        assert kinds.get(prompt_id) == kind, (section_id, prompt_id)
    review = shipped.section("review")
    assert review is not None
    # Where the printed copy lives and who keeps one: answered in words.
    assert {p.kind for p in review.prompts if p.id != "review-on"} <= {"line", "text"}
    assert len(review.prompts) >= 3


def test_every_printed_heading_is_neutral_and_every_section_has_one(shipped: PlanContent) -> None:
    for section in shipped.sections:
        assert section.neutral_title.strip()
        assert not GIVEAWAYS.search(section.neutral_title), section.id


def test_every_screen_title_fits_a_heading_line_at_80_columns(shipped: PlanContent) -> None:
    for section in shipped.sections:
        assert len(section.title) <= 60


def test_every_situation_has_suggestions_and_every_section_stays_open(
    shipped: PlanContent,
) -> None:
    for situation in Situation:
        suggested = [s.id for s in shipped.suggested(situation)]
        assert {"now-safe", "emergency", "support", "review"} <= set(suggested)
        assert suggested == [s for s in SECTION_IDS if s in suggested]  # in order
    assert [s.id for s in shipped.suggested(None)] == SECTION_IDS
    stalked = {s.id for s in shipped.suggested(Situation.STALKED)}
    assert "stalking" in stalked and "leaving" not in stalked
    assert "after-leaving" in {s.id for s in shipped.suggested(Situation.HAS_LEFT)}


def test_the_pets_questions_are_marked_as_drafts_for_staff_to_check() -> None:
    text = SHIPPED_CONTENT.read_text(encoding="utf-8")
    before_pets = text[: text.index('id = "pets"')]
    assert "to be checked with centre staff" in before_pets[-400:].lower().replace("\n# ", " ")


def test_every_shipped_sentence_is_in_the_catalogue(tmp_path: Path) -> None:
    """The extractor wired in pyproject.toml finds each one, and the shipped English catalogue
    (what ``_()`` reads) has each one."""
    as_written = load_plan_content(SHIPPED_CONTENT)  # a path: read as written, not translated
    sentences = {text for text in every_sentence(as_written) if text}
    fresh = {message.id for message in extract_fresh(tmp_path / "fresh.pot")}
    english = read(LOCALE_DIR / "en" / "LC_MESSAGES" / f"{DOMAIN}.po", locale="en")
    shipped_ids = {message.id for message in english if message.string}
    assert sentences - fresh == set()
    assert sentences - shipped_ids == set()
    assert len(sentences) > 100


@pytest.fixture
def pseudo_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    folder = tmp_path / "catalogues"
    english = read(LOCALE_DIR / "en" / "LC_MESSAGES" / f"{DOMAIN}.po", locale="en")
    pseudo_catalogue(folder, "cy", english)
    # Searched first: a real Welsh catalogue ships too.
    monkeypatch.setattr(kiosk.i18n, "CATALOGUE_FOLDERS", [folder, LOCALE_DIR])
    use_language("cy")
    yield
    use_language("en")


@pytest.mark.usefixtures("pseudo_language")
def test_the_shipped_file_is_shown_in_the_kiosks_language(tmp_path: Path) -> None:
    translated = load_plan_content()
    emergency = translated.section("emergency")
    assert emergency is not None
    assert emergency.title == "‹Getting help quickly›"
    assert emergency.neutral_title == "‹Numbers›"
    # Every sentence came through the catalogue; an empty one stays empty (gettext("") would
    # be the catalogue's header).
    for text in every_sentence(translated):
        assert text == "" or (text.startswith("‹") and text.endswith("›")), text
    # A centre's own file is shown as the centre wrote it.
    own = tmp_path / "plan.toml"
    own.write_text(SHIPPED_CONTENT.read_text(encoding="utf-8"), encoding="utf-8")
    as_written = load_plan_content(own)
    assert as_written.section("emergency").title == "Getting help quickly"  # type: ignore[union-attr]


# A centre's own file: every mistake is one line naming where ----------------------------------

GOOD = """\
version = 2

[[section]]
id = "home"
title = "At home"
neutral_title = "Home"
intro = "Some words."
suggested_for = ["with-them"]

[[section.prompt]]
id = "locks"
kind = "checklist"
label = "Locks"
options = [{ id = "front", label = "Front door" }, { id = "back", label = "Back door" }]

[[section.prompt]]
id = "notes"
kind = "text"
label = "Anything else"
hint = "A hint."

[[section]]
id = "review"
title = "Looking again"
neutral_title = "Review"

[[section.prompt]]
id = "review-on"
kind = "review-date"
label = "When"
"""


def written(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "centre-plan.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def refusal(path: Path) -> PlanContentError:
    with pytest.raises(PlanContentError) as raised:
        load_plan_content(path)
    error = raised.value
    text = str(error)
    assert "\n" not in text and "\r" not in text
    assert text.startswith(f"{path}: ")
    assert "\x1b" not in text
    return error


def test_a_good_centre_file_loads_as_written(tmp_path: Path) -> None:
    content = load_plan_content(written(tmp_path, GOOD))
    assert content.version == 2
    assert [s.id for s in content.sections] == ["home", "review"]
    home = content.section("home")
    assert home is not None
    assert home.suggested_for == (Situation.WITH_THEM,)
    assert [o.label for o in home.prompts[0].options] == ["Front door", "Back door"]
    assert home.prompts[1].hint == "A hint."
    # A str path works as a Path does.
    assert load_plan_content(str(written(tmp_path, GOOD))) == content


# (what to change in GOOD, the "where" of the error, its key, words in its message)
MISTAKES = [
    pytest.param(
        ('kind = "checklist"', 'kind = "checklst"'),
        "section home: prompt locks",
        "kind",
        "did you mean 'checklist'",
        id="unknown-kind",
    ),
    pytest.param(
        ('hint = "A hint."', 'hint = "A hint."\ncolour = "red"'),
        "section home: prompt notes",
        "colour",
        "unknown key",
        id="unknown-prompt-key",
    ),
    pytest.param(
        ('intro = "Some words."', 'intro = "Some words."\ntitel = "x"'),
        "section home",
        "titel",
        "did you mean 'title'",
        id="unknown-section-key",
    ),
    pytest.param(
        ("version = 2", 'version = 2\nlanguage = "en"'),
        "",
        "language",
        "unknown key",
        id="unknown-top-key",
    ),
    pytest.param(
        ('{ id = "back", label = "Back door" }', '{ id = "back", label = "Back door", x = 1 }'),
        "section home: prompt locks",
        "options[1].x",
        "unknown key",
        id="unknown-option-key",
    ),
    pytest.param(
        ('title = "At home"\n', ""),
        "section home",
        "title",
        "required key missing",
        id="missing-title",
    ),
    pytest.param(
        ('neutral_title = "Home"\n', ""),
        "section home",
        "neutral_title",
        "required key missing",
        id="missing-neutral-title",
    ),
    pytest.param(
        ("version = 2", 'version = "2"'),
        "",
        "version",
        "expected a whole number, got text",
        id="version-as-text",
    ),
    pytest.param(("version = 2", "version = 0"), "", "version", "between 1 and", id="version-zero"),
    pytest.param(
        ('id = "review"', 'id = "home"'),
        "section home",
        "id",
        "used twice",
        id="section-id-twice",
    ),
    pytest.param(
        ('id = "notes"', 'id = "locks"'),
        "section home: prompt locks",
        "id",
        "used twice",
        id="prompt-id-twice",
    ),
    pytest.param(
        ('{ id = "back"', '{ id = "front"'),
        "section home: prompt locks",
        "options[1].id",
        "listed twice",
        id="option-id-twice",
    ),
    pytest.param(
        (
            'options = [{ id = "front", label = "Front door" }, '
            '{ id = "back", label = "Back door" }]',
            "",
        ),
        "section home: prompt locks",
        "options",
        "needs at least one option",
        id="checklist-without-options",
    ),
    pytest.param(
        ('hint = "A hint."', 'hint = "A hint."\noptions = [{ id = "a", label = "A" }]'),
        "section home: prompt notes",
        "options",
        'only "checklist" prompts have options',
        id="options-on-text",
    ),
    pytest.param(
        ('kind = "text"', 'kind = "review-date"'),
        "section review: prompt review-on",
        "kind",
        'only one "review-date" prompt',
        id="two-review-dates",
    ),
    pytest.param(
        ('kind = "review-date"', 'kind = "text"'),
        "section review: prompt review-on",
        "kind",
        'relies on this prompt being "review-date"',
        id="reserved-prompt-of-another-kind",
    ),
    pytest.param(
        ('title = "At home"', f'title = "{"x" * 61}"'),
        "section home",
        "title",
        "at most 60 characters",
        id="title-too-long",
    ),
    pytest.param(
        ('label = "Anything else"', 'label = "Any\\u001b[31mthing"'),
        "section home: prompt notes",
        "label",
        "without control characters",
        id="escape-in-label",
    ),
    pytest.param(
        ('neutral_title = "Home"', 'neutral_title = "Ho\\u202eme"'),
        "section home",
        "neutral_title",
        "without control characters",
        id="direction-override-in-title",
    ),
    pytest.param(
        ('label = "Anything else"', 'label = "two\\nlines"'),
        "section home: prompt notes",
        "label",
        "one line",
        id="newline-in-label",
    ),
    pytest.param(
        ('label = "Anything else"', 'label = "   "'),
        "section home: prompt notes",
        "label",
        "not blank",
        id="blank-label",
    ),
    pytest.param(
        # Zero-width spaces and joiners only: a heading that prints as nothing at all.
        ('neutral_title = "Home"', 'neutral_title = "\\u200b\\u2060\\ufeff"'),
        "section home",
        "neutral_title",
        "not blank",
        id="invisible-heading",
    ),
    pytest.param(
        ('id = "home"', 'id = "At Home"'),
        "section number 1",
        "id",
        "lowercase letters and digits",
        id="bad-section-id",
    ),
    pytest.param(
        ('id = "notes"', 'id = "notes!"'),
        "section home: prompt number 2",
        "id",
        "lowercase letters and digits",
        id="bad-prompt-id",
    ),
    pytest.param(
        ('suggested_for = ["with-them"]', 'suggested_for = ["living-with"]'),
        "section home",
        "suggested_for[0]",
        '"with-them", "planning-to-leave", "has-left" or "stalked"',
        id="unknown-situation",
    ),
    pytest.param(
        ('suggested_for = ["with-them"]', 'suggested_for = ["stalked", "stalked"]'),
        "section home",
        "suggested_for[1]",
        "listed twice",
        id="situation-twice",
    ),
    pytest.param(
        ('suggested_for = ["with-them"]', 'suggested_for = "with-them"'),
        "section home",
        "suggested_for",
        "expected a list, got text",
        id="situation-not-a-list",
    ),
]


@pytest.mark.parametrize(("change", "where", "key", "words"), MISTAKES)
def test_every_mistake_is_one_line_naming_the_section_prompt_and_key(
    tmp_path: Path, change: tuple[str, str], where: str, key: str, words: str
) -> None:
    old, new = change
    assert old in GOOD
    error = refusal(written(tmp_path, GOOD.replace(old, new, 1)))
    assert (error.where, error.key) == (where, key)
    assert words in error.message


def test_a_section_without_prompts_is_refused(tmp_path: Path) -> None:
    text = GOOD + '\n[[section]]\nid = "empty"\ntitle = "T"\nneutral_title = "N"\n'
    error = refusal(written(tmp_path, text))
    assert (error.where, error.key) == ("section empty", "prompt")
    assert "[[section.prompt]]" in error.message


@pytest.mark.parametrize("page", ["start", "situation", "finish"])
def test_a_section_named_like_one_of_the_wizards_own_pages_is_refused(
    tmp_path: Path, page: str
) -> None:
    """Where she stopped is kept as a section id or the name of such a page: a section called
    "finish" would resume her on the wrong page."""
    error = refusal(written(tmp_path, GOOD.replace('id = "home"', f'id = "{page}"', 1)))
    assert (error.where, error.key) == (f"section {page}", "id")
    assert "the wizard's own pages" in error.message


def test_an_unknown_key_of_thousands_of_characters_does_not_flood_the_console(
    tmp_path: Path,
) -> None:
    error = refusal(
        written(tmp_path, GOOD.replace("version = 2", "version = 2\n" + "k" * 9000 + " = 1"))
    )
    assert error.message.startswith("unknown key") and len(str(error)) < 200 + len(error.file)


def test_a_file_without_sections_is_refused(tmp_path: Path) -> None:
    error = refusal(written(tmp_path, "version = 1\n"))
    assert (error.where, error.key) == ("", "section")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("version = 1\n[[section]\n", "TOML syntax error"),
        (b"version = 1\n# caf\xe9\n", "not UTF-8"),
        (b"# " + b"x" * MAX_FILE_BYTES + b"\n", "too large"),
        ("", "required key missing"),
        ("version = " + "1" * 5000 + "\n", "more than 4300 digits"),
    ],
    ids=["syntax", "not-utf8", "too-large", "empty", "number-too-long"],
)
def test_a_file_that_cannot_be_read_as_content_is_one_line(
    tmp_path: Path, content: str | bytes, words: str
) -> None:
    error = refusal(written(tmp_path, content))
    assert words in error.message


def test_a_missing_file_a_folder_and_a_fifo_are_one_line_each(tmp_path: Path) -> None:
    assert "no such file" in refusal(tmp_path / "absent.toml").message
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    assert "is a folder" in refusal(folder).message
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    assert "not a regular file" in refusal(fifo).message  # never blocks on it


def test_a_path_with_a_newline_stays_one_line(tmp_path: Path) -> None:
    odd = tmp_path / "two\nlines.toml"
    with pytest.raises(PlanContentError) as raised:
        load_plan_content(odd)
    assert "\n" not in str(raised.value)


def test_only_a_path_or_none_names_a_file() -> None:
    with pytest.raises(TypeError):
        load_plan_content(42)


def test_the_extractor_says_where_each_sentence_is_and_flags_neutral_titles() -> None:
    raw = SHIPPED_CONTENT.read_bytes()
    lines = raw.decode("utf-8").splitlines()
    found = list(extract_plan_content(io.BytesIO(raw), (), (), {}))
    as_written = load_plan_content(SHIPPED_CONTENT)
    assert [message for _, _, message, _ in found] == [t for t in every_sentence(as_written) if t]
    for line, function, message, comments in found:
        assert function is None
        assert message in lines[line - 1]  # the line it is written on
        assert comments[0].startswith("section ")
    numbers = next(item for item in found if item[2] == "Numbers")
    assert numbers[3][0] == "section emergency: neutral_title"
    assert "must say nothing of abuse" in numbers[3][1]
    code_word = next(item for item in found if item[2] == "A code word or sign")
    assert code_word[3] == ["section emergency, prompt code-word: label"]
    keys = next(item for item in found if item[2] == "Spare keys")
    assert keys[3] == ["section leaving, prompt bag, option keys: label"]
