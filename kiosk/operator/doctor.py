"""``kiosk doctor``: checks an operator runs after installing or changing anything.

Each finding is one plain sentence and, when something is wrong, the fix. No finding ever
mentions a vault name or anything a visitor typed; the checks never open a vault.

Run by someone other than the kiosk's user (an administrator who forgot ``sudo -u kiosk``),
a check that cannot read what it looks at says so in one line; no check ever ends the doctor
with a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import stat
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from shlex import quote
from typing import Literal, TextIO

from kiosk.config import Config
from kiosk.operator import wording
from kiosk.operator.data_folder import is_installed_data_folder
from kiosk.operator.errors import EXIT_REFUSED
from kiosk.text import one_line
from kiosk.vault.errors import GatekeeperUnavailable, KioskSecretProblem, VaultError

Level = Literal["ok", "warning", "problem"]
MIN_FREE_BYTES = 200 * 1024 * 1024
WARN_FREE_BYTES = 1024 * 1024 * 1024
REQUIRED_FONTS = ("Noto Sans", "Noto Naskh Arabic")
AS_KIOSK_USER = "Run the doctor as the kiosk's user: sudo -u kiosk kiosk doctor"


@dataclass(frozen=True)
class Finding:
    level: Level
    message: str
    fix: str = ""


def check_gatekeeper_mode(config: Config) -> list[Finding]:
    """Without the service, the kiosk's own user holds the kiosk secret and the slots: a shell
    as that user can copy them and try every PIN offline (docs/SECURITY.md). Right for
    trying Harbour out; a centre's kiosk is installed with the service (docs/DEPLOY.md)."""
    if config.gatekeeper.socket:
        return []  # the service's own checks (the kiosk secret) say whether it answers
    return [
        Finding(
            "warning",
            "The gatekeeper runs inside the kiosk's own process (no [gatekeeper] socket is "
            "set): anyone with a shell as the kiosk's user could copy the kiosk secret and "
            "the vaults and try PINs away from the kiosk, uncounted.",
            "For a kiosk visitors use, install Harbour as docs/DEPLOY.md says: the gatekeeper "
            "service then keeps the secret from the kiosk's user.",
        )
    ]


def check_secret(config: Config) -> Finding:
    if config.gatekeeper.socket:
        return _check_service_secret(config)
    path = config.secret_path()
    try:
        info = path.stat()
    except FileNotFoundError:
        from kiosk.vault.gatekeeper import Gatekeeper

        if Gatekeeper.holds_vaults(config.data_path()):
            return Finding(
                "problem",
                f"The kiosk secret {path} is missing, but the data folder has vaults.",
                f"Put back the copy of kiosk.secret as {path}, owned by the kiosk's user, "
                "mode 400 (docs/DEPLOY.md, step 9, 'Restoring'). Do not run 'kiosk admin "
                "init': a new secret would leave every vault unopenable.",
            )
        return Finding(
            "problem",
            f"The kiosk secret {path} does not exist.",
            "Run 'kiosk admin init' to set up this data folder.",
        )
    except PermissionError:
        return _unreadable(f"the kiosk secret {path}")
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o077:
        return Finding(
            "problem",
            f"The kiosk secret {path} can be read by other users (mode {mode:o}).",
            f"Run: sudo chmod 400 {quote(str(path))}",
        )
    if info.st_uid != os.geteuid():
        return Finding(
            "warning",
            f"The kiosk secret {path} belongs to another user.",
            AS_KIOSK_USER,
        )
    return Finding("ok", f"The kiosk secret is private (mode {mode:o}).")


def _check_service_secret(config: Config) -> Finding:
    """The gatekeeper service holds the kiosk secret (its files are closed to this user):
    it says whether the secret is there, and whether vaults would be lost without it."""
    from kiosk.services import build_gatekeeper

    gate = build_gatekeeper(config)
    try:
        if gate.secret_exists():
            return Finding("ok", "The gatekeeper service answers and holds the kiosk secret.")
        if gate.holds_any_vault():
            return Finding(
                "problem",
                "The gatekeeper service has no kiosk secret, but the data folder has vaults.",
                f"Put back the copy of kiosk.secret as {config.secret_path()} (docs/DEPLOY.md, "
                "step 9, 'Restoring'). Do not run 'kiosk admin init': a new secret would leave "
                "every vault unopenable.",
            )
        return Finding(
            "problem",
            "The gatekeeper service has no kiosk secret yet.",
            "Run 'kiosk admin init' to set up this data folder.",
        )
    except GatekeeperUnavailable as silent:
        return _service_silent(config, silent)
    except KioskSecretProblem as problem:
        return Finding("problem", _sentence(problem.detail), _RESTORE)
    finally:
        gate.close()


def _service_silent(config: Config, error: GatekeeperUnavailable) -> Finding:
    if error.params.get("reason") == "version":
        return Finding("problem", wording.refusal(error), "")
    return Finding(
        "problem",
        f"The gatekeeper service does not answer at {config.gatekeeper.socket}.",
        "Start it (sudo systemctl start harbour-gatekeeper.socket), or check its log "
        "(journalctl -u harbour-gatekeeper); docs/DEPLOY.md.",
    )


def check_data_folder(config: Config) -> list[Finding]:
    folder = config.data_path()
    try:
        info = folder.stat()
    except FileNotFoundError:
        info = None
    except PermissionError:
        return [_unreadable(f"the data folder {folder}")]
    if info is None or not stat.S_ISDIR(info.st_mode):
        return [
            Finding(
                "problem", f"The data folder {folder} does not exist.", "Run 'kiosk admin init'."
            )
        ]
    findings = []
    mode = stat.S_IMODE(info.st_mode)
    installed = is_installed_data_folder(folder)
    if installed:
        findings.extend(_installed_layout(folder, info))
    elif mode & 0o077:
        findings.append(
            Finding(
                "problem",
                f"The data folder {folder} is open to other users (mode {mode:o}).",
                f"Run: sudo chmod 700 {quote(str(folder))}",
            )
        )
    else:
        findings.append(Finding("ok", f"The data folder {folder} is private."))
    foreign = [] if installed else _files_of_other_owners(folder, info.st_uid)
    if foreign:
        findings.append(
            Finding(
                "problem",
                f"{len(foreign)} file(s) in {folder} belong to another user, such as "
                f"{foreign[0]}: the kiosk cannot open what they hold.",
                f"Give them back to the kiosk's user: sudo chown -R {_owner_name(info)} "
                f"{quote(str(folder))}",
            )
        )
    if not os.access(folder, os.W_OK):
        fix = "Give the kiosk's user ownership of the folder: sudo chown -R kiosk:kiosk "
        fix += quote(str(folder))
        if info.st_uid != os.geteuid():
            fix = f"{AS_KIOSK_USER} (the folder belongs to another user)"
        findings.append(Finding("problem", f"The kiosk cannot write to {folder}.", fix))
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


# The one command that gives an installed data folder its owners and modes again.
_LAY_OUT_AGAIN = (
    "With the kiosk stopped (sudo systemctl stop harbour-kiosk harbour-gatekeeper), run: "
    "sudo /opt/harbour/src/deploy/data-folder"
)


def _installed_layout(folder: Path, info: os.stat_result) -> list[Finding]:
    """The two-user layout of deploy/data-folder, as the kiosk's user can see it: the
    gatekeeper's folder is not this user's, every vault file it must open is its group's,
    and its own folders are its own."""
    gate, vaults = folder / "gatekeeper", folder / "vaults"
    try:
        gate_info, vaults_info = gate.lstat(), vaults.lstat()
    except OSError:
        return [Finding("problem", f"{gate} or {vaults} is missing.", _LAY_OUT_AGAIN)]
    me = os.geteuid()
    if (
        not stat.S_ISDIR(gate_info.st_mode)
        or gate_info.st_uid in (me, 0)
        or gate_info.st_uid != vaults_info.st_uid
        or stat.S_IMODE(gate_info.st_mode) != 0o700
    ):
        return [
            Finding(
                "problem",
                f"{gate} is not the gatekeeper service's alone: the kiosk's user could read "
                "the kiosk secret.",
                _LAY_OUT_AGAIN,
            )
        ]
    closed = _vault_files_closed_to(vaults, info.st_gid)
    if closed:
        return [
            Finding(
                "problem",
                f"{len(closed)} file(s) in {vaults} cannot be opened by the kiosk, such as "
                f"{closed[0]}.",
                _LAY_OUT_AGAIN,
            )
        ]
    own = [path for path in folder.iterdir() if path.name not in ("gatekeeper", "vaults")]
    foreign = [p for path in own for p in [path, *_files_of_other_owners(path, me)]]
    foreign = [path for path in foreign if path.lstat().st_uid != me]
    if foreign:
        return [
            Finding(
                "problem",
                f"{len(foreign)} file(s) in {folder} belong to another user, such as "
                f"{foreign[0]}: the kiosk cannot use what they hold.",
                f"Give them back to the kiosk's user: sudo chown -R {_owner_name(info)} "
                f"{quote(str(foreign[0]))}",
            )
        ]
    return [
        Finding(
            "ok",
            f"The data folder {folder} is laid out for the gatekeeper service (its files "
            "closed to the kiosk's user, the vaults shared).",
        )
    ]


def _vault_files_closed_to(vaults: Path, group: int) -> list[Path]:
    """Vault folders and files (but the key slots) that the kiosk's group cannot use."""
    closed = []
    for parent, folders, files in os.walk(vaults):
        for name in folders:
            path = Path(parent) / name
            info = path.lstat()
            if info.st_gid != group or info.st_mode & 0o2070 != 0o2070:
                closed.append(path)
        for name in files:
            # The key slots and a delete's marker are the service's alone.
            if name in ("slots.json", ".deleting") or name.startswith(".slots.json."):
                continue
            path = Path(parent) / name
            info = path.lstat()
            if info.st_gid != group or info.st_mode & 0o060 != 0o060:
                closed.append(path)
    return sorted(closed)


def check_state_files(config: Config) -> list[Finding]:
    """The files the kiosk trusts, decoded as the kiosk decodes them; never changed here.

    A damaged name map or counter file stops every unlock, a damaged account file every staff
    sign-in: the kiosk fails closed, so the doctor must be the one that says which file.
    """
    from kiosk.staff.accounts import StaffAccounts
    from kiosk.staff.errors import StaffAccountError
    from kiosk.vault.gatekeeper import Gatekeeper

    data_dir = config.data_path()
    loads: list[Callable[[], object]] = [
        lambda: Gatekeeper.check_state_files(data_dir),
        StaffAccounts(data_dir).names,
    ]
    if config.gatekeeper.socket:
        # The service owns them (and this user may not read them): it decodes them itself.
        from kiosk.services import build_gatekeeper, build_staff_accounts

        gate = build_gatekeeper(config)
        loads = [gate.check_state_files_now, build_staff_accounts(config, gate).names]
    findings = []
    for load in loads:
        try:
            load()
        except GatekeeperUnavailable as silent:
            return [_service_silent(config, silent)]
        except KioskSecretProblem as problem:
            findings.append(Finding("problem", _sentence(problem.detail), _RESTORE))
        except StaffAccountError as problem:
            findings.append(Finding("problem", _sentence(str(problem)), _RESTORE))
    if findings:
        return findings
    return [Finding("ok", "The name map, attempt counts and staff accounts are readable.")]


_RESTORE = (
    "Restore the file from the latest backup. Do not delete it: the kiosk never repairs it, "
    "and deleting it would reset lock-outs, lose vault names or staff accounts."
)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:].rstrip(".") + "."


def _files_of_other_owners(folder: Path, owner: int) -> list[Path]:
    """Files and folders under ``folder`` not owned by its owner (made by ``sudo kiosk …``)."""
    found = []
    # What cannot be listed (the doctor run by another user) is skipped: other checks say so.
    for parent, folders, files in os.walk(folder):
        for name in [*folders, *files]:
            path = Path(parent) / name
            try:
                if path.lstat().st_uid != owner:
                    found.append(path)
            except OSError:
                continue
    return sorted(found)


def _owner_name(info: os.stat_result) -> str:
    """``user:group`` of a file, by name where the system knows them."""
    import grp
    import pwd

    try:
        user = pwd.getpwuid(info.st_uid).pw_name
    except KeyError:
        user = str(info.st_uid)
    try:
        group = grp.getgrgid(info.st_gid).gr_name
    except KeyError:
        group = str(info.st_gid)
    return f"{user}:{group}"


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
    """The staff printer, and the visitors' printer when it is another queue (print stream)."""
    printing = config.printing
    findings = [_check_queue(config, printing.printer)]
    if printing.visitor_printer and printing.visitor_printer != printing.printer:
        found = _check_queue(config, printing.visitor_printer)
        findings.append(Finding(found.level, f"Visitors' printer: {found.message}", found.fix))
    return findings


def _check_queue(config: Config, queue: str) -> Finding:
    from kiosk.printing.cups import CupsPrinter, PrintingError

    printer = CupsPrinter(queue=queue, server=config.printing.cups_server)
    try:
        printer.check()
    except PrintingError as error:
        return printer_problem(error, queue)
    name = queue or "the default printer"
    return Finding("ok", f"Printing to {name} is ready.")


def printer_problem(error: Exception, queue: str) -> Finding:
    """A printing problem in words for staff, with what to do (the visitor's words say "ask
    staff", which tells the staff member reading them nothing)."""
    from kiosk.printing.cups import PrintingError, Reason

    reason = error.reason if isinstance(error, PrintingError) else None
    name = f"the printer queue '{queue}'" if queue else "the default printer"
    words: dict[Reason | None, tuple[str, str]] = {
        Reason.NO_CUPS: (
            "The printing system (CUPS) is not installed.",
            "Install it as in docs/DEPLOY.md, step 7: sudo apt install cups",
        ),
        Reason.CUPS_DOWN: (
            "The print service (CUPS) is not running.",
            "Start it: sudo systemctl start cups",
        ),
        Reason.NO_SUCH_PRINTER: (
            f"There is no printer queue called '{queue}'.",
            "Use a queue that 'lpstat -p' lists ([printing] printer in the config file), "
            "or add the printer (docs/DEPLOY.md, step 7).",
        ),
        Reason.NO_DEFAULT_PRINTER: (
            "No printer is chosen: the config file names none and CUPS has no default.",
            "Set [printing] printer in the config file to a queue that 'lpstat -p' lists.",
        ),
        Reason.PAUSED: (
            f"{name[0].upper()}{name[1:]} is paused.",
            f"Start it again: sudo cupsenable {queue or 'QUEUE'}",
        ),
        Reason.OUT_OF_PAPER: (
            f"{name[0].upper()}{name[1:]} is out of paper.",
            "Refill the tray; the printer then carries on by itself.",
        ),
        Reason.REJECTING: (
            f"{name[0].upper()}{name[1:]} is not accepting documents.",
            f"Let it take documents again: sudo cupsaccept {queue or 'QUEUE'}",
        ),
    }
    message, fix = words.get(
        reason, (str(error), "Check the printer with 'lpstat -p -d' and the CUPS web page.")
    )
    return Finding("problem", message, fix)


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
    except OSError as error:
        return [
            Finding(
                "warning",
                f"Could not read {cupsd_conf} to check what CUPS keeps "
                f"({error.strerror or 'unreadable'}).",
                "Run 'kiosk doctor' as a user that can read it, or check by hand."
                if isinstance(error, PermissionError)
                else "Give --cupsd-conf the path of CUPS's cupsd.conf, or check by hand.",
            )
        ]
    findings = [Finding(f.severity, f.message, f.fix) for f in check_cupsd_conf(text)]
    return findings or [Finding("ok", "CUPS keeps neither job files nor job history.")]


def check_directory(config: Config, today: dt.date) -> list[Finding]:
    from kiosk.helplines.loader import DirectoryError, freshness_report, load_directory
    from kiosk.helplines.model import Directory

    try:
        directory = load_directory(config.helplines_path())
    except DirectoryError as error:
        fix = "Correct that file."
        folder = config.helplines_path()
        if folder is not None and error.file == str(folder) and not folder.exists():
            fix = (
                f"Make the folder (sudo install -d -g kiosk -m 0750 {quote(str(folder))}), or set "
                'helplines_folder = "" in the config file to use the shipped directory alone.'
            )
        elif "permission denied" in error.message:
            fix = (
                f"{AS_KIOSK_USER}. If you did, let the kiosk's group read it: "
                f"sudo chgrp kiosk {quote(error.file)} && sudo chmod g+r {quote(error.file)}"
            )
        return [Finding("problem", f"Helpline directory: {error}", fix)]
    folder = config.helplines_path()
    source = (
        f"shipped with Harbour, with the centre's folder {folder}"
        if folder
        else ("shipped with Harbour; no centre folder is set")
    )
    findings = [
        Finding("ok", f"The helpline directory has {len(directory.regions)} regions ({source}).")
    ]
    if config.kiosk.region not in directory.regions:
        findings.append(
            Finding(
                "problem",
                f"No helplines for the region '{config.kiosk.region}'.",
                "Set [kiosk] region to one of: " + ", ".join(directory.regions),
            )
        )
    # Only the region this kiosk shows: the others' entries are nobody's to re-check here.
    shown = {code: r for code, r in directory.regions.items() if code == config.kiosk.region}
    findings += [
        Finding(
            "warning",
            line,
            "Once checked, mark it checked at the kiosk (Staff, then Helpline directory), or "
            "put the entry with the new verified_on (and any correction) in the centre's "
            "helpline folder, with the same id: it replaces the shipped one.",
        )
        for line in freshness_report(Directory(regions=shown), today)
    ]
    return findings


def check_plan_content(config: Config) -> Finding:
    from kiosk.plan.content import PlanContentError, load_plan_content

    path = config.plan_content_path()
    try:
        content = load_plan_content(path)
    except PlanContentError as error:
        fix = 'Correct that file (docs/PLAN-CONTENT.md), or set plan_content_file = "" in the '
        fix += "config file to use the shipped content."
        if "permission denied" in error.message:
            fix = (
                f"{AS_KIOSK_USER}. If you did, let the kiosk's group read it: "
                f"sudo chgrp kiosk {quote(error.file)} && sudo chmod g+r {quote(error.file)}"
            )
        return Finding("problem", f"Safety-plan content: {error}", fix)
    source = f"the centre's own file {path}" if path else "shipped with Harbour"
    return Finding(
        "ok",
        f"The safety-plan content has {len(content.sections)} sections, version "
        f"{content.version} ({source}).",
    )


def check_sqlcipher() -> Finding:
    from kiosk.vault.storage.database import PINNED_CIPHER_VERSION, linked_cipher_version

    version = linked_cipher_version()
    if version != PINNED_CIPHER_VERSION:
        return Finding(
            "problem",
            f"SQLCipher is {version}, not the tested {PINNED_CIPHER_VERSION}.",
            "Reinstall Harbour with its pinned dependencies.",
        )
    return Finding("ok", f"SQLCipher {version}.")


def check_kdf(config: Config) -> Finding:
    from kiosk.services import pin_kdf_for
    from kiosk.vault.kdf import PRODUCTION_MINIMUM

    params = pin_kdf_for(config)
    if params.memory_kib < PRODUCTION_MINIMUM.memory_kib:
        return Finding(
            "problem",
            f"PINs are protected with {params.describe()}, below the "
            f"{PRODUCTION_MINIMUM.describe()} a kiosk in use needs.",
            "Run 'kiosk admin init' on a fresh data folder, or set [kdf] in the config file.",
        )
    return Finding("ok", f"PINs are protected with {params.describe()}.")


def run_checks(
    config: Config, config_file: Path, cupsd_conf: Path, today: dt.date
) -> list[Finding]:
    findings = [Finding("ok", f"The config file {config_file} is valid.")]
    checks: list[tuple[str, Callable[[], Finding | list[Finding]]]] = [
        ("the kiosk secret", lambda: check_secret(config)),
        ("the gatekeeper", lambda: check_gatekeeper_mode(config)),
        ("the data folder", lambda: check_data_folder(config)),
        ("the state files", lambda: check_state_files(config)),
        ("SQLCipher", check_sqlcipher),
        ("the PIN key derivation", lambda: check_kdf(config)),
        ("the helpline directory", lambda: check_directory(config, today)),
        ("the safety-plan content", lambda: check_plan_content(config)),
        ("the fonts", check_fonts),
        ("the printer", lambda: check_printer(config)),
        ("the CUPS settings", lambda: check_cups_spool(cupsd_conf, config.printing.cups_server)),
    ]
    for what, check in checks:
        # Two checks ask the gatekeeper service: its silence is said once.
        findings += [f for f in _guarded(what, check) if f.level == "ok" or f not in findings]
    # Paths and file names come from outside (a file dropped in the helpline folder): no
    # escape sequence or line break in them reaches the operator's terminal.
    return [Finding(f.level, one_line(f.message), one_line(f.fix)) for f in findings]


def _guarded(what: str, check: Callable[[], Finding | list[Finding]]) -> list[Finding]:
    """Run one check; anything it cannot read, or any fault in it, is one finding, not a crash."""
    try:
        found = check()
    except PermissionError:
        return [_unreadable(what)]
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return [Finding("problem", f"Could not check {what}: {reason.lower()}.")]
    except KioskSecretProblem as problem:  # its own words are for visitors; the detail is ours
        return [Finding("problem", f"Could not check {what}: {problem.detail}.")]
    except VaultError as refused:  # a code, worded for staff
        return [Finding("problem", f"Could not check {what}: {wording.refusal(refused)}")]
    except Exception as error:  # a fault in a check must not hide the other findings
        detail = str(error) or type(error).__name__
        return [Finding("problem", f"Could not check {what}: {detail}.")]
    return [found] if isinstance(found, Finding) else found


def _unreadable(what: str) -> Finding:
    return Finding("problem", f"Could not check {what}: permission denied.", AS_KIOSK_USER)


def run_doctor(args: argparse.Namespace, config: Config, config_file: Path, out: TextIO) -> int:
    findings = run_checks(config, config_file, Path(args.cupsd_conf), dt.date.today())
    for finding in findings:
        out.write(f"{finding.level:>7}: {finding.message}\n")
        if finding.fix and finding.level != "ok":
            out.write(f"         fix: {finding.fix}\n")
    problems = sum(1 for f in findings if f.level == "problem")
    warnings = sum(1 for f in findings if f.level == "warning")
    out.write(f"{problems} problem(s), {warnings} warning(s)\n")
    return EXIT_REFUSED if problems else 0
