"""Re-keying the records: a new master key, after someone who could unlock has left.

Removing an account deletes its key slot, but whoever held it may have copied the key
file, or the master key itself, before they went. Only a new master key shuts them out:

1. `prepare` (slow; runs off the GUI thread, touches no widgets):
   - checks the passphrase of the lead doing it, and of each account to keep, against
     their current slots (an account left blank is removed: it can be added again);
   - imports letters waiting in the letterbox with the old letterbox key;
   - writes the whole store under a new random master key to records.db.new
     (Store.export_rekeyed: both integrity checks before it takes the name);
   - in that new file: marks the accounts not kept as removed, replaces the letterbox
     key pair (whoever left could read the old private key) and keeps the old private
     key in `retired_org_keys` so a letter sealed to the old public key still imports,
     and adds a "rekey" audit entry;
   - writes keyring.json.new: a new slot for each kept account, a new recovery code
     (always: the old code may be known to whoever left), the new public key.
2. `commit` (quick; GUI thread): lock the session, `swap.commit` (the commit point),
   open the new store and hand it back to the session.

A kill before the swap's marker is written leaves the old pair (the staged files are
cleared at the next start); after it, the new pair. Either opens with a known key. The
file under the old key is not kept. Backups made before still open with the old
passphrases and the old recovery code: the lead is told so.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import nacl.public

from app.core import errors
from app.intake.letterbox import import_letters, reseal_retired_letters
from app.keys import audit, swap
from app.keys.keyring import ACCOUNT, RECOVERY, Keyring, Slot
from app.keys.recovery_code import generate, normalise
from app.screening.rules import screen_concern
from db import organisation as org_queries
from db.errors import StoreClosed, StoreError
from db.store import Store

if TYPE_CHECKING:
    from pathlib import Path

    from app.keys.kdf import KdfParams
    from app.keys.session import Session

log = logging.getLogger(__name__)

Progress = Callable[[float], None]

# Shares of the progress bar: checking passphrases, the export, the new key slots.
_CHECKS_END = 0.1
_EXPORT_END = 0.8
_SLOTS_END = 0.97


@dataclass
class Prepared:
    """A re-key written beside the live files and waiting for `commit`."""

    new_key: bytearray
    recovery_code: str
    kept: list[int]
    removed: list[int]
    own_slot_id: str | None
    source: Store  # the store it was made from: the session must still have it open
    letters_imported: int = 0
    done: bool = field(default=False)


@dataclass(frozen=True)
class RekeyResult:
    recovery_code: str  # shown once, printable; kept nowhere
    kept: list[int]
    removed: list[int]
    letters_imported: int


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _zero(buffer: bytearray) -> None:
    for i in range(len(buffer)):
        buffer[i] = 0


def _quiet(_fraction: float) -> None:
    return None


def rekey(
    session: Session,
    own_passphrase: str,
    keep: dict[int, str],
    progress: Progress | None = None,
    *,
    recovery_code: str | None = None,
) -> RekeyResult:
    """Prepare and commit in one go (tests, the benchmark, a caller on one thread)."""
    report = progress or _quiet
    prepared = prepare(session, own_passphrase, keep, report, recovery_code=recovery_code)
    return commit(session, prepared, report)


# -- checking -------------------------------------------------------------------------------
def check_passphrases(
    session: Session, own_passphrase: str, keep: dict[int, str], progress: Progress | None = None
) -> dict[int, Slot]:
    """Each kept account's current slot, after its typed passphrase was checked against it.

    Raises InvalidInput naming the fields ("own", "account-<id>") whose passphrase does not
    open that account's slot. Accounts missing from `keep`, or with nothing typed, are
    not kept."""
    session.require_lead("Only a designated lead can re-key the records.")
    store = session.require_store()
    keyring = Keyring.load(session.paths.keyring)
    by_id = {s.id: s for s in keyring.slots}
    own = session.account
    wanted: dict[int, tuple[str, str]] = {}  # account id -> (field, passphrase)
    if own is not None:
        wanted[own.id] = ("own", own_passphrase)
    for account_id, typed in keep.items():
        if typed and (own is None or account_id != own.id):
            wanted[account_id] = (f"account-{account_id}", typed)
    found: dict[str, str] = {}
    slots: dict[int, Slot] = {}
    report = progress or _quiet
    for n, (account_id, (key, typed)) in enumerate(wanted.items(), start=1):
        account = org_queries.account_by_id(store, account_id)
        slot = by_id.get(account.slot_id) if account else None
        opened = slot.unwrap(typed) if slot is not None and typed else None
        if opened is None or slot is None:
            found[key] = (
                "Type your passphrase again."
                if key == "own"
                else "That passphrase does not open this account. Check it, or leave it "
                "empty to remove the account."
            )
        else:
            _zero(opened)
            slots[account_id] = slot
        report(_CHECKS_END * n / max(1, len(wanted)))
    if found:
        raise errors.InvalidInput(found)
    return slots


# -- preparing ------------------------------------------------------------------------------
def prepare(
    session: Session,
    own_passphrase: str,
    keep: dict[int, str],
    progress: Progress | None = None,
    *,
    recovery_code: str | None = None,
) -> Prepared:
    """Write records.db.new and keyring.json.new under a new master key. Changes nothing
    the session uses except importing waiting letters. Safe to run off the GUI thread:
    a lock meanwhile stops it (RekeyStopped) before the store is closed."""
    store = session.require_store()
    try:
        return _prepare(session, store, own_passphrase, keep, progress, recovery_code)
    except StoreClosed:
        # A lock (Ctrl+L, idle) closed the store under us: Store.close() stopped the
        # export at its next step and waited for it before closing.
        raise errors.RekeyStopped() from None
    except Exception:
        if store.closing:
            # The lock interrupted whatever statement was running (importing the waiting
            # letters, say): the database's own "interrupted" is the lock, not a fault.
            raise errors.RekeyStopped() from None
        raise


def _prepare(
    session: Session,
    store: Store,
    own_passphrase: str,
    keep: dict[int, str],
    progress: Progress | None,
    recovery_code: str | None,
) -> Prepared:
    outer = progress or _quiet

    def report(fraction: float) -> None:
        if store.closing:
            raise errors.RekeyStopped()
        outer(fraction)

    report(0.0)
    code = recovery_code or generate()
    raw_code = normalise(code)
    if raw_code is None:
        raise errors.RecoveryCodeMistyped()
    kept_slots = check_passphrases(session, own_passphrase, keep, report)
    paths = session.paths
    swap.discard(paths)  # leftovers of an earlier attempt, temp files cut short included
    new = swap.staged(paths)
    letters = _import_waiting_letters(session, store)
    old_keyring = Keyring.load(paths.keyring)
    everyone = org_queries.active_accounts(store)
    removed = [a.id for a in everyone if a.id not in kept_slots]
    own = session.account

    new_key = bytearray(secrets.token_bytes(32))
    new_pair = nacl.public.PrivateKey.generate()
    try:
        store.export_rekeyed(
            new.store,
            new_key,
            lambda f: report(_CHECKS_END + (_EXPORT_END - _CHECKS_END) * f),
        )
        report(_EXPORT_END)
        _change_new_store(
            session,
            Store.open(new.store, new_key, check_integrity=False),
            removed,
            bytes(new_pair.public_key),
            bytes(new_pair),
            len(kept_slots),
            letters,
        )
        report(_EXPORT_END + 0.02)
        recovery_params = _recovery_params(session, old_keyring)
        made: list[Slot] = []
        total = len(kept_slots) + 1
        # The same slot ids (the accounts rows point at them), the same Argon2 cost.
        for account_id, old_slot in kept_slots.items():
            typed = own_passphrase if own is not None and account_id == own.id else keep[account_id]
            made.append(_same_id(Slot.make(ACCOUNT, typed, new_key, old_slot.params), old_slot))
            report(_EXPORT_END + (_SLOTS_END - _EXPORT_END) * len(made) / total)
        made.append(Slot.make(RECOVERY, raw_code, new_key, recovery_params))
        new_keyring = Keyring(bytes(new_pair.public_key), made)
        _pin_staged(new.store, new_key, new_keyring)
        new_keyring.save(new.keyring)
        report(_SLOTS_END)
    except BaseException:
        _zero(new_key)
        swap.discard(paths)
        raise
    log.info("re-key prepared: %d account(s) kept, %d removed", len(kept_slots), len(removed))
    return Prepared(
        new_key=new_key,
        recovery_code=code,
        kept=sorted(kept_slots),
        removed=removed,
        own_slot_id=own.slot_id if own else None,
        source=store,
        letters_imported=letters,
    )


def _pin_staged(store_path: Path, key: bytearray, keyring: Keyring) -> None:
    """Note the staged key file in the staged store before the swap, so a kill after
    the swap but before the session pins it never reads as a change made outside the
    app (app/keys/pinning.py). Its id and change time are pinned when it is adopted."""
    from app.keys.pinning import pin_pending
    from db.store import Store

    staged = Store.open(store_path, key, check_integrity=False)
    try:
        pin_pending(staged, keyring.to_bytes(), keyring.org_public_key)
    finally:
        staged.close()


def _same_id(slot: Slot, old: Slot) -> Slot:
    # The same id and the same name and role, for the Unlock dialog's list.
    return replace(slot, id=old.id, name=old.name, role=old.role)


def _recovery_params(session: Session, keyring: Keyring) -> KdfParams:
    old = keyring.slots_of(RECOVERY)
    return old[0].params if old else session.slot_params()


def _change_new_store(
    session: Session,
    new_store: Store,
    removed: list[int],
    public_key: bytes,
    private_key: bytes,
    kept: int,
    letters: int,
) -> None:
    """In the new file only: accounts not kept marked removed, a new letterbox key pair
    (the old private key kept for letters already sealed), the audit entry."""
    try:
        with new_store.transaction():
            now = _now()
            for account_id in removed:
                org_queries.mark_account_removed(new_store, account_id, now)
            org_queries.retire_org_keys(new_store, public_key, private_key, now)
            session.audit_with(
                new_store,
                audit.REKEY,
                session.account,
                detail={
                    "kept": kept,
                    "removed": len(removed),
                    "letterbox_key": "replaced",
                    "letters_imported_first": letters,
                },
            )
    finally:
        new_store.close()


def _import_waiting_letters(session: Session, store: Store) -> int:
    """Bring in letters sealed to the old letterbox key while it is still the key."""
    keys = org_queries.load_org_keys(store)
    if keys is None:
        raise errors.StoreUnreadable("the organisation's key is missing from the store")
    folders = session.letterbox_folders()  # the shared and station folders too
    reseal_retired_letters(store, folders)
    report = import_letters(store, keys[1], folders, _now(), screen=screen_concern)
    if report.imported or report.quarantined:
        session.audit_with(
            store,
            audit.IMPORT,
            session.account,
            detail={
                "imported": report.imported,
                "quarantined": report.quarantined,
                "left": report.left,
            },
        )
    return report.imported


# -- committing -----------------------------------------------------------------------------
def commit(session: Session, prepared: Prepared, progress: Progress | None = None) -> RekeyResult:
    """Swap the new pair in and carry on under the new key. Run on the GUI thread: it
    locks the session (lock listeners touch widgets)."""
    report = progress or _quiet
    if prepared.done:
        raise RuntimeError("this re-key was already committed")
    if not session.is_unlocked or session.require_store() is not prepared.source:
        # Locked (or locked and unlocked again) while the new files were written.
        abandon(session, prepared)
        raise errors.RekeyStopped()
    old_key = bytearray(session.require_key())  # for the swap's mark; the lock zeroes theirs
    session.lock()
    try:
        # The file under the old key goes. The mark under both keys lets an unlock after
        # a kill finish this swap, and tell it from a planted one (app/keys/swap.py).
        swap.commit(session.paths, "rekey", keys=(old_key, prepared.new_key))
    finally:
        _zero(old_key)
    prepared.done = True
    try:
        store = Store.open(session.paths.store, prepared.new_key, backup_dir=session.paths.backups)
    except StoreError as exc:
        _zero(prepared.new_key)
        log.warning("re-keyed store did not open: %s", type(exc).__name__)
        raise errors.translate_store_error(exc) from exc
    account = (
        org_queries.account_for_slot(store, prepared.own_slot_id) if prepared.own_slot_id else None
    )
    session.adopt(store, prepared.new_key, account)  # the key buffer is the session's now
    report(1.0)
    log.info("re-key committed")
    return RekeyResult(
        prepared.recovery_code, prepared.kept, prepared.removed, prepared.letters_imported
    )


def abandon(session: Session, prepared: Prepared) -> None:
    """Throw a prepared re-key away: nothing live was changed."""
    if prepared.done:
        return
    _zero(prepared.new_key)
    swap.discard(session.paths)
    prepared.done = True
    log.info("re-key abandoned; the records are as before")
