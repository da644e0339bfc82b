"""Typed errors the core raises, each with plain words for people and a help topic.

Messages here are shown on screen and may be logged, so they never contain a name,
a note or anything typed into the app: only fixed text and numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import db.errors as store_errors


class AppError(Exception):
    """Something the person at the PC needs to know, in plain words."""

    title = "Something went wrong"
    message = "The toolkit could not do that."
    next_step = "Try again. If it keeps happening, tell your designated lead."
    help_topic = "getting-help"

    def __init__(self, message: str | None = None, *, next_step: str | None = None) -> None:
        if message is not None:
            self.message = message
        if next_step is not None:
            self.next_step = next_step
        super().__init__(self.message)


# -- unlocking -------------------------------------------------------------------------
class WrongPassphrase(AppError):
    title = "Not unlocked"
    message = "That passphrase did not unlock the records."
    next_step = "Check Caps Lock and try again, or use the recovery code."
    help_topic = "unlocking"

    def __init__(self, failures: int, wait_seconds: float = 0.0) -> None:
        self.failures = failures
        self.wait_seconds = wait_seconds
        if wait_seconds > 0:
            next_step = (
                f"That is {failures} failed attempts. Wait {round(wait_seconds)} seconds "
                "before trying again."
            )
        else:
            next_step = None
        super().__init__(next_step=next_step)


# Said instead of "check Caps Lock" when a key slot in keyring.json did not read.
PART_OF_KEYRING_DAMAGED = (
    "Part of the key file (keyring.json) is damaged, so the passphrase may be right. "
    "Use the recovery code, then set a new passphrase in Settings; or restore a backup."
)


class KeySlotNotOurs(AppError):
    """The slot that opened is not the one the app wrote under that account's id (one
    account's entry copied over another's): refused, never a wrong try."""

    title = "Key file changed"
    help_topic = "unlocking"

    def __init__(self) -> None:
        super().__init__(
            "The entry in the key file (keyring.json) for the account chosen is not the one "
            "this toolkit wrote for it: it was changed outside the toolkit. The records "
            "were not opened, and this was not counted as a wrong passphrase.",
            next_step="Choose your own name and use your own passphrase, or use the recovery "
            "code. Tell your designated trustee: someone may have tried to take another "
            "account's place.",
        )


class KeySlotDamaged(AppError):
    """A key slot in keyring.json is damaged: the secret could not be checked. Never
    counted as a wrong passphrase (the structure is checked before any key is tried)."""

    title = "Key file damaged"
    help_topic = "unlocking"

    def __init__(self, *, recovery: bool = False, this_account: bool = False) -> None:
        if recovery:
            message = (
                "The key file entry for the recovery code (in keyring.json) is damaged or "
                "missing, so the recovery code could not be checked."
            )
            next_step = (
                "This was not counted as a wrong try. Unlock with a lead's passphrase and "
                "make a new recovery code (Settings, Accounts and passphrases), or restore "
                "a backup."
            )
        else:
            message = (
                "The key file entry for this account (in keyring.json) is damaged, so the "
                "passphrase could not be checked."
                if this_account
                else "Part of the key file (keyring.json) is damaged: the entry for one "
                "account does not read, so the passphrase could not be checked against it."
            )
            next_step = (
                "This was not counted as a wrong passphrase. Use the recovery code, then set "
                "a new passphrase for the account in Settings (Accounts and passphrases); "
                "or restore a backup."
            )
        super().__init__(message, next_step=next_step)


class WrongRecoveryCode(WrongPassphrase):
    message = "That recovery code did not unlock the records."
    next_step = "Check each group of the code against the printed copy and try again."


class RecoveryCodeMistyped(AppError):
    title = "Check the recovery code"
    message = "That does not look like a recovery code."
    next_step = (
        "A recovery code has 25 letters and numbers in five groups, like "
        "ABCDE-FGHJK-MNPQR-STVWX-YZ123. Check it against the printed copy."
    )
    help_topic = "unlocking"


class UnlockThrottled(AppError):
    title = "Please wait"
    message = "There have been several wrong passphrases."
    help_topic = "unlocking"

    def __init__(self, wait_seconds: float) -> None:
        self.wait_seconds = wait_seconds
        super().__init__(next_step=f"You can try again in {max(1, round(wait_seconds))} seconds.")


class LeadOnly(AppError):
    title = "For the designated lead"
    message = "Only a designated lead can do this."
    next_step = "Ask your designated lead."
    help_topic = "unlocking"


class Locked(AppError):
    title = "Records are locked"
    message = "The records are locked."
    next_step = "Unlock them with a lead's passphrase first."
    help_topic = "unlocking"


# -- the files on disk -----------------------------------------------------------------
class NotSetUp(AppError):
    title = "Not set up yet"
    message = "The toolkit has not been set up on this computer yet."
    next_step = "Run the first-time setup."
    help_topic = "first-setup"


class AlreadySetUp(AppError):
    title = "Already set up"
    message = "There are records on this computer already, so setup will not run again."
    next_step = "Nothing was changed. Unlock the records instead."
    help_topic = "first-setup"


class KeyringMissing(AppError):
    title = "Key file missing"
    message = (
        "The records file is here but its key file (keyring.json) is missing, "
        "so the records cannot be opened."
    )
    next_step = (
        "Nothing has been changed. Put keyring.json back from a backup, "
        "or ask whoever looks after this computer for help."
    )
    help_topic = "backups"


class KeyringDamaged(AppError):
    title = "Key file damaged"
    message = "The key file (keyring.json) is damaged, so the records cannot be opened."
    next_step = "Nothing has been changed or overwritten. Put keyring.json back from a backup."
    help_topic = "backups"

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"The key file (keyring.json) is damaged: {reason}.")


class StoreMissing(AppError):
    title = "Records file missing"
    message = "The key file is here but the records file (records.db) is missing."
    next_step = "Nothing has been changed. Put records.db back from a backup."
    help_topic = "backups"


class StoreUnreadable(AppError):
    title = "Records file cannot be opened"
    message = (
        "The records file (records.db) is not a records store, or it does not belong "
        "with this key file."
    )
    next_step = (
        "Nothing has been changed or overwritten. Restore records.db and keyring.json "
        "together from the same backup."
    )
    help_topic = "backups"

    def __init__(self, reason: str, integrity: list[str] | None = None) -> None:
        self.reason = reason
        self.integrity = integrity or []
        super().__init__(f"{self.message} ({reason}.)")


class StoreDamaged(AppError):
    title = "Records file damaged"
    message = "The records file (records.db) is damaged: some parts of it fail their checks."
    next_step = (
        "Nothing has been written to it. Restore it from your latest backup, "
        "and keep this copy in case it is needed."
    )
    help_topic = "backups"

    def __init__(self, integrity: list[str]) -> None:
        self.integrity = integrity
        super().__init__(
            f"{self.message} The check found {len(integrity)} problem(s), "
            f"the first: {integrity[0] if integrity else 'unknown'}."
        )


class StoreTooNew(AppError):
    title = "Newer records file"
    message = "The records file was made by a newer version of the toolkit."
    next_step = "Nothing has been changed. Install the newer version of the toolkit to open it."
    help_topic = "installing"


class StoreInUse(AppError):
    title = "Records already open"
    message = "The records are open in another copy of the toolkit on this computer."
    next_step = "Close the other copy (or ask the person using it to lock it), then try again."
    help_topic = "unlocking"


class UpgradeFailed(AppError):
    title = "Could not update the records file"
    message = "The records file could not be brought up to date for this version."
    next_step = "Nothing has been changed. Tell whoever installed the toolkit."
    help_topic = "installing"


def translate_store_error(exc: store_errors.StoreError) -> AppError:
    """The store's typed error in plain words for people."""
    # deferred: start-up loads this module before the window shows, and never db (sqlcipher3)
    import db.errors as store_errors

    if isinstance(exc, store_errors.NotAStore):
        return StoreUnreadable(exc.reason, exc.integrity)
    if isinstance(exc, store_errors.StoreDamaged):
        return StoreDamaged(exc.integrity)
    simple: dict[type[Exception], type[AppError]] = {
        store_errors.StoreMissing: StoreMissing,
        store_errors.StoreTooNew: StoreTooNew,
        store_errors.StoreInUse: StoreInUse,
        store_errors.MigrationFailed: UpgradeFailed,
    }
    return simple.get(type(exc), AppError)()


class SaveFailed(AppError):
    title = "Not saved"
    # Every file is written through app/core/atomic.py, so a failed save never leaves half a
    # file, and a file already there keeps what it had.
    message = (
        "The file could not be saved: the disk or USB stick may be full or read-only, or "
        "the file may be open in another program. Nothing was written, and any file "
        "already there is unchanged."
    )
    next_step = "Free some space, close the file, or choose another place, then save again."
    help_topic = "getting-help"


# -- input -----------------------------------------------------------------------------
class InvalidInput(AppError):
    """One or more fields need attention; `fields` maps a field key to a plain message."""

    title = "Please check the form"
    message = "Some answers need checking."
    next_step = "Each one is marked on the form."

    def __init__(self, fields: dict[str, str]) -> None:
        self.fields = fields
        super().__init__()


# -- concerns and the letterbox --------------------------------------------------------
class LetterInvalid(AppError):
    """A letter that cannot be opened or read. `reason` names a field, never its content."""

    title = "A concern could not be opened"
    message = "A concern in the letterbox could not be opened, so it was set aside."
    next_step = (
        "Nothing was lost: it is kept in the letterbox's quarantine folder. "
        "Tell whoever looks after this computer."
    )
    help_topic = "getting-help"

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"{self.message} ({reason}.)")


# -- volunteer stations (app/intake/stations.py) ----------------------------------------
class EnrolmentInvalid(AppError):
    """An enrolment file that cannot be used. `reason` is fixed text, never its content."""

    title = "This is not an enrolment file the toolkit can use"
    message = "That file cannot set up this PC as a volunteer station."
    next_step = "Ask the designated lead for a new one (Settings, Add a volunteer PC)."
    help_topic = "getting-help"

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"That file cannot set up this PC as a volunteer station: {reason}.")


class EnrolmentNotSaved(AppError):
    title = "Enrolment file not saved"
    message = "The enrolment file could not be saved there."
    next_step = "Choose another folder or USB stick and try again."
    help_topic = "getting-help"


class ShareNotMade(AppError):
    title = "Shared letterbox folder not made"
    message = "This account cannot make the shared letterbox folder there."
    next_step = (
        "Ask whoever looks after this computer to make it (the README says how, under "
        "Who can do what on a shared PC), then add it from Settings, Add a volunteer PC."
    )
    help_topic = "getting-help"


class StationOverRecords(AppError):
    title = "This PC holds records"
    message = (
        "This account already holds the organisation's records, so it cannot become a "
        "volunteer station."
    )
    next_step = "Use the enrolment file on the volunteer's own PC or account instead."
    help_topic = "getting-help"


class LetterboxUnreachable(AppError):
    title = "Concern not sent"
    message = (
        "The shared letterbox folder cannot be reached from this PC just now, so the "
        "concern was not sent."
    )
    next_step = (
        "What you wrote is still on the form: try again in a minute (a network folder may "
        "still be connecting). If it keeps happening, print it or tell the designated "
        "lead in person, today."
    )
    help_topic = "getting-help"


class StationDamaged(AppError):
    title = "Volunteer station settings damaged"
    message = (
        "This PC's volunteer station settings could not be read, so concerns cannot be "
        "sent from it."
    )
    next_step = (
        "Write the concern on paper or tell the designated lead in person, today. "
        "Ask the lead to enrol this PC again."
    )
    help_topic = "getting-help"


class StationKeyChanged(AppError):
    title = "Concern not sent"
    message = (
        "The organisation's key on this PC has changed since the PC was set up as a "
        "volunteer station, so this concern was not sent: someone may be trying to read "
        "what volunteers write."
    )
    next_step = (
        "What you wrote is still on the form. Print it or tell the designated lead in "
        "person, today, and ask them to enrol this PC again."
    )
    help_topic = "getting-help"


class ConcernNotSaved(AppError):
    title = "Concern not saved"
    message = "The concern could not be saved for the designated lead."
    next_step = (
        "What you typed is still on the form: try again. If it keeps happening, print it "
        "or tell the designated lead in person, today."
    )
    help_topic = "what-to-do"


class ConcernMissing(AppError):
    title = "Concern not found"
    message = "That concern is not in the records."
    next_step = "Check the reference and try again."
    help_topic = "getting-help"


# -- accounts, recovery code, re-key and one writer (issue 7, part 3 and 6) ---------------
class AccountRemoved(AppError):
    title = "Account removed"
    message = "That passphrase belongs to an account that has been removed."
    next_step = "Nothing was opened. Ask your designated lead to add you again."
    help_topic = "accounts"


class AccountNotInKeyFile(AppError):
    """The account chosen in the Unlock dialog has no key slot any more (removed since)."""

    title = "Account not found"
    message = "That account can no longer unlock the records."
    next_step = "Nothing was tried. Close this window and open it again, or use the recovery code."
    help_topic = "accounts"


class AccountNotChanged(AppError):
    """An account change that is not allowed; `message` says which rule, in fixed words."""

    title = "Not changed"
    message = "That account cannot be changed."
    next_step = "Nothing was changed."
    help_topic = "accounts"


class RekeyStopped(AppError):
    title = "Re-key stopped"
    message = "The records were locked, or closed, before the re-key finished."
    next_step = (
        "Nothing was changed: the records still open with the passphrases and recovery "
        "code you had before. Unlock and start the re-key again."
    )
    help_topic = "accounts"


class StoreInUseBy(StoreInUse):
    """StoreInUse when the holder could be read from in-use.json.

    `message` (which may be logged) names the role and the time only. The holder's name
    is kept apart in `holder_name` and shown on screen through `on_screen`, never logged.
    """

    def __init__(self, holder_name: str, holder_role: str, since: str) -> None:
        self.holder_name = holder_name
        self.holder_role = holder_role
        self.since = since
        when = f" since {since}" if since else ""
        super().__init__(
            f"The records are open in another copy of the toolkit, unlocked by {holder_role}{when}."
        )

    @property
    def on_screen(self) -> str:
        who = f"{self.holder_name} ({self.holder_role})" if self.holder_name else self.holder_role
        when = f" since {self.since}" if self.since else ""
        return f"The records are open in another copy of the toolkit, unlocked by {who}{when}."


# -- backups and restore (issue 7) ------------------------------------------------------
class BackupRefused(AppError):
    title = "No backup made"
    message = "The records fail their checks, so no backup was made from them."
    next_step = (
        "Your earlier backups are as they were. Do not make another backup over them: "
        "restore the latest good backup, or ask whoever looks after this computer."
    )
    help_topic = "backups"


class BackupFolderProblem(AppError):
    title = "Choose another folder"
    message = "The backup cannot be saved in that folder."
    next_step = "Check the USB stick is plugged in and not read-only, or choose another folder."
    help_topic = "backups"


class BackupWriteFailed(AppError):
    title = "Backup not saved"
    message = "The backup could not be written: the USB stick or disk may be full or removed."
    next_step = (
        "No half-written backup was left behind, and earlier backups are as they were. "
        "Free some space or use another stick, then try again."
    )
    help_topic = "backups"


class BackupNotVerified(AppError):
    title = "Backup failed its check"
    message = "The backup was written, but the copy did not pass its check, so it was removed."
    next_step = (
        "Earlier backups are as they were. Try again; if it fails again, use another USB "
        "stick, as this one may be failing."
    )
    help_topic = "backups"


class BackupInterrupted(AppError):
    title = "Backup stopped"
    message = "The records were locked before the backup finished, so no backup was made."
    next_step = "Unlock the records and start the backup again."
    help_topic = "backups"


class NotABackup(AppError):
    title = "Not a backup"
    message = "That file is not a backup made by this toolkit."
    next_step = (
        "Nothing has been changed. Choose a backup file: its name starts with "
        "cse-records and ends with .cse-backup."
    )
    help_topic = "backups"


class BackupDamaged(AppError):
    title = "Backup damaged"
    message = "That backup is damaged."
    next_step = "Nothing has been changed. Try an older backup."
    help_topic = "backups"

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"That backup is damaged: {reason}.")


class BackupWrongSecret(AppError):
    title = "Backup not opened"
    message = "That passphrase does not open this backup."
    next_step = (
        "Nothing has been changed. Use a passphrase that worked on the day the backup was "
        "made (it may be an older one), or the recovery code from that time."
    )
    help_topic = "backups"


class BackupTooNew(AppError):
    title = "Newer backup"
    message = "That backup was made by a newer version of the toolkit."
    next_step = "Nothing has been changed. Install the newer version of the toolkit first."
    help_topic = "installing"


class RestoreFailed(AppError):
    title = "Not restored"
    message = "The restored records did not open, so the records as they were have been put back."
    next_step = "Nothing was lost. Try an older backup, or ask whoever looks after this computer."
    help_topic = "backups"


# -- handing records over to another installation (issue 7, part 4: app/keeping/handover.py) ---
class HandoverNotSaved(AppError):
    title = "Handover file not saved"
    message = "The handover file could not be saved."
    next_step = (
        "Check the disk or USB stick has space and is not read-only, then try again. "
        "Nothing was left half-written, and a file that was there before is unchanged."
    )
    help_topic = "handover"


class NothingToHandOver(AppError):
    title = "Nothing chosen"
    message = "There are no records to hand over in what you chose."
    next_step = "Tick at least one young person, or choose All records."
    help_topic = "handover"


class HandoverFileUnreadable(AppError):
    title = "File not opened"
    message = "That file could not be opened."
    next_step = "Check the USB stick is still in and try again. Nothing was changed."
    help_topic = "handover"


class NotAHandoverFile(AppError):
    title = "Not a handover file"
    message = "That file is not a handover file from the toolkit."
    next_step = (
        "Check you chose the file the other organisation sent (it ends .cse-handover). "
        "Nothing was changed."
    )
    help_topic = "handover"


class HandoverTooNew(AppError):
    title = "Newer handover file"
    message = "That handover file was made by a newer version of the toolkit."
    next_step = "Nothing was changed. Install the newer version of the toolkit, then try again."
    help_topic = "handover"


class HandoverPassphraseMistyped(AppError):
    title = "Check the passphrase"
    message = "That does not look like the handover passphrase."
    next_step = (
        "It has 25 letters and numbers in five groups, like ABCDE-FGHJK-MNPQR-STVWX-YZ123. "
        "Check each group with the person who read it to you. Nothing was changed."
    )
    help_topic = "handover"


class HandoverWrongPassphrase(AppError):
    title = "Not opened"
    message = "That passphrase does not open this handover file."
    next_step = (
        "Check each group with the person who read it to you, and that this is the file "
        "they made. Nothing was changed."
    )
    help_topic = "handover"


class HandoverDamaged(AppError):
    """The passphrase is right but the file was cut short, changed, or holds what this
    version cannot read. `reason` names a field or a kind, never a value."""

    title = "Handover file damaged"
    message = (
        "The passphrase is right, but the handover file is damaged: it was cut short or "
        "changed on the way."
    )
    next_step = "Nothing was changed. Ask the sender to make a new handover file."
    help_topic = "handover"

    def __init__(self, reason: str = "") -> None:
        self.reason = reason
        super().__init__()


class HandoverNameRefused(HandoverDamaged):
    """A name, topic or leader in the file's training log with a hidden or
    direction-changing character: made to pass for someone else's, as the log itself
    would refuse. The whole file is refused; the words never quote it."""

    title = "Handover file refused"
    next_step = (
        "Nothing was imported. Ask the sender to correct it in their training log "
        "(Settings, Training log) and make a new handover file."
    )

    def __init__(self, *, session: bool = False) -> None:
        what = "A training session's topic or leader" if session else "A volunteer's name"
        self.message = (
            f"{what} in this file's training log has a hidden character in it (one that "
            "does not show, or that changes the direction of the text), so it could pass "
            "for something else."
        )
        super().__init__(f"{'a session' if session else 'a volunteer'}: hidden character")


class HandoverAlreadyImported(AppError):
    title = "Already imported"
    message = "The records in this handover file were imported already."
    help_topic = "handover"

    def __init__(self, when: str) -> None:
        self.when = when  # local date and time, "dd/mm/yyyy at HH:MM"
        super().__init__(
            f"The records in this handover file were imported already, on {when}.",
            next_step="Nothing was changed. They are in your records from that day.",
        )


class HandoverNotImported(AppError):
    title = "Records not imported"
    message = "The records in the handover file could not be added to your records."
    next_step = (
        "Nothing was changed. Try again; if it happens again, ask the sender to make a "
        "new handover file."
    )
    help_topic = "handover"


# -- retention review (app/keeping/retention.py) -------------------------------------------------
class RetentionPersonMissing(AppError):
    title = "Not found"
    message = "Those records are not in the store any more."
    next_step = "Close this window and open the list again."
    help_topic = "retention"


class RetentionNotDue(AppError):
    title = "Not due for review yet"
    message = "These records are not due for review yet, so they cannot be deleted."
    next_step = "Records can only be deleted once their review date has passed."
    help_topic = "retention"


class DeletionSecretWrong(AppError):
    title = "Nothing was deleted"
    message = "That is not your passphrase, so nothing was deleted."
    next_step = "Check Caps Lock and type your own passphrase again."
    help_topic = "retention"

    def __init__(self, *, recovery: bool = False) -> None:
        if recovery:
            super().__init__(
                "That is not the recovery code, so nothing was deleted.",
                next_step="Check each group of the code against the printed copy.",
            )
        else:
            super().__init__()


class RecordsNotDeleted(AppError):
    title = "Nothing was deleted"
    message = "The records could not be deleted, so nothing was changed."
    next_step = "Try again. If it keeps happening, tell whoever looks after this computer."
    help_topic = "retention"
