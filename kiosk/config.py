"""Site configuration: one TOML file, read and checked once before the interface starts.

Every setting has a safe default, so a nearly empty file is a working kiosk. Anything the file
gets wrong becomes a ``ConfigError`` whose text is a single line naming the file and the dotted
key, because the person reading it is a centre's operator at a console, not a developer.

This is domain code: it never imports Textual or Rich, and importing it does nothing but define
names (no files are read until ``load_config`` is called).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Final, Literal

import msgspec
from msgspec import Meta

from kiosk.i18n import available_languages, find_catalogue
from kiosk.text import one_line, show
from kiosk.tomlfile import FileProblem, decode, dotted, read_toml, text_pattern

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
    "StaffSection",
    "find_config_path",
    "load_config",
]

ENV_VAR: Final = "HARBOUR_CONFIG"
SYSTEM_CONFIG_PATH: Final = Path("/etc/harbour/kiosk.toml")

# A config file is a few kilobytes; refusing anything far larger stops a mistyped path (a log,
# a disk image) from being read into memory whole before it fails to parse.
MAX_CONFIG_BYTES: Final = 1024 * 1024

KdfProfile = Literal["calibrated", "standard", "custom"]

# What each setting may hold. A Meta's description is the message for a value its pattern
# refuses (kiosk/tomlfile.py words the rest: ranges, lengths, choices, types).

_FilePath = Annotated[
    str,
    Meta(
        min_length=1,
        pattern=text_pattern(),
        description="must be a path (not blank) without control characters",
    ),
]
_FolderOrNone = Annotated[
    str,
    Meta(
        pattern=r"\A\Z|" + text_pattern(),
        description='must be a folder path without control characters, or "" for none',
    ),
]
_FileOrNone = Annotated[
    str,
    Meta(
        pattern=r"\A\Z|" + text_pattern(),
        description='must be a file path without control characters, or "" for the shipped one',
    ),
]
_SocketPath = Annotated[
    str,
    Meta(
        max_length=100,
        pattern=r"\A\Z|" + text_pattern(),
        description="must be a socket path of at most 100 characters without control "
        'characters, or "" to run the gatekeeper in the kiosk\'s own process',
    ),
]
_RegionCode = Annotated[
    str,
    Meta(
        max_length=32,
        pattern=r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z",
        description="must be lowercase letters and digits, joined by '-', at most 32 characters "
        '(for example "uk")',
    ),
]
# BCP 47 shape without the registry: a 2–3 letter language, then optional subtags such as a
# script ("Latn"), a region ("GB", "419") or a variant. Enough to choose a translation safely.
_LanguageTag = Annotated[
    str,
    Meta(
        max_length=35,
        pattern=r"\A[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*\Z",
        description='must be a language tag such as "en", "pl", "ar" or "en-GB"',
    ),
]
# A quick-exit key is one every terminal sends and Textual names so, and one that types nothing
# and works no form: a function key (with Ctrl or without), or Ctrl and a letter other than
# those a terminal sends for Backspace (h), Tab (i), Enter (m) and a new line (j). A name
# Textual does not know (a typo) was accepted, and the kiosk then said "Press F12" while F12
# did nothing.
_KeyName = Annotated[
    str,
    Meta(
        pattern=r"\A(?:(?:ctrl\+)?f(?:[1-9]|1[0-9]|2[0-4])|ctrl\+[a-gk-ln-z])\Z",
        description='must be a function key, "f1" to "f24" (also with "ctrl+" before it), '
        'or "ctrl+" and a letter other than h, i, j and m, in lowercase (for example "f12" '
        'or "ctrl+e")',
    ),
]


class KioskSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Where the kiosk keeps its files, and which region's helplines and language it uses."""

    data_dir: _FilePath = "/var/lib/harbour"
    """Absolute after ``load_config``: a relative value is resolved against the config folder."""
    secret_file: _FilePath = "gatekeeper/kiosk.secret"  # noqa: S105 - a path, not a password
    """Relative values live inside ``data_dir``; see ``Config.secret_path``."""
    region: _RegionCode = "uk"
    language: _LanguageTag = "en"
    """The language every session starts in."""
    languages: tuple[_LanguageTag, ...] = ()
    """The languages a visitor may choose on the welcome screen; empty (the default): every
    language this kiosk has a catalogue for. See ``offered_languages``."""
    helplines_folder: _FolderOrNone = ""
    """The centre's own helpline files, laid over the shipped directory; "" means none.

    A relative path is beside the config file (absolute after ``load_config``)."""
    plan_content_file: _FileOrNone = ""
    """The centre's own safety-plan content (docs/PLAN-CONTENT.md) instead of the shipped one;
    "" means the shipped one. A relative path is beside the config file."""

    def offered_languages(self) -> tuple[str, ...]:
        """What the welcome screen offers: ``languages`` as listed, or else the starting
        language first and then every other language with a catalogue."""
        if self.languages:
            return self.languages
        base = self.language.split("-")[0]
        others = (tag for tag in available_languages() if tag not in (self.language, base))
        return (self.language, *others)


class KdfSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """How hard each PIN guess is made (Argon2id). The numbers are only used by "custom".

    They are checked whatever the profile, so that switching to "custom" later cannot suddenly
    break the kiosk, and a value typed in by mistake is reported rather than silently ignored.
    """

    profile: KdfProfile = "calibrated"
    memory_mib: Annotated[int, Meta(ge=256, le=4096, extra={"unit": "MiB"})] = 256
    iterations: Annotated[int, Meta(ge=3, le=20, extra={"unit": "passes"})] = 3
    parallelism: Annotated[int, Meta(ge=0, le=8, extra={"unit": "lanes (0 means automatic)"})] = 0
    """0 means one lane per core, up to four."""


class LockoutSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The kiosk-wide limit on failed unlocks; the per-vault schedule is fixed in the vault."""

    kiosk_failures_per_hour: Annotated[int, Meta(ge=5, le=200)] = 30
    kiosk_pause_seconds: Annotated[int, Meta(ge=60, le=86400, extra={"unit": "seconds"})] = 900


class SessionSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """When an unattended session locks itself, and what happens to unsaved writing."""

    idle_lock_seconds: Annotated[int, Meta(ge=30, le=1800, extra={"unit": "seconds"})] = 120
    # WCAG 2.2.1 (Timing Adjustable) asks for at least 20 seconds' warning before a time-out.
    idle_warning_seconds: Annotated[int, Meta(ge=20, le=120, extra={"unit": "seconds"})] = 20
    keep_interrupted_drafts: bool = True


class QuickExitSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The ways to leave at once, and the neutral screen that replaces everything."""

    keys: Annotated[
        tuple[_KeyName, ...],
        Meta(min_length=1, description='must list at least one key, for example ["f12"]'),
    ] = ("f12",)
    escape_twice: bool = True
    shift_three_times: bool = True
    # The title reaches the terminal's title bar: an escape character there could send the
    # terminal commands, so control characters are refused rather than stripped.
    neutral_title: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=60,
            pattern=text_pattern(),
            description="must be text (not blank) on one line, without control characters",
        ),
    ] = "Information point"
    neutral_text: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=400,
            pattern=text_pattern(newlines=True),
            description="must be text (not blank) without control characters other than new lines",
        ),
    ] = "Welcome. Information and leaflets are available at the desk."
    neutral_hold_seconds: Annotated[int, Meta(ge=1, le=120, extra={"unit": "seconds"})] = 5
    """After a session ends the neutral screen stays; keys in these first seconds are dropped."""


class PrintingSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Which printer to use, and whether PDFs may be saved to a folder instead."""

    # CUPS refuses queue names with spaces, tabs, "/" or "#", and caps them at 127 characters.
    printer: Annotated[
        str,
        Meta(
            max_length=127,
            pattern=text_pattern(blank=True, also=r"\s/#"),
            description="must be a CUPS queue name: up to 127 characters, no spaces, '/' or '#', "
            'or "" for the default printer',
        ),
    ] = ""
    """Empty means the CUPS default queue."""
    cups_server: Annotated[
        str,
        Meta(
            pattern=text_pattern(blank=True, also=r"\s"),
            description="must be a host name, host:port or socket path without spaces, "
            'or "" for the system\'s',
        ),
    ] = ""
    """Empty means the system's scheduler."""
    save_folder: _FolderOrNone = ""
    """Empty turns saving off; otherwise absolute after ``load_config``, like ``data_dir``."""
    sheet_qr_url: Annotated[
        str,
        Meta(
            max_length=300,
            pattern=r"\A\Z|\Ahttps?://" + text_pattern(also=r"\s").removeprefix(r"\A"),
            description='must be a web address starting with https://, or "" for none',
        ),
    ] = ""
    """A web address printed as a QR code on helpline sheets; empty prints none."""
    visitor_printer: Annotated[
        str,
        Meta(
            max_length=127,
            pattern=text_pattern(blank=True, also=r"\s/#"),
            description="must be a CUPS queue name: up to 127 characters, no spaces, '/' or '#', "
            'or "" for the same printer as staff use',
        ),
    ] = ""
    """The queue for what visitors print (a printer only survivors use); empty: ``printer``."""
    hold_vault_documents: bool = True
    """A visitor's own documents (her record, her plan, a recovery slip) wait in CUPS, held,
    until she presses "Release my printing" at the kiosk; cancelled when her session ends."""


class StaffSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The staff console: how soon it locks itself, and when an unused vault may go."""

    idle_lock_seconds: Annotated[int, Meta(ge=30, le=900, extra={"unit": "seconds"})] = 60
    """A staff session idles out sooner than a visitor's (checked against ``session``)."""
    retention_months: Annotated[int, Meta(ge=1, le=120, extra={"unit": "months"})] = 12
    """Vaults not opened for this many months are listed to staff for deletion."""


class GatekeeperSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Where the gatekeeper runs: in the kiosk's own process, or as its own service."""

    socket: _SocketPath = ""
    """The gatekeeper service's unix socket; "" runs the gatekeeper in-process (development,
    tests). A relative path is beside the config file (absolute after ``load_config``)."""


class Config(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The whole site configuration. Built by ``load_config``; ``Config()`` is all defaults."""

    kiosk: KioskSection = msgspec.field(default_factory=KioskSection)
    kdf: KdfSection = msgspec.field(default_factory=KdfSection)
    lockout: LockoutSection = msgspec.field(default_factory=LockoutSection)
    session: SessionSection = msgspec.field(default_factory=SessionSection)
    quick_exit: QuickExitSection = msgspec.field(default_factory=QuickExitSection)
    printing: PrintingSection = msgspec.field(default_factory=PrintingSection)
    staff: StaffSection = msgspec.field(default_factory=StaffSection)
    gatekeeper: GatekeeperSection = msgspec.field(default_factory=GatekeeperSection)

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

    def plan_content_path(self) -> Path | None:
        """The centre's own safety-plan content file, or None: the shipped one is used."""
        if not self.kiosk.plan_content_file:
            return None
        return Path(os.path.abspath(self.kiosk.plan_content_file))

    def staff_idle_seconds(self) -> int:
        """How long a staff session may sit idle: never longer than a visitor's, and long
        enough for the "Still there?" warning to come first."""
        session = self.session
        wanted = max(self.staff.idle_lock_seconds, session.idle_warning_seconds + 10)
        return min(wanted, session.idle_lock_seconds)

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
    try:
        config = decode(
            read_toml(path, what="config file", limit=MAX_CONFIG_BYTES), Config, noun="setting"
        )
    except FileProblem as problem:
        message = problem.message
        if message.startswith("permission denied"):
            message += _AS_KIOSK
        raise ConfigError(file, dotted(problem.path), message) from None
    _check_rules(file, config)

    config_folder = Path(os.path.abspath(path)).parent
    resolved_data = (
        Path(os.path.abspath(data_dir))
        if data_dir is not None
        else _resolve_against(config_folder, config.kiosk.data_dir)
    )
    helplines = config.kiosk.helplines_folder
    if helplines:
        helplines = str(_resolve_against(config_folder, helplines))
    plan_content = config.kiosk.plan_content_file
    if plan_content:
        plan_content = str(_resolve_against(config_folder, plan_content))
    kiosk = msgspec.structs.replace(
        config.kiosk,
        data_dir=str(resolved_data),
        helplines_folder=helplines,
        plan_content_file=plan_content,
    )
    printing = config.printing
    if printing.save_folder:
        saved = _resolve_against(config_folder, printing.save_folder)
        printing = msgspec.structs.replace(printing, save_folder=str(saved))
    gatekeeper = config.gatekeeper
    if gatekeeper.socket:
        socket = _resolve_against(config_folder, gatekeeper.socket)
        gatekeeper = msgspec.structs.replace(gatekeeper, socket=str(socket))
    return msgspec.structs.replace(config, kiosk=kiosk, printing=printing, gatekeeper=gatekeeper)


# Installed as docs/DEPLOY.md says, only the kiosk's account can read its settings.
_AS_KIOSK: Final = "; on an installed kiosk, run Harbour's commands as: sudo -u kiosk kiosk …"


def _check_rules(file: str, config: Config) -> None:
    """The rules about how values go together, which the types alone cannot say."""
    secret = Path(config.kiosk.secret_file)
    if not secret.is_absolute() and ".." in secret.parts:
        raise ConfigError(
            file,
            "kiosk.secret_file",
            "a relative path must stay inside data_dir (no '..'); write an absolute path instead",
        )
    if find_catalogue(config.kiosk.language) is None:
        shipped = ", ".join(f'"{tag}"' for tag in available_languages())
        raise ConfigError(
            file,
            "kiosk.language",
            f"no translation for {show(config.kiosk.language)}; this kiosk has {shipped} "
            "(docs/TRANSLATING.md says how to add a language)",
        )
    _check_languages(file, config.kiosk)
    session = config.session
    if session.idle_warning_seconds >= session.idle_lock_seconds:
        raise ConfigError(
            file,
            "session.idle_warning_seconds",
            f"must be shorter than session.idle_lock_seconds ({session.idle_lock_seconds})",
        )


def _check_languages(file: str, kiosk: KioskSection) -> None:
    if not kiosk.languages:
        return
    shipped = ", ".join(f'"{tag}"' for tag in available_languages())
    for tag in kiosk.languages:
        if find_catalogue(tag) is None:
            raise ConfigError(
                file,
                "kiosk.languages",
                f"no translation for {show(tag)}; this kiosk has {shipped} "
                "(docs/TRANSLATING.md says how to add a language)",
            )
    repeated = next((tag for tag in kiosk.languages if kiosk.languages.count(tag) > 1), None)
    if repeated is not None:
        raise ConfigError(file, "kiosk.languages", f"lists {show(repeated)} more than once")
    if kiosk.language not in kiosk.languages:
        raise ConfigError(
            file,
            "kiosk.languages",
            f"must include kiosk.language ({show(kiosk.language)}), the language every "
            "session starts in",
        )


def _resolve_against(folder: Path, value: str) -> Path:
    # normpath rather than resolve(): no file-system access and no symlink surprises, so the
    # result depends only on the file and where it is.
    return Path(os.path.normpath(folder / value))
