"""The lead's session: first-time setup, unlock, lock, and the organisation's details.

The session owns the master key (a bytearray, zeroed on lock) and the one open store.
Every service that reads or writes records goes through `require_store()`, which raises
`Locked` when there is no unlocked store.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import UTC, date, datetime
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple

from app.core import errors
from app.core.paths import AppPaths
from app.core.settings import AppSettings
from app.keys import swap  # loaded at start anyway: a re-key's file swap is finished first
from app.keys.roles import Role, acts_as_lead, may_read_audit, role_of

# The crypto and the store (nacl, sqlcipher3) are imported on first unlock or setup, not
# at start-up: the home screen must paint fast for a volunteer who only wants Help.
if TYPE_CHECKING:
    from pathlib import Path

    from nacl.public import PrivateKey

    from app.core.organisation import OrganisationDetails
    from app.intake.concern.model import Concern
    from app.intake.letterbox import ImportReport
    from app.intake.stations import Enrolment, Station
    from app.keys.audit import AuditEntry, ChainReport
    from app.keys.kdf import KdfParams
    from app.keys.keyring import Keyring
    from app.keys.pinning import Finding
    from app.keys.self_check import Finding as SelfCheckFinding
    from app.keys.unlock_throttle import UnlockThrottle
    from db.organisation import AccountRow
    from db.store import Store
    from db.unlock_log import UnlockEvent

log = logging.getLogger(__name__)


class SetupState(Enum):
    NEW = "new"  # nothing on disk: run the setup wizard
    READY = "ready"  # a store and its key file: unlock as usual
    BROKEN = "broken"  # one is there without the other: never set up over it
    STATION = "station"  # a volunteer station: no records here, only Help and the form


class UnlockChoice(NamedTuple):
    """One line of the Unlock dialog's "who is unlocking" list."""

    slot_id: str | None  # None: an account the key file has no name for (try them all)
    name: str
    role: str  # "lead", "deputy", "trustee"; "" when not known


class UnlockReport(NamedTuple):
    account_name: str
    role: str
    method: str
    failed_before: int
    last_failed_at: str | None
    public_key_repaired: bool
    # Letters from the letterbox imported, and set aside as unreadable, at this unlock.
    imported: int = 0
    quarantined: int = 0
    # keyring.json was changed outside the app since it last wrote it (app/keys/pinning.py):
    # the warning for the lead, how many letters arrived meanwhile, how many did not open.
    key_file_changed: bool = False
    letters_at_risk: int = 0
    letters_not_opened: int = 0
    key_file_warning: str = ""
    # Links, FIFOs and folders named like letters, left alone (app/intake/letterbox.py).
    not_letters: int = 0
    # What the self-checks found (app/keys/self_check.py), in plain words for the lead.
    notices: tuple[str, ...] = ()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _zero(buffer: bytearray) -> None:
    for i in range(len(buffer)):
        buffer[i] = 0


class Session:
    def __init__(
        self,
        paths: AppPaths,
        kdf_params: Callable[[], KdfParams] | None = None,
    ) -> None:
        self.paths = paths
        self._kdf_params = kdf_params
        self._throttle: UnlockThrottle | None = None
        self.settings = AppSettings.load(paths.settings)
        self._store: Store | None = None
        self._key: bytearray | None = None
        self._account: AccountRow | None = None
        self.lock_listeners: list[Callable[[], None]] = []
        # What an interrupted swap finished at the last unlock was for ("rekey",
        # "restore"), if any; and what the lead is still to be told about it.
        self.finished_swap: str | None = None
        self._swap_findings: list[SelfCheckFinding] = []
        # What the audit log's check found at the last unlock (None before one).
        self.audit_report: ChainReport | None = None
        # The organisation's key pair made early by setup, so the recovery sheet printed
        # before the store exists can show its check words (setup_key_words).
        self._setup_key: PrivateKey | None = None
        # The check words of the key the last letter was sealed to ("" before one).
        self.last_sealed_words = ""
        self._finish_swap()

    def _finish_swap(self) -> None:
        # A re-key or restore killed before its commit point is cleared away before
        # anything reads the key file; one after it waits for the next unlock, which
        # checks the app's own mark first (see app/keys/swap.py).
        if not self.paths.data.is_dir():
            return
        try:
            swap.at_start(self.paths)
        except OSError as exc:
            log.warning("an unfinished swap could not be cleared: %s", type(exc).__name__)

    def _resolve_waiting_swap(self, secret: str, recovery: bool, slot_id: str | None) -> bool:
        """Check a swap waiting since start-up with this secret (app/keys/swap.py) and
        note what the lead is to be told. True if it was finished now."""
        from app.keys import self_check, swap

        resolved = swap.resolve(self.paths, secret, recovery=recovery, slot_id=slot_id)
        if resolved.set_aside:
            self._swap_findings.append(self_check.swap_set_aside(resolved.set_aside))
        if resolved.finished is None:
            return False
        self.finished_swap = resolved.finished
        self._swap_findings.append(self_check.swap_finished(resolved.finished))
        return True

    @property
    def throttle(self) -> UnlockThrottle:
        if self._throttle is None:
            # deferred: not needed to paint the home screen (tests/security/test_lean_start.py)
            from app.keys.unlock_throttle import UnlockThrottle

            self._throttle = UnlockThrottle(self.paths.unlock_failures)
        return self._throttle

    @throttle.setter
    def throttle(self, value: UnlockThrottle) -> None:
        self._throttle = value

    # -- state -----------------------------------------------------------------------
    def setup_state(self) -> SetupState:
        has_store, has_keyring = self.paths.store.exists(), self.paths.keyring.exists()
        if not has_store and not has_keyring:
            return SetupState.STATION if self.is_station else SetupState.NEW
        if has_store and has_keyring:
            return SetupState.READY
        return SetupState.BROKEN

    def broken_reason(self) -> errors.AppError:
        return errors.KeyringMissing() if self.paths.store.exists() else errors.StoreMissing()

    @property
    def is_unlocked(self) -> bool:
        return self._store is not None

    @property
    def account_name(self) -> str:
        return self._account.display_name if self._account else ""

    @property
    def account_role(self) -> str:
        return self._account.role if self._account else ""

    @property
    def account_id(self) -> int | None:
        """The unlocked account's id; None when locked or unlocked by the recovery code."""
        return self._account.id if self._account else None

    def require_store(self) -> Store:
        if self._store is None:
            raise errors.Locked()
        return self._store

    def require_key(self) -> bytearray:
        """The master key, for safe-keeping work only (backup, re-key, accounts).
        The buffer is zeroed at lock: never keep a reference beyond one call."""
        if self._store is None or self._key is None:
            raise errors.Locked()
        return self._key

    def require_lead(self, what: str) -> None:
        """Raise LeadOnly unless a lead (or whoever holds the recovery code) is unlocked.
        `what`: the refusal, e.g. "Only a designated lead can make a backup." """
        self.require_store()
        if not acts_as_lead(self.account_role):
            raise errors.LeadOnly(what)

    @property
    def account(self) -> AccountRow | None:
        """The unlocked account; None when locked or unlocked by the recovery code."""
        return self._account

    def adopt(self, store: Store, key: bytearray, account: AccountRow | None) -> None:
        """Take over an open store and its key (after a re-key or a restore swapped the
        files). The session must be locked; the key buffer becomes the session's."""
        if self._store is not None:
            raise RuntimeError("lock the session before adopting another store")
        self._store, self._key, self._account = store, key, account
        self._pin_key_file(store)
        self._merge_letterbox_folders(store)
        self._mark_in_use()

    def _pin_key_file(self, store: Store) -> None:
        # A swap (re-key, restore) has just moved a key file into place: it is the app's.
        from app.keys import pinning
        from db import organisation as org_queries

        try:
            keys = org_queries.load_org_keys(store)
            if keys is None:
                return
            # The key file a backup kept may carry a public key swapped in before it was
            # made (or edited in the backup since): put it right before pinning, or
            # volunteers would seal to it until the next unlock.
            keyring = _load_keyring_or_none(self.paths)
            if keyring is not None and self._check_public_key(store, keyring):
                from app.keys import audit

                self.audit_with(
                    store,
                    audit.KEY_FILE,
                    self._account,
                    # Flagged as a problem in the viewer, as at unlock.
                    detail={
                        "what": "changed-outside",
                        "public_key": "repaired",
                        "content": "different",
                        "letters_in_window": 0,
                        "not_opened": 0,
                    },
                )
                return  # the repair pinned its own write
            pinning.pin_file(store, self.paths.keyring, keys[0])
        except Exception as exc:  # never stops the swap's end; the next unlock says so
            log.warning("key file not pinned after a swap: %s", type(exc).__name__)

    def _mark_in_use(self) -> None:
        # in-use.json: who has the store open, sealed under the master key (app/keys/in_use.py).
        # deferred: nacl; only once a store is open
        from app.keys import in_use

        if self._key is not None:
            in_use.mark(self.paths, self._key, self._account)

    def slot_params(self) -> KdfParams:
        """Argon2id parameters for a new key slot (calibrated; fast ones in tests)."""
        # deferred: nacl (the KDF); start-up never derives a key
        from app.keys.kdf import calibrate

        return (self._kdf_params or calibrate)()

    # -- first-time setup --------------------------------------------------------------
    def setup_key_words(self) -> str:
        """The letterbox check words of the key pair setup will use (made now, once)."""
        import nacl.public

        from app.keys.key_words import phrase_or_blank

        if self._setup_key is None:
            self._setup_key = nacl.public.PrivateKey.generate()
        return phrase_or_blank(bytes(self._setup_key.public_key))

    def set_up(
        self,
        details: OrganisationDetails,
        passphrase: str,
        recovery_code: str,
        contacts: dict[str, object],
    ) -> None:
        """Create the store, the key file and the settings; leave the session unlocked."""
        # deferred: nacl, sqlcipher3, the KDF and secrets (which loads OpenSSL through
        # hashlib) are not loaded before the first paint
        import secrets

        import nacl.public

        import db.errors as store_errors
        from app.keys import audit, pinning
        from app.keys.kdf import calibrate
        from app.keys.keyring import ACCOUNT, RECOVERY, Keyring, Slot
        from app.keys.recovery_code import normalise as normalise_code
        from db import organisation as org_queries
        from db.store import Store

        if self.setup_state() is not SetupState.NEW:
            raise errors.AlreadySetUp()
        details = details.validated()
        code = normalise_code(recovery_code)
        if code is None:
            raise errors.RecoveryCodeMistyped()
        self.paths.ensure()
        # Check the numbers before anything is written, so a refusal leaves no files.
        pending = AppSettings(self.paths.settings)
        pending.update({**contacts, **_public_phones(details), "area": details.area})

        params = (self._kdf_params or calibrate)()
        master = bytearray(secrets.token_bytes(32))
        org_private = self._setup_key or nacl.public.PrivateKey.generate()
        lead_slot = replace(
            Slot.make(ACCOUNT, passphrase, master, params), name=details.lead_name, role=Role.LEAD
        )
        recovery_slot = Slot.make(RECOVERY, code, master, params)
        keyring = Keyring(bytes(org_private.public_key), [lead_slot, recovery_slot])
        now = _now()
        try:
            store = Store.create(self.paths.store, master)
        except store_errors.StoreError as exc:
            raise errors.translate_store_error(exc) from exc
        try:
            with store.transaction():
                org_queries.save_organisation(store, asdict(details), now)
                lead_id = org_queries.add_account(
                    store, lead_slot.id, details.lead_name, Role.LEAD, now
                )
                org_queries.save_org_keys(
                    store, bytes(org_private.public_key), bytes(org_private), now
                )
                audit.append(store, audit.SETUP, account_id=lead_id, role=Role.LEAD)
            # The key file last: until it exists, the folder reads as "not set up".
            pinning.save_keyring(keyring, self.paths.keyring, store)
        except BaseException:
            store.close()
            self.paths.store.unlink(missing_ok=True)
            raise
        self.settings = pending
        self._setup_key = None
        self._store, self._key = store, master
        self._account = org_queries.account_for_slot(store, lead_slot.id)
        self._mark_in_use()
        log.info("setup complete; store schema %s", store.schema_version)

    # -- unlock and lock ---------------------------------------------------------------
    def unlock_choices(self) -> list[UnlockChoice]:
        """Who can unlock with a passphrase, as the key file names them (names and roles
        of leads are not secret), in the order they were added. Accounts it has no name
        for (a key file from before names were kept) share one choice. Raises what
        Keyring.load raises for a missing or damaged key file."""
        from app.keys.keyring import ACCOUNT, Keyring, entry_id, entry_kind, entry_who

        choices, unnamed = [], False
        keyring = Keyring.load(self.paths.keyring)
        for slot in keyring.slots_of(ACCOUNT):
            if slot.name:
                choices.append(UnlockChoice(slot.id, slot.name, slot.role))
            else:
                unnamed = True
        # A damaged account slot is still listed (by its name, if that reads), so its
        # owner can choose it and be told it is damaged: left out, they could only pick
        # someone else's name and be told "wrong passphrase", counted as a failed try.
        for raw in keyring.damaged_of(ACCOUNT):
            who = entry_who(raw) if entry_kind(raw) == ACCOUNT else {}
            slot_id = entry_id(raw)
            if who and slot_id and len(slot_id) <= 64:
                choices.append(UnlockChoice(slot_id, who["name"], who["role"]))
            else:
                unnamed = True
        if unnamed:
            choices.append(UnlockChoice(None, "", ""))
        return choices

    def unlock(
        self, secret: str, *, recovery: bool = False, slot_id: str | None = None
    ) -> UnlockReport:
        """Open the records. `slot_id`: the account chosen in the Unlock dialog, so the
        try costs one Argon2id derivation; None tries every account slot in turn (a key
        file without names, scripts and tests)."""
        # deferred: sqlcipher3 (db), nacl and the KDF load with the first unlock, not at start
        import db.errors as store_errors
        from app.keys import audit, pinning, self_check
        from app.keys.keyring import ACCOUNT, RECOVERY, Keyring, entry_id
        from app.keys.unlock_throttle import wait_after
        from db import organisation as org_queries
        from db import unlock_log
        from db.store import Store

        if self.is_unlocked:
            self.lock()
        if self.setup_state() is SetupState.NEW:
            raise errors.NotSetUp()
        wait = self.throttle.seconds_to_wait()
        if wait > 0:
            raise errors.UnlockThrottled(wait)
        finished_now = self._resolve_waiting_swap(secret, recovery, slot_id)
        # Read once, with the file's facts, for the pin check after the store opens.
        key_file = pinning.read(self.paths.keyring)
        keyring = Keyring.from_bytes(key_file.data)
        if not self.paths.store.exists():
            raise errors.StoreMissing()

        # A recovery code slip is caught by its check character: no key tried, nothing
        # counted (RecoveryCodeMistyped).
        if not recovery and slot_id is not None and slot_id not in {s.id for s in keyring.slots}:
            if any(entry_id(raw) == slot_id for raw in keyring.unreadable):
                raise errors.KeySlotDamaged(this_account=True)  # damaged, not a wrong try
            raise errors.AccountNotInKeyFile()  # removed since the list was shown: no try
        opened = keyring.open_with(secret, recovery=recovery, slot_id=slot_id)
        if opened is None:
            kind = RECOVERY if recovery else ACCOUNT
            chosen = not recovery and slot_id is not None  # its own slot read whole
            if not chosen and (keyring.damaged_of(kind) or not keyring.slots_of(kind)):
                # Damage, not a wrong secret: the structure said so before any key was
                # tried, so it is never counted as a failed attempt.
                log.info("unlock not checked: a key slot is damaged or missing")
                raise errors.KeySlotDamaged(recovery=recovery)
            if finished_now and (self.finished_swap or "").startswith("restore"):
                # Finished with the old records' key; the backup has its own secrets.
                raise errors.AppError(
                    "A restore of a backup was interrupted, and it has now been finished.",
                    next_step="Unlock with a passphrase or the recovery code that opened "
                    "that backup.",
                )
            failures = self.throttle.record_failure()
            log.info("unlock refused; failures now %d", failures.count)
            wrong = errors.WrongRecoveryCode if recovery else errors.WrongPassphrase
            raise wrong(failures.count, wait_after(failures.count))
        master, slot = opened

        try:
            store = Store.open(self.paths.store, master, backup_dir=self.paths.backups)
        except store_errors.StoreError as exc:
            problem = errors.translate_store_error(exc)
            if isinstance(exc, store_errors.StoreInUse):
                # deferred: nacl; only once a store is open
                from app.keys import in_use

                problem = in_use.store_in_use(self.paths, master)  # who has it, if known
            _zero(master)
            log.warning("store did not open: %s", type(exc).__name__)
            raise problem from exc

        try:
            finding = pinning.check(store, key_file)
            failures = self.throttle.current()
            account = org_queries.account_for_slot(store, slot.id) if not recovery else None
            if account is None and not recovery:
                if not org_queries.slot_ever_used(store, slot.id):
                    raise errors.KeySlotDamaged(this_account=True)  # its id was changed
                # A slot whose account was removed (a kill between the two writes).
                raise errors.AccountRemoved()
            if not pinning.slot_is_ours(
                store,
                slot.id,
                pinning.slot_digest(
                    slot.salt, slot.params.opslimit, slot.params.memlimit, slot.wrapped
                ),
                changed=finding.changed,
            ):
                # Another account's entry (a trustee's own, say) copied under this id:
                # the passphrase was right for it, but the account and its role are not.
                log.warning("unlock refused: the slot that opened is not the app's for its id")
                self.audit_with(store, audit.KEY_FILE, None, detail={"what": "slot-not-ours"})
                raise errors.KeySlotNotOurs()
            if finding.changed:
                # Any other entry not the app's (a trustee's copied over the lead's, an
                # edited one) is noted before anything re-pins the file: kept as it is,
                # never taken for the app's by a later pin.
                foreign = pinning.foreign_slots(store, keyring)
                if foreign:
                    log.warning("key file: %d entry(ies) not the app's", len(foreign))
                    pinning.distrust(store, foreign)
                    self.audit_with(
                        store,
                        audit.KEY_FILE,
                        account,
                        detail={"what": "slot-not-ours", "entries": len(foreign)},
                    )
            # Only now, once the slot is known to be this account's: a repair re-pins.
            repaired = self._check_public_key(store, keyring)
            findings = self_check.check_slots(
                keyring, (a.slot_id for a in org_queries.active_accounts(store))
            )
            if failures.damaged_at is not None:
                findings.append(self_check.counter_reset(failures.damaged_at))
            findings.extend(self._swap_findings)
            findings.extend(self._check_letterbox_folders(store))
            with store.transaction():
                unlock_log.record_unlock(
                    store,
                    _now(),
                    account.id if account else None,
                    "recovery" if recovery else "passphrase",
                    failures.count,
                    failures.last_at_iso,
                )
        except BaseException:
            store.close()
            _zero(master)
            raise
        self._label_slots(store, keyring)
        self.audit_report = self._audit_unlock(
            store, account, recovery, failures.count, [f.code for f in findings]
        )
        changed = finding.changed or repaired
        folders = self.letterbox_folders()
        waiting = pinning.letters_waiting(folders) if changed else []
        letters = self._import_letters(store)
        if letters.imported or letters.quarantined or letters.not_letters:
            self.audit_with(
                store,
                audit.IMPORT,
                account,
                detail={
                    "imported": letters.imported,
                    "quarantined": letters.quarantined,
                    "left": letters.left,
                    # Links, FIFOs, folders named like letters: only when there were some.
                    **({"not_letters": letters.not_letters} if letters.not_letters else {}),
                },
            )
        warning, at_risk = "", 0
        if finding.changed or repaired or finding.first or finding.repin:
            warning, at_risk = self._after_key_file_check(
                store,
                account,
                finding,
                repaired,
                waiting,
                folders,
                # set aside, or left because they did not open (a swapped key's letters
                # are young, so they wait; they will never open with the real key)
                letters.quarantined + letters.left,
            )
        self.throttle.clear()
        self._swap_findings = []  # told now
        self._store, self._key = store, master
        self._account = account
        self._mark_in_use()
        log.info(
            "unlocked (%s); failed attempts before: %d",
            "recovery" if recovery else "passphrase",
            failures.count,
        )
        return UnlockReport(
            account_name=account.display_name if account else "Recovery code",
            role=account.role if account else Role.RECOVERY,
            method="recovery" if recovery else "passphrase",
            failed_before=failures.count,
            last_failed_at=failures.last_at_iso,
            public_key_repaired=repaired,
            imported=letters.imported,
            quarantined=letters.quarantined,
            key_file_changed=finding.changed or repaired,
            letters_at_risk=at_risk,
            letters_not_opened=letters.quarantined + letters.left if warning else 0,
            key_file_warning=warning,
            not_letters=letters.not_letters,
            notices=tuple(f.text for f in findings),
        )

    def _label_slots(self, store: Store, keyring: Keyring | None) -> None:
        """Name each account slot after its account, for the next Unlock dialog: mends a
        key file from before names were kept, a re-key, a restore or a renamed lead.
        A failure here never stops an unlock."""
        from app.keys import pinning
        from db import organisation as org_queries

        if keyring is None:
            return
        who = {a.slot_id: (a.display_name, a.role) for a in org_queries.active_accounts(store)}
        try:
            if keyring.label_slots(who):
                # Through the pin, like every write of the live file: else the next
                # unlock would take the app's own write for someone else's.
                pinning.save_keyring(keyring, self.paths.keyring, store)
                log.info("key file: account names brought up to date")
        except Exception as exc:  # never stops an unlock; the next one tries again
            log.warning("key file names not updated: %s", type(exc).__name__)

    def _after_key_file_check(
        self,
        store: Store,
        account: AccountRow | None,
        finding: Finding,
        repaired: bool,
        waiting: list[tuple[Path, int]],
        folders: list[Path],
        quarantined: int,
    ) -> tuple[str, int]:
        """Audit what the key file check found, pin the file as it is now (it is right:
        put right from the store if it was not), and word the lead's warning."""
        from app.keys import audit, pinning
        from db import organisation as org_queries

        warning, at_risk = "", 0
        if finding.changed or repaired:
            at_risk = pinning.letters_in_window(waiting, folders, finding.since_ns)
            not_opened = quarantined
            warning = pinning.warning_text(at_risk, not_opened, repaired, finding.same_content)
            log.warning(
                "key file changed outside the app; %d letter(s) in the window, %d not opened",
                at_risk,
                not_opened,
            )
            self.audit_with(
                store,
                audit.KEY_FILE,
                account,
                detail={
                    "what": "changed-outside",
                    "public_key": "repaired" if repaired else "as-pinned",
                    "content": "as-pinned" if finding.same_content else "different",
                    "letters_in_window": at_risk,
                    "not_opened": not_opened,
                },
            )
        try:
            keys = org_queries.load_org_keys(store)
            if keys is not None and not repaired:  # a repair pinned its own write
                pinning.pin_file(store, self.paths.keyring, keys[0])
            if finding.first and not (finding.changed or repaired):
                self.audit_with(store, audit.KEY_FILE, account, detail={"what": "pinned"})
        except Exception as exc:  # the unlock goes on; the next one checks again
            log.warning("key file not pinned: %s", type(exc).__name__)
        return warning, at_risk

    def _check_public_key(self, store: Store, keyring: Keyring) -> bool:
        """Put the key file's public key right if someone swapped it; True if it was."""
        # deferred: nacl and sqlcipher3 load with the first unlock, not at start
        import nacl.public

        from db import organisation as org_queries

        keys = org_queries.load_org_keys(store)
        if keys is None:
            raise errors.StoreUnreadable("the organisation's key is missing from the store")
        public, private = keys
        derived = bytes(nacl.public.PrivateKey(private).public_key)
        if derived != public:
            raise errors.StoreUnreadable("the organisation's key pair does not match")
        if keyring.org_public_key == public:
            return False
        from app.keys import pinning

        log.warning("keyring public key did not match the store; rewritten from the store")
        keyring.org_public_key = public
        pinning.save_keyring(keyring, self.paths.keyring, store)
        return True

    # -- concerns and the letterbox ----------------------------------------------------
    def _import_letters(self, store: Store) -> ImportReport:
        """Bring waiting letters into the store. A failure here never stops an unlock."""
        # deferred: nacl, sqlcipher3 and the checklist load with the first unlock
        from app.intake.letterbox import ImportReport, import_letters, reseal_retired_letters
        from app.screening.rules import screen_concern
        from db import organisation as org_queries

        try:
            keys = org_queries.load_org_keys(store)
            if keys is None:
                return ImportReport(0, 0, [])
            folders = self.letterbox_folders()
            reseal_retired_letters(store, folders)  # sealed before a re-key
            report = import_letters(store, keys[1], folders, _now(), screen=screen_concern)
        except Exception as exc:
            log.warning("letterbox import stopped: %s", type(exc).__name__)
            return ImportReport(0, 0, [])
        log.info(
            "letterbox: %d imported, %d set aside, %d left for next time, "
            "%d copies met again, %d things that are not letters left alone",
            report.imported,
            report.quarantined,
            report.left,
            report.duplicates,
            report.not_letters,
        )
        return report

    # The letterbox folders are in settings.json, which anyone at the PC can edit: a
    # copy in the store is the lead's word, so a folder dropped from the file (and the
    # stations' concerns with it) is put back at the next unlock, and said.
    _FOLDERS_KEY = "letterbox_folders"

    def _keep_letterbox_folders(self, store: Store) -> None:
        from db import store_settings

        kept = json.dumps(list(self.settings.get(self._FOLDERS_KEY)))
        with store.transaction():
            store_settings.save(store, self._FOLDERS_KEY, kept)

    def _check_letterbox_folders(self, store: Store) -> list[SelfCheckFinding]:
        from app.keys import self_check
        from db import store_settings

        saved = store_settings.load(store, self._FOLDERS_KEY)
        if saved is None:  # a store from before the copy: take the file's list as it is
            self._keep_letterbox_folders(store)
            return []
        try:
            kept = [str(f) for f in json.loads(saved)]
        except (ValueError, TypeError):
            self._keep_letterbox_folders(store)
            return []
        if kept == list(self.settings.get(self._FOLDERS_KEY)):
            return []
        if self.settings.problems({self._FOLDERS_KEY: kept}):
            # Paths this PC cannot use (a store from another system): the file's stand.
            self._keep_letterbox_folders(store)
            return []
        log.warning("letterbox folders in settings.json differed from the records; put back")
        try:
            self.settings.update({self._FOLDERS_KEY: kept})
        except OSError as exc:
            # settings.json cannot be written (a folder planted there, say): the lead's
            # list is used for this session all the same. Never a lock-out.
            log.warning("letterbox folders not saved: %s", type(exc).__name__)
            self.settings.values[self._FOLDERS_KEY] = kept
        return [self_check.letterbox_folders_put_back(len(kept))]

    def _merge_letterbox_folders(self, store: Store) -> None:
        """After a swap (restore, re-key): the store's list and this PC's settings.json
        are both the lead's word (a backup older than a folder added since; a restore
        onto a new PC), so both are kept. Never stops the swap's end."""
        from db import store_settings

        try:
            saved = store_settings.load(store, self._FOLDERS_KEY)
            kept = [str(f) for f in json.loads(saved)] if saved else []
            known = list(self.settings.get(self._FOLDERS_KEY))
            merged = known + [f for f in kept if f not in known]
            if merged != known and not self.settings.problems({self._FOLDERS_KEY: merged}):
                self.settings.update({self._FOLDERS_KEY: merged})
            self._keep_letterbox_folders(store)
        except Exception as exc:  # the next unlock checks again
            log.warning("letterbox folders not merged: %s", type(exc).__name__)

    def letterbox_folders(self) -> list[Path]:
        """Every letterbox folder this data folder's unlock imports from."""
        from app.intake.stations import letterbox_folders

        return letterbox_folders(self.paths, self.settings)

    @property
    def is_station(self) -> bool:
        """A volunteer station: no records here, Help and Record a concern only."""
        return self.paths.station.exists()

    def station(self) -> Station | None:
        from app.intake.stations import load_station

        return load_station(self.paths)

    def seal_concern(self, concern: Concern) -> Path:
        """Seal a concern into the letterbox. Needs no unlock: only the public key.

        On a volunteer station: to the key pinned at enrolment, into the station's
        letterbox folder, with the station's name (StationKeyChanged if the key moved)."""
        # deferred: nacl; only when a concern is sent
        from app.intake.letterbox import seal
        from app.intake.stations import load_station, seal_at_station, station_key
        from app.keys.key_words import phrase_or_blank
        from app.keys.keyring import Keyring

        # Only where there are no records: a station.json planted beside the lead's
        # records must not send their volunteers' concerns to someone else's key.
        if self.setup_state() is SetupState.STATION:
            station = load_station(self.paths)
            if station is not None:
                path = seal_at_station(self.paths, station, concern)
                # The words of the key it was sealed to, never the words station.json
                # says: that file and the key file can both be rewritten together.
                self.last_sealed_words = phrase_or_blank(station_key(self.paths))
                return path
        public_key = Keyring.load(self.paths.keyring).org_public_key
        path = seal(concern, public_key, self.paths.letterbox)
        # The words of the key this letter was sealed to, for the thank-you page. Never
        # an error here: the letter is already safely written.
        self.last_sealed_words = phrase_or_blank(public_key)
        return path

    def letterbox_words(self) -> str:
        """The letterbox check words: of the key a volunteer's concern will be sealed to
        (keyring.json's), or of the organisation's key in the store while unlocked.
        "" if the key file cannot be read (sealing will say why)."""
        from app.intake.stations import station_key
        from app.keys.key_words import phrase_or_blank as phrase
        from app.keys.keyring import Keyring
        from db import organisation as org_queries

        try:
            if self._store is None and self.setup_state() is SetupState.STATION:
                # The key sealing will use, not the words station.json claims for it.
                return phrase(station_key(self.paths)) if self.station() is not None else ""
            if self._store is not None:
                keys = org_queries.load_org_keys(self._store)
                if keys is not None:
                    return phrase(keys[0])
            return phrase(Keyring.load(self.paths.keyring).org_public_key)
        except Exception as exc:  # a damaged key file: no words, never a crash
            log.warning("letterbox words not worked out: %s", type(exc).__name__)
            return ""

    def enrolment(self, letterbox_folder: Path) -> Enrolment:
        """What a volunteer PC needs (lead only): nothing about any person."""
        from app.intake.stations import CONTACT_KEYS, Enrolment
        from app.keys.key_words import words_for
        from app.keys.keyring import Keyring

        self.require_store()
        if not acts_as_lead(self.account_role):
            raise errors.LeadOnly()
        details = self.organisation()
        public_key = Keyring.load(self.paths.keyring).org_public_key
        return Enrolment(
            organisation=details.name,
            area=details.area,
            contacts={k: self.settings.get(k) for k in CONTACT_KEYS if self.settings.get(k)},
            public_key=public_key,
            fingerprint=list(words_for(public_key)),
            letterbox=str(letterbox_folder),
        )

    def make_shared_letterbox(self, folder: Path) -> None:
        """Make a letterbox folder every account on this PC can post to (setup offers
        it), and import from it at every unlock. ShareNotMade if this account cannot."""
        from app.intake.stations import make_shared_folder

        try:
            make_shared_folder(folder)
        except OSError as exc:
            log.warning("shared letterbox not made: %s", type(exc).__name__)
            raise errors.ShareNotMade() from exc
        known = list(self.settings.get("letterbox_folders"))
        if str(folder) not in known:
            self.save_settings({"letterbox_folders": [*known, str(folder)]})

    def read_enrolment(self, path: Path) -> Enrolment:
        """An enrolment file, checked strictly (its words must be its key's)."""
        from app.intake.stations import read_enrolment
        from app.keys.key_words import words_for

        return read_enrolment(path, words_for)

    def enrol(self, enrolment: Enrolment, station_name: str) -> Station:
        """Make this data folder a volunteer station; the settings follow the enrolment."""
        from app.intake.stations import enrol

        station = enrol(self.paths, enrolment, station_name)
        self.settings = AppSettings.load(self.paths.settings)
        return station

    def export_enrolment(self, path: Path, letterbox_folder: Path) -> None:
        from app.intake.stations import export_enrolment

        export_enrolment(path, self.enrolment(letterbox_folder))

    def save_concern_direct(self, concern: Concern) -> Concern:
        """Save a concern straight into the unlocked store; the concern as saved."""
        # deferred: sqlcipher3 and the checklist; only with a store open
        from app.intake.letterbox import save_direct
        from app.keys.audit import CHANGE
        from app.screening.rules import screen_concern

        store = self.require_store()
        # The audit line commits with the concern: a crash never leaves one without the
        # other (tests/security/test_kill_during_write.py). Not written for a repeat click.
        return save_direct(
            store,
            concern,
            _now(),
            lambda saved: self.audit_with(
                store, CHANGE, self._account, subject=saved.id, detail={"what": "concern-added"}
            ),
            screen=screen_concern,
        )

    def lock(self) -> None:
        """Close the store and zero the key. Never asks anything; never fails."""
        store, key, account = self._store, self._key, self._account
        self._store, self._key, self._account = None, None, None
        if store is not None:
            # deferred: the audit log's module loads with the first store, not at start
            from app.keys.audit import LOCK

            store.interrupt_work()  # a backup or re-key using it off the GUI thread stops
            self.audit_with(store, LOCK, account)  # never raises
            store.close()
            # deferred: nacl; only once a store is open
            from app.keys import in_use

            in_use.clear(self.paths)
        if key is not None:
            _zero(key)
        for listener in list(self.lock_listeners):
            try:
                listener()
            except Exception:  # a listener must never stop a lock
                log.exception("lock listener failed")
        if store is not None:
            log.info("locked")

    # -- the organisation ----------------------------------------------------------------
    def organisation(self) -> OrganisationDetails:

        # deferred: sqlcipher3 (db); app.core.organisation is not on the start-up path
        from app.core.organisation import OrganisationDetails
        from db import organisation as org_queries

        row = org_queries.load_organisation(self.require_store())
        if row is None:
            raise errors.StoreUnreadable("the organisation's details are missing")
        return OrganisationDetails(**row)

    def save_organisation(self, details: OrganisationDetails) -> OrganisationDetails:
        # deferred: sqlcipher3 (db) and the audit log load with the first store, not at start
        from app.keys import audit
        from db import organisation as org_queries

        details = details.validated()
        store = self.require_store()
        with store.transaction():
            row = org_queries.load_organisation(store)
            before: dict[str, object] = dict(row) if row else {}
            after = asdict(details)
            org_queries.save_organisation(store, after, _now())
            # Which fields changed, never what they hold.
            changed = sorted(k for k, v in after.items() if before.get(k) != v)
            if changed:
                audit.append(
                    store,
                    audit.SETTINGS_CHANGE,
                    account_id=self._account.id if self._account else None,
                    role=role_of(self.account_role),
                    detail={"part": "organisation", "fields": changed},
                )
            if self._account is not None and self._account.role == Role.LEAD:
                org_queries.rename_account(store, self._account.id, details.lead_name)
        if self._account is not None and self._account.role == Role.LEAD:
            self._account = org_queries.account_for_slot(store, self._account.slot_id)
            self._label_slots(store, _load_keyring_or_none(self.paths))
        public = {"area": details.area, **_public_phones(details)}
        if any(self.settings.get(k) != v for k, v in public.items()):
            self.settings.update(public)
        log.info("organisation details saved")
        return details

    def recent_unlocks(self) -> list[UnlockEvent]:
        # deferred: sqlcipher3 (db) is never loaded at start
        from db import unlock_log

        return unlock_log.recent_unlocks(self.require_store())

    # -- the audit log -------------------------------------------------------------------
    def audit_with(
        self,
        store: Store,
        event: str,
        account: AccountRow | None,
        *,
        subject: str = "",
        detail: dict[str, object] | None = None,
    ) -> bool:
        """Append to the audit log of `store` as `account`; False (and a log line) if it
        could not. Never raises: an audit log someone damaged must not stop a lead
        reaching the records."""
        # deferred: the audit log's module loads with the first store, not at start
        from app.keys import audit

        try:
            audit.append(
                store,
                event,
                account_id=account.id if account else None,
                role=role_of(account.role if account else ""),
                subject=subject,
                detail=detail,
            )
        except Exception as exc:
            log.warning("audit entry %s not written: %s", event, type(exc).__name__)
            return False
        return True

    def _audit_unlock(
        self,
        store: Store,
        account: AccountRow | None,
        recovery: bool,
        failed_before: int,
        self_checks: list[str] | None = None,
    ) -> ChainReport:
        """Check the chain before adding to it; a broken chain is reported, never fatal."""
        # deferred: the audit log's module loads with the first store, not at start
        from app.keys import audit

        report = audit.verify(store)
        if not report.ok:
            log.warning("audit log check: %d problem(s)", len(report.problems))
            try:
                audit.restore_guards(store)
            except Exception as exc:
                log.warning("audit guards not restored: %s", type(exc).__name__)
            self.audit_with(
                store, audit.CHAIN_BROKEN, account, detail={"problems": len(report.problems)}
            )
        self.audit_with(
            store,
            audit.UNLOCK_RECOVERY if recovery else audit.UNLOCK,
            account,
            detail={
                "method": "recovery" if recovery else "passphrase",
                "failed_before": failed_before,
                "chain_ok": report.ok,
                "chain_entries": report.rows_checked,
                **({"self_checks": self_checks} if self_checks else {}),
            },
        )
        return report

    @property
    def can_read_audit(self) -> bool:
        """The audit log is the lead's: a lead account, or whoever holds the recovery code."""
        return self.is_unlocked and may_read_audit(self.account_role)

    def record_audit(
        self, event: str, subject: str = "", detail: dict[str, object] | None = None
    ) -> bool:
        """Log a print, an export or a view from the UI. Skipped (False) while locked."""
        if self._store is None:
            return False
        return self.audit_with(self._store, event, self._account, subject=subject, detail=detail)

    def check_audit(self) -> ChainReport:
        """Check the chain now (read-only), for the viewer."""
        # deferred: the audit log's module loads with the first store, not at start
        from app.keys import audit

        if not self.can_read_audit:
            raise audit.AuditNotAllowed()
        self.audit_report = audit.verify(self.require_store())
        return self.audit_report

    def audit_events(
        self,
        *,
        event: str | None = None,
        since: date | None = None,
        until: date | None = None,
        only_problems: bool = False,
        limit: int = 5000,
    ) -> list[AuditEntry]:
        """Audit entries newest first, filtered, for the viewer. Read-only."""
        # deferred: the audit log's module loads with the first store, not at start
        from app.keys import audit

        if not self.can_read_audit:
            raise audit.AuditNotAllowed()
        report = self.audit_report
        return audit.entries(
            self.require_store(),
            event=event,
            since=since,
            until=until,
            only_problems=only_problems,
            flagged=report.flagged if report else frozenset(),
            limit=limit,
        )

    def save_settings(self, changes: dict[str, object]) -> None:
        """Save app settings (numbers, lock times) and log which ones changed."""
        # deferred: the audit log's module loads with the first store, not at start
        from app.keys import audit

        changed = sorted(k for k, v in changes.items() if self.settings.get(k) != v)
        self.settings.update(changes)
        if "letterbox_folders" in changes and self._store is not None:
            self._keep_letterbox_folders(self._store)
        if changed:
            self.record_audit(audit.SETTINGS_CHANGE, detail={"part": "settings", "fields": changed})


def _public_phones(details: OrganisationDetails) -> dict[str, str]:
    """Phone numbers only, never names: a volunteer sees them with the records locked
    (the lead's after Send; the deputy's and trustee's when a worry is about the lead)."""
    return {
        "lead_phone": details.lead_phone,
        "deputy_phone": details.deputy_phone,
        "trustee_phone": details.trustee_phone,
    }


def _load_keyring_or_none(paths: AppPaths) -> Keyring | None:
    from app.keys.keyring import Keyring

    try:
        return Keyring.load(paths.keyring)
    except errors.AppError:
        return None  # damaged or missing: the next unlock says so
