"""The handover file: one encrypted file carrying chosen records to another installation.

Layout: one plaintext header line, then a PyNaCl SecretBox ciphertext.

    {"format":"cse-toolkit-handover","version":1,"kdf":{...,"salt":…},"check":…}\\n
    <SecretBox(key, plain)>

The header says only what is needed to try a passphrase: the format, its version, the
Argon2id parameters and salt, and `check` (a SecretBox of a fixed phrase under the same
key). No names, no counts, no dates. The key is Argon2id of a ONE-TIME passphrase the app
makes (120 random bits, grouped like the recovery code, with a check character so a slip
is caught before the slow derivation). `check` tells a wrong passphrase apart from a file
cut short or changed on the way: the first opens nothing, the second opens the check but
not the body. Editing the header changes the key or the check, so it fails too.

`plain` is an 8-byte length, zlib-compressed JSON (the payload), then zero bytes to a
whole PAD_TO, so the file's size says little about how many records it holds.

Nothing here touches the store; reading and checking a payload is pure, so it can run
off the GUI thread. Errors name fields and kinds, never what a record holds.
"""

from __future__ import annotations

import base64
import json
import os
import re
import struct
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, BinaryIO

import nacl.exceptions
import nacl.secret
import nacl.utils

from app.core import errors
from app.core.atomic import atomic_write
from app.core.text_checks import HIDDEN_IN_NAME, checked_name, has_hidden
from app.intake.concern.codec import from_dict, to_dict
from app.intake.concern.reference import is_reference
from app.keys.kdf import ALGORITHM, SALT_BYTES, KdfParams, derive
from app.keys.recovery_code import generate, normalise

FORMAT = "cse-toolkit-handover"
VERSION = 1
PAYLOAD_FORMAT = "cse-toolkit-handover-records"
SUFFIX = ".cse-handover"
CHECK_PHRASE = b"cse-toolkit-handover check v1"
PAD_TO = 64 * 1024
MAX_HEADER = 4096
# Far above any real organisation's records (thousands of concerns are a few MiB of
# JSON); a planted giant is refused before it is read, and the payload is inflated in
# chunks that stop at the cap, whatever its length field says.
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_PAYLOAD_BYTES = 64 * 1024 * 1024
_INFLATE_CHUNK = 1 << 20
# Key derivation parameters a real file can carry: a planted header must not make the
# receiving PC spend minutes or gigabytes before the passphrase is even checked.
MAX_OPSLIMIT = 64
MAX_MEMLIMIT = 1024 * 1024 * 1024
_LENGTH = struct.Struct(">Q")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


# -- the one-time passphrase -------------------------------------------------------------
def new_passphrase() -> str:
    """A one-time passphrase: 120 random bits and a check character, in five groups of
    five (the recovery code's alphabet: no I, L, O or U, so it can be read aloud)."""
    return generate()


def normalise_passphrase(typed: str) -> str:
    """The canonical form of a typed passphrase; HandoverPassphraseMistyped when the check
    character shows a slip (no key derivation is run then)."""
    found = normalise(typed)
    if found is None:
        raise errors.HandoverPassphraseMistyped()
    return found


# -- writing -----------------------------------------------------------------------------
def encode_payload(payload: dict[str, Any]) -> bytes:
    """The payload as the bytes that get encrypted: length, compressed JSON, padding."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    packed = zlib.compress(body, 6)
    plain = _LENGTH.pack(len(packed)) + packed
    return plain + bytes(-len(plain) % PAD_TO)


def seal(plain: bytes, passphrase: str, params: KdfParams) -> tuple[bytes, bytes]:
    """(header line, ciphertext) for `plain` under the one-time passphrase."""
    salt = nacl.utils.random(SALT_BYTES)
    box = nacl.secret.SecretBox(derive(normalise_passphrase(passphrase), salt, params))
    header = {
        "format": FORMAT,
        "version": VERSION,
        "kdf": {
            "algorithm": params.algorithm,
            "opslimit": params.opslimit,
            "memlimit": params.memlimit,
            "salt": _b64(salt),
        },
        "check": _b64(bytes(box.encrypt(CHECK_PHRASE))),
    }
    line = json.dumps(header, separators=(",", ":"), sort_keys=True).encode("ascii") + b"\n"
    return line, bytes(box.encrypt(plain))


def write_file(path: Path, payload: dict[str, Any], passphrase: str, params: KdfParams) -> int:
    """Encrypt `payload` and write it to `path` atomically; the file's size in bytes.

    Nothing plaintext reaches the disk: the payload is compressed and encrypted in
    memory, and only the ciphertext goes through atomic_write (temp file in the same
    folder, fsync, rename). A write that fails (a full USB stick) leaves no partial file
    and whatever was at `path` before untouched; it raises HandoverNotSaved.
    """
    header, sealed = seal(encode_payload(payload), passphrase, params)

    def writer(fh: BinaryIO) -> None:
        fh.write(header)
        # In slices, so a disk that fills part-way fails part-way, as a real one does.
        view = memoryview(sealed)
        for start in range(0, len(view), 1024 * 1024):
            fh.write(view[start : start + 1024 * 1024])

    try:
        atomic_write(Path(path), writer)
    except OSError as exc:
        raise errors.HandoverNotSaved() from exc
    return len(header) + len(sealed)


# -- reading -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Header:
    params: KdfParams
    salt: bytes
    check: bytes


def read_header(data: bytes) -> tuple[Header, bytes]:
    """The header and the ciphertext after it; NotAHandoverFile / HandoverTooNew."""
    end = data.find(b"\n", 0, MAX_HEADER)
    if end < 0:
        raise errors.NotAHandoverFile()
    try:
        doc = json.loads(data[:end].decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise errors.NotAHandoverFile() from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise errors.NotAHandoverFile()
    version = doc.get("version")
    if type(version) is int and version > VERSION:
        raise errors.HandoverTooNew()
    if version != VERSION or not isinstance(doc.get("kdf"), dict):
        raise errors.NotAHandoverFile()
    kdf = doc["kdf"]
    ops, mem = kdf.get("opslimit"), kdf.get("memlimit")
    if (
        kdf.get("algorithm") != ALGORITHM
        or type(ops) is not int
        or type(mem) is not int
        or not 1 <= ops <= MAX_OPSLIMIT
        or not 8192 <= mem <= MAX_MEMLIMIT
    ):
        raise errors.NotAHandoverFile()
    try:
        salt, check = _unb64(kdf.get("salt")), _unb64(doc.get("check"))
    except (ValueError, UnicodeEncodeError):
        raise errors.NotAHandoverFile() from None
    if len(salt) != SALT_BYTES:
        raise errors.NotAHandoverFile()
    return Header(KdfParams(ops, mem, ALGORITHM), salt, check), data[end + 1 :]


def read_file(path: Path) -> bytes:
    """The file's bytes: its header line is checked first, so any other file is refused
    after MAX_HEADER bytes; a file over MAX_FILE_BYTES (by its size, or by what is
    actually read from it) is refused without reading more."""
    try:
        if not Path(path).is_file():  # a folder, or a pipe that would never end
            raise errors.HandoverFileUnreadable()
        with Path(path).open("rb") as fh:
            head = fh.read(MAX_HEADER)
            read_header(head)  # NotAHandoverFile / HandoverTooNew for anything else
            if os.fstat(fh.fileno()).st_size > MAX_FILE_BYTES:
                raise errors.NotAHandoverFile()
            data = bytearray(head)
            # In chunks: read(n) sets n bytes aside at once, however short the file.
            while chunk := fh.read(_INFLATE_CHUNK):
                data += chunk
                if len(data) > MAX_FILE_BYTES:
                    raise errors.NotAHandoverFile()  # it grew while it was read
    except OSError:
        raise errors.HandoverFileUnreadable() from None
    return bytes(data)


def open_bytes(
    data: bytes, passphrase: str, concerns: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The payload inside a handover file's bytes, checked (see check_payload).

    HandoverPassphraseMistyped: a slip the check character caught (no derivation run).
    HandoverWrongPassphrase: the passphrase does not open this file.
    HandoverDamaged: the passphrase is right, but the file was cut short or changed.
    """
    header, sealed = read_header(data)
    code = normalise_passphrase(passphrase)
    box = nacl.secret.SecretBox(derive(code, header.salt, header.params))
    try:
        if box.decrypt(header.check) != CHECK_PHRASE:
            raise errors.HandoverWrongPassphrase()
    except nacl.exceptions.CryptoError:
        raise errors.HandoverWrongPassphrase() from None
    try:
        plain = box.decrypt(sealed)
    except (nacl.exceptions.CryptoError, ValueError):
        raise errors.HandoverDamaged() from None
    return check_payload(_unpack(plain), concerns)


def _unpack(plain: bytes) -> Any:
    if len(plain) < _LENGTH.size:
        raise errors.HandoverDamaged()
    (length,) = _LENGTH.unpack_from(plain)
    packed = plain[_LENGTH.size : _LENGTH.size + length]
    if len(packed) != length or any(plain[_LENGTH.size + length :]):
        raise errors.HandoverDamaged()
    inflate = zlib.decompressobj()
    body = bytearray()  # grown in place: no second copy of the whole payload
    pending = packed
    try:
        while not inflate.eof:
            chunk = inflate.decompress(pending, _INFLATE_CHUNK)
            if len(body) + len(chunk) > MAX_PAYLOAD_BYTES:
                raise errors.HandoverDamaged("it holds more than a handover can")
            body += chunk
            pending = inflate.unconsumed_tail
            if not chunk and not pending:
                break  # input used up before the end: cut short
    except zlib.error:
        raise errors.HandoverDamaged() from None
    if inflate.unconsumed_tail or not inflate.eof:
        raise errors.HandoverDamaged()
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise errors.HandoverDamaged() from None


# -- the payload's shape -----------------------------------------------------------------
# Each kind of row: field → the JSON types it may hold. The concern itself is checked by
# the concern codec (app/intake/concern/codec.py), the young person's details by the same codec.
_S, _SN, _I, _IN, _B = (str,), (str, type(None)), (int,), (int, type(None)), (bool,)
_L, _D = (list,), (dict,)
TOP = {
    "format": _S,
    "version": _I,
    "bundle_id": _S,
    "made_at": _S,
    "from_organisation": _S,
    "young_people": _L,
    "training": (dict, type(None)),
}
# Added after the first files were made (the training log, migration 0017): a file
# without it is read as carrying none. Only a handover of all records carries it.
TOP_LATER: dict[str, Any] = {"training": None}
TRAINING = {"refresher_years": _IN, "volunteers": _L, "sessions": _L}
VOLUNTEER = {"key": _I, "name": _S, "active": _B, "added_at": _S}
TRAINING_SESSION = {
    "held_on": _S,
    "topic": _S,
    "led_by": _S,
    "recorded_at": _S,
    "attendees": _L,
}
# The training log's own limits (app/casework/training.py), so a planted file cannot
# put in what the app would refuse.
_MAX_TOPIC, _MAX_NAME = 200, 120
PERSON = {
    "key": _I,
    "details": _D,
    "created_at": _S,
    "also_recorded_as": _L,
    "merges": _L,
    "concerns": _L,
    "entries": _L,
    "tasks": _L,
    "keeping": _D,
}
# The retention review's decisions travel with the records (app/keeping/retention.py).
KEEPING = {
    "cse_alleged": _B,
    "cse_alleged_on": _SN,
    "review_after": _SN,
    "review_after_reason": _S,
}
OTHER_RECORD = {"key": _I, "details": _D, "created_at": _S}
MERGE = {
    "kept": _I,
    "merged": _I,
    "at": _S,
    "different_dob": _B,
    "concerns": _L,
    "entries": _L,
    "tasks": _L,
}
CONCERN = {
    "concern": _D,
    "content_digest": _S,
    "imported_at": _S,
    "amendments": _L,
    "review": (dict, type(None)),
    "decisions": _L,
    "referrals": _L,
    "lado_contacts": _L,
}
# Added after the first files were made (LADO contacts, migration 0014): a file without
# them is read as having none.
CONCERN_LATER = {"lado_contacts": list}
AMENDMENT = {"version": _I, "at": _S, "reason": _S, "changes": _D, "digest": _S}
REVIEW = {
    "status": _S,
    "lead_tier": _SN,
    "lead_tier_reason": _S,
    "review_on": _SN,
    "parents_told": _S,
    "parents_not_told_reason": _S,
    "updated_at": _S,
}
DECISION = {
    "at": _S,
    "kind": _S,
    "status": _S,
    "referred_to": _S,
    "referred_to_other": _S,
    "reason": _S,
    "review_on": _SN,
    "lead_tier": _SN,
    "parents_told": _S,
}
REFERRAL = {
    "phoned_at": _S,
    "to_whom": _S,
    "taken_by": _S,
    "reference": _S,
    "written_due_at": _S,
    "written_sent_at": _SN,
    "created_at": _S,
}
LADO = {
    "contacted_at": _S,
    "spoke_to": _S,
    "their_reference": _S,
    "outcome": _S,
    "created_at": _S,
}
ENTRY = {"key": _I, "happened_on": _S, "kind": _S, "summary": _S, "recorded_at": _S}
TASK = {
    "key": _I,
    "concern": _SN,
    "on_young_person": _B,
    "text": _S,
    "due_on": _S,
    "done_at": _SN,
    "created_at": _S,
}


def _shape(value: Any, spec: Mapping[str, tuple[type, ...]], where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != set(spec):
        raise errors.HandoverDamaged(f"{where} does not have the fields this version reads")
    for key, kinds in spec.items():
        item = value[key]
        # type() rather than isinstance(): JSON true is not the number 1.
        if type(item) not in kinds:
            raise errors.HandoverDamaged(f"{where}: {key} is not of the right kind")
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise errors.HandoverDamaged(f"{where}: {key} has broken characters") from None
    return value


def _rows(value: list[Any], spec: Mapping[str, tuple[type, ...]], where: str) -> list[Any]:
    return [_shape(item, spec, where) for item in value]


def _check_keeping(kept: Any) -> None:
    _shape(kept, KEEPING, "how long to keep the records")
    for key in ("cse_alleged_on", "review_after"):
        if kept[key] is not None:
            try:
                date.fromisoformat(kept[key][:10])
            except ValueError:
                raise errors.HandoverDamaged("a keeping date is not readable") from None
    if len(kept["review_after_reason"]) > 2000:
        raise errors.HandoverDamaged("a keeping reason is too long")


def _check_training(log: Any) -> None:
    _shape(log, TRAINING, "the training log")
    if log["refresher_years"] not in (None, 1, 2, 3):
        raise errors.HandoverDamaged("the training log's refresher interval is not readable")
    keys: set[int] = set()
    for person in _rows(log["volunteers"], VOLUNTEER, "a volunteer"):
        # The checks the log puts a typed name through, so a planted file cannot bring
        # in a name the lead could not type (text_checks.checked_name). Two names the log
        # takes for one (an older version kept "Zoë Ng" beside "ZOË NG") are not refused:
        # the import makes them one volunteer (handover.Handover._write_training).
        name, problem = checked_name(person["name"], max_length=_MAX_NAME)
        if problem == HIDDEN_IN_NAME:
            raise errors.HandoverNameRefused()
        if problem or person["key"] in keys:
            raise errors.HandoverDamaged("a volunteer is missing, too long or there twice")
        person["name"] = name
        keys.add(person["key"])
    for held in _rows(log["sessions"], TRAINING_SESSION, "a training session"):
        try:
            # YYYY-MM-DD, as the store keeps it, and never later than tomorrow: the log
            # refuses future sessions, and a year-9999 one broke the refresher sums.
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", held["held_on"]):
                raise ValueError
            if date.fromisoformat(held["held_on"]) > date.today() + timedelta(days=1):
                raise ValueError
        except ValueError:
            raise errors.HandoverDamaged("a training session's date is not readable") from None
        if not held["topic"].strip() or len(held["topic"]) > _MAX_TOPIC:
            raise errors.HandoverDamaged("a training session's topic is missing or too long")
        if not held["led_by"].strip() or len(held["led_by"]) > _MAX_NAME:
            raise errors.HandoverDamaged("who led a training session is missing or too long")
        if has_hidden(held["topic"]) or has_hidden(held["led_by"]):
            raise errors.HandoverNameRefused(session=True)
        if not all(type(k) is int and k in keys for k in held["attendees"]):
            raise errors.HandoverDamaged("a training session points at a volunteer not in the file")


def check_person_details(details: Any) -> dict[str, Any]:
    """A young person's details checked by the concern codec, in its JSON form."""
    probe = {
        "id": "C-0000-0000",
        "checklist_version": 1,
        "created_at": "2000-01-01T00:00:00+00:00",
        "young_person": details,
    }
    try:
        young_person: dict[str, Any] = to_dict(from_dict(probe))["young_person"]
        return young_person
    except errors.LetterInvalid as exc:
        raise errors.HandoverDamaged(f"a young person's details: {exc.reason}") from None


def check_payload(doc: Any, concerns: dict[str, Any] | None = None) -> dict[str, Any]:
    """`doc` if it is a whole, well-formed payload; HandoverDamaged (naming a field, never
    a value) if not. Every concern goes through the concern codec (each one read is put
    in `concerns`, by reference, when given); every id a row points at must be one the
    bundle carries."""
    if isinstance(doc, dict):
        for key, empty in TOP_LATER.items():
            doc.setdefault(key, empty)
    checked = _shape(doc, TOP, "the file")  # the same dict, now known to be one
    if doc["format"] != PAYLOAD_FORMAT or doc["version"] != VERSION:
        raise errors.HandoverDamaged("the records inside are of a kind this version does not read")
    bundle = doc["bundle_id"]
    if len(bundle) != 32 or any(ch not in "0123456789abcdef" for ch in bundle):
        raise errors.HandoverDamaged("the file's id is not readable")
    if doc["training"] is not None:
        _check_training(doc["training"])
    references: set[str] = set()
    for person in doc["young_people"]:
        _shape(person, PERSON, "a young person")
        person["details"] = check_person_details(person["details"])
        _check_keeping(person["keeping"])
        keys = {person["key"]}
        for other in _rows(person["also_recorded_as"], OTHER_RECORD, "another record"):
            other["details"] = check_person_details(other["details"])
            keys.add(other["key"])
        if len(keys) != 1 + len(person["also_recorded_as"]):
            raise errors.HandoverDamaged("two records of a young person share a key")
        mine: set[str] = set()
        for item in person["concerns"]:
            if isinstance(item, dict):
                for key, empty in CONCERN_LATER.items():
                    item.setdefault(key, empty())
        for item in _rows(person["concerns"], CONCERN, "a concern"):
            try:
                concern = from_dict(item["concern"])
            except errors.LetterInvalid as exc:
                raise errors.HandoverDamaged(f"a concern: {exc.reason}") from None
            item["concern"] = to_dict(concern)
            if concerns is not None:
                concerns[concern.id] = concern
            if item["concern"]["young_person"] != person["details"]:
                raise errors.HandoverDamaged("a concern's young person does not match")
            if concern.id in references:
                raise errors.HandoverDamaged("a concern reference is there twice")
            references.add(concern.id)
            mine.add(concern.id)
            versions = [a["version"] for a in _rows(item["amendments"], AMENDMENT, "a correction")]
            if versions != list(range(2, 2 + len(versions))):
                raise errors.HandoverDamaged("a concern's corrections are not in order")
            if item["review"] is not None:
                _shape(item["review"], REVIEW, "where a concern stands")
            _rows(item["decisions"], DECISION, "a decision")
            _rows(item["referrals"], REFERRAL, "a referral")
            for contact in _rows(item["lado_contacts"], LADO, "a LADO contact"):
                if not contact["spoke_to"].strip() or not contact["their_reference"].strip():
                    raise errors.HandoverDamaged("a LADO contact is missing whom or a reference")
        entries = {e["key"] for e in _rows(person["entries"], ENTRY, "a chronology entry")}
        tasks = set()
        for task in _rows(person["tasks"], TASK, "a follow-up"):
            if task["concern"] is not None and task["concern"] not in mine:
                raise errors.HandoverDamaged("a follow-up points at a concern not in the file")
            if task["concern"] is None and not task["on_young_person"]:
                raise errors.HandoverDamaged("a follow-up belongs to nothing")
            tasks.add(task["key"])
        for merge in _rows(person["merges"], MERGE, "a merge"):
            if merge["kept"] not in keys or merge["merged"] not in keys:
                raise errors.HandoverDamaged("a merge points at a record not in the file")
            if (
                not all(isinstance(r, str) and r in mine for r in merge["concerns"])
                or not all(type(k) is int and k in entries for k in merge["entries"])
                or not all(type(k) is int and k in tasks for k in merge["tasks"])
            ):
                raise errors.HandoverDamaged("a merge points at a record not in the file")
        if not all(is_reference(r) for r in mine):
            raise errors.HandoverDamaged("a concern reference is not readable")
    return checked
