"""Stations: one lead, many PCs and accounts (design.md, "Stations").

The letterbox is a folder, so it can live where every volunteer can write: a folder
shared by all accounts on the PC, a network share, or a folder a sync service keeps in
step. The lead's unlock imports from every letterbox folder it knows (the data folder's
own, plus those in Settings).

A **volunteer station** is the app without records: the lead exports an enrolment file
(the organisation, its area and service numbers, the public key and its fingerprint
words, the letterbox folder; nothing about any person), and running the app with it
makes a station data folder holding:

- `station-key.json`: the organisation's public key, which sealing reads;
- `station.json`: the station's name (shown to the lead with each letter it sends), the
  letterbox folder and the key's digest pinned at enrolment.

A station whose key file no longer matches the pin refuses to seal and says why: someone
may have swapped the key to read what volunteers write.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from app.core import errors, host
from app.core.atomic import atomic_write
from app.core.paths import AppPaths
from app.core.settings import BY_KEY, AppSettings, check_value
from app.core.small_files import read_small
from app.intake.concern.model import Concern
from app.intake.letterbox import check_station_name, seal

log = logging.getLogger(__name__)

ENROLMENT_FORMAT = "cse-toolkit-enrolment"
ENROLMENT_VERSION = 1
ENROLMENT_SUFFIX = ".cse-enrol"
STATION_FORMAT = "cse-toolkit-station"
STATION_KEY_FORMAT = "cse-toolkit-station-key"
STATION_FILE = "station.json"
STATION_KEY_FILE = "station-key.json"
# An enrolment file is a few hundred bytes; anything this big is not one.
MAX_ENROLMENT_BYTES = 64 * 1024
# Public service numbers only (the same ones a volunteer sees on the wall leaflet).
CONTACT_KEYS = (
    "duty_team_label",
    "duty_team_phone",
    "duty_team_note",
    "out_of_hours_phone",
    "police_non_emergency",
    "police_website",
    "lado_label",
    "lado_phone",
    "lado_note",
    "lead_phone",
    "deputy_phone",
    "trustee_phone",
)
_WORD = re.compile(r"^[a-z]{2,12}$")
_FIELDS = {
    "format",
    "version",
    "organisation",
    "area",
    "contacts",
    "public_key",
    "fingerprint",
    "letterbox",
}
# Linux: the shared folder is the lead's, group-writable, new files take its group
# (setgid) and nobody but a file's owner or the folder's owner may delete it (sticky).
SHARED_MODE = 0o3770


class Enrolment(NamedTuple):
    organisation: str
    area: str
    contacts: dict[str, str]
    public_key: bytes
    fingerprint: list[str]
    letterbox: str


class Station(NamedTuple):
    name: str
    letterbox: Path
    pinned: str  # sha256 hex of the public key at enrolment
    fingerprint: list[str]
    organisation: str


# -- letterbox folders ------------------------------------------------------------------
def letterbox_folders(paths: AppPaths, settings: AppSettings) -> list[Path]:
    """Every letterbox folder the lead's unlock imports from: the data folder's own
    first, then those set in Settings, each once."""
    found: list[Path] = []
    seen: set[str] = set()
    for folder in (paths.letterbox, *(Path(f) for f in settings.get("letterbox_folders"))):
        key = os.path.normcase(os.path.abspath(folder))
        if key not in seen:
            seen.add(key)
            found.append(folder)
    return found


def suggested_shared_folder(environ: dict[str, str] | None = None) -> Path:
    """Where setup offers to put a letterbox every account on this PC can write to."""
    environ = dict(os.environ) if environ is None else environ
    if host.windows():
        public = environ.get("PUBLIC") or r"C:\Users\Public"
        return Path(public) / "Documents" / "CSE Toolkit letterbox"
    return Path("/srv/cse-toolkit/letterbox")


def make_shared_folder(folder: Path, group: int | None = None) -> None:
    """Create (or tighten) a letterbox shared by the accounts on this PC.

    POSIX: owned by this (the lead's) account, `group` (a gid) may write, and the
    sticky bit stops one volunteer deleting another's letter. Windows: the folder only;
    Windows has no sticky bit and Python no ACLs, so the installer's letterbox option
    sets "create files, no delete" on it (packaging/windows/installer.nsi).
    """
    folder.mkdir(parents=True, exist_ok=True)
    if not host.posix():
        return
    if group is not None:
        os.chown(folder, -1, group)
    folder.chmod(SHARED_MODE)


def shared_folder_problem(folder: Path) -> str | None:
    """A plain reason a shared letterbox is not set up safely, or None."""
    try:
        info = folder.stat()
    except OSError:
        return "The shared letterbox folder is not there."
    if not stat.S_ISDIR(info.st_mode):
        return "The shared letterbox is not a folder."
    # Windows: only that it is a folder. Its ACL (set by the installer) cannot be read
    # without the Windows API, and its mode bits mean nothing there.
    if host.posix():
        if not info.st_mode & stat.S_ISVTX:
            return "Anyone who can post a concern there could delete others' concerns."
        if info.st_mode & stat.S_IWOTH:
            return "Every account on this computer can change that folder."
    return None


# -- enrolment files --------------------------------------------------------------------
def enrolment_doc(enrolment: Enrolment) -> dict[str, Any]:
    return {
        "format": ENROLMENT_FORMAT,
        "version": ENROLMENT_VERSION,
        "organisation": enrolment.organisation,
        "area": enrolment.area,
        "contacts": dict(enrolment.contacts),
        "public_key": base64.b64encode(enrolment.public_key).decode("ascii"),
        "fingerprint": list(enrolment.fingerprint),
        "letterbox": enrolment.letterbox,
    }


def export_enrolment(path: Path, enrolment: Enrolment) -> None:
    """Write the enrolment file for a volunteer PC. Nothing in it is secret or personal."""
    body = json.dumps(enrolment_doc(enrolment), indent=2, ensure_ascii=True) + "\n"
    try:
        atomic_write(path, body.encode("ascii"), mode=0o644)
    except OSError as exc:
        log.warning("enrolment file not written: %s", type(exc).__name__)
        raise errors.EnrolmentNotSaved() from exc
    log.info("enrolment file written")


def read_enrolment(path: Path, words_of: Callable[[bytes], Sequence[str]]) -> Enrolment:
    """The enrolment in `path`, checked strictly; EnrolmentInvalid saying (safely) why.

    `words_of` turns a public key into its fingerprint words (app/keys/key_words.py,
    passed in: intake does not import keys); the file's words must agree with its key.
    """
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_ENROLMENT_BYTES + 1)
    except OSError as exc:
        raise errors.EnrolmentInvalid("the file could not be read") from exc
    if len(raw) > MAX_ENROLMENT_BYTES:
        raise errors.EnrolmentInvalid("it is too large to be an enrolment file")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise errors.EnrolmentInvalid("it is not an enrolment file") from None
    return enrolment_from_doc(doc, words_of)


def enrolment_from_doc(doc: object, words_of: Callable[[bytes], Sequence[str]]) -> Enrolment:
    if not isinstance(doc, dict) or doc.get("format") != ENROLMENT_FORMAT:
        raise errors.EnrolmentInvalid("it is not an enrolment file")
    if doc.get("version") != ENROLMENT_VERSION or isinstance(doc.get("version"), bool):
        raise errors.EnrolmentInvalid("it was made by a different version of the toolkit")
    if set(doc) != _FIELDS:
        raise errors.EnrolmentInvalid("it has fields this version does not know, or lacks some")
    organisation, area = doc["organisation"], doc["area"]
    if not _plain_text(organisation, 120) or not organisation.strip():
        raise errors.EnrolmentInvalid("the organisation's name is missing or not plain text")
    if not _plain_text(area, 120):
        raise errors.EnrolmentInvalid("the area is not plain text")
    contacts = doc["contacts"]
    if not isinstance(contacts, dict) or not set(contacts) <= set(CONTACT_KEYS):
        raise errors.EnrolmentInvalid("the local numbers are not ones the toolkit knows")
    for key, value in contacts.items():
        if check_value(BY_KEY[key], value) is not None:
            raise errors.EnrolmentInvalid(f"the local number {key} is not valid")
    try:
        public_key = base64.b64decode(str(doc["public_key"]), validate=True)
    except (ValueError, TypeError):
        public_key = b""
    if not isinstance(doc["public_key"], str) or len(public_key) != 32:
        raise errors.EnrolmentInvalid("the organisation's key is not a key")
    words = doc["fingerprint"]
    if not isinstance(words, list) or not all(isinstance(w, str) and _WORD.match(w) for w in words):
        raise errors.EnrolmentInvalid("the fingerprint words are not words")
    if list(words) != list(words_of(public_key)):
        raise errors.EnrolmentInvalid("the fingerprint words do not belong to the key")
    letterbox = doc["letterbox"]
    if not _plain_text(letterbox, 400) or not letterbox or not _is_absolute(letterbox):
        raise errors.EnrolmentInvalid("the letterbox folder is not a full folder path")
    return Enrolment(organisation, area, dict(contacts), public_key, list(words), letterbox)


def _plain_text(value: object, limit: int) -> bool:
    return (
        isinstance(value, str)
        and len(value) <= limit
        and not any(ord(ch) < 32 or ord(ch) == 127 for ch in value)
    )


def _is_absolute(folder: str) -> bool:
    # A Windows enrolment read on Windows, a POSIX one on POSIX: both forms accepted so
    # the file's check does not depend on where it is read.
    return Path(folder).is_absolute() or bool(re.match(r"^(?:[A-Za-z]:\\|\\\\)", folder))


# -- volunteer stations ------------------------------------------------------------------
def key_digest(public_key: bytes) -> str:
    return hashlib.sha256(public_key).hexdigest()


def is_station(paths: AppPaths) -> bool:
    return paths.station.exists()


def enrol(paths: AppPaths, enrolment: Enrolment, station_name: str) -> Station:
    """Make this data folder a volunteer station for the organisation in `enrolment`."""
    reason = check_station_name(station_name)
    if reason:
        raise errors.InvalidInput({"station_name": reason})
    if paths.store.exists() or paths.keyring.exists():
        raise errors.StationOverRecords()
    paths.ensure()
    station = Station(
        name=station_name.strip(),
        letterbox=Path(enrolment.letterbox),
        pinned=key_digest(enrolment.public_key),
        fingerprint=list(enrolment.fingerprint),
        organisation=enrolment.organisation,
    )
    key_doc = {
        "format": STATION_KEY_FORMAT,
        "version": 1,
        "public_key": base64.b64encode(enrolment.public_key).decode("ascii"),
    }
    station_doc = {
        "format": STATION_FORMAT,
        "version": 1,
        "name": station.name,
        "letterbox": str(station.letterbox),
        "pinned": station.pinned,
        "fingerprint": station.fingerprint,
        "organisation": station.organisation,
    }
    atomic_write(paths.data / STATION_KEY_FILE, _json(key_doc))
    # The service numbers, so Help and the thank-you page show the organisation's own.
    settings = AppSettings.load(paths.settings)
    settings.update({"area": enrolment.area, **enrolment.contacts})
    atomic_write(paths.station, _json(station_doc))  # last: the commit point
    log.info("this data folder is now a volunteer station")
    return station


def _json(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, indent=2, ensure_ascii=True) + "\n").encode("ascii")


def load_station(paths: AppPaths) -> Station | None:
    """This data folder's station, None when it is not one; StationDamaged if unreadable."""
    path = paths.station
    try:
        doc = json.loads(read_small(path, MAX_ENROLMENT_BYTES).decode("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise errors.StationDamaged() from exc
    expected = {"format", "version", "name", "letterbox", "pinned", "fingerprint", "organisation"}
    if (
        not isinstance(doc, dict)
        or set(doc) != expected
        or doc["format"] != STATION_FORMAT
        or doc["version"] != 1
        or not isinstance(doc["name"], str)
        or check_station_name(doc["name"])
        or not isinstance(doc["letterbox"], str)
        or not isinstance(doc["pinned"], str)
        or not re.fullmatch(r"[0-9a-f]{64}", doc["pinned"])
        or not isinstance(doc["fingerprint"], list)
        or not all(isinstance(w, str) for w in doc["fingerprint"])
        or not isinstance(doc["organisation"], str)
    ):
        raise errors.StationDamaged()
    return Station(
        doc["name"],
        Path(doc["letterbox"]),
        doc["pinned"],
        list(doc["fingerprint"]),
        doc["organisation"],
    )


def station_key(paths: AppPaths) -> bytes:
    """The public key in the station's key file; StationKeyChanged if it is not a key."""
    try:
        doc = json.loads(
            read_small(paths.data / STATION_KEY_FILE, MAX_ENROLMENT_BYTES).decode("utf-8")
        )
        if not isinstance(doc, dict) or doc.get("format") != STATION_KEY_FORMAT:
            raise ValueError("not a station key file")
        key = base64.b64decode(str(doc["public_key"]), validate=True)
    except (OSError, UnicodeDecodeError, ValueError, KeyError, RecursionError) as exc:
        raise errors.StationKeyChanged() from exc
    if len(key) != 32:
        raise errors.StationKeyChanged()
    return key


def seal_at_station(paths: AppPaths, station: Station, concern: Concern) -> Path:
    """Seal a concern to the key pinned at enrolment; refuse if the key file changed."""
    public_key = station_key(paths)
    if key_digest(public_key) != station.pinned:
        log.warning("station key file does not match the key pinned at enrolment")
        raise errors.StationKeyChanged()
    if not station.letterbox.is_dir():
        # Never a new private folder in its place: nobody would ever collect from it.
        log.warning("station letterbox folder not reachable")
        raise errors.LetterboxUnreachable()
    return seal(concern, public_key, station.letterbox, station.name)
