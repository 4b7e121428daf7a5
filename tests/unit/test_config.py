"""The site config: the example file, defaults, path resolution, and one test per error kind.

Every error test checks the whole promise an operator relies on: one line, naming the file and
the dotted key.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import config as config_module
from kiosk.config import Config, ConfigError, find_config_path, load_config

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "config" / "kiosk.example.toml"


def write(folder: Path, text: str, name: str = "kiosk.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def error_for(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return caught.value


def assert_names(error: ConfigError, path: Path, key: str) -> str:
    """The message is one line with the file name and the dotted key; returns the message."""
    text = str(error)
    assert "\n" not in text
    assert path.name in text
    assert error.file == str(path)
    assert error.key == key
    if key:
        assert text.startswith(f"{path}: {key}: ")
    else:
        assert text.startswith(f"{path}: ")
    return text


# The example file and defaults ---------------------------------------------------------------


def test_example_file_loads_and_equals_the_defaults() -> None:
    loaded = load_config(EXAMPLE)
    assert loaded == Config()
    # No centre folder: the directory shipped in the package alone.
    assert loaded.helplines_path() is None
    assert loaded.data_path() == Path("/var/lib/harbour")


def test_example_file_documents_every_setting() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for section in Config.__struct_fields__:
        assert f"[{section}]" in text
        for name in getattr(Config(), section).__struct_fields__:
            assert f"\n{name} = " in text, f"{section}.{name} is not in the example file"


def test_an_empty_file_gives_the_defaults(tmp_path: Path) -> None:
    loaded = load_config(write(tmp_path, ""))
    default = Config()
    assert loaded.kdf == default.kdf
    assert loaded.lockout == default.lockout
    assert loaded.session == default.session
    assert loaded.quick_exit == default.quick_exit
    assert loaded.printing == default.printing
    assert loaded.kiosk.region == "uk"
    assert loaded.kiosk.language == "en"


def test_default_values() -> None:
    config = Config()
    assert config.kiosk.data_dir == "/var/lib/harbour"
    assert config.kiosk.secret_file == "gatekeeper/kiosk.secret"
    assert config.kdf.profile == "calibrated"
    assert (config.kdf.memory_mib, config.kdf.iterations, config.kdf.parallelism) == (256, 3, 0)
    assert config.lockout.kiosk_failures_per_hour == 30
    assert config.lockout.kiosk_pause_seconds == 900
    assert config.session.idle_lock_seconds == 120
    assert config.session.idle_warning_seconds == 20
    assert config.session.keep_interrupted_drafts is True
    assert config.quick_exit.keys == ("f12",)
    assert config.quick_exit.escape_twice is True
    assert config.quick_exit.shift_three_times is True
    assert config.quick_exit.neutral_title == "Information point"
    assert config.printing.printer == ""
    assert config.printing.cups_server == ""
    assert config.save_path() is None
    assert config.secret_path() == Path("/var/lib/harbour/gatekeeper/kiosk.secret")


def test_values_from_the_file_are_used(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[kiosk]
region = "uk-wales"
language = "en-GB"
[kdf]
profile = "custom"
memory_mib = 512
iterations = 4
parallelism = 2
[session]
idle_lock_seconds = 300
idle_warning_seconds = 60
keep_interrupted_drafts = false
[quick_exit]
keys = ["f12", "ctrl+e"]
neutral_text = "Welcome.\\nPlease ask at the desk."
[printing]
printer = "Office_Laser"
""",
    )
    loaded = load_config(path)
    assert loaded.kiosk.region == "uk-wales"
    assert loaded.kiosk.language == "en-GB"
    assert loaded.kdf == config_module.KdfSection(
        profile="custom", memory_mib=512, iterations=4, parallelism=2
    )
    assert loaded.session.idle_lock_seconds == 300
    assert loaded.session.keep_interrupted_drafts is False
    assert loaded.quick_exit.keys == ("f12", "ctrl+e")
    assert loaded.quick_exit.neutral_text == "Welcome.\nPlease ask at the desk."
    assert loaded.printing.printer == "Office_Laser"


def test_config_is_frozen() -> None:
    config = Config()
    with pytest.raises(AttributeError):
        config.session = config_module.SessionSection()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        config.session.idle_lock_seconds = 5  # type: ignore[misc]
    assert isinstance(config.quick_exit.keys, tuple)


# Paths ---------------------------------------------------------------------------------------


def test_relative_data_dir_resolves_against_the_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "etc"
    folder.mkdir()
    write(folder, '[kiosk]\ndata_dir = "../state"\n')
    # A relative config path too: the folder must come from the file, made absolute once.
    monkeypatch.chdir(folder)
    loaded = load_config(Path("kiosk.toml"))
    assert loaded.kiosk.data_dir == str(tmp_path / "state")
    monkeypatch.chdir("/")
    assert loaded.data_path() == tmp_path / "state"


def test_data_dir_override_replaces_the_file_and_resolves_against_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, '[kiosk]\ndata_dir = "/var/lib/harbour"\n')
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    loaded = load_config(path, data_dir=Path("dev-data"))
    assert loaded.data_path() == elsewhere / "dev-data"
    assert loaded.secret_path() == elsewhere / "dev-data" / "gatekeeper" / "kiosk.secret"


def test_relative_secret_file_is_inside_the_data_folder(tmp_path: Path) -> None:
    path = write(tmp_path, '[kiosk]\ndata_dir = "data"\nsecret_file = "keys/k.secret"\n')
    loaded = load_config(path)
    assert loaded.secret_path() == tmp_path / "data" / "keys" / "k.secret"


def test_absolute_secret_file_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path, '[kiosk]\ndata_dir = "data"\nsecret_file = "/srv/keys/kiosk.secret"\n')
    loaded = load_config(path)
    assert loaded.secret_path() == Path("/srv/keys/kiosk.secret")


def test_relative_save_folder_resolves_against_the_config_folder(tmp_path: Path) -> None:
    loaded = load_config(write(tmp_path, '[printing]\nsave_folder = "pdfs"\n'))
    assert loaded.save_path() == tmp_path / "pdfs"


def test_find_config_path_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    system = tmp_path / "etc-harbour.toml"
    monkeypatch.setattr(config_module, "SYSTEM_CONFIG_PATH", system)
    monkeypatch.delenv("HARBOUR_CONFIG", raising=False)

    assert find_config_path(None) == EXAMPLE
    system.write_text("", encoding="utf-8")
    assert find_config_path(None) == system
    monkeypatch.setenv("HARBOUR_CONFIG", "/from/env.toml")
    assert find_config_path(None) == Path("/from/env.toml")
    assert find_config_path("/explicit.toml") == Path("/explicit.toml")


def test_find_config_path_treats_empty_values_as_not_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config_module, "SYSTEM_CONFIG_PATH", tmp_path / "absent.toml")
    monkeypatch.setenv("HARBOUR_CONFIG", "")
    assert find_config_path("") == EXAMPLE


# Unknown keys and wrong types ----------------------------------------------------------------


def test_unknown_top_level_key(tmp_path: Path) -> None:
    path = write(tmp_path, "[sesion]\nidle_lock_seconds = 60\n")
    text = assert_names(error_for(path), path, "sesion")
    assert "unknown setting" in text
    assert "'session'" in text  # the suggestion


def test_unknown_nested_key(tmp_path: Path) -> None:
    path = write(tmp_path, "[session]\nidle_lock_secs = 60\n")
    text = assert_names(error_for(path), path, "session.idle_lock_secs")
    assert text.startswith(f"{path}: session.idle_lock_secs: unknown setting")


def test_unknown_top_level_scalar(tmp_path: Path) -> None:
    path = write(tmp_path, "debug = true\n")
    assert_names(error_for(path), path, "debug")


def test_wrong_type_text_for_a_number(tmp_path: Path) -> None:
    path = write(tmp_path, '[session]\nidle_lock_seconds = "120"\n')
    text = assert_names(error_for(path), path, "session.idle_lock_seconds")
    assert text.endswith("session.idle_lock_seconds: expected a whole number, got text")


@pytest.mark.parametrize(
    ("toml", "key", "words"),
    [
        ("[session]\nidle_lock_seconds = 120.0\n", "session.idle_lock_seconds", "a decimal number"),
        ("[session]\nidle_lock_seconds = true\n", "session.idle_lock_seconds", "true or false"),
        ("[session]\nkeep_interrupted_drafts = 1\n", "session.keep_interrupted_drafts", "whole"),
        ('[quick_exit]\nkeys = "f12"\n', "quick_exit.keys", "expected a list, got text"),
        ("[quick_exit]\nkeys = [12]\n", "quick_exit.keys[0]", "expected text"),
        ("kiosk = 5\n", "kiosk", "expected a table, got a whole number"),
        ("[kiosk]\nregion = 2024-01-01\n", "kiosk.region", "got a date"),
    ],
)
def test_wrong_types(tmp_path: Path, toml: str, key: str, words: str) -> None:
    path = write(tmp_path, toml)
    text = assert_names(error_for(path), path, key)
    assert words in text


def test_unknown_kdf_profile_lists_the_choices(tmp_path: Path) -> None:
    path = write(tmp_path, '[kdf]\nprofile = "fast"\n')
    text = assert_names(error_for(path), path, "kdf.profile")
    assert '"calibrated", "standard" or "custom"' in text


# Ranges --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "name", "bad", "good", "allowed"),
    [
        ("kdf", "memory_mib", 128, 4096, "between 256 and 4096"),
        ("kdf", "memory_mib", 4097, 256, "between 256 and 4096"),
        ("kdf", "iterations", 2, 20, "between 3 and 20"),
        ("kdf", "iterations", 21, 3, "between 3 and 20"),
        ("kdf", "parallelism", -1, 8, "between 0 and 8"),
        ("kdf", "parallelism", 9, 0, "between 0 and 8"),
        ("lockout", "kiosk_failures_per_hour", 4, 5, "between 5 and 200"),
        ("lockout", "kiosk_failures_per_hour", 201, 200, "between 5 and 200"),
        ("lockout", "kiosk_pause_seconds", 59, 60, "between 60 and 86400"),
        ("lockout", "kiosk_pause_seconds", 86401, 86400, "between 60 and 86400"),
        ("session", "idle_lock_seconds", 29, 1800, "between 30 and 1800"),
        ("session", "idle_lock_seconds", 1801, 30, "between 30 and 1800"),
        ("session", "idle_warning_seconds", 19, 20, "between 20 and 120"),
        ("session", "idle_warning_seconds", 121, 119, "between 20 and 120"),
        ("quick_exit", "neutral_hold_seconds", 0, 120, "between 1 and 120"),
        ("quick_exit", "neutral_hold_seconds", 121, 1, "between 1 and 120"),
    ],
)
def test_range_checks(
    tmp_path: Path, section: str, name: str, bad: int, good: int, allowed: str
) -> None:
    # For the KDF numbers, the profile that actually uses them.
    profile = 'profile = "custom"\n' if section == "kdf" else ""
    path = write(tmp_path, f"[{section}]\n{profile}{name} = {bad}\n")
    text = assert_names(error_for(path), path, f"{section}.{name}")
    assert allowed in text
    assert str(bad) in text
    # The edge of the range is accepted.
    load_config(write(tmp_path, f"[{section}]\n{name} = {good}\n", name="edge.toml"))


def test_kdf_numbers_are_checked_even_when_not_custom(tmp_path: Path) -> None:
    path = write(tmp_path, '[kdf]\nprofile = "standard"\nmemory_mib = 64\n')
    assert_names(error_for(path), path, "kdf.memory_mib")


def test_a_huge_number_is_a_range_error(tmp_path: Path) -> None:
    path = write(tmp_path, "[session]\nidle_lock_seconds = 99999999999999999999999\n")
    assert_names(error_for(path), path, "session.idle_lock_seconds")


def test_warning_must_be_shorter_than_the_lock(tmp_path: Path) -> None:
    path = write(tmp_path, "[session]\nidle_lock_seconds = 60\nidle_warning_seconds = 60\n")
    text = assert_names(error_for(path), path, "session.idle_warning_seconds")
    assert "shorter than session.idle_lock_seconds" in text


# Other invalid values ------------------------------------------------------------------------


@pytest.mark.parametrize("region", ["UK", "u k", "", "uk_", "-uk", "uk/../x", "ü"])
def test_bad_region(tmp_path: Path, region: str) -> None:
    path = write(tmp_path, f'[kiosk]\nregion = "{region}"\n')
    text = assert_names(error_for(path), path, "kiosk.region")
    assert "lowercase letters and digits" in text


@pytest.mark.parametrize("language", ["", "english", "e", "en_GB", "en-", "EN"])
def test_bad_language(tmp_path: Path, language: str) -> None:
    path = write(tmp_path, f'[kiosk]\nlanguage = "{language}"\n')
    assert_names(error_for(path), path, "kiosk.language")


# Only English ships; a language without a catalogue is refused (tests/i18n/test_language.py).
@pytest.mark.parametrize("language", ["en", "en-GB", "en-US", "en-Latn-GB", "en-150"])
def test_good_languages(tmp_path: Path, language: str) -> None:
    loaded = load_config(write(tmp_path, f'[kiosk]\nlanguage = "{language}"\n'))
    assert loaded.kiosk.language == language


def test_empty_keys_list(tmp_path: Path) -> None:
    path = write(tmp_path, "[quick_exit]\nkeys = []\n")
    text = assert_names(error_for(path), path, "quick_exit.keys")
    assert "at least one key" in text


def test_bad_key_name_names_its_position(tmp_path: Path) -> None:
    path = write(tmp_path, '[quick_exit]\nkeys = ["f12", "F11"]\n')
    assert_names(error_for(path), path, "quick_exit.keys[1]")


def test_control_characters_in_neutral_text(tmp_path: Path) -> None:
    path = write(tmp_path, '[quick_exit]\nneutral_text = "Welcome\\u001b]0;owned\\u0007"\n')
    text = assert_names(error_for(path), path, "quick_exit.neutral_text")
    assert "control characters" in text


def test_newlines_are_allowed_in_neutral_text_but_not_in_the_title(tmp_path: Path) -> None:
    load_config(write(tmp_path, '[quick_exit]\nneutral_text = "a\\nb"\n'))
    path = write(tmp_path, '[quick_exit]\nneutral_title = "a\\nb"\n', name="title.toml")
    assert_names(error_for(path), path, "quick_exit.neutral_title")


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("quick_exit.neutral_title", "x" * 61),
        ("quick_exit.neutral_title", "   "),
        ("quick_exit.neutral_text", "x" * 401),
        ("quick_exit.neutral_text", ""),
        ("kiosk.data_dir", ""),
        ("kiosk.secret_file", ""),
        ("kiosk.secret_file", "../outside.secret"),
        ("printing.printer", "Office Laser"),
        ("printing.cups_server", "host name"),
    ],
)
def test_invalid_text_values(tmp_path: Path, key: str, value: str) -> None:
    section, name = key.split(".")
    path = write(tmp_path, f'[{section}]\n{name} = "{value}"\n')
    assert_names(error_for(path), path, key)


@pytest.mark.parametrize(
    ("key", "escaped"),
    [
        # A queue name and an address reach lp's arguments and the doctor's report; an
        # escape character or a hidden line break in them was accepted before.
        ("printing.printer", "Office\\u001b[2J"),
        ("printing.sheet_qr_url", "https://example.org\\n"),
        ("printing.sheet_qr_url", "https://example.org/\\u001b]0;x"),
        ("kiosk.region", "uk\\n"),
    ],
)
def test_control_characters_are_refused_in_names_and_addresses(
    tmp_path: Path, key: str, escaped: str
) -> None:
    section, name = key.split(".")
    path = write(tmp_path, f'[{section}]\n{name} = "{escaped}"\n')
    text = assert_names(error_for(path), path, key)
    assert "got '" in text


def test_a_bad_plan_content_file_is_called_a_file_not_a_folder(tmp_path: Path) -> None:
    path = write(tmp_path, '[kiosk]\nplan_content_file = "plan\\u0007.toml"\n')
    error = error_for(path)
    assert_names(error, path, "kiosk.plan_content_file")
    assert error.message.startswith("must be a file path") and "folder" not in error.message


def test_an_unknown_setting_lists_the_known_ones(tmp_path: Path) -> None:
    path = write(tmp_path, "[printing]\nqueue = 1\n")
    text = assert_names(error_for(path), path, "printing.queue")
    assert text.endswith(
        "known settings: printer, cups_server, save_folder, sheet_qr_url, visitor_printer, "
        "hold_vault_documents"
    )


# The file itself -----------------------------------------------------------------------------


def test_toml_syntax_error_keeps_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "[session]\nidle_lock_seconds = = 3\n")
    text = assert_names(error_for(path), path, "")
    assert "TOML syntax error" in text
    assert "line 2" in text
    assert "column" in text


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    text = assert_names(error_for(path), path, "")
    assert text == f"{path}: no such file"


def test_directory(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.mkdir()
    text = assert_names(error_for(path), path, "")
    assert "folder" in text


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "")
    path.chmod(0o000)
    if os.geteuid() == 0:
        # Root reads any file whatever its mode, so make the open fail as it would for the
        # kiosk's own unprivileged user.
        real_open = os.open

        def refuse(name: object, *args: Any, **kwargs: Any) -> int:
            if Path(str(name)) == path:
                raise PermissionError(13, "Permission denied", str(name))
            return real_open(name, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", refuse)
    try:
        text = assert_names(error_for(path), path, "")
    finally:
        monkeypatch.undo()
        path.chmod(0o600)
    assert "permission denied" in text


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_bytes(b'[quick_exit]\nneutral_title = "Caf\xe9"\n')
    text = assert_names(error_for(path), path, "")
    assert "not UTF-8" in text
    assert "line 2" in text


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_bytes(b'\xef\xbb\xbf[kiosk]\nregion = "ie"\n')
    assert load_config(path).kiosk.region == "ie"


def test_too_large(tmp_path: Path) -> None:
    path = write(tmp_path, "#" * (config_module.MAX_CONFIG_BYTES + 1))
    assert "too large" in assert_names(error_for(path), path, "")


def test_a_newline_in_the_file_name_stays_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "odd\nname.toml"
    text = str(error_for(path))
    assert "\n" not in text
    assert "odd\\nname.toml" in text


# Any text at all -----------------------------------------------------------------------------

_FRAGMENTS = st.sampled_from(
    [
        "[kiosk]",
        "[kdf]",
        "[lockout]",
        "[session]",
        "[quick_exit]",
        "[printing]",
        "[[kiosk]]",
        "data_dir = ",
        "secret_file = ",
        "region = ",
        "language = ",
        "profile = ",
        "memory_mib = ",
        "idle_lock_seconds = ",
        "idle_warning_seconds = ",
        "keys = ",
        "neutral_title = ",
        "neutral_text = ",
        "save_folder = ",
        "printer = ",
        "kiosk.region = ",
        "session = ",
    ]
)
_VALUES = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.booleans().map(lambda value: str(value).lower()),
    st.floats(allow_nan=False).map(repr),
    st.text(max_size=20).map(lambda value: msgspec.json.encode(value).decode()),
    st.lists(st.text(max_size=5), max_size=3).map(
        lambda value: msgspec.json.encode(value).decode()
    ),
    st.just("{}"),
    st.just("1979-05-27T07:32:00Z"),
    st.text(max_size=10),
)
_TOML_ISH = st.lists(st.tuples(_FRAGMENTS, _VALUES).map("".join), max_size=8).map("\n".join)
_ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(_ANY_TEXT, _TOML_ISH))
def test_any_text_gives_a_config_or_a_config_error(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = tmp_path_factory.getbasetemp() / "fuzz.toml"
    path.write_text(text, encoding="utf-8")
    try:
        loaded = load_config(path)
    except ConfigError as error:
        assert "\n" not in str(error)
        assert str(error).startswith(f"{path}: ")
    else:
        assert isinstance(loaded, Config)
        assert loaded.data_path().is_absolute()


@pytest.mark.parametrize(
    "key", ["notakey", "F12", "enter", "tab", "a", "ctrl+m", "ctrl+i", "f25", "f0", "escape"]
)
def test_a_key_the_kiosk_cannot_be_left_by_is_refused(tmp_path: Path, key: str) -> None:
    """A name Textual does not know (a typo) was accepted: the screens then said to press it
    and nothing left the kiosk. Keys that type or work a form (Enter, Tab, letters; Ctrl+M is
    Enter to a terminal) would leave it while she writes."""
    path = write(tmp_path, f'[quick_exit]\nkeys = ["f12", "{key}"]\n')
    text = assert_names(error_for(path), path, "quick_exit.keys[1]")
    assert "function key" in text


@pytest.mark.parametrize("key", ["f1", "f12", "f24", "ctrl+f12", "ctrl+e", "ctrl+q"])
def test_function_keys_and_ctrl_letters_are_quick_exit_keys(tmp_path: Path, key: str) -> None:
    assert load_config(write(tmp_path, f'[quick_exit]\nkeys = ["{key}"]\n')).quick_exit.keys == (
        key,
    )
