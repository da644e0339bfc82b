"""The letterbox: concerns sealed by volunteers who cannot unlock, imported by a lead.

A letter is one file, `letterbox/<utc-time>-<random>.letter`, holding
SealedBox(organisation's public key) of a small JSON envelope around the concern. Only
the private key inside the store opens it, so a volunteer cannot read back what anyone
wrote. On unlock each letter is imported in a savepoint of its own (a batch of them to a
commit) and deleted only after that commit; a letter that cannot be opened or read is
moved to `letterbox/quarantine/`, never dropped and never half-imported.

Letters are data (design.md, "Stations"): the letterbox may be a folder shared by every
account on the PC, a network share or a folder a sync service keeps in step, so anyone
may put anything there. Only regular files named `*.letter` are read, never through a
link and never blocking on a FIFO; links, FIFOs and folders are left alone and counted.
A sync service's temporary files are ignored, and a letter younger than a few minutes
that does not open is left for next time (it may still be arriving), never set aside.
Each letter carries an id, so the same letter met twice is imported once.

Nothing here logs or raises anything but a short hash of a file's name (a name is
anyone's text: one with a line break would forge log lines), concern references, field
names and counts.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import nacl.exceptions
import nacl.public

from app.core import errors, host
from app.core.atomic import atomic_write
from app.core.small_files import read_capped
from app.intake.concern.admit import Screen, admit
from app.intake.concern.codec import from_dict, to_dict
from app.intake.concern.model import Concern
from app.intake.concern.reference import is_reference
from app.intake.concern.search_text import search_text
from db import concerns as queries
from db import letters as letter_queries
from db import organisation as org_queries
from db import records as search_index
from db.concerns import ConcernRecord
from db.store import Store

log = logging.getLogger(__name__)

FORMAT = "cse-toolkit-letter"
# 2 adds the letter's id and the station that sent it; 1 is still read.
VERSION = 2
READS = (1, 2)
SUFFIX = ".letter"
# A letter this young that does not open may still be arriving (a sync service copying
# it in pieces): it is left for the next unlock, not set aside.
FRESH_SECONDS = 5 * 60
STATION_MAX = 60
_LETTER_ID = re.compile(r"^[0-9a-f]{32}$")
# Temporary files of the sync services an organisation may already use (OneDrive, Google
# Drive, Dropbox, Nextcloud/ownCloud, Syncthing, Resilio) and of office programs; ours
# start with "." and end ".tmp" (app/core/atomic.py). Matched on the name only.
_SYNC_TEMP = re.compile(
    r"""^(?: ~\$ | \.~ | ~ | \.syncthing\. | \._ | \.dropbox | \. )
      | (?: \.tmp | \.temp | \.partial | \.part | \.crdownload | \.download
          | \.!sync | \.\~\w* | ~ | \.drivedownload | \.bak )$
      | ^\.~lock\.""",
    re.IGNORECASE | re.VERBOSE,
)
QUARANTINE = "quarantine"
# Padded to whole KiB, so a letter's size says little about how much was written.
PAD_TO = 1024
# Far above any real concern; refuses a planted giant before it is read into memory.
MAX_LETTER_BYTES = 16 * 1024 * 1024
# The model's lists that become rows of their own, and the kind each is kept as.
_LISTS = {"people": "person", "vehicles": "vehicle", "places": "place", "contacts": None}
_NOT_COLUMNS = {"young_person", "indicators", *_LISTS}


class ImportReport(NamedTuple):
    imported: int
    quarantined: int
    ids: list[str]
    # Letters the store could not take this time (it could not write), and young letters
    # that did not open yet: they stay in the letterbox and are tried at the next unlock.
    left: int = 0
    # Links, FIFOs, folders and other things named like a letter: left alone, reported.
    not_letters: int = 0
    # Copies of letters already imported (the same id), removed.
    duplicates: int = 0


class _NotOpened(errors.LetterInvalid):
    """The bytes are not (yet) a whole sealed letter: empty, too large, or not opening."""


class Letter(NamedTuple):
    concern: Concern
    letter_id: str
    station: str


def is_sync_temp(name: str) -> bool:
    """A file a sync service (or an office program, or we) is still writing."""
    return bool(_SYNC_TEMP.search(name))


def name_tag(name: str) -> str:
    """What the log says for a file name: a short hash, never the name itself."""
    raw = name.encode("utf-8", "surrogateescape")
    return "#" + hashlib.sha256(raw).hexdigest()[:10]


def check_station_name(name: str) -> str | None:
    """A plain reason a station name is refused, or None."""
    if not name.strip():
        return 'Give this PC a name, for example "Office PC".'
    if len(name) > STATION_MAX:
        return f"Keep the name to {STATION_MAX} characters or fewer."
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        return "Remove line breaks and other hidden characters."
    return None


# -- sealing ----------------------------------------------------------------------------
def envelope(concern: Concern, station: str = "", letter_id: str | None = None) -> bytes:
    """The plaintext of a letter: JSON, ASCII-only (so any text at all encodes), padded."""
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "letter": letter_id or secrets.token_hex(16),
        "station": station,
        "concern": to_dict(concern),
    }
    body = json.dumps(doc, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    return body + b" " * (-len(body) % PAD_TO)


def seal(concern: Concern, public_key: bytes, folder: Path, station: str = "") -> Path:
    """Seal `concern` to the organisation and post it; the new letter's path.

    Content is never checked here (the form does that before Send): a part-filled
    concern sealed on a timeout must go through whatever it holds. The letter is written
    under a temporary name and renamed when complete (atomic_write), so a sync service
    or the lead's unlock never meets half of it.
    """
    if concern.source != "letterbox":
        concern = replace(concern, source="letterbox")  # the route decides the source
    try:
        plain = envelope(concern, station)
        sealed = nacl.public.SealedBox(nacl.public.PublicKey(public_key)).encrypt(plain)
        _make_folder(folder)
        path = _new_letter_path(folder)
        atomic_write(path, bytes(sealed), mode=_letter_mode(folder))
    except (OSError, TypeError, ValueError) as exc:
        log.warning("concern %s not sealed: %s", _ref(concern), type(exc).__name__)
        raise errors.ConcernNotSaved() from exc
    log.info("concern %s sealed", _ref(concern))
    return path


def _ref(concern: Concern) -> str:
    # Only a well-formed reference is logged: anything else could be typed text.
    return concern.id if isinstance(concern.id, str) and is_reference(concern.id) else "?"


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True)
    except FileExistsError:
        return
    # mkdir's mode passes through the umask; say it outright. Only on a folder we made:
    # one that was there already may not be ours to change. Windows: host.restrict.
    host.restrict(folder, 0o700)


def _letter_mode(folder: Path) -> int:
    # In a folder shared through a group (setup's shared letterbox) the lead's account
    # must be able to read what a volunteer's account wrote: sealed, so readable is safe.
    # Windows: 0o600, which host.restrict ignores; the folder's ACL gives the lead read.
    if host.posix() and folder.stat().st_mode & stat.S_IWGRP:
        return 0o640
    return 0o600


def _new_letter_path(folder: Path) -> Path:
    # The name orders letters oldest first and says nothing about what is inside.
    while True:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        path = folder / f"{stamp}-{secrets.token_hex(8)}{SUFFIX}"
        if not path.exists():
            return path


# -- opening ----------------------------------------------------------------------------
class Survey(NamedTuple):
    letters: list[Path]
    not_letters: int


def survey(folders: Iterable[Path]) -> Survey:
    """Regular files named `*.letter` in `folders`, oldest first (by name, across all),
    and how many other things are named like letters. Nothing is followed or opened."""
    found: list[Path] = []
    odd = 0
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:  # no such folder (yet), or not one: nothing waiting there
            continue
        for entry in entries:
            name = entry.name
            if not name.endswith(SUFFIX) or is_sync_temp(name):
                continue
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:
                continue
            if stat.S_ISREG(mode):
                found.append(Path(entry.path))
            else:
                odd += 1
                log.warning("letterbox: %s is not a letter (left alone)", name_tag(name))
    found.sort(key=lambda p: p.name)
    return Survey(found, odd)


def pending(folder: Path) -> list[Path]:
    """Letters waiting in `folder`, oldest first."""
    return survey([folder]).letters


def _read(path: Path) -> tuple[bytes | None, float]:
    """A letter's bytes (None when too large to be one) and its age in seconds.

    Never through a link, never blocking on a FIFO put there since the survey."""
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    # Windows has neither flag (nor FIFOs): a link swapped in since the survey is caught
    # below instead, by the file opened not being the one the name itself is.
    flags = os.O_RDONLY | nofollow | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise IsADirectoryError("not a regular file")
        if not nofollow and not os.path.samestat(os.lstat(path), info):
            raise IsADirectoryError("a link, not a letter")
        age = time.time() - info.st_mtime
        if info.st_size > MAX_LETTER_BYTES:
            return None, age
        return read_capped(fd, MAX_LETTER_BYTES, 1 << 20), age
    finally:
        os.close(fd)


def open_letter(box: nacl.public.SealedBox[nacl.public.PrivateKey], data: bytes) -> Concern:
    """The concern in a letter's bytes, or LetterInvalid saying (safely) why not."""
    return read_letter(box, data).concern


def read_letter(box: nacl.public.SealedBox[nacl.public.PrivateKey], data: bytes | None) -> Letter:
    """The letter in `data`: its concern, id and station; LetterInvalid saying why not."""
    if data is None or len(data) > MAX_LETTER_BYTES:  # growing never makes it a letter
        raise errors.LetterInvalid("it is empty, or too large to be a concern")
    if not data:
        raise _NotOpened("it is empty, or too large to be a concern")
    try:
        plain = box.decrypt(data)
    except nacl.exceptions.CryptoError:
        raise _NotOpened("it was not sealed to this organisation's key, or it is damaged") from None
    try:
        doc = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise errors.LetterInvalid("it does not hold a concern") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise errors.LetterInvalid("it does not hold a concern")
    version = doc.get("version")
    if version not in READS or isinstance(version, bool):
        raise errors.LetterInvalid("it was written by a different version of the toolkit")
    if version == 1:
        if set(doc) != {"format", "version", "concern"}:
            raise errors.LetterInvalid("its envelope has fields this version does not know")
        # No id inside: the sealed bytes stand for it (a copy is byte for byte the same).
        return Letter(from_dict(doc["concern"]), hashlib.sha256(data).hexdigest()[:32], "")
    if set(doc) != {"format", "version", "letter", "station", "concern"}:
        raise errors.LetterInvalid("its envelope has fields this version does not know")
    letter_id, station = doc["letter"], doc["station"]
    if not isinstance(letter_id, str) or not _LETTER_ID.match(letter_id):
        raise errors.LetterInvalid("its id is not one the toolkit writes")
    if not isinstance(station, str) or (station and check_station_name(station)):
        raise errors.LetterInvalid("its station name is not one the toolkit writes")
    return Letter(from_dict(doc["concern"]), letter_id, station)


def import_letters(
    store: Store,
    private_key: bytes,
    folder: Path | Sequence[Path],
    now: str,
    *,
    screen: Screen,
) -> ImportReport:
    """Import every waiting letter in `folder` (or in each of several), oldest first,
    each in a savepoint of its own, committed a batch at a time; `screen`
    (app.screening.rules.screen_concern) works each one's tier out again."""
    folders = [folder] if isinstance(folder, Path) else list(folder)
    box = nacl.public.SealedBox(nacl.public.PrivateKey(private_key))
    tally = _Tally()
    found = survey(folders)
    # Letters are committed a batch at a time, each in a savepoint of its own: one that
    # fails rolls back alone, and a commit (a wait for the disk) serves a whole batch.
    # A letter is deleted only after the commit that holds it: a crash before it leaves
    # the batch's letters in the letterbox, to be imported (once) at the next unlock.
    for start in range(0, len(found.letters), _BATCH):
        batch = found.letters[start : start + _BATCH]
        done: list[tuple[Path, str | None]] = []
        counted = tally.left + tally.quarantined
        try:
            with store.transaction():
                for path in batch:
                    outcome = _import_one(store, box, path, now, screen, tally)
                    if outcome is not None:
                        done.append(outcome)
        except Exception as exc:  # the commit failed: the store's trouble, not the letters'
            log.warning("a batch of letters was not imported: %s", type(exc).__name__)
            # Every letter of the batch not already counted (left or set aside) waits:
            # those written (undone with the batch) and those never reached (the store
            # closed, say, before the batch began).
            tally.left += len(batch) - (tally.left + tally.quarantined - counted)
            continue
        for path, concern_id in done:
            if concern_id is not None:
                tally.imported += 1
                tally.ids.append(concern_id)
            else:
                tally.duplicates += 1
            _remove(path)
    return ImportReport(
        tally.imported,
        tally.quarantined,
        tally.ids,
        tally.left,
        found.not_letters,
        tally.duplicates,
    )


_BATCH = 50  # letters a commit


@dataclass
class _Tally:
    imported: int = 0
    quarantined: int = 0
    left: int = 0
    duplicates: int = 0
    ids: list[str] = field(default_factory=list)


def _import_one(
    store: Store,
    box: nacl.public.SealedBox[nacl.public.PrivateKey],
    path: Path,
    now: str,
    screen: Screen,
    tally: _Tally,
) -> tuple[Path, str | None] | None:
    """One letter inside the batch's transaction: (its path, the concern id written, or
    None for a copy of one already in) once written, to be deleted after the commit;
    None when it was left or set aside."""
    tag = name_tag(path.name)
    try:
        data, age = _read(path)
    except OSError as exc:
        log.warning("letter %s not read: %s", tag, type(exc).__name__)
        tally.left += 1
        return None
    try:
        letter = read_letter(box, data)
    except errors.LetterInvalid as exc:
        if isinstance(exc, _NotOpened) and 0 <= age < FRESH_SECONDS:
            # Perhaps still arriving: a sync service writes some files in pieces. One
            # that opens is whole (the seal checks every byte), whatever it holds.
            log.info("letter %s did not open yet; left for next time", tag)
            tally.left += 1
        elif _quarantine(path, path.parent):
            log.warning("letter %s set aside: %s", tag, exc.reason)
            tally.quarantined += 1
        else:
            tally.left += 1
        return None
    try:
        with store.savepoint():
            concern = admit(letter.concern, "letterbox", screen)
            known = letter_queries.imported_as(store, letter.letter_id)
            if known is not None:
                # The same id must mean the same concern, exactly: else a person looks.
                same = known[0] is None or (
                    known[0] == concern.id
                    and queries.content_digest(store, concern.id) == _digest(to_dict(concern))
                )
                if not same:
                    raise errors.LetterInvalid("its id belongs to a different concern already")
                log.info("letter %s was imported before; the copy is removed", tag)
                return path, None
            written = _write(store, concern, now, _record(store, letter, now), batched=True)
            if not written:  # this very concern is in already: a crash, or a copy
                _record(store, letter, now)(concern)
                return path, None
    except (errors.LetterInvalid, queries.ConcernRejected) as exc:
        if _quarantine(path, path.parent):
            log.warning("letter %s set aside: %s", tag, exc.reason)
            tally.quarantined += 1
        else:
            tally.left += 1
        return None
    except Exception as exc:  # the store's trouble, not the letter's: try next time
        log.warning("letter %s not imported: %s", tag, type(exc).__name__)
        tally.left += 1
        return None
    return path, concern.id


def _record(store: Store, letter: Letter, now: str) -> Callable[[Concern], None]:
    def record(concern: Concern) -> None:
        letter_queries.record_letter(store, letter.letter_id, concern.id, letter.station, now)

    return record


def station_of(store: Store, concern_id: str) -> str | None:
    """The station a concern's letter came from ("" for the lead's own PC), or None."""
    return letter_queries.station_of(store, concern_id)


def _quarantine(path: Path, folder: Path) -> bool:
    target_dir = folder / QUARANTINE
    try:
        _make_folder(target_dir)
        # In a shared folder anyone may have put a link there first: a letter moved
        # through it would leave the letterbox for a folder of their choosing (where
        # they could delete it). Left where it is instead, and counted.
        if not stat.S_ISDIR(os.lstat(target_dir).st_mode):
            raise NotADirectoryError("the quarantine folder is not a folder")
        target, n = target_dir / path.name, 1
        while target.exists():
            target, n = target_dir / f"{path.stem}-{n}{path.suffix}", n + 1
        os.replace(path, target)
    except OSError as exc:
        log.warning("letter %s could not be set aside: %s", name_tag(path.name), type(exc).__name__)
        return False
    return True


def _remove(path: Path) -> None:
    # Only after the commit. If this fails the letter is met again next time, and its
    # digest shows it is already in.
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning(
            "letter %s imported but not deleted: %s", name_tag(path.name), type(exc).__name__
        )


# -- letters sealed to a retired letterbox key -----------------------------------------
def reseal_retired_letters(store: Store, folder: Path | Sequence[Path]) -> int:
    """Letters sealed to a letterbox key that a re-key replaced: open each with the old
    private key (kept in the store) and seal it again to the current key, in memory, so
    the ordinary import takes it. The number resealed."""
    retired = org_queries.retired_private_keys(store)
    keys = org_queries.load_org_keys(store)
    if not retired or keys is None:
        return 0
    current = nacl.public.SealedBox(nacl.public.PrivateKey(keys[1]))
    to_current = nacl.public.SealedBox(nacl.public.PublicKey(keys[0]))
    old_boxes = [nacl.public.SealedBox(nacl.public.PrivateKey(k)) for k in retired]
    resealed = 0
    folders = [folder] if isinstance(folder, Path) else list(folder)
    for path in survey(folders).letters:
        try:
            data, _age = _read(path)
        except OSError:
            continue
        if not data:  # empty or too large: the import sets it aside or leaves it
            continue
        try:
            current.decrypt(data)
            continue  # already sealed to the current key
        except nacl.exceptions.CryptoError:
            pass
        for box in old_boxes:
            try:
                plain = box.decrypt(data)
            except nacl.exceptions.CryptoError:
                continue
            try:
                atomic_write(path, bytes(to_current.encrypt(plain)), mode=_letter_mode(path.parent))
            except OSError as exc:
                log.warning("letter %s not resealed: %s", name_tag(path.name), type(exc).__name__)
            else:
                resealed += 1
            break
    if resealed:
        log.info("%d letter(s) sealed to a retired letterbox key were resealed", resealed)
    return resealed


# -- the store --------------------------------------------------------------------------
def save_direct(
    store: Store,
    concern: Concern,
    now: str,
    also: Callable[[Concern], object] | None = None,
    *,
    screen: Screen,
) -> Concern:
    """Save a concern straight into an unlocked store (source "direct"); the concern as
    saved. The same checks and writer as a letter, `screen` as for a letter. `also` (the
    audit line) runs inside the concern's own transaction, so a crash leaves both or
    neither."""
    try:
        # The route decides the source; the tier is worked out again, as for a letter.
        checked = admit(from_dict(to_dict(concern)), "direct", screen)
        _write(store, checked, now, also)
    except Exception as exc:  # the form shows one plain message; the rest is logged
        log.warning("concern %s not saved: %s", _ref(concern), type(exc).__name__)
        raise errors.ConcernNotSaved() from exc
    log.info("concern %s saved", _ref(concern))
    return checked


def _digest(data: dict[str, Any]) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _write(
    store: Store,
    concern: Concern,
    now: str,
    also: Callable[[Concern], object] | None = None,
    *,
    batched: bool = False,
) -> bool:
    """Write the concern in one transaction (`batched`: inside the caller's, which
    commits it); False when this very concern is already in (a letter met again after a
    crash between the commit and its deletion)."""
    data = to_dict(concern)
    digest = _digest(data)
    existing = queries.content_digest(store, concern.id)
    if existing is not None:
        if existing == digest:
            return False
        # Never overwrite, never drop: the letter is set aside for a person to look at.
        raise errors.LetterInvalid("its reference belongs to a different concern already")
    record = to_record(data, digest, now)
    with contextlib.nullcontext() if batched else store.transaction():
        queries.insert_concern(store, record, now)
        # Searchable from the moment it is stored, in the same transaction.
        search_index.index_concern(store, concern.id, search_text(concern))
        if also is not None:
            also(concern)
    return True


def to_record(data: dict[str, Any], digest: str, now: str) -> ConcernRecord:
    """`to_dict` output as the rows db/concerns.py writes."""
    columns = {k: v for k, v in data.items() if k not in _NOT_COLUMNS}
    if set(columns) | {"imported_at", "content_digest"} != set(queries.CONCERN_COLUMNS) or (
        set(data["young_person"]) != set(queries.YOUNG_PERSON_COLUMNS)
    ):
        # A model field with no column would be dropped silently: refuse instead.
        raise RuntimeError("the store has no column for a field of the concern")
    subjects = []
    for key, kind in _LISTS.items():
        for position, item in enumerate(data[key]):
            # Contacts carry their own kind (phone or username); the rest take the list's.
            subjects.append({**item, "kind": kind or item["kind"], "position": position})
    return {
        "concern": {**columns, "imported_at": now, "content_digest": digest},
        "young_person": data["young_person"],
        "indicators": [
            {**answer, "position": i, "checklist_version": data["checklist_version"]}
            for i, answer in enumerate(data["indicators"])
        ],
        "subjects": subjects,
    }


def from_record(record: ConcernRecord) -> dict[str, Any]:
    """The rows of one concern back as `to_dict` output."""
    data = {
        k: v for k, v in record["concern"].items() if k not in ("imported_at", "content_digest")
    }
    data["young_person"] = dict(record["young_person"])
    data["indicators"] = [
        {k: v for k, v in row.items() if k not in ("position", "checklist_version")}
        for row in record["indicators"]
    ]
    for key in _LISTS:
        data[key] = []
    by_kind = {kind: key for key, kind in _LISTS.items() if kind}
    for row in record["subjects"]:
        item = {k: v for k, v in row.items() if k not in ("kind", "position")}
        if row["kind"] in by_kind:
            data[by_kind[row["kind"]]].append(item)
        else:
            data["contacts"].append({"kind": row["kind"], **item})
    return data


def load_concern(store: Store, concern_id: str) -> Concern:
    """The concern exactly as it was recorded."""
    record = queries.load_concern(store, concern_id)
    if record is None:
        raise errors.ConcernMissing()
    return from_dict(from_record(record))
