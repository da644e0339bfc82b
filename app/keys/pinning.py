"""Key pinning: the store remembers the keyring.json the app itself last wrote.

Someone who can write files in the data folder can put their own public key in
keyring.json, read the concerns volunteers seal to it, and put the real file back byte
for byte. The store (encrypted, so out of their reach) keeps a pin of the file the app
last wrote: a SHA-256 digest of its bytes, and where the OS gives them the file's id
(device and inode) and change time (st_ctime_ns; on Windows its creation time). Putting
the same bytes back still makes a new file, or changes the change time, which nobody
can set back. So at unlock a file that differs from its pin was changed outside the
app, even when its content is the real one.

Every write of the live keyring.json goes through `save_keyring` (or `pin_file` straight
after a swap moved a staged file into place). A write is pinned in two steps so a kill
between any two of them never reads as tampering: first the digest of the coming bytes
is noted as pending, then the file is written, then the pin is made whole with its id
and change time.

Nothing here names a person or holds a letter: digests, numbers and the check words.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from app.core import errors
from app.core.atomic import atomic_write
from app.keys.key_words import phrase_or_blank as phrase
from app.keys.keyring import read_key_file

if TYPE_CHECKING:
    from app.keys.keyring import Keyring
    from db.store import Store

log = logging.getLogger(__name__)

SETTING = "keyring_pin"


@dataclass(frozen=True)
class FileFacts:
    """keyring.json as read: its bytes and what the OS says about the file."""

    data: bytes
    digest: str
    file_id: tuple[int, int] | None  # (st_dev, st_ino); None where the OS gives none
    changed_ns: int  # st_ctime_ns
    modified_ns: int  # st_mtime_ns


@dataclass(frozen=True)
class Pin:
    words: str  # the organisation's key as check words, as the app last wrote it
    digest: str  # of the file's bytes; "" while only a pending write is known
    file_id: tuple[int, int] | None
    changed_ns: int | None  # None: not known (the file was pinned by content only)
    written_ns: int  # when the app wrote it (wall clock)
    pending: str = ""  # digest of a write begun but not yet confirmed
    # Each key slot as the app wrote it (id -> digest of its salt, costs and wrapped key),
    # for the written file and the pending one: a slot moved under another account's id
    # (a trustee's own, copied over the lead's) is not the app's, whatever the file says.
    slots: dict[str, str] = field(default_factory=dict)
    pending_slots: dict[str, str] = field(default_factory=dict)
    # Entries found at an unlock that the app did not write under their id (id -> their
    # digest): the file is then pinned as it is, and every later write carries them over
    # byte for byte, but they never become the app's. A new slot under that id (a lead
    # sets a new passphrase) is the app's again.
    distrusted: dict[str, str] = field(default_factory=dict)

    def knows_slot(self, slot_id: str, digest: str) -> bool:
        """The slot is one the app wrote under that id, or the pin is from before slots
        were pinned (nothing to compare: the next write pins them)."""
        if self.distrusted.get(slot_id) == digest:
            return False
        if not self.slots and not self.pending_slots and not self.distrusted:
            return True
        return digest in (self.slots.get(slot_id), self.pending_slots.get(slot_id))

    def matches(self, facts: FileFacts) -> bool:
        """The file is the one the app last wrote (or the one it was writing)."""
        if self.pending and facts.digest == self.pending:
            return True  # a kill between the write and its confirmation
        if not self.digest or facts.digest != self.digest:
            return False
        if self.changed_ns is None:
            return True  # pinned by content only: nothing more to compare
        return self.file_id == facts.file_id and self.changed_ns == facts.changed_ns


@dataclass(frozen=True)
class Finding:
    """What the unlock's check found."""

    changed: bool  # the key file is not the one the app last wrote
    first: bool  # there was no pin yet (a store made before pinning): pinned now
    since_ns: int  # letters newer than this arrived while it may have been changed
    same_content: bool  # changed, but its bytes are the ones the app wrote (put back)
    # Matched by content only (a write whose pin was cut short by a kill, a swap's staged
    # file): pin it whole now, so the next check compares the file id and change time too.
    repin: bool = False


def read(path: Path) -> FileFacts:
    """keyring.json's bytes and facts, from one open file (so both are of one file)."""
    # Never blocks on a pipe, never reads a giant: both are damage (KeyringDamaged).
    data, stat = read_key_file(path)
    return facts_of(data, stat)


def facts_of(data: bytes, stat: os.stat_result) -> FileFacts:
    """Windows: st_ino is the NTFS file id, but 0 on file systems that give none (FAT on
    a USB stick, some network shares): then the id is left out, not compared as 0.
    st_ctime_ns there is the creation time (Python 3.11): a file put back is a new file
    with a new one, but bytes written back into the same file keep it, and a program can
    set it; on Windows the pin leans on the digest and on the data folder's ACL."""
    file_id = (stat.st_dev, stat.st_ino) if stat.st_ino else None
    return FileFacts(
        data, hashlib.sha256(data).hexdigest(), file_id, stat.st_ctime_ns, stat.st_mtime_ns
    )


def load(store: Store) -> Pin | None:
    """The pin kept in the store; None if there is none or it does not read."""
    from db import store_settings

    raw = store_settings.load(store, SETTING)
    if raw is None:
        return None
    try:
        doc = json.loads(raw)
        file_id = doc.get("file_id")
        return Pin(
            words=str(doc["words"]),
            digest=str(doc["digest"]),
            file_id=(int(file_id[0]), int(file_id[1])) if file_id else None,
            changed_ns=None if doc.get("changed_ns") is None else int(doc["changed_ns"]),
            written_ns=int(doc["written_ns"]),
            pending=str(doc.get("pending", "")),
            slots={str(k): str(v) for k, v in dict(doc.get("slots") or {}).items()},
            pending_slots={str(k): str(v) for k, v in dict(doc.get("pending_slots") or {}).items()},
            distrusted={str(k): str(v) for k, v in dict(doc.get("distrusted") or {}).items()},
        )
    except (ValueError, TypeError, KeyError, IndexError):
        log.warning("the key file's pin did not read; it is treated as missing")
        return None


def _save(store: Store, pin: Pin) -> None:
    from db import store_settings

    doc = asdict(pin)
    doc["file_id"] = list(pin.file_id) if pin.file_id else None
    with store.transaction():
        store_settings.save(store, SETTING, json.dumps(doc, sort_keys=True))


def pin_file(store: Store, path: Path, public_key: bytes, *, facts: FileFacts | None = None) -> Pin:
    """Pin keyring.json as it is now: the file the app has just written or moved in."""
    facts = facts or read(path)
    old = load(store)
    slots, still = _trusted(slot_digests(facts.data), old.distrusted if old else {})
    pin = Pin(
        words=phrase(public_key),
        digest=facts.digest,
        file_id=facts.file_id,
        changed_ns=facts.changed_ns,
        written_ns=time.time_ns(),
        slots=slots,
        distrusted=still,
    )
    _save(store, pin)
    return pin


def _trusted(
    digests: dict[str, str], distrusted: dict[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    """The slots to pin as the app's, and the distrusted ones still in the file."""
    still = {i: d for i, d in distrusted.items() if digests.get(i) == d}
    return {i: d for i, d in digests.items() if still.get(i) != d}, still


def distrust(store: Store, ids: dict[str, str]) -> None:
    """Note entries (id -> digest) found not to be the app's, before anything pins the
    file they are in: no later pin takes them for the app's."""
    old = load(store)
    if old is None or not ids:
        return
    _save(store, replace(old, distrusted={**old.distrusted, **ids}))


def pin_pending(store: Store, data: bytes, public_key: bytes) -> None:
    """Note that `data` is about to become keyring.json (or a staged copy of it).
    The old pin still stands until the write is confirmed by `pin_file`."""
    old = load(store)
    digest = hashlib.sha256(data).hexdigest()
    if old is None:
        old = Pin(phrase(public_key), "", None, None, time.time_ns())
    _save(
        store,
        Pin(
            old.words,
            old.digest,
            old.file_id,
            old.changed_ns,
            old.written_ns,
            pending=digest,
            slots=old.slots,
            pending_slots=_trusted(slot_digests(data), old.distrusted)[0],
            distrusted=old.distrusted,
        ),
    )


def pin_pending_in_file(store_path: Path, key: bytes | bytearray, data: bytes) -> bool:
    """As pin_pending, for a restore's staged store (not open): its pin, made elsewhere
    for a file that is not this one, gives way to the key file the restore puts in
    place. False when that store is too old to hold a pin (it is pinned at first unlock).
    """
    from app.keys.keyring import Keyring
    from db import store_settings

    pin = Pin(
        phrase(Keyring.from_bytes(data).org_public_key),
        "",
        None,
        None,
        time.time_ns(),
        pending=hashlib.sha256(data).hexdigest(),
        pending_slots=slot_digests(data),
    )
    doc = asdict(pin)
    doc["file_id"] = None
    return store_settings.save_in_file(store_path, key, SETTING, json.dumps(doc, sort_keys=True))


def slot_digest(salt: bytes, ops: int, mem: int, wrapped: bytes) -> str:
    """One key slot as written: its salt, its Argon2id costs and its wrapped key."""
    return hashlib.sha256(b"%d:%d:" % (ops, mem) + bytes(salt) + bytes(wrapped)).hexdigest()


def slot_digests(data: bytes) -> dict[str, str]:
    """Every readable slot in a key file's bytes, by id ({} if the file does not read:
    a damaged file is reported elsewhere, and an empty map compares nothing)."""
    from app.keys.keyring import Keyring

    try:
        keyring = Keyring.from_bytes(data)
    except errors.AppError:
        return {}
    return {
        s.id: slot_digest(s.salt, s.params.opslimit, s.params.memlimit, s.wrapped)
        for s in keyring.slots
    }


def foreign_slots(store: Store, keyring: Keyring) -> dict[str, str]:
    """The slots in `keyring` that are not the ones the app wrote under their ids (an
    entry copied over another account's, or edited), id -> digest."""
    pin = load(store)
    if pin is None:
        return {}
    found = {
        s.id: slot_digest(s.salt, s.params.opslimit, s.params.memlimit, s.wrapped)
        for s in keyring.slots
    }
    return {i: d for i, d in found.items() if not pin.knows_slot(i, d)}


def slot_is_ours(store: Store, slot_id: str, digest: str, *, changed: bool = True) -> bool:
    """The slot that opened is the one the app last wrote under its id. `changed`: the
    file is not as pinned; when it is, only an entry found foreign before is refused."""
    pin = load(store)
    if pin is None:
        return True
    if not changed:
        return pin.distrusted.get(slot_id) != digest
    return pin.knows_slot(slot_id, digest)


def save_keyring(keyring: Keyring, path: Path, store: Store) -> Pin:
    """Write keyring.json for the app and pin it: the one way the live file is written."""
    data = keyring.to_bytes()
    pin_pending(store, data, keyring.org_public_key)
    atomic_write(path, data)
    return pin_file(store, path, keyring.org_public_key)


def check(store: Store, facts: FileFacts) -> Finding:
    """Compare keyring.json as read at unlock with its pin. Changes nothing."""
    pin = load(store)
    if pin is None:
        return Finding(changed=False, first=True, since_ns=0, same_content=False)
    if pin.matches(facts):
        whole = not pin.pending and pin.changed_ns is not None
        return Finding(
            changed=False,
            first=False,
            since_ns=pin.written_ns,
            same_content=True,
            repin=not whole,
        )
    return Finding(
        changed=True,
        first=False,
        since_ns=pin.written_ns,
        same_content=bool(pin.digest) and facts.digest == pin.digest,
    )


def letters_waiting(folders: Sequence[Path]) -> list[tuple[Path, int]]:
    """Letters in the letterbox folders now, with their modification times (ns)."""
    from app.intake.letterbox import pending

    found = []
    for folder in folders:
        for path in pending(folder):
            try:
                found.append((path, path.stat().st_mtime_ns))
            except OSError:
                continue
    return found


def letters_in_window(
    before: list[tuple[Path, int]], folders: Sequence[Path], since_ns: int
) -> int:
    """How many letters arrived while the key file may have been changed: each one
    waiting at this unlock that was taken in now (imported or set aside), or that is
    still waiting but arrived after the app last wrote the key file."""
    still = {path for path, _ in letters_waiting(folders)}
    return sum(1 for path, mtime in before if path not in still or mtime > since_ns)


def warning_text(letters: int, not_opened: int, repaired: bool, same_content: bool) -> str:
    """What the lead is told when the key file was changed outside the app. Plain; no
    blame; says what may have happened and what to do."""
    plural = "letter" if letters == 1 else "letters"
    first = "The key file (keyring.json) was changed outside the toolkit"
    if repaired:
        first += (
            ": the organisation's public key in it was not the right one. It has been put right."
        )
    elif same_content:
        first += ", then put back as it was."
    else:
        first += "."
    lines = [
        first,
        (
            "1 letter from a volunteer arrived while it may have been changed. It may have "
            "been read by someone else."
            if letters == 1
            else f"{letters} {plural} from volunteers arrived while it may have been changed. "
            "They may have been read by someone else."
            if letters
            else "No letters from volunteers arrived while it may have been changed."
        ),
    ]
    if not_opened:
        lost = (
            "It could not be opened: it is lost to you. Whoever wrote it needs to record that "
            "concern again. It has"
            if not_opened == 1 == letters
            else f"{not_opened} of them could not be opened: they are lost to you. Whoever "
            "wrote them needs to record those concerns again. They have"
        )
        lines.append(f"{lost} been kept, unopened: nothing is deleted.")
    if same_content and not repaired:
        # A copy of the data folder on another PC (or a restore by hand) is a new file
        # with the same content: the lead knows whether they did that; an attacker
        # who put the file back leaves the same trace.
        lines.append(
            "If you have just copied or moved the toolkit's data folder to this computer "
            "yourself, that is the change found, and nothing more needs doing. If not:"
        )
    lines.append(
        "What to do: ask volunteers who recorded a concern recently to check it reached "
        "you, and to record it again if it did not. Treat this as a possible data "
        "breach: if people are likely to be put at risk, the ICO (Information "
        "Commissioner's Office) expects a report within 72 hours. Tell your designated "
        "trustee, and whoever looks after this computer."
    )
    return "\n\n".join(lines)
