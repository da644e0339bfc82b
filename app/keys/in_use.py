"""in-use.json: who has the records open, for the next person who tries.

SQLite's exclusive lock already refuses a second copy of the app (db.errors.StoreInUse).
That alone can only say "open somewhere". This file lets it say who: on unlock the holder
writes its process id, the time, and its account's name and role. The name and role are
sealed with a key derived from the master key, so the file says nothing to someone who
cannot unlock; whoever can (they have just unwrapped the master key when the store
refuses them) reads who has it. The name is only ever shown on screen, never logged.

A file left behind by a crash is harmless: the lock died with the process, and the next
unlock simply writes over it.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import nacl.encoding
import nacl.exceptions
import nacl.hash
import nacl.secret

from app.core import errors, host
from app.core.atomic import atomic_write
from app.core.small_files import read_small
from app.keys.roles import ACCOUNT_ROLES, known

if TYPE_CHECKING:
    from app.core.paths import AppPaths
    from db.organisation import AccountRow

log = logging.getLogger(__name__)

FILE_NAME = "in-use.json"
MAX_NOTE_BYTES = 64 * 1024  # a note is a few hundred bytes
FORMAT = "cse-toolkit-in-use"
_PERSON = b"cse-in-use"  # domain separation: this key is used for nothing else


class Holder(NamedTuple):
    name: str  # "" when the recovery code was used
    role: str  # the words for the role, e.g. "deputy lead"
    since: str  # local time, HH:MM (with the date when not today)


def path_for(paths: AppPaths) -> Path:
    return paths.data / FILE_NAME


def _box(master: bytes | bytearray) -> nacl.secret.SecretBox:
    key = nacl.hash.blake2b(
        bytes(master), digest_size=32, person=_PERSON, encoder=nacl.encoding.RawEncoder
    )
    return nacl.secret.SecretBox(key)


def mark(paths: AppPaths, master: bytes | bytearray, account: AccountRow | None) -> None:
    """Say this process has the records open. Never fails an unlock."""
    holder = {
        "name": account.display_name if account else "",
        "role": account.role if account else "",
    }
    sealed = _box(master).encrypt(json.dumps(holder).encode("utf-8"))
    doc = {
        "format": FORMAT,
        "pid": os.getpid(),
        "since": datetime.now(UTC).isoformat(timespec="seconds"),
        "holder": base64.b64encode(bytes(sealed)).decode("ascii"),
    }
    try:
        atomic_write(path_for(paths), json.dumps(doc).encode("utf-8"))
    except OSError as exc:
        log.warning("in-use note not written: %s", type(exc).__name__)


def clear(paths: AppPaths) -> None:
    """Remove the note at lock, if this process wrote it (a copy that was refused the
    store must not remove the note of the copy that has it)."""
    path = path_for(paths)
    with contextlib.suppress(OSError, ValueError):
        doc = json.loads(read_small(path, MAX_NOTE_BYTES))
        if isinstance(doc, dict) and doc.get("pid") == os.getpid():
            path.unlink()


def read(paths: AppPaths, master: bytes | bytearray) -> Holder | None:
    """Who has the records open, or None if the note is missing, stale or unreadable
    with this key (then the caller says the plain "open in another copy")."""
    try:
        doc = json.loads(read_small(path_for(paths), MAX_NOTE_BYTES))
        sealed = base64.b64decode(doc["holder"], validate=True)
        plain = json.loads(_box(master).decrypt(sealed).decode("utf-8"))
        name, role = str(plain["name"]), str(plain["role"])
        since = datetime.fromisoformat(str(doc["since"])).astimezone()
    except (OSError, ValueError, KeyError, TypeError, nacl.exceptions.CryptoError):
        return None
    if not _alive(doc.get("pid")):
        return None  # left by a crash: whoever has the store now did not say
    when = f"{since:%H:%M}"
    if since.date() != datetime.now().astimezone().date():
        when += f" on {since.day} {since:%B}"
    return Holder(name, _role_words(role), when)


def _role_words(role: str) -> str:
    if not role:
        return "the recovery code"
    account_role = known(role)
    return account_role.words if account_role in ACCOUNT_ROLES else "another account"


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    if not host.posix():
        # Windows: taken as alive, so the holder is named. os.kill(pid, 0) there would
        # end the process, not ask about it; and this is only asked while another copy
        # really holds the store's lock, so at worst a crashed copy's name is shown.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive
    return True


def store_in_use(paths: AppPaths, master: bytes | bytearray) -> errors.AppError:
    """The error for a store another copy holds: naming the holder when it can."""
    holder = read(paths, master)
    if holder is None:
        return errors.StoreInUse()
    return errors.StoreInUseBy(holder.name, holder.role, holder.since)
