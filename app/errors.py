"""Typed errors the core raises, each with plain words for people and a help topic.

Messages here are shown on screen and may be logged, so they never contain a name,
a note or anything typed into the app: only fixed text and numbers.
"""

from __future__ import annotations


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


class SaveFailed(AppError):
    title = "Not saved"
    message = "The file could not be saved."
    next_step = "Check the disk or USB stick has space and is not read-only, then try again."
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
