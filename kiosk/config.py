"""Site configuration: one TOML file, read and checked once before the interface starts.

Every setting has a safe default, so a nearly empty file is a working kiosk. Anything the file
gets wrong becomes a ``ConfigError`` whose text is a single line naming the file and the dotted
key, because the person reading it is a centre's operator at a console, not a developer.

This is domain code: it never imports Textual or Rich, and importing it does nothing but define
names (no files are read until ``load_config`` is called).
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from difflib import get_close_matches
from pathlib import Path
from typing import Any, Final, Literal, get_args

import msgspec

from kiosk.i18n import available_languages, find_catalogue
from kiosk.text import lower_first, one_line, show

__all__ = [
    "SYSTEM_CONFIG_PATH",
    "Config",
    "ConfigError",
    "KdfProfile",
    "KdfSection",
    "KioskSection",
    "LockoutSection",
    "PrintingSection",
    "QuickExitSection",
    "SessionSection",
    "find_config_path",
    "load_config",
]

ENV_VAR: Final = "HARBOUR_CONFIG"
SYSTEM_CONFIG_PATH: Final = Path("/etc/harbour/kiosk.toml")

# A config file is a few kilobytes; refusing anything far larger stops a mistyped path (a log,
# a disk image) from being read into memory whole before it fails to parse.
MAX_CONFIG_BYTES: Final = 1024 * 1024

KdfProfile = Literal["calibrated", "standard", "custom"]


class KioskSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Where the kiosk keeps its files, and which region's helplines and language it uses."""

    data_dir: str = "/var/lib/harbour"
    """Absolute after ``load_config``: a relative value is resolved against the config folder."""
    secret_file: str = "gatekeeper/kiosk.secret"  # noqa: S105 - a path, not a password
    """Relative values live inside ``data_dir``; see ``Config.secret_path``."""
    region: str = "uk"
    language: str = "en"
    helplines_folder: str = ""
    """The centre's own helpline files, laid over the shipped directory; "" means none.

    A relative path is beside the config file (absolute after ``load_config``)."""


class KdfSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """How hard each PIN guess is made (Argon2id). The numbers are only used by "custom"."""

    profile: KdfProfile = "calibrated"
    memory_mib: int = 256
    iterations: int = 3
    parallelism: int = 0
    """0 means one lane per core, up to four."""


class LockoutSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The kiosk-wide limit on failed unlocks; the per-vault schedule is fixed in the vault."""

    kiosk_failures_per_hour: int = 30
    kiosk_pause_seconds: int = 900


class SessionSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """When an unattended session locks itself, and what happens to unsaved writing."""

    idle_lock_seconds: int = 120
    idle_warning_seconds: int = 20
    keep_interrupted_drafts: bool = True


class QuickExitSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The ways to leave at once, and the neutral screen that replaces everything."""

    keys: tuple[str, ...] = ("f12",)
    escape_twice: bool = True
    shift_three_times: bool = True
    neutral_title: str = "Information point"
    neutral_text: str = "Welcome. Information and leaflets are available at the desk."
    neutral_hold_seconds: int = 5
    """After a session ends the neutral screen stays; keys in these first seconds are dropped."""


class PrintingSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Which printer to use, and whether PDFs may be saved to a folder instead."""

    printer: str = ""
    """Empty means the CUPS default queue."""
    cups_server: str = ""
    """Empty means the system's scheduler."""
    save_folder: str = ""
    sheet_qr_url: str = ""
    """A web address printed as a QR code on helpline sheets; empty prints none."""
    """Empty turns saving off; otherwise absolute after ``load_config``, like ``data_dir``."""


class Config(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The whole site configuration. Built by ``load_config``; ``Config()`` is all defaults."""

    kiosk: KioskSection = msgspec.field(default_factory=KioskSection)
    kdf: KdfSection = msgspec.field(default_factory=KdfSection)
    lockout: LockoutSection = msgspec.field(default_factory=LockoutSection)
    session: SessionSection = msgspec.field(default_factory=SessionSection)
    quick_exit: QuickExitSection = msgspec.field(default_factory=QuickExitSection)
    printing: PrintingSection = msgspec.field(default_factory=PrintingSection)

    def data_path(self) -> Path:
        """The data folder as an absolute path.

        ``load_config`` already stores it absolute; making it absolute here as well means a
        ``Config`` built by hand in a test never depends on where it is later used from.
        """
        return Path(os.path.abspath(self.kiosk.data_dir))

    def secret_path(self) -> Path:
        """The kiosk secret: an absolute ``secret_file`` as written, else inside the data folder."""
        secret = Path(self.kiosk.secret_file)
        if secret.is_absolute():
            return Path(os.path.normpath(secret))
        return Path(os.path.normpath(self.data_path() / secret))

    def helplines_path(self) -> Path | None:
        """The centre's helpline folder, or None: the shipped directory alone is used."""
        if not self.kiosk.helplines_folder:
            return None
        return Path(os.path.abspath(self.kiosk.helplines_folder))

    def save_path(self) -> Path | None:
        """The folder for saved PDFs, or None when saving is turned off."""
        if not self.printing.save_folder:
            return None
        return Path(os.path.abspath(self.printing.save_folder))


class ConfigError(Exception):
    """A config file that cannot be used. ``str()`` is one line: ``<file>: <key>: <message>``."""

    def __init__(self, file: str, key: str, message: str) -> None:
        self.file = file
        self.key = key
        self.message = message
        parts = [file, key, message] if key else [file, message]
        # A path or a quoted TOML key can contain a newline; the message must still be one line
        # so that it cannot be mistaken for two errors or push the console's prompt away.
        super().__init__(": ".join(one_line(part) for part in parts))


def find_config_path(explicit: str | None) -> Path:
    """Which config file to use: an explicit path, $HARBOUR_CONFIG, the system file, the example.

    Empty strings count as "not given", because an unset shell variable often arrives as "".
    The example file is the development fallback; an appliance installs the system file.
    """
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(ENV_VAR, "")
    if from_env:
        return Path(from_env)
    try:
        if SYSTEM_CONFIG_PATH.exists():
            return SYSTEM_CONFIG_PATH
    except PermissionError:
        # Its folder is closed to this user: the system file is meant, and reading it will
        # say "permission denied" in one line instead of silently using the example.
        return SYSTEM_CONFIG_PATH
    return Path(__file__).resolve().parent.parent / "config" / "kiosk.example.toml"


def load_config(path: Path, *, data_dir: Path | None = None) -> Config:
    """Read, check and resolve one config file.

    ``data_dir`` (the ``--data-dir`` option) replaces ``[kiosk].data_dir`` and is resolved
    against the current folder, as a command-line path would be. Raises ``ConfigError`` for
    every problem with the file; no other exception escapes for any file content.
    """
    file = str(path)
    text = _read_text(path, file)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(file, "", f"TOML syntax error: {lower_first(str(error))}") from None
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively.
        raise ConfigError(file, "", "TOML syntax error: values nested too deeply") from None

    _reject_unknown_keys(file, document)
    try:
        config = msgspec.convert(document, Config)
    except msgspec.ValidationError as error:
        key, message = _translate_validation_error(str(error))
        raise ConfigError(file, key, message) from None

    _validate(file, config)

    config_folder = Path(os.path.abspath(path)).parent
    resolved_data = (
        Path(os.path.abspath(data_dir))
        if data_dir is not None
        else _resolve_against(config_folder, config.kiosk.data_dir)
    )
    helplines = config.kiosk.helplines_folder
    if helplines:
        helplines = str(_resolve_against(config_folder, helplines))
    kiosk = msgspec.structs.replace(
        config.kiosk, data_dir=str(resolved_data), helplines_folder=helplines
    )
    printing = config.printing
    if printing.save_folder:
        saved = _resolve_against(config_folder, printing.save_folder)
        printing = msgspec.structs.replace(printing, save_folder=str(saved))
    return msgspec.structs.replace(config, kiosk=kiosk, printing=printing)


# Reading the file --------------------------------------------------------------------------


def _read_text(path: Path, file: str) -> str:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ConfigError(file, "", "no such file") from None
    except PermissionError:
        raise ConfigError(
            file, "", f"permission denied (cannot reach the file){_AS_KIOSK}"
        ) from None
    except (OSError, ValueError) as error:
        raise ConfigError(file, "", f"cannot read the file ({_os_reason(error)})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ConfigError(file, "", "is a folder, not a config file")
    # A FIFO or device would block or never end; only a regular file is a config file.
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(file, "", "is not a regular file")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except PermissionError:
        raise ConfigError(
            file, "", f"permission denied (cannot read the file){_AS_KIOSK}"
        ) from None
    except OSError as error:
        raise ConfigError(file, "", f"cannot read the file ({_os_reason(error)})") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(file, "", f"too large for a config file (over {MAX_CONFIG_BYTES} bytes)")
    try:
        # utf-8-sig drops the byte-order mark some Windows editors add, which TOML rejects.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ConfigError(file, "", f"not UTF-8 text (bad byte on line {line})") from None


# Installed as docs/DEPLOY.md says, only the kiosk's account can read its settings.
_AS_KIOSK: Final = "; on an installed kiosk, run Harbour's commands as: sudo -u kiosk kiosk …"


def _os_reason(error: OSError | ValueError) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return lower_first(str(error))


# Unknown keys and type errors --------------------------------------------------------------


def _field_names(struct_type: type[msgspec.Struct]) -> tuple[str, ...]:
    return struct_type.__struct_fields__


_SECTIONS: Final[Mapping[str, type[msgspec.Struct]]] = {
    "kiosk": KioskSection,
    "kdf": KdfSection,
    "lockout": LockoutSection,
    "session": SessionSection,
    "quick_exit": QuickExitSection,
    "printing": PrintingSection,
}


def _reject_unknown_keys(file: str, document: Mapping[str, Any]) -> None:
    """Name a misspelt key in full, in file order, before msgspec sees the document.

    msgspec's own check (``forbid_unknown_fields``) stays as the backstop, but walking the
    document here gives the dotted key directly and lets the message suggest the real name.
    """
    for section, value in document.items():
        if section not in _SECTIONS:
            raise ConfigError(file, section, _unknown(section, _SECTIONS))
        if isinstance(value, dict):
            known = _field_names(_SECTIONS[section])
            for name in value:
                if name not in known:
                    raise ConfigError(file, f"{section}.{name}", _unknown(name, known))


def _unknown(name: str, known: Iterable[str]) -> str:
    close = get_close_matches(name, list(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown setting{hint}"


_TYPE_WORDS: Final[Mapping[str, str]] = {
    "int": "a whole number",
    "float": "a decimal number",
    "str": "text",
    "bool": "true or false",
    "array": "a list",
    "object": "a table",
    "null": "nothing",
    "datetime": "a date and time",
    "date": "a date",
    "time": "a time",
}

_EXPECTED_RE: Final = re.compile(
    r"Expected `(?P<expected>[^`]*)`, got `(?P<got>[^`]*)`(?: - at `(?P<path>\$[^`]*)`)?",
    re.DOTALL,
)
_UNKNOWN_RE: Final = re.compile(
    r"Object contains unknown field `(?P<field>.*?)`(?: - at `(?P<path>\$[^`]*)`)?", re.DOTALL
)
_AT_RE: Final = re.compile(r"(?P<message>.*?) - at `(?P<path>\$[^`]*)`", re.DOTALL)


def _translate_validation_error(text: str) -> tuple[str, str]:
    """Turn msgspec's ``Expected `int`, got `str` - at `$.a.b``` into a key and plain words."""
    if match := _EXPECTED_RE.fullmatch(text):
        expected = _TYPE_WORDS.get(match["expected"], match["expected"])
        got = _TYPE_WORDS.get(match["got"], match["got"])
        return _dotted(match["path"]), f"expected {expected}, got {got}"
    if match := _UNKNOWN_RE.fullmatch(text):
        parent = _dotted(match["path"])
        key = f"{parent}.{match['field']}" if parent else match["field"]
        return key, "unknown setting"
    if match := _AT_RE.fullmatch(text):
        key = _dotted(match["path"])
        if match["message"].startswith("Invalid enum value") and key == "kdf.profile":
            return key, f"must be one of {_choices(get_args(KdfProfile))}"
        return key, lower_first(match["message"])
    return "", lower_first(text)


def _dotted(path: str | None) -> str:
    """``$.session.idle_lock_seconds`` → ``session.idle_lock_seconds``; ``$`` → ``""``."""
    if not path or path == "$":
        return ""
    return path.removeprefix("$").removeprefix(".")


# Values ------------------------------------------------------------------------------------

_REGION_RE: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# BCP 47 shape without the registry: a 2–3 letter language, then optional subtags such as a
# script ("Latn"), a region ("GB", "419") or a variant. Enough to choose a translation safely.
_LANGUAGE_RE: Final = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_KEY_RE: Final = re.compile(r"[a-z0-9_+]+")
# CUPS refuses queue names with spaces, tabs, "/" or "#", and caps them at 127 characters.
_PRINTER_RE: Final = re.compile(r"[^\s/#]{1,127}")


def _validate(file: str, config: Config) -> None:
    """Range and content checks, each naming its key, in the order the sections are documented."""

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(file, key, message)

    kiosk = config.kiosk
    for key, value in (
        ("kiosk.data_dir", kiosk.data_dir),
        ("kiosk.secret_file", kiosk.secret_file),
    ):
        if not value.strip():
            raise fail(key, "must not be empty")
        if _has_control(value):
            raise fail(key, "must not contain control characters")
    if not Path(kiosk.secret_file).is_absolute() and ".." in Path(kiosk.secret_file).parts:
        raise fail(
            "kiosk.secret_file",
            "a relative path must stay inside data_dir (no '..'); write an absolute path instead",
        )
    if len(kiosk.region) > 32 or not _REGION_RE.fullmatch(kiosk.region):
        raise fail(
            "kiosk.region",
            "must be lowercase letters and digits, joined by '-', at most 32 characters "
            f'(for example "uk"), got {show(kiosk.region)}',
        )
    if len(kiosk.language) > 35 or not _LANGUAGE_RE.fullmatch(kiosk.language):
        raise fail(
            "kiosk.language",
            'must be a language tag such as "en", "pl", "ar" or "en-GB", '
            f"got {show(kiosk.language)}",
        )
    if find_catalogue(kiosk.language) is None:
        shipped = ", ".join(f'"{tag}"' for tag in available_languages())
        raise fail(
            "kiosk.language",
            f"no translation for {show(kiosk.language)}; this kiosk has {shipped} "
            "(docs/TRANSLATING.md says how to add a language)",
        )

    kdf = config.kdf
    # Checked whatever the profile, so that switching to "custom" later cannot suddenly break
    # the kiosk, and a value typed in by mistake is reported rather than silently ignored.
    _check_range(fail, "kdf.memory_mib", kdf.memory_mib, 256, 4096, "MiB")
    _check_range(fail, "kdf.iterations", kdf.iterations, 3, 20, "passes")
    _check_range(fail, "kdf.parallelism", kdf.parallelism, 0, 8, "lanes (0 means automatic)")

    lockout = config.lockout
    _check_range(fail, "lockout.kiosk_failures_per_hour", lockout.kiosk_failures_per_hour, 5, 200)
    _check_range(
        fail, "lockout.kiosk_pause_seconds", lockout.kiosk_pause_seconds, 60, 86400, "seconds"
    )

    session = config.session
    _check_range(fail, "session.idle_lock_seconds", session.idle_lock_seconds, 30, 1800, "seconds")
    # WCAG 2.2.1 (Timing Adjustable) asks for at least 20 seconds' warning before a time-out.
    _check_range(
        fail, "session.idle_warning_seconds", session.idle_warning_seconds, 20, 120, "seconds"
    )
    if session.idle_warning_seconds >= session.idle_lock_seconds:
        raise fail(
            "session.idle_warning_seconds",
            f"must be shorter than session.idle_lock_seconds ({session.idle_lock_seconds})",
        )

    quick_exit = config.quick_exit
    if not quick_exit.keys:
        raise fail("quick_exit.keys", 'must list at least one key, for example ["f12"]')
    for index, name in enumerate(quick_exit.keys):
        if not _KEY_RE.fullmatch(name):
            raise fail(
                f"quick_exit.keys[{index}]",
                "must be a key name in lowercase letters, digits, '_' and '+' "
                f'(for example "f12" or "ctrl+e"), got {show(name)}',
            )
    _check_text(fail, "quick_exit.neutral_title", quick_exit.neutral_title, 60, newlines=False)
    _check_text(fail, "quick_exit.neutral_text", quick_exit.neutral_text, 400, newlines=True)
    _check_range(
        fail, "quick_exit.neutral_hold_seconds", quick_exit.neutral_hold_seconds, 1, 120, "seconds"
    )

    printing = config.printing
    if printing.printer and not _PRINTER_RE.fullmatch(printing.printer):
        raise fail(
            "printing.printer",
            "must be a CUPS queue name: up to 127 characters, no spaces, '/' or '#', "
            f'or "" for the default printer; got {show(printing.printer)}',
        )
    if printing.cups_server and (_has_control(printing.cups_server) or " " in printing.cups_server):
        raise fail(
            "printing.cups_server",
            'must be a host name, host:port or socket path without spaces, or "" for the system\'s',
        )
    folder = config.kiosk.helplines_folder
    if (folder and not folder.strip()) or _has_control(folder):
        raise fail(
            "kiosk.helplines_folder",
            'must be a folder path without control characters, or "" for none',
        )
    url = printing.sheet_qr_url
    if url and (not re.match(r"^https?://[^\s]+$", url) or len(url) > 300):
        raise fail("printing.sheet_qr_url", "must be a web address starting with https://")
    if _has_control(printing.save_folder):
        raise fail("printing.save_folder", "must not contain control characters")


_Fail = Callable[[str, str], ConfigError]


def _check_range(fail: _Fail, key: str, value: int, low: int, high: int, unit: str = "") -> None:
    if not low <= value <= high:
        suffix = f" {unit}" if unit else ""
        raise fail(key, f"must be between {low} and {high}{suffix}, got {value}")


def _check_text(fail: _Fail, key: str, value: str, longest: int, *, newlines: bool) -> None:
    if not value.strip():
        raise fail(key, "must not be empty")
    if len(value) > longest:
        raise fail(key, f"must be 1 to {longest} characters long, got {len(value)}")
    allowed = "\n" if newlines else ""
    if _has_control(value, allowed=allowed):
        # The title reaches the terminal's title bar: an escape character there could send the
        # terminal commands, so control characters are refused rather than stripped.
        what = "control characters other than new lines" if newlines else "control characters"
        raise fail(key, f"must not contain {what}")


def _has_control(value: str, *, allowed: str = "") -> bool:
    # Cc covers C0, DEL and C1 (including ESC); line and paragraph separators break a line
    # just as a newline does.
    return any(
        unicodedata.category(char) in ("Cc", "Zl", "Zp") and char not in allowed for char in value
    )


def _resolve_against(folder: Path, value: str) -> Path:
    # normpath rather than resolve(): no file-system access and no symlink surprises, so the
    # result depends only on the file and where it is.
    return Path(os.path.normpath(folder / value))


# Wording -----------------------------------------------------------------------------------


def _choices(values: Iterable[str]) -> str:
    quoted = [f'"{value}"' for value in values]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]
