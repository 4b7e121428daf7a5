"""The visitor's words for what the rest of the kiosk reports as codes.

The vault, staff and printing layers raise errors and return outcomes that say *what*
happened (a code and a few numbers); this module is the one place that turns them into calm
sentences, through gettext, in the kiosk's language. Unknown names and wrong PINs share one
wording, so the words never tell them apart.
"""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.i18n import _, ngettext
from kiosk.i18n.formats import format_date, format_datetime, format_number
from kiosk.printing.cups import PrintingError, Reason
from kiosk.staff.errors import AccountRefusal, StaffAccountError, StaffSignInPaused
from kiosk.text import one_line, terminal_safe  # directory
from kiosk.vault.errors import (
    GatekeeperRefused,
    GatekeeperUnavailable,
    InvalidVaultName,
    KioskPaused,
    KioskSecretProblem,
    NameProblem,
    NameTaken,
    NotRecognised,
    PinDisabled,
    RecoveredButNotOpened,
    RecoveryExhausted,
    SecretProblem,
    SecretsDiffer,
    StaffSignInEnded,
    StorageFull,
    TryLater,
    UnknownVault,
    UnsupportedSqlcipher,
    VaultClosed,
    VaultDamaged,
    VaultError,
    VaultFromNewerHarbour,
    VaultInUse,
    WeakSecret,
    WeakSlot,
)

if TYPE_CHECKING:
    from kiosk.diary.mirror import HeadCheck
    from kiosk.diary.model import Answer, Behaviour, InvalidContent, Source
    from kiosk.helplines.care import CareRefused  # directory
    from kiosk.helplines.loader import DirectoryError  # directory
    from kiosk.portable.checking import ImportRefused, Refusal

    # The printing service is imported when a sheet is printed, not at start.
    from kiosk.printing.pdf_sink import SaveProblem
    from kiosk.printing.service import Outcome
    from kiosk.vault.gatekeeper import VaultSummary  # stream vaults


class WayIn(enum.Enum):
    """What the visitor typed to prove the vault is hers, as refusals name it."""

    PIN = "pin"
    RECOVERY_CODE = "recovery-code"


def something_went_wrong() -> str:
    return _("Something went wrong while opening the vault. Please ask staff for help.")


def describe_wait(seconds: float) -> str:
    """A wait in words a stressed visitor reads at a glance: '45 seconds', '15 minutes'."""
    whole = max(1, round(seconds))
    if whole < 60:
        return ngettext("{count} second", "{count} seconds", whole).format(
            count=format_number(whole)
        )
    minutes = -(-whole // 60)
    if minutes < 60:
        return ngettext("{count} minute", "{count} minutes", minutes).format(
            count=format_number(minutes)
        )
    hours = -(-minutes // 60)
    return ngettext("{count} hour", "{count} hours", hours).format(count=format_number(hours))


def say_duration(seconds: int) -> str:
    """'30 seconds', '1 minute', '2 minutes', '1 minute 30 seconds': never '0.5 minutes'."""
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        return _("{minutes} {seconds}").format(
            minutes=ngettext("{count} minute", "{count} minutes", minutes).format(
                count=format_number(minutes)
            ),
            seconds=ngettext("{count} second", "{count} seconds", rest).format(
                count=format_number(rest)
            ),
        )
    if minutes:
        return ngettext("{count} minute", "{count} minutes", minutes).format(
            count=format_number(minutes)
        )
    return ngettext("{count} second", "{count} seconds", rest).format(count=format_number(rest))


def try_again_in(seconds: float) -> str:
    return _("You can try again in {wait}.").format(wait=describe_wait(seconds))


def try_again_now() -> str:
    return _("You can try again now.")


def nothing_checked() -> str:
    """During a lock-out wait nothing is checked, so nothing may be called right or wrong."""
    return _("Nothing was checked: after several tries, the kiosk waits before checking again.")


def not_recognised(way_in: WayIn) -> str:
    if way_in is WayIn.RECOVERY_CODE:
        return _("The vault name or recovery code was not recognised.")
    return _("The vault name or PIN was not recognised.")


def please_try_again() -> str:
    return _("Please try again.")


def tries_left(error: NotRecognised, way_in: WayIn) -> str:
    """Before the last tries, how many remain (with a leading space); otherwise ""."""
    if not error.warns or error.tries_left is None:
        return ""
    count = error.tries_left
    if way_in is WayIn.RECOVERY_CODE:
        text = ngettext(
            "You have {count} try left before this recovery code stops working. After that, "
            "only staff can help, by setting up a new vault.",
            "You have {count} tries left before this recovery code stops working. After that, "
            "only staff can help, by setting up a new vault.",
            count,
        )
    else:
        text = ngettext(
            "You have {count} try left before this PIN stops working. If you have forgotten "
            "your PIN, choose 'I forgot my PIN' and use your recovery code.",
            "You have {count} tries left before this PIN stops working. If you have forgotten "
            "your PIN, choose 'I forgot my PIN' and use your recovery code.",
            count,
        )
    return " " + text.format(count=format_number(count))


def describe(error: BaseException, way_in: WayIn = WayIn.PIN) -> str:
    """What to tell the visitor about ``error``, in one or two calm sentences."""
    if isinstance(error, NotRecognised):
        when = try_again_in(error.retry_after) if error.retry_after > 0 else please_try_again()
        return f"{not_recognised(way_in)} {when}{tries_left(error, way_in)}"
    if isinstance(error, TryLater):
        return f"{nothing_checked()} {try_again_in(error.retry_after)}"
    if isinstance(error, KioskPaused):
        return _(
            "The kiosk has stopped opening vaults for a while, after many tries that did not "
            "work. Please try again in {wait}, or ask staff."
        ).format(wait=describe_wait(error.retry_after))
    if isinstance(error, RecoveredButNotOpened):
        return f"{_('Your new PIN is set.')} {describe(error.cause, way_in)}"
    if isinstance(error, WeakSecret):
        return _weak_secret(error.problem)
    if isinstance(error, InvalidVaultName):
        return _bad_name(error.problem)
    if isinstance(error, StaffSignInPaused):
        return _("Too many sign-in attempts. Please try again in {wait}.").format(
            wait=describe_wait(error.retry_after)
        )
    if isinstance(error, StaffAccountError):
        return staff_account_refusal(error)
    if isinstance(error, PrintingError):
        return printing_problem(error.reason)
    if isinstance(error, VaultError):
        return _vault_refusal(error)
    return something_went_wrong()


def _vault_refusal(error: VaultError) -> str:
    if isinstance(error, PinDisabled):
        return _(
            "This PIN can no longer be used after too many attempts. "
            "You can still open your vault with your recovery code."
        )
    if isinstance(error, RecoveryExhausted):
        return _(
            "This vault can no longer be opened after too many attempts. "
            "Please speak to staff: they can set up a new vault for you."
        )
    if isinstance(error, SecretsDiffer):
        return _("The two PINs you typed are not the same. Please type the new PIN again.")
    if isinstance(error, NameTaken):
        return _("That vault name is already in use. Please choose another one.")
    if isinstance(error, VaultDamaged):
        return _(
            "This vault cannot be opened because its files are damaged. "
            "Nothing has been changed. Please ask staff for help."
        )
    if isinstance(error, VaultFromNewerHarbour):
        return _(
            "This vault was last opened by a newer version of the kiosk. "
            "Nothing has been changed. Please ask staff for help."
        )
    if isinstance(error, VaultInUse):
        return _(
            "This vault is already open somewhere else. "
            "Please close it there first, or ask staff for help."
        )
    if isinstance(error, KioskSecretProblem | UnsupportedSqlcipher):
        return _("Vaults cannot be opened at the moment. Please ask staff for help.")
    if isinstance(error, WeakSlot):
        return _(
            "This vault uses settings that are no longer considered safe. "
            "Please ask staff for help."
        )
    if isinstance(error, StorageFull):
        return _(
            "Your changes could not be saved because the kiosk's storage is full or failing. "
            "Nothing already saved was lost. Please ask staff for help."
        )
    if isinstance(error, VaultClosed):
        return _("Your vault is closed.")
    if isinstance(error, GatekeeperUnavailable):
        # Nothing is known of the attempt: it may have been counted. Calm, and no blame.
        return _("The kiosk could not check that just now. Please try again.")
    if isinstance(error, StaffSignInEnded):
        return _(
            # Also seen by a visitor setting her PIN on a screen staff handed over.
            "The staff sign-in has ended because the kiosk restarted a part of itself. "
            "Staff need to sign in again."
        )
    if isinstance(error, GatekeeperRefused):
        return _("The kiosk could not do that just now. Please ask staff for help.")
    if isinstance(error, UnknownVault):
        return _("No vault has that name. Please check the spelling with the visitor.")
    return something_went_wrong()


def _weak_secret(problem: SecretProblem) -> str:
    if problem is SecretProblem.EMPTY:
        return _(
            "Please type a PIN of at least 6 digits, or a passphrase of four or more words, "
            "to protect your vault."
        )
    if problem is SecretProblem.TOO_SHORT:
        return _(
            "This PIN is too short: a PIN needs at least 6 digits. "
            "Please choose a longer one, or use a passphrase of four or more words."
        )
    if problem is SecretProblem.TOO_LONG:
        return _(
            "This PIN is longer than 12 digits, which is more than the kiosk can take. "
            "Please choose 6 to 12 digits, or use a passphrase of four or more words instead."
        )
    if problem is SecretProblem.PATTERN:
        return _(
            "This PIN follows a pattern, such as repeated digits, counting up or down, "
            "or a line of keys on a keypad. Patterns are among the first things someone "
            "would try. Please choose digits in no particular order."
        )
    if problem is SecretProblem.COMMON:
        return _(
            "This is a very common PIN: many people choose it, so it is among the first "
            "someone would try. Please choose digits that mean nothing to anyone else."
        )
    if problem is SecretProblem.DATE:
        return _(
            "This PIN looks like a date — dates such as birthdays are easy to guess for "
            "someone who knows you. Please choose digits that are not a date."
        )
    if problem is SecretProblem.NAME:
        return _(
            "This PIN is too close to your vault name. Other people may see or hear the name. "
            "Please choose a PIN that has nothing to do with the name."
        )
    if problem is SecretProblem.NEITHER_KIND:
        return _(
            "A PIN can only have digits (0 to 9). A passphrase needs four or more words with "
            "a space between each, and at least 16 letters in all. Please choose a PIN of "
            "digits only, or a longer passphrase."
        )
    return _(
        "A passphrase needs four or more different words; repeating one word is easy to "
        "guess. Please use words that are not all the same."
    )


def _bad_name(problem: NameProblem) -> str:
    if problem is NameProblem.TOO_SHORT:
        return _("A vault name needs at least 4 letters or numbers. Please choose a longer name.")
    if problem is NameProblem.TOO_LONG:
        return _(
            "A vault name can have at most 64 letters or numbers. Please choose a shorter name."
        )
    return _(
        "A vault name can only use letters and numbers. Spaces and dashes are fine, but other "
        "signs cannot be used. Please choose a name without them."
    )


# Printing ------------------------------------------------------------------------------------


def printing_now() -> str:
    return _("Printing… please wait by the printer.")


def printing_problem(reason: Reason | None) -> str:
    if reason is Reason.NO_CUPS:
        return _(
            "The printing system is not installed on this computer. Please ask staff for help."
        )
    if reason is Reason.CUPS_DOWN:
        return _(
            "Printing is not working at the moment (the print service is not running). "
            "Please ask staff."
        )
    if reason is Reason.NO_SUCH_PRINTER:
        return _("The printer is not available. Please ask staff for help.")
    if reason is Reason.NO_DEFAULT_PRINTER:
        return _("No printer has been chosen for this computer. Please ask staff to set one up.")
    if reason is Reason.PAUSED:
        return _("The printer is paused. Please ask staff to start it again.")
    if reason is Reason.OUT_OF_PAPER:
        return _("The printer is out of paper. Please ask staff to refill it.")
    if reason is Reason.REJECTING:
        return _(
            "The printer is not taking new documents at the moment. Please ask staff for help."
        )
    if reason is Reason.TIMEOUT:
        return _("The printer has not finished the document yet. Please ask staff for help.")
    return _("The document could not be printed. Please ask staff for help.")


def _save_problem(problem: SaveProblem | None) -> str:
    from kiosk.printing.pdf_sink import SaveProblem

    if problem is SaveProblem.MISSING:
        return _("The folder for saved documents cannot be found. Please ask staff for help.")
    if problem is SaveProblem.NOT_WRITABLE:
        return _(
            "Documents cannot be saved in that folder at the moment. Please ask staff for help."
        )
    if problem is SaveProblem.FULL:
        return _("There is no room left to save the document. Please ask staff for help.")
    if problem is SaveProblem.NOT_ALLOWED:
        return _("Documents can be saved only on a USB stick or in the folder staff have set up.")
    return _("The document could not be saved. Please ask staff for help.")


def saved_to(path: Path) -> str:
    """Where a saved sheet is, in plain words: the file name stays neutral, so she is told."""
    from kiosk.printing.service import is_removable

    folder, file = path.parent, path.name
    if is_removable(folder):
        if folder.name:
            return _('Saved to the USB stick "{folder}" as {file}.').format(
                folder=folder.name, file=file
            )
        return _("Saved to the USB stick as {file}.").format(file=file)
    if folder.name:
        return _('Saved to the folder "{folder}" as {file}.').format(folder=folder.name, file=file)
    return _("Saved to the folder as {file}.").format(file=file)


def not_prepared() -> str:
    return _("The sheet could not be prepared. Please ask staff.")


def describe_outcome(outcome: Outcome) -> str:
    """What became of a sheet she asked to print or save."""
    from kiosk.printing.service import Result

    if outcome.result is Result.PRINTED:
        return _("Printed. Please collect your sheet from the printer.")
    if outcome.result is Result.HELD:  # print stream (issue 11): held printing
        return _("Sent to the printer and held there: nothing comes out until you release it.")
    if outcome.result is Result.SAVED and outcome.saved_as is not None:
        return saved_to(outcome.saved_as)
    if outcome.result is Result.SESSION_ENDED:
        return _("The session ended before the sheet was printed.")
    if outcome.result is Result.PRINTING_PROBLEM:
        return printing_problem(outcome.reason)
    if outcome.result is Result.SAVE_PROBLEM:
        return _save_problem(outcome.save_problem)
    if outcome.result is Result.NOT_MADE:
        return not_prepared()
    return _("The sheet could not be printed. Please ask staff for help.")


# Dates ---------------------------------------------------------------------------------------


def note_time(written: dt.datetime) -> str:
    """When a note was written, as the visitor's language writes it, in the offset she saw."""
    # Translators: a CLDR date pattern for when a note was written (for example
    # "d MMM y, HH:mm"); see https://cldr.unicode.org/translation/date-time/date-time-patterns
    return format_datetime(written, _("yyyy-MM-dd HH:mm"))


def check_date(value: dt.date) -> str:
    """The day a helpline entry was last checked."""
    # Translators: a CLDR date pattern for the day a helpline entry was last checked.
    return format_date(value, _("yyyy-MM-dd"))


# -- directory: staff's care of the helpline directory (kiosk.ui.screens.staff.directory_care) --
# kiosk.helplines.care is imported inside the functions: the welcome screen never loads it.


def last_checked(value: dt.date, today: dt.date) -> str:
    """When an entry was last checked, and whether that is over six months ago."""
    from kiosk.helplines.model import STALE_AFTER

    if today - value > STALE_AFTER:
        return _("checked {date}, overdue").format(date=check_date(value))
    return _("checked {date}").format(date=check_date(value))


def care_refused(error: CareRefused) -> str:
    """Why a change to the directory was not made; nothing was changed."""
    from kiosk.helplines.care import CareProblem

    path = terminal_safe(error.path)
    if error.problem is CareProblem.NO_CENTRE_FOLDER:
        return _(
            "Nothing was changed: changes are saved in the centre's own helpline folder, and "
            "this kiosk has none. Ask the operator to set helplines_folder in kiosk.toml "
            "(see docs/DEPLOY.md)."
        )
    if error.problem is CareProblem.NOT_WRITABLE:
        return _(
            "Nothing was changed: the kiosk may not write to the centre's helpline folder "
            "{path}. Ask the operator to let the kiosk's user write there (see docs/DEPLOY.md)."
        ).format(path=path)
    if error.problem is CareProblem.ENTRY_GONE:
        return _(
            "Nothing was changed: this entry is no longer in {path} (the file was changed "
            "by hand). Restart the kiosk to read the directory again."
        ).format(path=path)
    return _("Nothing was changed: {path} could not be saved (the disk may be full).").format(
        path=path
    )


def directory_refused(error: DirectoryError) -> str:
    """A change the directory's rules refuse. A field of the form is named as the form names
    it, without the file's path, the entry's id or the file's key (staff see neither); any
    other problem is the loader's one line, made safe to show."""
    fields = {
        "name": _("Name"),
        "phone": _("Phone"),
        "website": _("Website"),
        "hours": _("Opening hours"),
        "helps_with": _("Who it helps"),
        "topics": _("Topics"),
    }
    field = fields.get(error.key)
    if field is None:
        return _("Not saved: {problem}").format(problem=terminal_safe(one_line(str(error))))
    return _("Not saved: {field}: {problem}. Please correct it and save again.").format(
        field=field, problem=terminal_safe(one_line(error.message))
    )


def entry_checked(name: str) -> str:
    return _("{name} is marked as checked today.").format(name=terminal_safe(name))


def entry_corrected(name: str) -> str:
    return _("{name} is corrected and marked as checked today.").format(name=terminal_safe(name))


def change_failed() -> str:
    return _("Nothing was changed: something went wrong. Please tell the operator.")


def change_not_logged() -> str:
    return _("The change is saved, but the staff log could not be written.")


# -- end directory ------------------------------------------------------------------------------


# -- diary: reading --------------------------------------------------------------------------
# Words for the diary's list, entry view, summary and verification (kiosk.ui.screens.diary).
# Imported inside the functions: the welcome screen loads none of the diary's code.


def behaviour_label(behaviour: Behaviour) -> str:
    """A type of behaviour as the form offers it and the summary counts it."""
    from kiosk.diary.model import Behaviour

    labels = {
        Behaviour.FOLLOWING: _("Following or watching"),
        Behaviour.TURNING_UP: _("Turning up at home or work"),
        Behaviour.CALLS_MESSAGES: _("Calls, texts, messages"),
        Behaviour.SOCIAL_MEDIA: _("Social media"),
        Behaviour.LETTERS_GIFTS: _("Letters or gifts"),
        Behaviour.PROPERTY_DAMAGE: _("Damage to property"),
        Behaviour.THREATS: _("Threats"),
        Behaviour.TRACKING: _("Monitoring or tracking"),
        Behaviour.CONTACT_OTHERS: _("Contact with family or friends"),
        Behaviour.VIOLENCE: _("Physical or sexual violence"),
        Behaviour.ORDER_BREACH: _("Breach of an order"),
        Behaviour.OTHER: _("Other"),
    }
    return labels[behaviour]


def behaviour_short(behaviour: Behaviour) -> str:
    """A type of behaviour in a word or two, for one line of the diary's list."""
    from kiosk.diary.model import Behaviour

    labels = {
        Behaviour.FOLLOWING: _("following"),
        Behaviour.TURNING_UP: _("turning up"),
        Behaviour.CALLS_MESSAGES: _("messages"),
        Behaviour.SOCIAL_MEDIA: _("social media"),
        Behaviour.LETTERS_GIFTS: _("letters, gifts"),
        Behaviour.PROPERTY_DAMAGE: _("damage"),
        Behaviour.THREATS: _("threats"),
        Behaviour.TRACKING: _("tracking"),
        Behaviour.CONTACT_OTHERS: _("family, friends"),
        Behaviour.VIOLENCE: _("violence"),
        Behaviour.ORDER_BREACH: _("order breach"),
        Behaviour.OTHER: _("other"),
    }
    return labels[behaviour]


def answer_word(answer: Answer) -> str:
    from kiosk.diary.model import Answer

    return {Answer.YES: _("Yes"), Answer.NO: _("No"), Answer.UNKNOWN: _("Not known")}[answer]


def diary_date(value: dt.date) -> str:
    """The day something happened."""
    # Translators: a CLDR date pattern for the day an incident happened in the diary.
    return format_date(value, _("yyyy-MM-dd"))


def diary_time(value: dt.time) -> str:
    # Translators: a CLDR time pattern for the time an incident happened in the diary.
    return format_datetime(dt.datetime.combine(dt.date(2000, 1, 1), value), _("HH:mm"))


def diary_recorded(value: dt.datetime) -> str:
    """When the kiosk recorded an entry, an amendment or a withdrawal (the system's clock)."""
    # Translators: a CLDR date and time pattern for when the diary recorded something.
    return format_datetime(value, _("yyyy-MM-dd HH:mm"))


def source_words(source: Source) -> str:
    """How an entry came to be written."""
    from kiosk.diary.model import SourceKind

    dated = diary_date(source.dated) if source.dated is not None else _("an unknown date")
    if source.kind is SourceKind.PAPER_NOTES:
        return _("Copied from paper notes dated {date}").format(date=dated)
    if source.kind is SourceKind.BY_STAFF:
        return _("Entered by staff at my request")
    if source.kind is SourceKind.FROM_MY_NOTES:
        return _("From my notes of {date}").format(date=dated)
    return _("Typed here at the kiosk")


def diary_problem(what: str) -> str:
    """One problem verification found (VerificationProblem.what), in calm words."""
    words = {
        "digest": _("A record's contents are not what was stored."),
        "link": _("A record is no longer linked to the one before it."),
        "missing": _("A record is missing."),
        "order": _("The records are not in the order they were stored."),
    }
    # The kiosk's copy of the head (kiosk/diary/mirror.py): the chain's own words.
    return words.get(what) or diary_head_problem(what) or _("A record could not be checked.")


# -- diary: writing ----------------------------------------------------------------------------


def entry_date(value: dt.date) -> str:
    """The day a diary entry's incident happened (or a police report, or paper notes)."""
    # Translators: a CLDR date pattern for a day in the diary; month spelt out so that
    # 03/04 is never read both ways.
    return format_date(value, _("d MMMM y"))


def entry_time(value: dt.time) -> str:
    # Translators: a CLDR time pattern for the time of an incident in the diary.
    return format_datetime(dt.datetime.combine(dt.date(2000, 1, 1), value), _("HH:mm"))


def invalid_content(error: InvalidContent) -> str:
    """Why the diary refused an entry (the form checks first, so this is rare)."""
    from kiosk.diary.model import ContentProblem

    if error.problem is ContentProblem.TOO_LONG:
        return _("One of the fields is too long to save. Please shorten it.")
    if error.problem is ContentProblem.TOO_MANY_ITEMS:
        return _(
            "There are too many witnesses, evidence items or links in this entry. "
            "Please remove some, then save again."
        )
    if error.problem is ContentProblem.END_BEFORE_START:
        return _("The end is before the start. Please check both dates.")
    if error.problem is ContentProblem.NO_BEHAVIOUR:
        return _("Please tick at least one type of behaviour (“Other” if none fits).")
    if error.problem is ContentProblem.UNKNOWN_RELATED_ENTRY:
        return _("One of the related entries is no longer in your diary. Please choose again.")
    return _("A required field is empty. Please go back and fill it in (“unknown” is fine).")


# -- diary: the chain's head at opening (chain) -------------------------------------------------


def diary_head_notice(check: HeadCheck) -> tuple[str, str]:
    """The title and words of the notice shown after unlocking when the vault's diary does not
    reach the kiosk's own copy of its head (kiosk/diary/mirror.py)."""
    from kiosk.diary.mirror import HeadCheck

    if check is HeadCheck.OLDER_COPY:
        return (
            _("Your diary may not be the latest copy"),
            _(
                "Your vault has opened and you can use it as usual. The kiosk keeps its own "
                "note of how far your diary goes, and this vault holds fewer entries, or "
                "different ones, than that note. This can happen when a vault is replaced by "
                "an older copy of itself, so some entries may be missing. A printed record or "
                "a saved copy you keep elsewhere may still have them. Please talk to staff: "
                "they can help you find out what happened. Your diary's check will keep "
                "showing this."
            ),
        )
    return (
        _("The kiosk could not confirm this is your latest diary"),
        _(
            "Your vault has opened and you can use it as usual. The kiosk keeps its own note "
            "of how far your diary goes, so that it would notice if the vault were ever "
            "replaced by an older copy. That note was missing or had been changed, so this "
            "time the kiosk cannot tell whether any entries are missing. It has made a new "
            "note from your diary as it is now. If you think entries are missing, please talk "
            "to staff."
        ),
    )


def diary_head_problem(code: str) -> str | None:
    """Words for the verification problems about the kiosk's copy of the chain head
    (``mirror``, ``mirror_untrusted``: kiosk/diary/mirror.py); None for any other code."""
    from kiosk.diary.mirror import MIRROR_PROBLEM, MIRROR_UNTRUSTED

    if code == MIRROR_PROBLEM:
        return _(
            "The kiosk remembers this diary going further, or with other entries: this vault "
            "may be an older copy, and some entries may be missing."
        )
    if code == MIRROR_UNTRUSTED:
        return _(
            "The kiosk's own note of how far this diary goes was missing or had been changed, "
            "so it cannot confirm this is the latest copy."
        )
    return None


def import_refused(refusal: Refusal) -> str:
    """Why a copy of a vault was not loaded (kiosk/portable/checking.py): nothing changed."""
    from kiosk.portable.checking import Refusal

    if refusal is Refusal.VAULT_NOT_EMPTY:
        return _(
            "A copy can only be loaded into a new, empty vault. This vault already has notes "
            "or diary entries, so nothing was changed."
        )
    if refusal is Refusal.NEWER_VERSION:
        return _(
            "This copy was made by a newer version of the kiosk and cannot be loaded here. "
            "Nothing was changed. Please ask staff for help."
        )
    if refusal in (Refusal.TOO_LARGE, Refusal.NOT_AN_EXPORT):
        return _(
            "This file is not a copy of a vault from this kiosk, or it is incomplete. "
            "Nothing was changed."
        )
    return _(
        "This copy did not pass its check: part of the diary in it was changed or is missing, "
        "so it was not loaded. Nothing was changed."
    )


# -- diary: printing ---------------------------------------------------------------------------


def record_outcome(outcome: Outcome) -> str:
    """What became of the diary record she asked to print or save."""
    from kiosk.printing.service import Result

    if outcome.result is Result.PRINTED:
        return _("Printed. Please collect every page of your record from the printer.")
    if outcome.result is Result.SESSION_ENDED:
        return _("The session ended before the record was printed.")
    if outcome.result is Result.NOT_MADE:
        return record_not_prepared()
    if outcome.result is Result.NOT_PRINTED:
        return _("The record could not be printed. Please ask staff for help.")
    return describe_outcome(outcome)


def record_not_prepared() -> str:
    return _("The record could not be prepared. Please ask staff.")


def record_not_read(error: Exception) -> str:
    """The diary could not be read for printing."""
    if isinstance(error, VaultError):
        return describe(error)
    return _("Your diary could not be read just now. Please ask staff for help.")


# -- diary: copies (reading) -------------------------------------------------------------------


def copy_not_saved(error: BaseException) -> str:
    """Why her copy was not saved (the file is whole or not there at all)."""
    if isinstance(error, VaultError):
        return describe(error)
    return _(
        "Your copy could not be saved in that folder. Nothing was changed. Please try another "
        "folder or ask staff for help."
    )


def copy_not_loaded(refused: ImportRefused | None) -> str:
    """Why a copy was not loaded (the chain's words for a refused file); nothing changed."""
    if refused is not None:
        return import_refused(refused.refusal)
    return _("The copy could not be read. Nothing was loaded and nothing was changed.")


# -- plan: living (the saved plan, its versions, the review note on the home) -----------------


def plan_saved(value: dt.datetime) -> str:
    """When a version of her plan was saved, in the offset she saw."""
    # Translators: a CLDR date and time pattern for when her plan was saved.
    return format_datetime(value, _("d MMMM y, HH:mm"))


def plan_day(value: dt.date) -> str:
    """The day she chose to look at her plan again."""
    # Translators: a CLDR date pattern for the day she chose to look at her plan again.
    return format_date(value, _("d MMMM y"))


def plan_review_note(review_on: dt.date, today: dt.date) -> str:
    """On the vault's home once the review date has come: gentle, never an alarm."""
    # The year only when it is not this one: the sentence stays on one line of the home.
    if review_on.year == today.year:
        # Translators: a CLDR date pattern for a day of this year ("3 March").
        day = format_date(review_on, _("d MMMM"))
    else:
        day = plan_day(review_on)
    return _("Time to look at your plan again: you chose {day}.").format(day=day)


def plan_not_read(error: Exception) -> str:
    """Her plan could not be read (nothing was changed)."""
    if isinstance(error, VaultError):
        return describe(error)
    return _(
        "Your plan could not be read just now. Nothing was changed. Please ask staff for help."
    )


# -- print stream (issue 11): held printing, printing for the centre ---------------------------


def release_outcome(outcome: Outcome) -> str:
    """What became of the held documents she released."""
    from kiosk.printing.service import Result

    if outcome.result is Result.PRINTED:
        return _("Printed. Please collect every page from the printer.")
    if outcome.result is Result.SESSION_ENDED:
        return ""
    if outcome.result is Result.PRINTING_PROBLEM:
        return printing_problem(outcome.reason)
    return _("It could not be printed. Please ask staff for help.")


def centre_print_outcome(outcome: Outcome, copies: int) -> str:
    """What became of the sheets staff printed (or saved) for the centre."""
    from kiosk.printing.service import Result

    if outcome.result is Result.PRINTED:
        return ngettext(
            "Printed {count} copy. It is at the staff printer.",
            "Printed {count} copies. They are at the staff printer.",
            copies,
        ).format(count=format_number(copies))
    # Staff are told what is wrong and what to do: the visitor's words send them to staff.
    if outcome.result is Result.PRINTING_PROBLEM:
        return _staff_printing_problem(outcome.reason)
    if outcome.result is Result.SAVE_PROBLEM:
        return _staff_save_problem(outcome.save_problem)
    if outcome.result is Result.NOT_PRINTED:
        return _("The sheets could not be printed. Please look at the staff printer.")
    if outcome.result is Result.NOT_MADE:
        return centre_not_prepared()
    return describe_outcome(outcome)


def centre_not_prepared() -> str:
    return _("The sheet could not be prepared. Please try again.")


def _staff_printing_problem(reason: Reason | None) -> str:
    doctor = _("The operator can see what is wrong with 'kiosk doctor'.")
    if reason is Reason.NO_CUPS:
        return _("The printing system is not installed on this computer.") + " " + doctor
    if reason is Reason.CUPS_DOWN:
        return _("The print service (CUPS) is not running.") + " " + doctor
    if reason is Reason.NO_SUCH_PRINTER:
        return _("The staff printer set in kiosk.toml is not available.") + " " + doctor
    if reason is Reason.NO_DEFAULT_PRINTER:
        return _("No printer is set up for this kiosk.") + " " + doctor
    if reason is Reason.PAUSED:
        return _("The staff printer is paused. Start it again, then print.")
    if reason is Reason.OUT_OF_PAPER:
        return _("The staff printer is out of paper. Refill it, then print.")
    if reason is Reason.REJECTING:
        return _("The staff printer is not taking documents at the moment.") + " " + doctor
    if reason is Reason.TIMEOUT:
        return _("The staff printer has not finished the sheets yet. Please look at it.")
    return _("The sheets could not be printed. Please look at the staff printer.")


def _staff_save_problem(problem: SaveProblem | None) -> str:
    from kiosk.printing.pdf_sink import SaveProblem

    if problem is SaveProblem.MISSING:
        return _("That folder cannot be found. Is the USB stick still plugged in?")
    if problem is SaveProblem.NOT_WRITABLE:
        return _("Nothing can be saved in that folder. Please choose another.")
    if problem is SaveProblem.FULL:
        return _("There is no room left in that folder. Please choose another.")
    if problem is SaveProblem.NOT_ALLOWED:
        return _("Sheets can be saved only on a USB stick or in the folder set in kiosk.toml.")
    return _("The sheet could not be saved. Please try again.")


# -- plan: printing ----------------------------------------------------------------------------


def plan_print_outcome(outcome: Outcome, *, card: bool) -> str:
    """What became of the plan (or her wallet card) she asked to print or save."""
    from kiosk.printing.service import Result

    if outcome.result is Result.PRINTED:
        if card:
            return _("Printed. Please collect your card from the printer and cut along the marks.")
        return _("Printed. Please collect every page from the printer.")
    if outcome.result is Result.SESSION_ENDED:
        return _("The session ended before it was printed.")
    if outcome.result is Result.NOT_MADE:
        return plan_not_prepared()
    if outcome.result is Result.NOT_PRINTED:
        return _("It could not be printed. Please ask staff for help.")
    return describe_outcome(outcome)


def plan_not_prepared() -> str:
    return _("It could not be prepared for printing. Please ask staff.")


# -- numbers: the centre's numbers and the staff log (kiosk.ui.screens.staff) -----------------
# Imported inside the functions: the welcome screen loads none of the staff console's code.

if TYPE_CHECKING:
    from kiosk.staff.audit import StaffAction
    from kiosk.staff.numbers import Tally


def tally_name(tally: Tally) -> str:
    """A count's name on the numbers screen (the CSV keeps the file's own column names)."""
    from kiosk.staff.numbers import Tally

    names = {
        Tally.VISITS: _("Visits"),
        Tally.VAULTS_CREATED: _("Vaults made"),
        Tally.VAULTS_DELETED: _("Vaults deleted"),
        Tally.SHEETS_HELPLINES: _("Helpline sheets"),
        Tally.SHEETS_STEPS: _("Steps sheets"),
        Tally.SHEETS_CARDS: _("Wallet cards"),
        Tally.SHEETS_RECORDS: _("Diary records"),
        Tally.SHEETS_PLANS: _("Safety plans"),
        Tally.SHEETS_SLIPS: _("Recovery slips"),
        Tally.QUICK_EXITS: _("Quick exits"),
        Tally.IDLE_LOCKS: _("Idle locks"),
        Tally.RECOVERIES: _("PIN recoveries"),
    }
    return names[tally]


def staff_action_name(action: StaffAction) -> str:
    """What a staff member did, as the staff log shows it."""
    from kiosk.staff.audit import StaffAction

    names = {
        StaffAction.SIGNED_IN: _("Signed in"),
        StaffAction.ACCOUNT_ADDED: _("Added a staff account"),
        StaffAction.ACCOUNT_REMOVED: _("Removed a staff account"),
        StaffAction.VAULT_MADE: _("Set up a vault"),
        StaffAction.VAULT_DELETED: _("Deleted a vault"),
        StaffAction.UNUSED_VAULTS_DELETED: _("Deleted unused vaults"),
        StaffAction.SHEETS_PRINTED: _("Printed sheets"),
        StaffAction.ENTRY_CHECKED: _("Checked a helpline entry"),
        StaffAction.ENTRY_CORRECTED: _("Corrected a helpline entry"),
        StaffAction.NUMBERS_EXPORTED: _("Took a copy of the centre's numbers"),
        StaffAction.LOG_EXPORTED: _("Took a copy of the staff log"),
        StaffAction.KIOSK_CLOSED: _("Closed the kiosk"),
    }
    return names[action]


def staff_log_state(first_broken: int | None, records: int) -> str:
    """Whether the staff log is as it was written, in calm words."""
    if first_broken is None:
        return ngettext(
            "The staff log is whole: {count} record, unchanged since it was written.",
            "The staff log is whole: {count} records, unchanged since they were written.",
            records,
        ).format(count=format_number(records))
    return _(
        "Part of the staff log is not as it was written, from record {number} on. The records "
        "are shown as they are now. Please tell the person who looks after the kiosk."
    ).format(number=first_broken)


def staff_log_unreadable() -> str:
    return _(
        "The staff log could not be read just now. Nothing was changed. Please tell the person "
        "who looks after the kiosk."
    )


def numbers_unreadable() -> str:
    return _(
        "The counts could not be read just now. The file is kept as it is, and counting "
        "carries on beside it. Please tell the person who looks after the kiosk."
    )


def numbers_set_aside(count: int) -> str:
    return ngettext(
        "An earlier counts file was damaged and kept aside: its counts are not shown here.",
        "{count} earlier counts files were damaged and kept aside: their counts are not shown "
        "here.",
        count,
    ).format(count=format_number(count))


def month_short(month: int) -> str:
    """A month's short name under the chart (1 is January)."""
    names = (
        _("Jan"),
        _("Feb"),
        _("Mar"),
        _("Apr"),
        _("May"),
        _("Jun"),
        _("Jul"),
        _("Aug"),
        _("Sep"),
        _("Oct"),
        _("Nov"),
        _("Dec"),
    )
    return names[month - 1]


def describe_save_problem(problem: SaveProblem | None) -> str:
    """A CSV that could not be saved, in the words a sheet's save problem has."""
    return _save_problem(problem)


def saved_but_not_logged(saved: str) -> str:
    return _("{saved} The staff log could not note it.").format(saved=saved)


# -- end numbers -------------------------------------------------------------------------------


# -- staff accounts (the staff console's sign-in, menu and accounts) ---------------------------


def staff_account_refusal(error: StaffAccountError) -> str:
    """A refused change to the staff accounts, in the centre's language."""
    if error.code is AccountRefusal.NAME_LENGTH:
        return _("A staff name needs 2 to 60 characters, with at least one letter or digit.")
    if error.code is AccountRefusal.NAME_CHARACTERS:
        return _("A staff name can hold only letters, digits, spaces and punctuation.")
    if error.code is AccountRefusal.NAME_ALPHABETS:
        return _(
            "A staff name must use the letters of one alphabet: letters from two alphabets can "
            "look like another person's name."
        )
    if error.code is AccountRefusal.NAME_RESERVED:
        return _(
            'A staff account cannot be called "command line": the staff log uses that name for '
            "changes made at the kiosk's command line."
        )
    if error.code is AccountRefusal.PASSPHRASES_DIFFER:
        return _("The two passphrases are not the same. Please type them again.")
    if error.code is AccountRefusal.SHORT_PASSPHRASE:
        return _("A staff passphrase needs at least 12 characters. A few words make a good one.")
    if error.code is AccountRefusal.NAME_TAKEN:
        return _("There is already a staff account with that name.")
    if error.code is AccountRefusal.UNKNOWN_ACCOUNT:
        return _("There is no staff account with that name.")
    if error.code is AccountRefusal.LAST_ACCOUNT:
        return _(
            "This is the only staff account, and staff could not sign in without one. "
            "Please add another account first."
        )
    return _("The staff accounts could not be read. Please ask the operator to run 'kiosk doctor'.")


def staff_log_not_written() -> str:
    return _("Done, but the staff log could not be written. Please tell the operator.")


def overdue_entries(count: int) -> str:
    """The staff menu's short line about the helpline directory."""
    if count == 0:
        return _("All helpline entries were checked in the last six months.")
    return ngettext(
        "{count} helpline entry is overdue for checking: see Helpline directory.",
        "{count} helpline entries are overdue for checking: see Helpline directory.",
        count,
    ).format(count=format_number(count))


# -- vaults (stream vaults, issue 11): staff care of vaults ----------------------------------


def vault_state_words(summary: VaultSummary) -> str:
    """A vault's state as staff tell it to her: plain words, never its content."""
    # Imported here: a session's start loads no gatekeeper code (issue 8).
    from kiosk.vault.gatekeeper import VaultState

    state = summary.state
    if state is VaultState.READY:
        return _(
            "Ready: her PIN opens it. If she has forgotten her PIN, her recovery code sets a "
            "new one: press 'Guide her to recovery'."
        )
    if state is VaultState.WAITING:
        return _(
            "Waiting after wrong PINs: she can try again in {wait}. If she has forgotten her "
            "PIN, her recovery code sets a new one now: press 'Guide her to recovery'."
        ).format(wait=describe_wait(summary.wait_seconds))
    if state is VaultState.PIN_DISABLED:
        return _(
            "Her PIN has stopped working after too many wrong tries: her recovery code is "
            "needed. Guide her to 'I forgot my PIN'."
        )
    if state is VaultState.RECOVERY_LOCKED:
        return _(
            "Her recovery code has stopped working after too many wrong tries. Her PIN still "
            "opens the vault."
        )
    if state is VaultState.CLOSED:
        return _(
            "Both her PIN and her recovery code have stopped working: the vault can no longer "
            "be opened. She can have a new vault."
        )
    if state is VaultState.OPEN:
        return _("Open on the kiosk right now.")
    if state is VaultState.DAMAGED:
        return _("Damaged: its files are missing or broken, so it cannot be opened.")
    return _("Never finished: it was not completely set up, so it cannot be opened.")


def vault_not_deleted(error: BaseException) -> str:
    """Why staff could not delete a vault, calmly; nothing was lost by trying."""
    if isinstance(error, VaultInUse):
        return _(
            "This vault is open on the kiosk right now, so it was not deleted. Please try "
            "again when she has closed it."
        )
    if isinstance(error, UnknownVault):
        return _("No vault has that name. Nothing was deleted.")
    if isinstance(error, StaffSignInEnded):
        return describe(error)
    return _("The vault could not be deleted just now. Please try again, or ask the operator.")


def vault_not_made(error: BaseException) -> str:
    """Why her vault was not made (name, PIN, or something else), calmly."""
    if isinstance(error, VaultError):
        return describe(error)
    return _("The vault could not be set up just now. Nothing was kept. Please ask staff.")


# -- end vaults --------------------------------------------------------------------------------
