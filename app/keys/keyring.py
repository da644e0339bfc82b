"""keyring.json: the master key wrapped once per account and once by the recovery code.

Each slot is Argon2id(secret, salt, stored params) → SecretBox(master key). The file
also carries the organisation's public key, so a volunteer can seal a concern to it
without unlocking anything. An account slot also carries the account's name and role
(a lead's, deputy's or trustee's name is not secret: it is on the poster on the wall), so
the Unlock dialog can ask who is unlocking and a try costs one Argon2id derivation, not
one per slot. Everything else about a person lives inside the encrypted store.
"""

from __future__ import annotations

import base64
import errno
import json
import os
import re
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import nacl.exceptions
import nacl.secret

from app.core import errors
from app.core.atomic import atomic_write
from app.core.small_files import read_small_file
from app.keys.kdf import ALGORITHM, SALT_BYTES, KdfParams, derive
from app.keys.recovery_code import normalise
from app.keys.roles import ACCOUNT_ROLES, known

FORMAT = "cse-toolkit-keyring"
VERSION = 1
ACCOUNT = "account"
RECOVERY = "recovery"
# A name longer than the accounts table allows is not one the app wrote: ignore it.
MAX_NAME = 120
# What a whole slot looks like, checked at every load without deriving any key (each
# derivation costs about half a second): an id as Slot.make writes it, the master key
# sealed by SecretBox (nonce + key + tag), and Argon2id costs a real PC can pay. A slot
# outside these is damaged, never tried: a planted cost could hang the unlock for hours.
SLOT_ID = re.compile(r"^[0-9a-f]{16}$")
WRAPPED_BYTES = nacl.secret.SecretBox.NONCE_SIZE + 32 + nacl.secret.SecretBox.MACBYTES
MIN_OPSLIMIT, MAX_OPSLIMIT = 1, 64
MIN_MEMLIMIT, MAX_MEMLIMIT = 8192, 1024 * 1024 * 1024
# A key file is a few KiB; anything this big is not one (and is never read into memory).
MAX_FILE_BYTES = 1024 * 1024


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, what: str) -> bytes:
    if not isinstance(text, str):
        raise errors.KeyringDamaged(f"{what} is missing")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise errors.KeyringDamaged(f"{what} is not readable") from None


@dataclass(frozen=True)
class Slot:
    id: str
    kind: str
    params: KdfParams
    salt: bytes
    wrapped: bytes
    # Who the slot belongs to, as the Unlock dialog lists it; "" when not known (a key
    # file written before names were kept here: see label_slots).
    name: str = ""
    role: str = ""

    def unwrap(self, secret: str) -> bytearray | None:
        """The master key, or None if the secret is not the one for this slot."""
        try:
            slot_key = derive(secret, self.salt, self.params)
            return bytearray(nacl.secret.SecretBox(slot_key).decrypt(self.wrapped))
        except nacl.exceptions.CryptoError:
            return None

    @classmethod
    def make(cls, kind: str, secret: str, master_key: bytes | bytearray, params: KdfParams) -> Slot:
        salt = secrets.token_bytes(SALT_BYTES)
        box = nacl.secret.SecretBox(derive(secret, salt, params))
        return cls(secrets.token_hex(8), kind, params, salt, bytes(box.encrypt(bytes(master_key))))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "kdf": {
                "algorithm": self.params.algorithm,
                "opslimit": self.params.opslimit,
                "memlimit": self.params.memlimit,
                "salt": _b64(self.salt),
            },
            "wrapped_key": _b64(self.wrapped),
            **(
                {"name": self.name, "role": self.role} if self.kind == ACCOUNT and self.name else {}
            ),
        }

    @classmethod
    def from_json(cls, raw: Any) -> Slot:
        if not isinstance(raw, dict) or not isinstance(raw.get("kdf"), dict):
            raise errors.KeyringDamaged("a key slot is malformed")
        kdf = raw["kdf"]
        if raw.get("kind") not in (ACCOUNT, RECOVERY) or not isinstance(raw.get("id"), str):
            raise errors.KeyringDamaged("a key slot is malformed")
        if not SLOT_ID.match(raw["id"]):
            raise errors.KeyringDamaged("a key slot's id is damaged")
        ops, mem = kdf.get("opslimit"), kdf.get("memlimit")
        if (
            type(ops) is not int
            or type(mem) is not int
            or not MIN_OPSLIMIT <= ops <= MAX_OPSLIMIT
            or not MIN_MEMLIMIT <= mem <= MAX_MEMLIMIT
            or kdf.get("algorithm") != ALGORITHM
        ):
            raise errors.KeyringDamaged("a key slot has bad parameters")
        salt = _unb64(kdf.get("salt"), "a slot's salt")
        wrapped = _unb64(raw.get("wrapped_key"), "a wrapped key")
        if len(salt) != SALT_BYTES or len(wrapped) != WRAPPED_BYTES:
            raise errors.KeyringDamaged("a key slot is the wrong size")
        return cls(
            id=raw["id"],
            kind=raw["kind"],
            params=KdfParams(ops, mem, ALGORITHM),
            salt=salt,
            wrapped=wrapped,
            **_who(raw),
        )


def _who(raw: dict[str, Any]) -> dict[str, str]:
    # A name or role that is not one the app writes is dropped, not a damaged slot: the
    # dialog then offers the slot under "not listed", and the next unlock labels it again.
    name, role = raw.get("name"), raw.get("role")
    if raw.get("kind") != ACCOUNT or not isinstance(name, str) or not isinstance(role, str):
        return {}
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME or known(role) not in ACCOUNT_ROLES:
        return {}
    return {"name": name, "role": role}


def entry_who(raw: Any) -> dict[str, str]:
    """The name and role a damaged account entry still gives, if they read ({} if not)."""
    return _who(raw) if isinstance(raw, dict) else {}


def entry_kind(raw: Any) -> str | None:
    """The kind a damaged entry claims (account, recovery), or None when it says none."""
    if isinstance(raw, dict) and raw.get("kind") in (ACCOUNT, RECOVERY):
        return str(raw["kind"])
    return None


def entry_id(raw: Any) -> str | None:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return str(raw["id"])
    return None


@dataclass
class Keyring:
    org_public_key: bytes
    slots: list[Slot] = field(default_factory=list)
    # Slot entries that did not read (edited, cut): kept exactly as found and written
    # back as they were, so one damaged slot never stops the others (the recovery code
    # above all) and the app never writes a "mended" copy over the evidence.
    unreadable: list[Any] = field(default_factory=list)

    def slots_of(self, kind: str) -> list[Slot]:
        return [s for s in self.slots if s.kind == kind]

    def damaged_of(self, kind: str) -> list[Any]:
        """Damaged entries that are, or may be, of `kind`: one whose kind did not read
        could be either."""
        return [raw for raw in self.unreadable if entry_kind(raw) in (kind, None)]

    def open_with(
        self, secret: str, *, recovery: bool = False, slot_id: str | None = None
    ) -> tuple[bytearray, Slot] | None:
        """The master key and the slot that gave it: the account slots tried with a
        passphrase (only the one with `slot_id` when given: one derivation), or the
        recovery slot with a recovery code. None if none opens.
        A mistyped recovery code (its check character is wrong) raises
        RecoveryCodeMistyped before any slow key derivation."""
        if recovery:
            code = normalise(secret)
            if code is None:
                raise errors.RecoveryCodeMistyped()
            candidates, secret = self.slots_of(RECOVERY), code
        else:
            candidates = self.slots_of(ACCOUNT)
            if slot_id is not None:
                candidates = [s for s in candidates if s.id == slot_id]
        for candidate in candidates:
            master = candidate.unwrap(secret)
            if master is not None:
                return master, candidate
        return None

    def label_slots(self, who: dict[str, tuple[str, str]]) -> bool:
        """Put each account's (name, role) on its slot, by slot id; True if any changed.
        A slot with no account keeps what it had."""
        changed = False
        for i, slot in enumerate(self.slots):
            name, role = who.get(slot.id, (slot.name, slot.role))
            if slot.kind == ACCOUNT and (name, role) != (slot.name, slot.role):
                self.slots[i] = replace(slot, name=name, role=role)
                changed = True
        return changed

    def without_names(self) -> Keyring:
        """The same keys with no account's name or role: what a backup keeps, so a lost
        copy names nobody (the first unlock after a restore names the slots again)."""
        return replace(
            self,
            slots=[replace(s, name="", role="") for s in self.slots],
            # A damaged entry is kept as found, but not its name: it names a person too.
            unreadable=[
                {k: v for k, v in raw.items() if k not in ("name", "role")}
                if isinstance(raw, dict)
                else raw
                for raw in self.unreadable
            ],
        )

    def to_bytes(self) -> bytes:
        doc = {
            "format": FORMAT,
            "version": VERSION,
            "org_public_key": _b64(self.org_public_key),
            "slots": [s.to_json() for s in self.slots] + self._unreadable_kept(),
        }
        return (json.dumps(doc, indent=2) + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Keyring:
        if not data.strip():
            raise errors.KeyringDamaged("the file is empty")
        try:
            doc = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise errors.KeyringDamaged("it is not a key file, or it was cut short") from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise errors.KeyringDamaged("it is not a key file")
        if doc.get("version") != VERSION:
            raise errors.KeyringDamaged("it was written by a different version")
        slots_raw = doc.get("slots")
        if not isinstance(slots_raw, list) or not slots_raw:
            raise errors.KeyringDamaged("it has no key slots")
        public = _unb64(doc.get("org_public_key"), "the organisation's public key")
        if len(public) != 32:
            raise errors.KeyringDamaged("the organisation's public key is the wrong size")
        slots, unreadable = [], []
        for raw in slots_raw:
            try:
                slots.append(Slot.from_json(raw))
            except errors.KeyringDamaged:
                unreadable.append(raw)
        if not slots:
            raise errors.KeyringDamaged("none of its key slots can be read")
        return cls(public, slots, unreadable)

    def _unreadable_kept(self) -> list[Any]:
        # A slot made again under the same id (a new passphrase set for that account)
        # replaces its damaged entry; every other damaged entry stays as it was.
        ids = {s.id for s in self.slots}
        return [
            raw for raw in self.unreadable if not (isinstance(raw, dict) and raw.get("id") in ids)
        ]

    @classmethod
    def load(cls, path: Path) -> Keyring:
        return cls.from_bytes(read_key_file(path)[0])

    def save(self, path: Path) -> None:
        atomic_write(path, self.to_bytes())


def read_key_file(path: Path) -> tuple[bytes, os.stat_result]:
    """keyring.json's bytes and what the OS says about that same open file.

    Anyone who can write the data folder can put a pipe there (a plain read would wait
    for a writer for ever, on the GUI thread at that) or a giant file: both are damage,
    said at once, never a hang and never read into memory."""
    try:
        return read_small_file(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise errors.KeyringMissing() from None
    except OSError as exc:
        if exc.errno == errno.EINVAL:
            raise errors.KeyringDamaged("it is not a file") from None
        if exc.errno == errno.EFBIG:
            raise errors.KeyringDamaged("it is too large to be a key file") from None
        raise errors.KeyringDamaged("the file could not be read") from None
