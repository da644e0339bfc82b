"""Backups to a folder the lead picks, and restoring one: checked at every step.

A backup is one file, `cse-records-YYYY-MM-DD-HHMM.cse-backup` (no name in it), a stored
(uncompressed) ZIP holding:

- `records.db`: a copy of the store through SQLite's backup API, under the same master
  key, so it is as encrypted on the stick as on the PC;
- `keyring.json`: the key file as it was, so the passphrases and recovery code of that
  day open it on any PC;
- `manifest.json`: the format, when it was made (UTC), the schema version, a SHA-256 of
  each member and a short id of the organisation's public key (which keyring.json holds
  anyway). No names, no counts of people: the manifest is not encrypted.

A backup is verified before it counts: the final file is read back, its hashes checked,
its records copy opened with the key and both integrity checks run, and its counts
compared with the live store. A failed check removes the new file.

Restore is two steps, so nothing changes until the lead has seen what the backup holds:
`inspect()` checks the file, opens its key file with a passphrase or recovery code that
was valid when it was made, extracts and checks the records copy, and returns a plan
with a preview; `restore(plan)` replaces the store and key file together through
app/keys/swap.py, keeping the replaced pair in `set-aside/`, never deleting it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import secrets
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import db.errors as store_errors
from app.core import errors
from app.core.atomic import atomic_write, fsync_folder
from app.help.areas import area_by_id
from app.keeping import bounded_zip
from app.keys import audit, swap
from app.keys.keyring import ACCOUNT, Keyring
from app.keys.roles import may_back_up
from db import backups as queries
from db import migrate
from db import organisation as org_queries
from db.store import Store
from db.store import in_use as store_in_use

if TYPE_CHECKING:
    from app.keys.session import Session
    from db.backups import FileFacts
    from db.store import Store

log = logging.getLogger(__name__)

FORMAT = "cse-toolkit-backup"
VERSION = 1
SUFFIX = ".cse-backup"
MANIFEST = "manifest.json"
KEYRING = "keyring.json"
RECORDS = "records.db"
MEMBERS = (RECORDS, KEYRING, MANIFEST)
# Our backups, and only ours: rotation never looks at any other file in the folder.
NAME = re.compile(r"^cse-records-\d{4}-\d{2}-\d{2}-\d{4}(?:-\d{1,3})?\.cse-backup$")
# atomic_write's temp file for one of ours (".<name>.<random>.tmp", in the chosen folder):
# a kill part-way leaves it there, whole pages of the encrypted store in it.
TEMP_NAME = re.compile(
    r"^\.cse-records-\d{4}-\d{2}-\d{2}-\d{4}(?:-\d{1,3})?\.cse-backup\.[A-Za-z0-9_]{1,16}\.tmp$"
)
REMIND_AFTER = timedelta(days=7)
# What one of ours can hold (app/keeping/bounded_zip.py): three members, a small
# manifest and key file, and records no bigger than the file itself (they are stored,
# and encrypted pages do not compress). Anything more is refused before it is read.
MAX_ENTRIES = 16
MAX_DIRECTORY_BYTES = 64 * 1024
MANIFEST_CAP = 64 * 1024
KEYRING_CAP = 1024 * 1024
_SLACK = 1024 * 1024
TOO_LARGE = "it holds more than a backup can"
# What zipfile and zlib raise for an archive that is cut short or made wrongly.
_UNREADABLE = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, NotImplementedError)
_CHUNK = 1 << 20
# Work files (the store copy before it goes into the ZIP, the copy read back to verify)
# live in the data folder's owner-only backups/ folder on the PC's own disk. The backup
# itself is written to the stick through a temp file beside it, which a kill can leave:
# each backup first removes any of ours (by name only) from the folder it writes to.
_WORK_PREFIX = ".backup-work-"

Progress = Callable[[float], None]


def _scaled(progress: Progress | None, start: float, end: float) -> Progress:
    def report(fraction: float) -> None:
        if progress is not None:
            progress(start + (end - start) * min(1.0, max(0.0, fraction)))

    return report


def _zero(buffer: bytearray) -> None:
    for i in range(len(buffer)):
        buffer[i] = 0


def _key_id(org_public_key: bytes) -> str:
    """A short id of the organisation, so rotation only ever removes this
    organisation's backups from a stick that holds another's too."""
    return hashlib.sha256(b"cse-toolkit-backup-org\x00" + org_public_key).hexdigest()[:16]


# -- what a backup file says about itself ---------------------------------------------
@dataclass(frozen=True)
class Manifest:
    created_at: datetime
    schema_version: int
    hashes: dict[str, str]
    organisation_id: str

    def to_bytes(self) -> bytes:
        doc = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": self.created_at.astimezone(UTC).isoformat(timespec="seconds"),
            "schema_version": self.schema_version,
            "organisation_id": self.organisation_id,
            "sha256": dict(sorted(self.hashes.items())),
        }
        return (json.dumps(doc, indent=2) + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Manifest:
        try:
            doc = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise errors.NotABackup() from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise errors.NotABackup()
        if doc.get("version") != VERSION:
            raise errors.BackupTooNew()
        try:
            created = datetime.fromisoformat(str(doc["created_at"]))
            if created.tzinfo is None:
                raise ValueError("no time zone")
            hashes = doc["sha256"]
            if not isinstance(hashes, dict) or set(hashes) != {RECORDS, KEYRING}:
                raise ValueError("members")
            return cls(
                created_at=created,
                schema_version=int(doc["schema_version"]),
                hashes={str(k): str(v) for k, v in hashes.items()},
                organisation_id=str(doc.get("organisation_id", "")),
            )
        except (KeyError, TypeError, ValueError):
            raise errors.BackupDamaged("its list of contents is not readable") from None


class _Backup:
    """A backup file open for reading, every member with its cap."""

    def __init__(self, archive: zipfile.ZipFile, file_size: int) -> None:
        self.archive = archive
        self.caps = {MANIFEST: MANIFEST_CAP, KEYRING: KEYRING_CAP, RECORDS: file_size + _SLACK}

    def read(self, name: str) -> bytes:
        return bounded_zip.read_member(self.archive, name, self.caps[name])


@contextlib.contextmanager
def _open_backup(path: Path) -> Iterator[_Backup]:
    """Open a backup with its reading bounded; NotABackup or BackupDamaged(TOO_LARGE)
    for what cannot be one of ours, before zipfile reads more than its end record."""
    try:
        bounded_zip.check_directory(path, MAX_ENTRIES, MAX_DIRECTORY_BYTES)
        with zipfile.ZipFile(path) as archive:
            backup = _Backup(archive, path.stat().st_size)
            members = [archive.getinfo(n) for n in MEMBERS if n in archive.NameToInfo]
            if sum(i.file_size for i in members) > sum(backup.caps.values()):
                raise bounded_zip.TooLarge()
            yield backup
    except bounded_zip.NotAZip:
        raise errors.NotABackup() from None
    except bounded_zip.TooLarge:
        log.warning("a backup file was refused: larger inside than a backup can be")
        raise errors.BackupDamaged(TOO_LARGE) from None


def read_manifest(path: Path) -> Manifest:
    """The manifest of a backup file; NotABackup for any other file."""
    try:
        with _open_backup(path) as backup:
            names = set(backup.archive.namelist())
            if MANIFEST not in names:
                raise errors.NotABackup()
            manifest = Manifest.from_bytes(backup.read(MANIFEST))
            if not {RECORDS, KEYRING} <= names:
                raise errors.BackupDamaged("part of it is missing")
            return manifest
    except (*_UNREADABLE, OSError, ValueError):
        raise errors.NotABackup() from None


def _read_checked(backup: _Backup, name: str, expected: str) -> bytes:
    data = backup.read(name)
    if hashlib.sha256(data).hexdigest() != expected:
        raise errors.BackupDamaged("part of it has changed since it was made")
    return data


def _extract_checked(backup: _Backup, expected: str, target: Path, progress: Progress) -> None:
    """Copy records.db out of the ZIP into a new owner-only file, hashing as it goes,
    and never more of it than its cap."""
    digest = hashlib.sha256()
    target.unlink(missing_ok=True)
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:

            def sink(chunk: bytes) -> None:
                digest.update(chunk)
                out.write(chunk)

            bounded_zip.stream_member(
                backup.archive,
                RECORDS,
                backup.caps[RECORDS],
                sink,
                lambda done, total: progress(done / total),
            )
            out.flush()
            os.fsync(out.fileno())
    except bounded_zip.TooLarge:
        target.unlink(missing_ok=True)
        log.warning("a backup file was refused: larger inside than a backup can be")
        raise errors.BackupDamaged(TOO_LARGE) from None
    except bounded_zip.NotAZip:
        target.unlink(missing_ok=True)
        raise errors.NotABackup() from None
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    if digest.hexdigest() != expected:
        target.unlink(missing_ok=True)
        raise errors.BackupDamaged("part of it has changed since it was made")


# -- results --------------------------------------------------------------------------
@dataclass(frozen=True)
class BackupReport:
    path: Path
    made_at: datetime  # UTC
    concerns: int
    young_people: int
    removed: int  # older backups removed by rotation


@dataclass(frozen=True)
class LastBackup:
    at: datetime | None  # UTC; None when no backup has been made
    folder: str  # the folder used last time, "" if none

    def due(self, now: datetime | None = None) -> bool:
        """True when the start page should remind the lead to back up."""
        now = now or datetime.now(UTC)
        return self.at is None or now - self.at > REMIND_AFTER


@dataclass(frozen=True)
class BackupPreview:
    made_at: datetime  # UTC
    concerns: int
    young_people: int
    organisation_name: str  # fine on screen, never in a log or the manifest
    schema_version: int
    method: str  # "passphrase" or "recovery"


@dataclass
class RestorePlan:
    """A checked backup waiting for the lead's yes. Holds the backup's master key:
    `discard()` it (the dialog does on cancel and on lock) if it is not restored."""

    preview: BackupPreview
    _partial: Path
    _keyring: bytes
    _key: bytearray
    _slot_id: str
    _slot_kind: str
    _made_at: datetime
    _done: bool = field(default=False)

    @property
    def is_live(self) -> bool:
        return not self._done

    def discard(self) -> None:
        if self._done:
            return
        self._done = True
        _zero(self._key)
        self._partial.unlink(missing_ok=True)


@dataclass(frozen=True)
class RestoreReport:
    preview: BackupPreview
    set_aside: Path | None  # where the replaced records are kept; None on a new PC
    filled_numbers: bool  # local numbers were blank and were filled in from the area


# -- the service ----------------------------------------------------------------------
class Backups:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- the last backup ----------------------------------------------------------------
    def last_backup(self) -> LastBackup:
        state = queries.load_state(self.session.require_store())
        at = None
        if state.get(queries.LAST_AT):
            with contextlib.suppress(ValueError):
                at = datetime.fromisoformat(state[queries.LAST_AT])
        return LastBackup(at, state.get(queries.LAST_FOLDER, ""))

    def reminder_due(self, now: datetime | None = None) -> bool:
        """For the lead's To do page: no backup yet, or none for over 7 days."""
        if not may_back_up(self.session.account_role):
            return False
        return self.last_backup().due(now)

    # -- backing up ---------------------------------------------------------------------
    def back_up(
        self, folder: Path, progress: Progress | None = None, now: datetime | None = None
    ) -> BackupReport:
        """Make, verify and rotate a backup in `folder`. Runs off the GUI thread."""
        self.session.require_lead("Only a designated lead can make a backup.")
        folder = Path(folder)
        if not folder.is_dir() or not os.access(folder, os.W_OK):
            raise errors.BackupFolderProblem()
        store = self.session.require_store()
        made_at = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        remove_own_leftovers(folder)
        key = bytearray(self.session.require_key())  # our own copy: a lock zeroes theirs
        work = self._work_folder()
        copy = work / f"{_WORK_PREFIX}{secrets.token_hex(6)}.db"
        target: Path | None = None
        try:
            report = _scaled(progress, 0.0, 1.0)
            report(0.0)
            try:
                problems = store.check()
            except store_errors.StoreClosed:
                raise errors.BackupInterrupted() from None
            if problems:
                log.warning("backup refused: %d integrity problem(s)", len(problems))
                raise errors.BackupRefused()
            report(0.05)
            try:
                store.copy_to(copy, key, _scaled(progress, 0.05, 0.45))
            except store_errors.StoreDamaged as exc:
                raise errors.BackupRefused() from exc
            except Exception as exc:  # closed by a lock, or the PC's disk is full
                raise self._interrupted_or_write_failed(store, exc) from exc
            if store.closing:
                raise errors.BackupInterrupted()
            live = queries.counts(store)
            schema = store.schema_version
            # Never back up a bad key file; and keep no names in the copy (a stick gets
            # lost): the unlock after a restore puts them back from the accounts.
            keyring = Keyring.load(self.session.paths.keyring)  # never a pipe or a giant
            keyring_bytes = keyring.without_names().to_bytes()
            target = _free_name(folder, made_at)
            manifest_hashes = {KEYRING: hashlib.sha256(keyring_bytes).hexdigest()}

            def write(fh: BinaryIO) -> None:
                _write_zip(
                    fh,
                    copy,
                    keyring_bytes,
                    manifest_hashes,
                    made_at,
                    schema,
                    _key_id(keyring.org_public_key),
                    _scaled(progress, 0.45, 0.75),
                )

            try:
                atomic_write(target, write)
            except OSError as exc:
                log.warning("backup not written: %s", type(exc).__name__)
                raise errors.BackupWriteFailed() from exc
            copy.unlink(missing_ok=True)
            try:
                self._verify(target, key, live, work, _scaled(progress, 0.75, 0.97))
            except BaseException:
                target.unlink(missing_ok=True)
                with contextlib.suppress(OSError):
                    fsync_folder(folder)
                raise
            removed = rotate(
                folder,
                int(self.session.settings.get("backups_keep")),
                keep=target,
                organisation_id=_key_id(keyring.org_public_key),
            )
            self._record(store, made_at, folder, live, removed)
            report(1.0)
        except store_errors.StoreClosed:
            # A lock closed the store part-way (Store.close stopped the copy first).
            raise errors.BackupInterrupted() from None
        finally:
            _zero(key)
            copy.unlink(missing_ok=True)
            copy.with_name(copy.name + ".partial").unlink(missing_ok=True)
        log.info("backup made and verified; %d older removed", removed)
        return BackupReport(target, made_at, live.concerns, live.young_people, removed)

    def _work_folder(self) -> Path:
        work = self.session.paths.backups
        work.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Left by a backup killed part-way: encrypted, but no use to anyone.
        for stale in work.glob(f"{_WORK_PREFIX}*"):
            stale.unlink(missing_ok=True)
        return work

    @staticmethod
    def _interrupted_or_write_failed(store: Store, exc: Exception) -> errors.AppError:
        if store.closing:
            return errors.BackupInterrupted()
        log.warning("backup copy failed: %s", type(exc).__name__)
        return errors.BackupWriteFailed()

    def _verify(
        self, target: Path, key: bytearray, live: Any, work: Path, progress: Progress
    ) -> None:
        """Read the file back as a restore would; raise BackupNotVerified if anything
        differs from what was meant to go in."""
        check = work / f"{_WORK_PREFIX}{secrets.token_hex(6)}-check.db"
        try:
            manifest = read_manifest(target)
            with _open_backup(target) as backup:
                Keyring.from_bytes(_read_checked(backup, KEYRING, manifest.hashes[KEYRING]))
                _extract_checked(
                    backup, manifest.hashes[RECORDS], check, _scaled(progress, 0.0, 0.6)
                )
            facts = queries.file_facts(check, key)
            progress(1.0)
        except (errors.AppError, store_errors.StoreError, OSError, *_UNREADABLE) as exc:
            log.warning("backup verification failed: %s", type(exc).__name__)
            raise errors.BackupNotVerified() from exc
        finally:
            check.unlink(missing_ok=True)
        if facts.problems or facts.counts != live:
            log.warning(
                "backup verification failed: %d problem(s), counts %s",
                len(facts.problems),
                "differ" if facts.counts != live else "match",
            )
            raise errors.BackupNotVerified()

    def _record(
        self, store: Store, made_at: datetime, folder: Path, live: Any, removed: int
    ) -> None:
        if not store.is_open:
            return  # locked just as it finished: the file is made and checked all the same
        try:
            with store.transaction():
                queries.save_state(
                    store,
                    {
                        queries.LAST_AT: made_at.isoformat(timespec="seconds"),
                        queries.LAST_FOLDER: str(folder),
                    },
                )
        except Exception as exc:  # the backup itself is good; say so in the log only
            log.warning("last backup time not saved: %s", type(exc).__name__)
        # Counts only: never the folder (a path can carry a login name).
        self.session.audit_with(
            store,
            audit.BACKUP,
            self.session.account,
            detail={
                "concerns": live.concerns,
                "young_people": live.young_people,
                "removed": removed,
                "verified": True,
            },
        )

    # -- restoring ----------------------------------------------------------------------
    def inspect(
        self,
        path: Path,
        secret: str,
        *,
        recovery: bool = False,
        progress: Progress | None = None,
    ) -> RestorePlan:
        """Check a backup and open it with `secret`; a plan to show and then restore.

        Writes nothing until the secret has opened the backup's key file; then only
        the records copy, beside the store as a swap's partial file (removed again by
        `RestorePlan.discard()`, or at the next start if the app is killed first)."""
        path = Path(path)
        if not path.is_file():
            raise errors.NotABackup()
        manifest = read_manifest(path)
        if manifest.schema_version > migrate.latest(migrate.load()):
            raise errors.BackupTooNew()
        try:
            with _open_backup(path) as backup:
                keyring_bytes = _read_checked(backup, KEYRING, manifest.hashes[KEYRING])
        except (*_UNREADABLE, OSError):
            raise errors.BackupDamaged("it could not be read to the end") from None
        try:
            keyring = Keyring.from_bytes(keyring_bytes)
        except errors.KeyringDamaged:
            raise errors.BackupDamaged("the key file inside it is damaged") from None
        opened = keyring.open_with(secret, recovery=recovery)
        if opened is None:
            log.info("a backup was not opened: wrong %s", "code" if recovery else "passphrase")
            raise errors.BackupWrongSecret(
                "That recovery code does not open this backup." if recovery else None
            )
        key, slot = opened

        paths = self.session.paths
        partial = swap.staged(paths).store
        partial = partial.with_name(partial.name + ".partial")
        try:
            paths.ensure()
            if swap.marker(paths).exists():
                raise errors.AppError(
                    "A change to the records is still waiting to be checked.",
                    next_step="Unlock the records first (that checks it), then retry.",
                )
            try:
                with _open_backup(path) as backup:
                    _extract_checked(
                        backup, manifest.hashes[RECORDS], partial, _scaled(progress, 0.0, 0.5)
                    )
            except _UNREADABLE:
                raise errors.BackupDamaged("it could not be read to the end") from None
            except OSError as exc:
                log.warning("backup not extracted: %s", type(exc).__name__)
                raise errors.SaveFailed(
                    "The backup could not be unpacked on this computer.",
                    next_step="Nothing has been changed. Check the disk has space, then try again.",
                ) from exc
            if progress is not None:
                progress(0.55)
            try:
                facts: FileFacts = queries.file_facts(partial, key)
            except store_errors.StoreError:
                raise errors.BackupDamaged("its records do not open with its key file") from None
            if facts.problems:
                log.warning("backup records fail their checks: %d problem(s)", len(facts.problems))
                raise errors.BackupDamaged("its records fail their checks")
            if facts.schema_version > migrate.latest(migrate.load()):
                raise errors.BackupTooNew()
        except BaseException:
            _zero(key)
            partial.unlink(missing_ok=True)
            raise
        if progress is not None:
            progress(1.0)
        preview = BackupPreview(
            made_at=manifest.created_at.astimezone(UTC),
            concerns=facts.counts.concerns,
            young_people=facts.counts.young_people,
            organisation_name=facts.organisation_name,
            schema_version=facts.schema_version,
            method="recovery" if recovery else "passphrase",
        )
        return RestorePlan(
            preview,
            partial,
            keyring_bytes,
            key,
            slot.id,
            slot.kind,
            manifest.created_at.astimezone(UTC),
        )

    def restore(self, plan: RestorePlan, progress: Progress | None = None) -> RestoreReport:
        """Replace the store and key file with the plan's, together, crash-safely.

        The records it replaces are moved to `set-aside/<time>/`, never deleted. The
        session ends unlocked on the restored records."""
        if not plan.is_live:
            raise errors.AppError(
                "That backup was closed before it was restored.",
                next_step="Choose the backup and check it again.",
            )
        session, paths = self.session, self.session.paths
        # The master keys of the pair replaced (when unlocked) and of the backup: the
        # swap's mark under each lets an unlock after a kill finish it (app/keys/swap.py).
        mark_keys = [plan._key]
        if session.is_unlocked:
            session.require_lead("Only a designated lead can restore a backup.")
            mark_keys.append(bytearray(session.require_key()))
            session.lock()
        elif store_in_use(paths.store):
            raise errors.StoreInUse()
        report = _scaled(progress, 0.0, 1.0)
        new = swap.staged(paths)
        stamp = datetime.now(UTC).strftime("%Y-%m-%d-%H%M%S")
        aside = swap.set_aside_folder(paths, stamp)
        had_old = paths.store.exists() or paths.keyring.exists()
        try:
            os.replace(plan._partial, new.store)
            fsync_folder(paths.data)
            atomic_write(new.keyring, plan._keyring)
            _pin_restored(new.store, plan)
            report(0.2)
            swap.commit(paths, "restore", set_aside=stamp, keys=mark_keys)
        except OSError as exc:
            plan.discard()
            if not swap.marker(paths).exists():
                swap.discard(paths)
            log.warning("restore not committed: %s", type(exc).__name__)
            raise errors.SaveFailed(
                "The backup could not be put in place.",
                next_step="Nothing has been changed. Check the disk has space, then try again.",
            ) from exc
        finally:
            for other in mark_keys[1:]:
                _zero(other)
        report(0.4)
        key, plan._done = plan._key, True  # the key is the session's from here on
        try:
            store = Store.open(paths.store, key, backup_dir=paths.backups)
        except store_errors.StoreError as exc:
            log.warning("restored store did not open: %s", type(exc).__name__)
            _zero(key)
            self._put_back(stamp if had_old else None)
            raise errors.RestoreFailed() from errors.translate_store_error(exc)
        report(0.8)
        account = (
            org_queries.account_for_slot(store, plan._slot_id)
            if plan._slot_kind == ACCOUNT
            else None
        )
        session.adopt(store, key, account)
        session.audit_with(
            store,
            audit.RESTORE,
            account,
            detail={
                "concerns": plan.preview.concerns,
                "young_people": plan.preview.young_people,
                "schema_from": plan.preview.schema_version,
                "method": plan.preview.method,
            },
        )
        with contextlib.suppress(Exception):
            last = self.last_backup().at
            if last is None or last < plan._made_at:
                with store.transaction():
                    queries.save_state(
                        store, {queries.LAST_AT: plan._made_at.isoformat(timespec="seconds")}
                    )
        filled = self._public_settings()
        report(1.0)
        log.info("restored from a backup (schema %d)", plan.preview.schema_version)
        return RestoreReport(plan.preview, aside if aside.exists() else None, filled)

    def _put_back(self, stamp: str | None) -> None:
        """The restored pair did not open: swap the set-aside pair back in."""
        paths = self.session.paths
        aside = swap.set_aside_folder(paths, stamp) if stamp else None
        if (
            stamp is None
            or aside is None
            or not (aside / paths.store.name).exists()
            or not (aside / paths.keyring.name).exists()
        ):
            return  # a new PC: nothing to put back; the restored files are left as they are
        new = swap.staged(paths)
        os.replace(aside / paths.store.name, new.store)
        os.replace(aside / paths.keyring.name, new.keyring)
        swap.commit(paths, "restore-undone", set_aside=f"{stamp}/did-not-open")

    def _public_settings(self) -> bool:
        """Public values from the restored organisation into settings.json, as saving
        the organisation does; blank local numbers filled from the area. True if any
        numbers were filled in."""
        found = org_queries.load_organisation(self.session.require_store())
        row: dict[str, object] = dict(found) if found else {}
        settings = self.session.settings
        changes: dict[str, object] = {}
        for name in ("area", "lead_phone"):
            if row.get(name) and settings.get(name) != row[name]:
                changes[name] = row[name]
        area = area_by_id(str(row.get("area", "")))
        filled = False
        if area is not None:
            for name, number in (
                ("duty_team_phone", area.duty_team_phone),
                ("out_of_hours_phone", area.out_of_hours_phone),
            ):
                if not settings.get(name) and number:
                    changes[name] = number
                    filled = True
        if changes and not settings.problems(changes):
            settings.update(changes)
        return filled


def _pin_restored(staged_store: Path, plan: RestorePlan) -> None:
    """Note the key file being restored in the staged store, so a kill after the swap
    and before the session pins it never reads as a change made outside the app."""
    from app.keys.pinning import pin_pending_in_file

    try:
        pin_pending_in_file(staged_store, plan._key, plan._keyring)
    except Exception as exc:  # the restore goes on; at worst the next unlock warns
        log.warning("restored key file not noted before the swap: %s", type(exc).__name__)


# -- writing the file -----------------------------------------------------------------
def _free_name(folder: Path, made_at: datetime) -> Path:
    base = f"cse-records-{made_at.astimezone():%Y-%m-%d-%H%M}"
    candidate = folder / f"{base}{SUFFIX}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{base}-{number}{SUFFIX}"
        number += 1
    return candidate


def _write_zip(
    fh: BinaryIO,
    copy: Path,
    keyring_bytes: bytes,
    hashes: dict[str, str],
    made_at: datetime,
    schema: int,
    organisation_id: str,
    progress: Progress,
) -> None:
    stamp = made_at.astimezone(UTC).timetuple()[:6]
    size = copy.stat().st_size
    with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_STORED) as archive:
        info = zipfile.ZipInfo(RECORDS, date_time=stamp)
        info.file_size = size
        info.external_attr = 0o600 << 16
        digest = hashlib.sha256()
        done = 0
        with copy.open("rb") as source, archive.open(info, "w", force_zip64=True) as member:
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                member.write(chunk)
                done += len(chunk)
                progress(done / max(1, size))
        hashes[RECORDS] = digest.hexdigest()
        for name, data in (
            (KEYRING, keyring_bytes),
            (MANIFEST, Manifest(made_at, schema, hashes, organisation_id).to_bytes()),
        ):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o600 << 16
            archive.writestr(info, data)


def remove_own_leftovers(folder: Path) -> int:
    """Remove temp files a killed backup left in `folder`: only regular files named as
    ours (never a link, a folder, or any other file). How many were removed."""
    removed = 0
    with contextlib.suppress(OSError):
        for path in Path(folder).iterdir():
            if not TEMP_NAME.match(path.name) or path.is_symlink() or not path.is_file():
                continue
            try:
                path.unlink()
                removed += 1
            except OSError as exc:
                log.warning(
                    "a temp file of an earlier backup was not removed: %s", type(exc).__name__
                )
    if removed:
        log.info("removed %d temp file(s) left by an earlier backup", removed)
        with contextlib.suppress(OSError):
            fsync_folder(folder)
    return removed


def list_backups(folder: Path) -> list[tuple[Path, Manifest]]:
    """Our backup files in `folder` (by name and a readable manifest), newest first."""
    found = []
    with contextlib.suppress(OSError):
        for path in Path(folder).iterdir():
            if not NAME.match(path.name) or not path.is_file():
                continue
            try:
                found.append((path, read_manifest(path)))
            except errors.AppError:
                continue  # not ours after all, or damaged: never touched
    found.sort(key=lambda item: (item[1].created_at, item[0].name), reverse=True)
    return found


def rotate(folder: Path, keep_count: int, *, keep: Path, organisation_id: str) -> int:
    """Remove this organisation's oldest backups beyond the newest `keep_count`; never
    `keep` (the one just made) and never any other file. How many were removed."""
    ours = [(p, m) for p, m in list_backups(folder) if m.organisation_id == organisation_id]
    survivors = {keep}
    for path, _manifest in ours:
        if len(survivors) >= max(1, keep_count):
            break
        survivors.add(path)
    removed = 0
    for path, _manifest in ours:
        if path in survivors:
            continue
        try:
            path.unlink()
            removed += 1
        except OSError as exc:
            log.warning("an old backup was not removed: %s", type(exc).__name__)
    if removed:
        with contextlib.suppress(OSError):
            fsync_folder(folder)
    return removed
