"""``kiosk doctor``: checks an operator runs after installing or changing anything.

Each finding is one plain sentence and, when something is wrong, the fix. No finding ever
mentions a vault name or anything a visitor typed; the checks never open a vault.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kiosk.config import Config

Level = Literal["ok", "warning", "problem"]
MIN_FREE_BYTES = 200 * 1024 * 1024
WARN_FREE_BYTES = 1024 * 1024 * 1024
REQUIRED_FONTS = ("Noto Sans", "Noto Naskh Arabic")


@dataclass(frozen=True)
class Finding:
    level: Level
    message: str
    fix: str = ""


def check_secret(config: Config) -> Finding:
    path = config.secret_path()
    try:
        info = path.stat()
    except FileNotFoundError:
        return Finding(
            "problem",
            f"The kiosk secret {path} does not exist.",
            "Run 'kiosk admin init' to set up this data folder.",
        )
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o077:
        return Finding(
            "problem",
            f"The kiosk secret {path} can be read by other users (mode {mode:o}).",
            f"Run: chmod 400 {path}",
        )
    if info.st_uid != os.geteuid():
        return Finding(
            "warning",
            f"The kiosk secret {path} belongs to another user.",
            "Run the kiosk as the user that owns the data folder.",
        )
    return Finding("ok", f"The kiosk secret is private (mode {mode:o}).")


def check_data_folder(config: Config) -> list[Finding]:
    folder = config.data_path()
    if not folder.is_dir():
        return [
            Finding(
                "problem", f"The data folder {folder} does not exist.", "Run 'kiosk admin init'."
            )
        ]
    findings = []
    mode = stat.S_IMODE(folder.stat().st_mode)
    if mode & 0o077:
        findings.append(
            Finding(
                "problem",
                f"The data folder {folder} is open to other users (mode {mode:o}).",
                f"Run: chmod 700 {folder}",
            )
        )
    else:
        findings.append(Finding("ok", f"The data folder {folder} is private."))
    if not os.access(folder, os.W_OK):
        findings.append(
            Finding(
                "problem",
                f"The kiosk cannot write to {folder}.",
                "Give the kiosk's user ownership of the folder.",
            )
        )
    free = shutil.disk_usage(folder).free
    megabytes = free // (1024 * 1024)
    if free < MIN_FREE_BYTES:
        findings.append(
            Finding(
                "problem",
                f"Only {megabytes} MB of disk space is free.",
                "Free some space: vaults cannot be saved on a full disk.",
            )
        )
    elif free < WARN_FREE_BYTES:
        findings.append(
            Finding(
                "warning", f"Only {megabytes} MB of disk space is free.", "Free some space soon."
            )
        )
    else:
        findings.append(Finding("ok", f"{megabytes} MB of disk space is free."))
    return findings


def check_fonts() -> list[Finding]:
    if shutil.which("fc-list") is None:
        return [
            Finding(
                "problem",
                "Fontconfig is not installed, so sheets cannot be printed.",
                "Install fontconfig, fonts-noto-core and fonts-dejavu-core.",
            )
        ]
    listing = subprocess.run(
        ["fc-list", ":", "family"], capture_output=True, text=True, check=False
    ).stdout
    families = {name.strip() for line in listing.splitlines() for name in line.split(",")}
    missing = [font for font in REQUIRED_FONTS if font not in families]
    if missing:
        return [
            Finding(
                "problem",
                f"Fonts missing for printed sheets: {', '.join(missing)}.",
                "Install the Debian package fonts-noto-core.",
            )
        ]
    return [Finding("ok", "The fonts for Latin, Arabic and Urdu sheets are installed.")]


def check_printer(config: Config) -> list[Finding]:
    from kiosk.printing.cups import CupsPrinter, PrintingError

    printer = CupsPrinter(queue=config.printing.printer, server=config.printing.cups_server)
    try:
        printer.check()
    except PrintingError as error:
        return [
            Finding(
                "problem",
                str(error),
                "Check the printer with 'lpstat -p -d' and the CUPS web page.",
            )
        ]
    name = config.printing.printer or "the default printer"
    return [Finding("ok", f"Printing to {name} is ready.")]


def check_cups_spool(cupsd_conf: Path, cups_server: str = "") -> list[Finding]:
    from kiosk.printing.cups_config import check_cupsd_conf, read_cupsd_conf

    if cups_server and not cups_server.startswith("/"):
        return [
            Finding(
                "warning",
                f"Printing goes to the print server {cups_server}; "
                "its job-file settings cannot be checked from here.",
                "On that server, set PreserveJobFiles No and PreserveJobHistory No.",
            )
        ]
    try:
        text = read_cupsd_conf(cupsd_conf)
    except OSError:
        return [
            Finding(
                "warning",
                f"Could not read {cupsd_conf} to check what CUPS keeps.",
                "Run 'kiosk doctor' as a user that can read it, or check by hand.",
            )
        ]
    findings = [Finding(f.severity, f.message, f.fix) for f in check_cupsd_conf(text)]
    return findings or [Finding("ok", "CUPS keeps neither job files nor job history.")]


def check_directory(config: Config, today: dt.date) -> list[Finding]:
    from kiosk.helplines.loader import DirectoryError, freshness_report, load_directory

    try:
        directory = load_directory(config.helplines_path())
    except DirectoryError as error:
        return [Finding("problem", f"Helpline directory: {error}", "Correct that file.")]
    findings = [Finding("ok", f"The helpline directory has {len(directory.regions)} regions.")]
    if config.kiosk.region not in directory.regions:
        findings.append(
            Finding(
                "problem",
                f"No helplines for the region '{config.kiosk.region}'.",
                "Set [kiosk] region to one of: " + ", ".join(directory.regions),
            )
        )
    findings += [
        Finding(
            "warning",
            line,
            "Check the number on the organisation's website and update verified_on.",
        )
        for line in freshness_report(directory, today)
    ]
    return findings


def check_sqlcipher() -> Finding:
    import sqlcipher3

    from kiosk.vault.store import PINNED_CIPHER_VERSION

    connection = sqlcipher3.connect(":memory:")
    try:
        (version,) = connection.execute("PRAGMA cipher_version").fetchone()
    finally:
        connection.close()
    if version != PINNED_CIPHER_VERSION:
        return Finding(
            "problem",
            f"SQLCipher is {version}, not the tested {PINNED_CIPHER_VERSION}.",
            "Reinstall Harbour with its pinned dependencies.",
        )
    return Finding("ok", f"SQLCipher {version}.")


def run_checks(
    config: Config, config_file: Path, cupsd_conf: Path, today: dt.date
) -> list[Finding]:
    findings = [Finding("ok", f"The config file {config_file} is valid.")]
    findings.append(check_secret(config))
    findings += check_data_folder(config)
    findings.append(check_sqlcipher())
    findings += check_directory(config, today)
    findings += check_fonts()
    findings += check_printer(config)
    findings += check_cups_spool(cupsd_conf, config.printing.cups_server)
    return findings
