"""Accounts and the recovery code: who can unlock, and changing that safely.

Every account holds its own key slot in keyring.json (the master key wrapped under its
passphrase); the recovery code holds one more. The store knows who an account is (its
row in `accounts`); the key file knows only an opaque slot id.

What may be done, and by whom:
- list, add, remove an account, set someone's passphrase, make a new recovery code:
  a designated lead, or whoever unlocked with the recovery code;
- change one's OWN passphrase: anyone with an account (the current one is checked).

Order of writes, so a kill between them is safe: a new slot is written to the key file
only after its account row is committed (a row with no slot opens nothing); a removed
account is marked in the store before its slot goes from the key file (a slot whose row
is marked removed is refused at unlock). Changing a passphrase or the recovery code
rewrites one slot in place; every other slot is written back exactly as it was.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NamedTuple

from app.core import errors
from app.core.text_checks import clean, problem
from app.keys import audit
from app.keys.keyring import ACCOUNT, RECOVERY, Keyring, Slot, entry_id, entry_kind
from app.keys.passphrase_policy import refusal
from app.keys.recovery_code import generate, normalise
from app.keys.roles import ACCOUNT_ROLES, Role, known, may_manage_accounts
from db import organisation as org_queries

if TYPE_CHECKING:
    from app.keys.session import Session
    from db.organisation import AccountRow

log = logging.getLogger(__name__)

LEAD_ONLY = "Only a designated lead can change who can unlock the records."


class AccountLine(NamedTuple):
    id: int
    name: str
    role: str  # "lead", "deputy" or "trustee"
    is_you: bool

    @property
    def role_words(self) -> str:
        role = known(self.role)
        return role.label if role else self.role


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Accounts:
    """Account work for one session. Needs the records unlocked."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- who may ----------------------------------------------------------------------
    @property
    def can_manage(self) -> bool:
        """A lead, or whoever unlocked with the recovery code."""
        return self.session.is_unlocked and may_manage_accounts(self.session.account_role)

    def _require_lead(self) -> None:
        self.session.require_lead(LEAD_ONLY)

    # -- reading ----------------------------------------------------------------------
    def everyone(self) -> list[AccountLine]:
        self._require_lead()
        mine = self.session.account_id
        return [
            AccountLine(a.id, a.display_name, a.role, a.id == mine)
            for a in org_queries.active_accounts(self.session.require_store())
        ]

    def _avoid(self, *names: str) -> tuple[str, ...]:
        """Words a guesser tries first, for the passphrase check: the organisation's
        name, its area, its lead's name, and the account's own name."""
        from app.keys.passphrase_policy import words_to_avoid

        try:
            org = self.session.organisation()
        except errors.AppError:
            return words_to_avoid(*names)  # the check still runs, with what is known
        return words_to_avoid(org.name, org.area, org.lead_name, *names)

    # -- adding -----------------------------------------------------------------------
    def add(self, role: str, display_name: str, passphrase: str, repeat: str) -> int:
        """Give a designated lead, deputy lead or trustee their own key slot; the new
        account's id. The slot is written to keyring.json after the row is committed."""
        store = self.session.require_store()
        if not self.can_manage:
            raise errors.LeadOnly("Only a designated lead can add an account.")
        name = clean(display_name)
        found = {}
        if role not in ACCOUNT_ROLES:
            found["role"] = "Choose designated lead, deputy lead or trustee."
        name_problem = problem(name, required=True, max_length=120, what="their name")
        if name_problem:
            found["display_name"] = name_problem
        reason = refusal(passphrase, repeat, self._avoid(name))
        if reason:
            found["passphrase"] = reason
        if found:
            raise errors.InvalidInput(found)
        keyring = Keyring.load(self.session.paths.keyring)
        slot = _with_id(
            Slot.make(ACCOUNT, passphrase, self.session.require_key(), self.session.slot_params()),
            "",
            (name, role),
        )
        with store.transaction():
            account_id = org_queries.add_account(store, slot.id, name, role, _now())
            self.session.audit_with(
                store,
                audit.ACCOUNTS,
                self.session.account,
                detail={"what": "account-added", "role": role},
            )
        keyring.slots.append(slot)
        _save_keyring(self.session, keyring)
        log.info("account %d added (%s)", account_id, role)
        return account_id

    # -- removing ---------------------------------------------------------------------
    def remove(self, account_id: int) -> None:
        """Remove an account: its row is marked (audit entries point at it), then its
        slot leaves keyring.json. Not yourself, and never the last designated lead."""
        self._require_lead()
        store = self.session.require_store()
        target = org_queries.account_by_id(store, account_id)
        if target is None:
            raise errors.AccountNotChanged("That account is not in the records any more.")
        if target.id == self.session.account_id:
            raise errors.AccountNotChanged(
                "You cannot remove your own account.",
                next_step="Nothing was changed. Another designated lead can remove it.",
            )
        active = org_queries.active_accounts(store)
        if target.role == Role.LEAD and sum(a.role == Role.LEAD for a in active) <= 1:
            raise errors.AccountNotChanged(
                "This is the only designated lead, so it cannot be removed.",
                next_step="Nothing was changed. Add another designated lead first.",
            )
        keyring = Keyring.load(self.session.paths.keyring)  # refuse a damaged file first
        with store.transaction():
            org_queries.mark_account_removed(store, target.id, _now())
            self.session.audit_with(
                store,
                audit.ACCOUNTS,
                self.session.account,
                detail={"what": "account-removed", "role": target.role},
            )
        keyring.slots = [s for s in keyring.slots if s.id != target.slot_id]
        _save_keyring(self.session, keyring)
        log.info("account %d removed (%s)", target.id, target.role)

    # -- passphrases ------------------------------------------------------------------
    def change_own_passphrase(self, current: str, new: str, repeat: str) -> None:
        """Rewrap your own slot under a new passphrase. Any role; the current passphrase
        is checked against your own slot. Every other slot stays byte for byte."""
        self.session.require_store()
        account = self.session.account
        if account is None:
            raise errors.AccountNotChanged(
                "The recovery code has no passphrase of its own.",
                next_step="Choose New recovery code, or set a passphrase for an account.",
            )
        keyring = _load_keyring(self.session)
        own = _slot(keyring, account.slot_id)
        checked = own.unwrap(current) if current else None
        if checked is None:
            raise errors.InvalidInput({"current": "That is not your current passphrase."})
        _wipe(checked)
        reason = refusal(new, repeat, self._avoid(account.display_name))
        if reason:
            raise errors.InvalidInput({"passphrase": reason})
        if new == current:
            raise errors.InvalidInput({"passphrase": "That is the passphrase you have now."})
        self._rewrap(keyring, own, new, who=(account.display_name, account.role))
        self.session.record_audit(audit.ACCOUNTS, detail={"what": "passphrase-changed"})
        log.info("account %d changed its passphrase", account.id)

    def set_passphrase(self, account_id: int, new: str, repeat: str) -> None:
        """A lead (or the recovery code) sets a new passphrase for another account, e.g.
        one that was forgotten, or whose key slot was damaged."""
        self._require_lead()
        target = org_queries.account_by_id(self.session.require_store(), account_id)
        if target is None:
            raise errors.AccountNotChanged("That account is not in the records any more.")
        if target.id == self.session.account_id:
            raise errors.AccountNotChanged(
                "Use Change my passphrase for your own account.",
                next_step="Nothing was changed.",
            )
        reason = refusal(new, repeat, self._avoid(target.display_name))
        if reason:
            raise errors.InvalidInput({"passphrase": reason})
        keyring = _load_keyring(self.session)
        try:
            old = _slot(keyring, target.slot_id)
        except errors.AccountNotChanged:
            old = None  # its slot was lost: make it afresh under the same id
        self._rewrap(
            keyring, old, new, slot_id=target.slot_id, who=(target.display_name, target.role)
        )
        self.session.record_audit(
            audit.ACCOUNTS, detail={"what": "passphrase-set", "role": target.role}
        )
        log.info("a passphrase was set for account %d", target.id)

    def _rewrap(
        self,
        keyring: Keyring,
        old: Slot | None,
        secret: str,
        *,
        slot_id: str = "",
        who: tuple[str, str],
    ) -> None:
        params = old.params if old is not None else self.session.slot_params()
        made = Slot.make(ACCOUNT, secret, self.session.require_key(), params)
        fresh = _with_id(made, old.id if old is not None else slot_id, who)
        if old is not None:
            keyring.slots = [fresh if s.id == old.id else s for s in keyring.slots]
        else:
            keyring.slots.append(fresh)
        _save_keyring(self.session, keyring)

    # -- the recovery code ------------------------------------------------------------
    def new_recovery_code(self) -> str:
        """Replace the recovery slot in one go: the old code stops opening the records at
        once. The new code is returned to be shown once (and printed); it is kept nowhere.
        The dialog uses prepare_recovery_code and use_recovery_code instead, so that the
        old code keeps working until the new one is safely stored."""
        pending = self.prepare_recovery_code()
        self.use_recovery_code(pending)
        return pending.code

    def prepare_recovery_code(self) -> PendingCode:
        """Make a new code and its key slot (the slow part; safe off the GUI thread).
        Nothing is written: the old code still works until use_recovery_code()."""
        self._require_lead()
        keyring = _load_keyring(self.session)
        code = generate()
        raw = normalise(code)
        assert raw is not None  # generate() always makes a valid code
        old = keyring.slots_of(RECOVERY)
        params = old[0].params if old else self.session.slot_params()
        key = self.session.require_key()
        slot = Slot.make(RECOVERY, raw, key, params)
        return PendingCode(code, slot, _fingerprint(key))

    def use_recovery_code(self, pending: PendingCode) -> None:
        """Put the prepared code's slot in place of the old one: from now on only the new
        code opens the records. Refused if the records were locked or re-keyed since."""
        self._require_lead()
        if _fingerprint(self.session.require_key()) != pending.key_fingerprint:
            raise errors.Locked()  # another key now: the prepared slot would not open it
        keyring = _load_keyring(self.session)
        others = [s for s in keyring.slots if s.kind != RECOVERY]
        # Keep the slot's place in the file, so the file reads the same as before.
        first = next((i for i, s in enumerate(keyring.slots) if s.kind == RECOVERY), None)
        if first is None:
            others.append(pending.slot)
        else:
            others.insert(sum(1 for s in keyring.slots[:first] if s.kind != RECOVERY), pending.slot)
        keyring.slots = others
        # A damaged recovery entry (or one that says no kind and is no account's) is
        # what the new code replaces: kept, it would be reported at every unlock.
        active = {a.slot_id for a in org_queries.active_accounts(self.session.require_store())}
        keyring.unreadable = [
            raw
            for raw in keyring.unreadable
            if not (
                entry_kind(raw) == RECOVERY
                or (entry_kind(raw) is None and entry_id(raw) not in active)
            )
        ]
        _save_keyring(self.session, keyring)
        self.session.record_audit(audit.ACCOUNTS, detail={"what": "recovery-code-replaced"})
        log.info("recovery code replaced")


class PendingCode(NamedTuple):
    """A new recovery code made but not yet in use (see Accounts.prepare_recovery_code)."""

    code: str
    slot: Slot
    key_fingerprint: bytes


def _fingerprint(key: bytes | bytearray) -> bytes:
    # Which master key a prepared slot wraps, without keeping a copy of the key itself.
    return hashlib.blake2b(bytes(key), digest_size=16, person=b"cse-code-pending").digest()


def _with_id(slot: Slot, slot_id: str, who: tuple[str, str] | None = None) -> Slot:
    """`slot` under `slot_id` ("": keep its own), named for the Unlock dialog's list."""
    name, role = who if who is not None else (slot.name, slot.role)
    return replace(slot, id=slot_id or slot.id, name=name, role=role)


def _save_keyring(session: Session, keyring: Keyring) -> None:
    # Every write of the live key file is pinned in the store (app/keys/pinning.py), so
    # the next unlock knows it was the app's own.
    from app.keys.pinning import save_keyring

    save_keyring(keyring, session.paths.keyring, session.require_store())


def _load_keyring(session: Session) -> Keyring:
    return Keyring.load(session.paths.keyring)


def _slot(keyring: Keyring, slot_id: str) -> Slot:
    for slot in keyring.slots:
        if slot.id == slot_id:
            return slot
    raise errors.AccountNotChanged(
        "This account's key is missing from the key file.",
        next_step="Nothing was changed. A designated lead can set a new passphrase for it.",
    )


def _wipe(buffer: bytearray) -> None:
    for i in range(len(buffer)):
        buffer[i] = 0


def accounts_without_slots(session: Session) -> list[AccountRow]:
    """Accounts whose key slot is missing from keyring.json (for the lead to fix)."""
    ids = {s.id for s in _load_keyring(session).slots}
    return [a for a in org_queries.active_accounts(session.require_store()) if a.slot_id not in ids]
