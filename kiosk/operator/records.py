"""``kiosk admin vault verify|export|import``: the visitor's record, with her PIN.

Each opens the vault with her name and PIN (the PIN read without echo, or from standard input
when it is not a terminal), as the kiosk would, and closes it at the end. Staff never see the
PIN; the visitor types it herself.

- ``verify`` recomputes the diary's whole chain and compares it with the kiosk's copy of its
  head (kiosk/diary/mirror.py). It prints the record count, the verification code and
  "intact", or each problem in plain words, and exits 1 when there is one.
- ``export`` writes the whole vault as JSON (docs/EXPORT.md): to a new file (one already
  there is replaced only with ``--replace``), whole or not at all and private (0600), or to
  standard output when that is a file or a pipe, never to a terminal, where her whole diary
  would stay in the scrollback.
- ``import`` checks a file whole before it asks for the PIN, then loads it into the vault,
  which must be empty, in one transaction: refused in one line, nothing changed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import BinaryIO, TextIO

from kiosk.diary.copies import KeptCopies
from kiosk.diary.mirror import MIRROR_PROBLEM, MIRROR_UNTRUSTED, verify_with_mirror
from kiosk.diary.repository import Verification, VerificationProblem
from kiosk.operator.errors import EXIT_REFUSED, EXIT_USAGE, CommandError
from kiosk.operator.output_file import refuse_to_overwrite, write_new_file
from kiosk.operator.prompts import SecretReader
from kiosk.portable.checking import ImportRefused, Refusal, read_export
from kiosk.portable.export import export_vault
from kiosk.portable.importing import NotAFile, import_into, read_export_file
from kiosk.text import one_line, terminal_safe
from kiosk.vault.gatekeeper import Gate
from kiosk.vault.service import VaultService
from kiosk.vault.storage.database import VaultDatabase


def run_records(
    args: argparse.Namespace,
    gatekeeper: Gate,
    secrets: SecretReader,
    out: TextIO,
    *,
    data_dir: Path,
) -> int:
    command = args.vault_command
    if command == "verify":
        with _open(args, gatekeeper, secrets) as vault:
            found = verify_with_mirror(vault, gatekeeper)
        return _report(found, out)
    if command == "export":
        return _export(args, gatekeeper, secrets, out, data_dir)
    return _import(args, gatekeeper, secrets, out)


def _open(args: argparse.Namespace, gatekeeper: Gate, secrets: SecretReader) -> VaultDatabase:
    name = str(args.name) if args.name else secrets.read_visible("Vault name")
    pin = secrets.read("PIN")
    return VaultService(gatekeeper).open(name, pin)


# -- verify --------------------------------------------------------------------------------------

_PROBLEMS = {
    "digest": "record {seq} was changed after it was written",
    "link": "the chain is broken at record {seq}",
    "order": "record {seq} is missing or out of place",
    "missing": "record {seq} is missing",
    "erased": "the words of record {seq} are gone without a withdrawal",
    MIRROR_PROBLEM: (
        "the kiosk remembers this diary reaching record {seq} with other contents: this vault "
        "is probably an older copy put back, or was altered, and later records may be missing"
    ),
    MIRROR_UNTRUSTED: (
        "the kiosk's own copy of this diary's head is missing or was changed, so it cannot "
        "confirm this is the latest copy"
    ),
}


def problem_words(problem: VerificationProblem) -> str:
    words = _PROBLEMS.get(problem.what, "record {seq}: a problem the kiosk cannot name")
    return words.format(seq=problem.seq)


def _report(found: Verification, out: TextIO) -> int:
    out.write(f"records: {found.head.count}\n")
    out.write(f"verification code: {found.code}\n")
    if found.intact:
        out.write("intact\n")
        return 0
    out.write("NOT intact:\n")
    for problem in found.problems:
        out.write(f"- {problem_words(problem)}\n")
    return EXIT_REFUSED


# -- export --------------------------------------------------------------------------------------


def _export(
    args: argparse.Namespace,
    gatekeeper: Gate,
    secrets: SecretReader,
    out: TextIO,
    data_dir: Path,
) -> int:
    target = Path(args.output) if args.output else None
    stdout: BinaryIO = sys.stdout.buffer
    if target is None and sys.stdout.isatty():
        raise CommandError(
            "the export would show her whole vault on this terminal: give --output FILE, or "
            "send it to a file or a pipe; nothing was written",
            EXIT_USAGE,
        )
    if target is None and args.replace:
        raise CommandError("--replace goes with --output", EXIT_USAGE)
    if target is not None and target.is_dir():
        raise CommandError(f"{target} is a folder: name a file to write; nothing was written")
    if target is not None and not target.parent.is_dir():
        raise CommandError(f"there is no folder {target.parent}; nothing was written")
    if target is not None and _inside(target, data_dir):
        # Her plain-text diary in the folder that must hold nothing readable, or over a
        # vault's own files (replacing vault.db with JSON loses that vault).
        raise CommandError(
            f"{target} is inside the kiosk's data folder: write the export elsewhere; "
            "nothing was written"
        )
    if target is not None:
        # Before her PIN is asked for: a file already there is kept unless --replace says so.
        refuse_to_overwrite(target, replace=args.replace)
    with _open(args, gatekeeper, secrets) as vault:
        found = verify_with_mirror(vault, gatekeeper)
        data = export_vault(vault)
        if target is None:
            out.flush()
            stdout.write(data)
            stdout.flush()
        else:
            write_new_file(target, data, replace=args.replace)
        KeptCopies(vault).copy_made(found.head.count)
    if target is not None:
        out.write(f"exported {found.head.count} diary records to {target}\n")
    if not found.intact:
        print(
            "kiosk: warning: the diary does not verify ('kiosk admin vault verify' says why); "
            "the export holds it as it is",
            file=sys.stderr,
        )
    return 0


def _inside(target: Path, folder: Path) -> bool:
    """Whether ``target`` (its folder with every link followed) is in ``folder``."""
    real = Path(os.path.realpath(target.parent)) / target.name
    root = Path(os.path.realpath(folder))
    return real == root or real.is_relative_to(root)


# -- import --------------------------------------------------------------------------------------

_REFUSALS = {
    Refusal.TOO_LARGE: "the file is larger than any export Harbour makes",
    Refusal.NOT_AN_EXPORT: "the file is not a Harbour export, or it was cut short",
    Refusal.NEWER_VERSION: "the file was made by a newer Harbour; update this kiosk first",
    Refusal.OUT_OF_ORDER: "a diary record is missing or out of place",
    Refusal.CONTENT_MISMATCH: "a diary record's words do not match its kind",
    Refusal.INVALID_CONTENT: (
        "a diary record holds what Harbour never stores (a field too long or empty, or a "
        "link to a later entry)"
    ),
    Refusal.DIGEST: "a diary record was changed after it was written",
    Refusal.LINK: "the diary's chain is broken",
    Refusal.HEAD: "the diary ends before or after where the file says it does (cut short?)",
    Refusal.VAULT_NOT_EMPTY: (
        "this vault already holds notes or diary entries; import only into a new, empty vault"
    ),
}


def refusal_words(refused: ImportRefused) -> str:
    words = _REFUSALS[refused.refusal]
    if refused.seq is not None:
        words += f" (record {refused.seq})"
    elif refused.refusal is Refusal.NOT_AN_EXPORT and refused.detail:
        # msgspec names the place and what was expected there ("Expected `str` of length <=
        # 20000 - at `$.notes[0].text`"), never the value: a note too long read as a file
        # cut short, and sent the operator looking for the wrong cause.
        words += f" ({terminal_safe(one_line(refused.detail))[:200]})"
    return f"not imported: {words}; nothing was changed"


def _read_file(path: Path) -> bytes:
    try:
        data = read_export_file(path)
    except NotAFile as error:
        if error.folder:
            raise CommandError(
                f"{path} is a folder, not an export file; nothing was changed"
            ) from None
        raise CommandError(
            f"{path} is not a regular file (a pipe or a device?); nothing was changed"
        ) from None
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror}; nothing was changed") from None
    return data


def _import(args: argparse.Namespace, gatekeeper: Gate, secrets: SecretReader, out: TextIO) -> int:
    path = Path(args.file)
    data = _read_file(path)
    try:
        read_export(data)  # checked before her PIN is asked for
        with _open(args, gatekeeper, secrets) as vault:
            done = import_into(vault, data, gatekeeper)
    except ImportRefused as refused:
        raise CommandError(refusal_words(refused)) from None
    out.write(
        f"imported {done.notes} notes and {done.entries} diary entries "
        f"({done.records} records); the chain verified\n"
    )
    return 0
