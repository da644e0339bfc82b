"""The letterbox: concerns sealed by volunteers who cannot unlock, imported by a lead.

A letter is one file, `letterbox/<utc-time>-<random>.letter`, holding
SealedBox(organisation's public key) of a small JSON envelope around the concern. Only
the private key inside the store opens it, so a volunteer cannot read back what anyone
wrote. On unlock each letter is imported in its own transaction and deleted only after
the commit; a letter that cannot be opened or read is moved to `letterbox/quarantine/`,
never dropped and never half-imported.

Nothing here logs or raises anything but file names (a time and random hex), concern
references, field names and counts.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import nacl.exceptions
import nacl.public

from app.core import errors
from app.core.atomic import atomic_write
from app.intake.concern.admit import Screen, admit
from app.intake.concern.codec import from_dict, to_dict
from app.intake.concern.model import Concern
from app.intake.concern.reference import is_reference
from app.intake.concern.search_text import search_text
from db import concerns as queries
from db import organisation as org_queries
from db import records as search_index
from db.concerns import ConcernRecord
from db.store import Store

log = logging.getLogger(__name__)

FORMAT = "cse-toolkit-letter"
VERSION = 1
SUFFIX = ".letter"
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
    # Letters the store could not take this time (it could not write): they stay in the
    # letterbox and are tried again at the next unlock.
    left: int = 0


# -- sealing ----------------------------------------------------------------------------
def envelope(concern: Concern) -> bytes:
    """The plaintext of a letter: JSON, ASCII-only (so any text at all encodes), padded."""
    doc = {"format": FORMAT, "version": VERSION, "concern": to_dict(concern)}
    body = json.dumps(doc, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    return body + b" " * (-len(body) % PAD_TO)


def seal(concern: Concern, public_key: bytes, folder: Path) -> Path:
    """Seal `concern` to the organisation and post it; the new letter's path.

    Content is never checked here (the form does that before Send): a part-filled
    concern sealed on a timeout must go through whatever it holds.
    """
    if concern.source != "letterbox":
        concern = replace(concern, source="letterbox")  # the route decides the source
    try:
        sealed = nacl.public.SealedBox(nacl.public.PublicKey(public_key)).encrypt(envelope(concern))
        _make_folder(folder)
        path = _new_letter_path(folder)
        atomic_write(path, bytes(sealed))
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
    # one that was there already may not be ours to change.
    if os.name == "posix":
        folder.chmod(0o700)


def _new_letter_path(folder: Path) -> Path:
    # The name orders letters oldest first and says nothing about what is inside.
    while True:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        path = folder / f"{stamp}-{secrets.token_hex(8)}{SUFFIX}"
        if not path.exists():
            return path


# -- opening ----------------------------------------------------------------------------
def pending(folder: Path) -> list[Path]:
    """Letters waiting in `folder`, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(
        (p for p in folder.iterdir() if p.suffix == SUFFIX and p.is_file()),
        key=lambda p: p.name,
    )


def open_letter(box: nacl.public.SealedBox[nacl.public.PrivateKey], data: bytes) -> Concern:
    """The concern in a letter's bytes, or LetterInvalid saying (safely) why not."""
    if len(data) > MAX_LETTER_BYTES or not data:
        raise errors.LetterInvalid("it is empty, or too large to be a concern")
    try:
        plain = box.decrypt(data)
    except nacl.exceptions.CryptoError:
        raise errors.LetterInvalid(
            "it was not sealed to this organisation's key, or it is damaged"
        ) from None
    try:
        doc = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise errors.LetterInvalid("it does not hold a concern") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise errors.LetterInvalid("it does not hold a concern")
    if doc.get("version") != VERSION:
        raise errors.LetterInvalid("it was written by a different version of the toolkit")
    if set(doc) != {"format", "version", "concern"}:
        raise errors.LetterInvalid("its envelope has fields this version does not know")
    return from_dict(doc["concern"])


def import_letters(
    store: Store, private_key: bytes, folder: Path, now: str, *, screen: Screen
) -> ImportReport:
    """Import every waiting letter, oldest first, each in its own transaction; `screen`
    (app.screening.rules.screen_concern) works each one's tier out again."""
    box = nacl.public.SealedBox(nacl.public.PrivateKey(private_key))
    imported, quarantined, left, ids = 0, 0, 0, []
    for path in pending(folder):
        try:
            data = b"" if path.stat().st_size > MAX_LETTER_BYTES else path.read_bytes()
        except OSError as exc:
            log.warning("letter %s not read: %s", path.name, type(exc).__name__)
            left += 1
            continue
        try:
            concern = admit(open_letter(box, data), "letterbox", screen)
            _write(store, concern, now)
        except (errors.LetterInvalid, queries.ConcernRejected) as exc:
            if _quarantine(path, folder):
                log.warning("letter %s set aside: %s", path.name, exc.reason)
                quarantined += 1
            else:
                left += 1
            continue
        except Exception as exc:  # the store's trouble, not the letter's: try next time
            log.warning("letter %s not imported: %s", path.name, type(exc).__name__)
            left += 1
            continue
        imported += 1
        ids.append(concern.id)
        _remove(path)
    return ImportReport(imported, quarantined, ids, left)


def _quarantine(path: Path, folder: Path) -> bool:
    target_dir = folder / QUARANTINE
    try:
        _make_folder(target_dir)
        target, n = target_dir / path.name, 1
        while target.exists():
            target, n = target_dir / f"{path.stem}-{n}{path.suffix}", n + 1
        os.replace(path, target)
    except OSError as exc:
        log.warning("letter %s could not be set aside: %s", path.name, type(exc).__name__)
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
        log.warning("letter %s imported but not deleted: %s", path.name, type(exc).__name__)


# -- letters sealed to a retired letterbox key -----------------------------------------
def reseal_retired_letters(store: Store, folder: Path) -> int:
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
    for path in pending(folder):
        try:
            if path.stat().st_size > MAX_LETTER_BYTES:
                continue
            data = path.read_bytes()
        except OSError:
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
                atomic_write(path, bytes(to_current.encrypt(plain)))
            except OSError as exc:
                log.warning("letter %s not resealed: %s", path.name, type(exc).__name__)
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
    store: Store, concern: Concern, now: str, also: Callable[[Concern], object] | None = None
) -> bool:
    """Write the concern in one transaction; False when this very concern is already in
    (a letter met again after a crash between the commit and its deletion)."""
    data = to_dict(concern)
    digest = _digest(data)
    existing = queries.content_digest(store, concern.id)
    if existing is not None:
        if existing == digest:
            return False
        # Never overwrite, never drop: the letter is set aside for a person to look at.
        raise errors.LetterInvalid("its reference belongs to a different concern already")
    record = to_record(data, digest, now)
    with store.transaction():
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
