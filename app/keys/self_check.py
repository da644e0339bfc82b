"""What the lead is told at a good unlock when a self-check found something.

Each check is cheap (no key derivation: each costs about half a second) and fails safe:
damage is noted, reset or set aside, and said here in plain words with the way out. The
codes go into the unlock's audit entry; the words are shown to the lead. Neither holds
a name, a path outside the data folder, or anything read from a damaged file.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import NamedTuple

from app.keys.keyring import ACCOUNT, RECOVERY, Keyring, entry_id, entry_kind

NEW_CODE_WAY = (
    "Make a new recovery code now: Settings, then Accounts and passphrases, then New "
    "recovery code. Print it and put it in the safe."
)


class Finding(NamedTuple):
    code: str  # for the audit log: fixed words, no content
    text: str  # for the lead, on screen


def check_slots(keyring: Keyring, active_slot_ids: Iterable[str]) -> list[Finding]:
    """Every slot, not only the one that opened: a damaged or missing recovery slot or
    account slot, found now rather than on the day it is needed."""
    found: list[Finding] = []
    active = set(active_slot_ids)
    readable = {s.id for s in keyring.slots}
    damaged_recovery = [raw for raw in keyring.unreadable if entry_kind(raw) == RECOVERY]
    # An entry whose kind did not read and that names no account: the recovery code's,
    # if no readable one is left; otherwise one that shuts nobody out.
    unknown = [
        raw for raw in keyring.unreadable if entry_kind(raw) is None and entry_id(raw) not in active
    ]
    stray = [
        raw
        for raw in keyring.unreadable
        if entry_kind(raw) == ACCOUNT and entry_id(raw) not in active
    ]
    if not keyring.slots_of(RECOVERY):
        damaged = bool(damaged_recovery or unknown)
        found.append(
            Finding(
                "recovery-slot-damaged" if damaged else "recovery-slot-missing",
                "The recovery code's entry in the key file (keyring.json) "
                f"{'is damaged' if damaged else 'is missing'}, so the printed recovery code "
                "would not open the records. " + NEW_CODE_WAY,
            )
        )
    else:
        stray += damaged_recovery + unknown
    no_entry = sorted(active - readable)
    if no_entry:
        plural = "account's entry" if len(no_entry) == 1 else "accounts' entries"
        found.append(
            Finding(
                "account-slot-damaged",
                f"{len(no_entry)} {plural} in the key file (keyring.json) "
                f"{'is' if len(no_entry) == 1 else 'are'} damaged or missing, so "
                f"{'that person' if len(no_entry) == 1 else 'they'} cannot unlock. Set a "
                "new passphrase for them: Settings, then Accounts and passphrases.",
            )
        )
    elif stray:
        found.append(
            Finding(
                "key-file-entry-damaged",
                "An entry in the key file (keyring.json) that belongs to no current account "
                "is damaged. Nobody is shut out by it; it is kept as found.",
            )
        )
    return found


def counter_reset(damaged_at: float) -> Finding:
    local = datetime.fromtimestamp(damaged_at, UTC).astimezone()
    return Finding(
        "failure-counter-reset",
        "The count of failed unlock attempts (unlock-failures.json) was damaged, so it was "
        f"reset at {local:%H:%M} on {local.day} {local:%B %Y}. Failed attempts before then "
        "are not known. If nobody here changed that file, tell your designated trustee.",
    )


def swap_set_aside(where: str) -> Finding:
    return Finding(
        "swap-set-aside",
        "A change to the records files that this toolkit did not start was found "
        f"(swap.json) and set aside, unused, in the data folder's {where} folder. Your "
        "records are as they were. Someone with access to this computer may have tried to "
        "replace them: tell whoever looks after this computer.",
    )


def swap_finished(reason: str) -> Finding:
    what = "restore of a backup" if reason.startswith("restore") else "re-key of the records"
    return Finding(
        "swap-finished",
        f"A {what} was interrupted (the toolkit was closed part-way) and has now been finished.",
    )


def letterbox_folders_put_back(count: int) -> Finding:
    folders = "1 letterbox folder" if count == 1 else f"{count} letterbox folders"
    return Finding(
        "letterbox-folders-put-back",
        "The list of letterbox folders in settings.json was changed outside the toolkit. "
        f"It has been put back as you last saved it ({folders} besides this computer's own), "
        "so concerns from volunteer stations still reach you. To change the list, use "
        "Settings, Letterbox folders. If nobody here changed that file, tell your "
        "designated trustee.",
    )
