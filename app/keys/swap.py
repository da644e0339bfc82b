"""Replacing records.db and keyring.json together, so that a kill at any moment leaves
one pair that opens, and nobody but the app can make the swap happen.

Re-keying and restoring both change the store *and* the key file, and no file system
renames two files at once. So the new pair is first written beside the old one
(`records.db.new`, `keyring.json.new`), each complete and checked; then one small file,
`swap.json`, is written atomically. That write is the commit point:

- no `swap.json`: the old pair is the real one; leftovers of a swap are removed;
- `swap.json` there: the new pair is the real one; each `.new` file still waiting is
  renamed into place (setting the old file aside first when asked to), then `swap.json`
  goes.

The app finishes its own swap straight after `commit()`. Anyone who can write in the
data folder could plant a `swap.json` and a pair of their own, so the marker carries the
app's own pending-operation mark: an HMAC under the master key of the records it
replaces, and of the records it brings in. Only the app holds those keys, and nothing
can check the mark before someone unlocks. So a start never finishes a swap (only
clears an uncommitted one away, as before); the next unlock checks the mark with the key
the lead's secret gives (`resolve`), then finishes the swap, or moves the unproven files
into the data folder's set-aside area, and the lead is told. No path is ever taken from
`swap.json`: set-aside folders are names under the data folder, checked.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from app.core import errors, host
from app.core.atomic import atomic_write, fsync_folder
from app.core.paths import AppPaths, private_folder

log = logging.getLogger(__name__)

MARKER = "swap.json"
STAGED_SUFFIX = ".new"
SET_ASIDE = "set-aside"
# A set-aside folder the app names: letters, digits and dashes, one level or two.
_ASIDE_NAME = re.compile(r"[A-Za-z0-9-]{1,64}(/[A-Za-z0-9-]{1,64})?")
_MARK = re.compile(r"[0-9a-f]{64}")
_MARKER_MAX_BYTES = 64 * 1024
_MARK_CONTEXT = b"cse-toolkit swap mark v1\x00"


class Staged(NamedTuple):
    store: Path
    keyring: Path


def staged(paths: AppPaths) -> Staged:
    """Where the new store and key file wait until the swap commits."""
    return Staged(
        paths.store.with_name(paths.store.name + STAGED_SUFFIX),
        paths.keyring.with_name(paths.keyring.name + STAGED_SUFFIX),
    )


def marker(paths: AppPaths) -> Path:
    return paths.data / MARKER


def set_aside_folder(paths: AppPaths, name: str) -> Path:
    """`set-aside/<name>` in the data folder; `name` must be one the app makes."""
    if not _ASIDE_NAME.fullmatch(name):
        raise ValueError("not a set-aside name the app makes")
    return paths.data / SET_ASIDE / name


def make_set_aside(paths: AppPaths, name: str) -> Path:
    """Make `set-aside/<name>`, set-aside/ itself included, owner-only (0700)."""
    import secrets  # deferred: as _mark (secrets loads hashlib)

    # Anyone who can write the data folder can put a link (or a file) at set-aside/ or
    # at a name under it first: the records a restore replaces would be moved through
    # it to a folder of their choosing. Such a thing is moved out of the way (kept, as
    # evidence) and a real folder made in its place.
    target = set_aside_folder(paths, name)
    probe = paths.data
    for part in (SET_ASIDE, *name.split("/")):
        probe = probe / part
        if probe.is_symlink() or (probe.exists() and not probe.is_dir()):
            os.replace(probe, probe.with_name(f"{probe.name}.not-a-folder-{secrets.token_hex(4)}"))
            log.warning("a link or file in the place of a set-aside folder was moved aside")
    root = private_folder(paths.data / SET_ASIDE)
    # Tightened too when an older version made it 0755. Windows: host.restrict.
    host.restrict(root, 0o700)
    return private_folder(target)


def discard(paths: AppPaths) -> None:
    """Remove a swap's staged files (and partial copies) that never committed."""
    if marker(paths).exists():
        raise RuntimeError("a committed swap is waiting to finish")
    new = staged(paths)
    for path in (new.store, new.keyring):
        for leftover in (path, path.with_name(path.name + ".partial")):
            leftover.unlink(missing_ok=True)
    # A kill inside atomic_write leaves its temp file (".name.xxxx.tmp") behind: the
    # staged key file's, or the marker's own (found by the kill-during-restore test).
    for path in (new.keyring, new.store, marker(paths)):
        for temp in path.parent.glob(f".{path.name}.*.tmp"):
            temp.unlink(missing_ok=True)


def _body(reason: str, token: str, aside: str) -> bytes:
    return json.dumps({"reason": reason, "token": token, "set_aside": aside}).encode("utf-8")


def _mark(key: bytes | bytearray, body: bytes) -> str:
    import hashlib  # deferred: hashlib loads OpenSSL (megabytes); start-up never needs it
    import hmac

    # A key of its own for the mark, so the master key is never used raw for two things.
    mark_key = hashlib.blake2b(bytes(key), digest_size=32, person=b"cse-swap-mark").digest()
    return hmac.new(mark_key, _MARK_CONTEXT + body, hashlib.sha256).hexdigest()


def commit(
    paths: AppPaths,
    reason: str,
    set_aside: str | None = None,
    *,
    keys: Iterable[bytes | bytearray] = (),
) -> None:
    """Make the staged pair the real one. Both staged files must be complete.

    `set_aside`: a folder name under `set-aside/` to move the old pair into instead of
    overwriting it (restore keeps the records it replaces; re-key does not keep the file
    under the old key). `keys`: the master keys of the pair being replaced (when known)
    and of the new pair; the marker carries a mark under each, so a later unlock can
    tell this swap from one somebody planted.
    """
    import secrets  # deferred: as _mark

    new = staged(paths)
    if not (new.store.is_file() and new.keyring.is_file()):
        raise FileNotFoundError("the new store and key file must both be ready")
    aside = set_aside if set_aside else None
    if aside:
        set_aside_folder(paths, aside)  # a name the app makes, or refused before any write
    token = secrets.token_hex(16)
    body = _body(reason, token, set_aside or "")
    doc = {
        "reason": reason,
        "token": token,
        "set_aside": set_aside or "",
        "marks": [_mark(key, body) for key in keys],
    }
    atomic_write(marker(paths), json.dumps(doc).encode("utf-8"))
    _roll_forward(paths, aside)
    log.info("swap finished (%s)", reason)


def at_start(paths: AppPaths) -> bool:
    """Run at every start, before anything reads the key file: clear away a swap that
    never committed. A committed one is left for the next unlock to check. True when one
    is waiting."""
    if marker(paths).exists() or marker(paths).is_symlink():
        log.warning("a change to the records files is waiting: it is checked at the next unlock")
        return True
    if any(p.exists() for p in staged(paths)):
        log.info("an unfinished swap was found and discarded; the records are as before")
    discard(paths)
    return False


class Waiting(NamedTuple):
    reason: str
    aside: str
    body: bytes
    marks: list[str]


def waiting(paths: AppPaths) -> Waiting | None:
    """The swap waiting in swap.json, or None if there is none. A marker that does not
    read is a swap nobody can prove: it reads as one with no marks."""
    mark = marker(paths)
    if not (mark.exists() or mark.is_symlink()):
        return None
    doc: dict[str, object] = {}
    # Only a regular file is read, and only its start: a pipe planted there would never
    # end, a link could point anywhere.
    if mark.is_file() and not mark.is_symlink():
        with contextlib.suppress(OSError, ValueError, RecursionError):
            with mark.open("rb") as fh:
                loaded = json.loads(fh.read(_MARKER_MAX_BYTES).decode("utf-8"))
            if isinstance(loaded, dict):
                doc = loaded
    reason, token, aside = (str(doc.get(k, ""))[:200] for k in ("reason", "token", "set_aside"))
    marks = doc.get("marks")
    listed = (
        [m for m in marks if isinstance(m, str) and _MARK.fullmatch(m)][:4]
        if isinstance(marks, list)
        else []
    )
    return Waiting(reason, aside, _body(reason, token, aside), listed)


def proven_by(found: Waiting, key: bytes | bytearray) -> bool:
    """True when the waiting swap carries the app's mark under `key`."""
    import hmac  # deferred: as _mark

    expected = _mark(key, found.body)
    return any(hmac.compare_digest(expected, m) for m in found.marks)


def finish_proven(paths: AppPaths, found: Waiting) -> str:
    """Roll forward a swap whose mark was checked with the master key. Its reason."""
    aside = None
    if found.aside:
        # The mark covers the name, and only a name the app makes is used even so.
        aside = found.aside if _ASIDE_NAME.fullmatch(found.aside) else _stamp("replaced")
    _roll_forward(paths, aside)
    log.info("an interrupted swap was checked and finished (%s)", found.reason or "unknown")
    return found.reason


def set_aside_unproven(paths: AppPaths) -> str:
    """Move swap.json and the files waiting with it into set-aside/, unused. The name of
    the folder they went to (under set-aside/)."""
    name = _stamp("unproven-change")
    folder = make_set_aside(paths, name)
    new = staged(paths)
    for path in (marker(paths), *new, *(p.with_name(p.name + ".partial") for p in new)):
        # Only regular files are moved; a link or a folder under those names is left.
        if path.is_file() and not path.is_symlink():
            os.replace(path, folder / path.name)
        elif path.is_symlink() or path.exists():
            os.replace(path, folder / (path.name + ".not-a-file"))
    fsync_folder(paths.data)
    log.warning("a swap the app did not start was set aside, unused")
    return f"{SET_ASIDE}/{name}"


class Resolved(NamedTuple):
    finished: str | None = None  # the reason of a swap finished now
    set_aside: str | None = None  # where an unproven one went, under the data folder


def resolve(
    paths: AppPaths, secret: str, *, recovery: bool = False, slot_id: str | None = None
) -> Resolved:
    """At unlock: a committed swap waiting since start-up is finished if it carries the
    app's mark under a master key this secret opens (from the key file in place, or the
    one waiting); set aside if the pair in place opens with the secret and the mark is
    not there; otherwise left for a secret that can tell (a restore's backup may have
    other secrets). Costs a key derivation per key file, only while a swap waits.
    `slot_id`: the account chosen in the Unlock dialog, the one slot tried in each file
    (a planted keyring.json.new could hold any number of slots, each of the highest
    cost a slot may name)."""
    from app.keys.keyring import Keyring
    from db.errors import StoreError
    from db.store import open_connection

    found = waiting(paths)
    if found is None:
        return Resolved()
    pair_opens = False
    for keyring_path in (paths.keyring, staged(paths).keyring):
        try:
            opened = Keyring.load(keyring_path).open_with(
                secret, recovery=recovery, slot_id=slot_id
            )
        except errors.RecoveryCodeMistyped:
            raise
        except errors.AppError:
            continue  # missing or damaged: no key from it
        if opened is None:
            continue
        master = opened[0]
        try:
            if proven_by(found, master):
                return Resolved(finished=_finish_or_say(paths, found))
            if keyring_path == paths.keyring:
                with contextlib.suppress(StoreError):
                    open_connection(paths.store, master).close()
                    pair_opens = True
        finally:
            for i in range(len(master)):
                master[i] = 0
    if not pair_opens:
        return Resolved()
    try:
        return Resolved(set_aside=set_aside_unproven(paths))
    except OSError as exc:  # left where it is: never finished, tried again next time
        log.warning("an unproven swap could not be set aside: %s", type(exc).__name__)
        return Resolved()


def _finish_or_say(paths: AppPaths, found: Waiting) -> str:
    try:
        return finish_proven(paths, found)
    except OSError as exc:  # every step can run again: the next unlock tries again
        log.warning("a checked swap could not finish: %s", type(exc).__name__)
        raise errors.SaveFailed(
            "An interrupted change to the records could not be finished.",
            next_step="Nothing was lost. Check the disk has space and try again; if it "
            "keeps happening, ask whoever looks after this computer.",
        ) from None


def _stamp(prefix: str) -> str:
    import secrets  # deferred: as _mark

    return f"{prefix}-{datetime.now(UTC):%Y-%m-%d-%H%M%S}-{secrets.token_hex(2)}"


def _roll_forward(paths: AppPaths, aside_name: str | None) -> None:
    new = staged(paths)
    for waiting_file, final in ((new.store, paths.store), (new.keyring, paths.keyring)):
        if not waiting_file.exists():
            continue  # moved in before a kill
        if aside_name is not None and final.exists():
            aside = make_set_aside(paths, aside_name)
            kept = aside / final.name
            if not kept.exists():
                os.replace(final, kept)
        os.replace(waiting_file, final)
        fsync_folder(paths.data)
    marker(paths).unlink(missing_ok=True)
    fsync_folder(paths.data)
