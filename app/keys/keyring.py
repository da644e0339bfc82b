"""keyring.json: the master key wrapped once per account and once by the recovery code.

Each slot is Argon2id(secret, salt, stored params) → SecretBox(master key). The file
also carries the organisation's public key, so a volunteer can seal a concern to it
without unlocking anything. It holds no names: a slot is known by an opaque id and its
kind; who that is lives inside the encrypted store.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nacl.exceptions
import nacl.secret

from app.core import errors
from app.core.atomic import atomic_write
from app.keys.kdf import ALGORITHM, SALT_BYTES, KdfParams, derive

FORMAT = "cse-toolkit-keyring"
VERSION = 1
ACCOUNT = "account"
RECOVERY = "recovery"
# What a whole slot looks like, checked at every load without deriving any key (each
# derivation costs about half a second): an id as Slot.make writes it, the master key
# sealed by SecretBox (nonce + key + tag), and Argon2id costs a real PC can pay. A slot
# outside these is damaged, never tried: a planted cost could hang the unlock for hours.
SLOT_ID = re.compile(r"^[0-9a-f]{16}$")
WRAPPED_BYTES = nacl.secret.SecretBox.NONCE_SIZE + 32 + nacl.secret.SecretBox.MACBYTES
MIN_OPSLIMIT, MAX_OPSLIMIT = 1, 64
MIN_MEMLIMIT, MAX_MEMLIMIT = 8192, 1024 * 1024 * 1024


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
        )


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

    def open_with(self, secret: str, *, recovery: bool = False) -> tuple[bytearray, Slot] | None:
        """The master key and the slot that gave it: the account slots tried with a
        passphrase, or the recovery slot with a recovery code. None if none opens.
        A mistyped recovery code (its check character is wrong) raises
        RecoveryCodeMistyped before any slow key derivation."""
        if recovery:
            from app.keys.recovery_code import normalise

            code = normalise(secret)
            if code is None:
                raise errors.RecoveryCodeMistyped()
            candidates, secret = self.slots_of(RECOVERY), code
        else:
            candidates = self.slots_of(ACCOUNT)
        for candidate in candidates:
            master = candidate.unwrap(secret)
            if master is not None:
                return master, candidate
        return None

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
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise errors.KeyringMissing() from None
        except OSError:
            raise errors.KeyringDamaged("the file could not be read") from None
        return cls.from_bytes(data)

    def save(self, path: Path) -> None:
        atomic_write(path, self.to_bytes())
