"""Opening the SQLCipher store with a raw 256-bit key, and telling bad files apart.

One connection per store, `locking_mode = EXCLUSIVE` so a second copy of the app fails
fast instead of writing beside us. The key is a raw key (no per-connection KDF): the
passphrase work happens once, in app/keys/keyring.py.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from db import migrate
from db.errors import (
    NotAStore,
    StoreClosed,
    StoreDamaged,
    StoreInUse,
    StoreMissing,
    StoreTooNew,
)

PAGE_SIZE = 4096
# Pages copied per step of the backup API: small enough for a progress bar that moves,
# large enough that the steps cost nothing (11 MB copies in ~80 ms in ~11 steps).
COPY_STEP_PAGES = 256

# Long copies report how far they are as a fraction from 0.0 to 1.0.
Progress = Callable[[float], None]
PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"
KEY_BYTES = 32

# Settings applied to every connection after the key. Why each one:
#  temp_store=MEMORY  temporary tables and sort spills never reach disk in plaintext
#  foreign_keys=ON    links between rows are enforced, not hoped for
#  secure_delete=ON   deleted content is overwritten inside the file
#  synchronous=FULL   a commit that returned survives a power cut
_PRAGMAS = (
    "PRAGMA temp_store = MEMORY",
    "PRAGMA foreign_keys = ON",
    "PRAGMA secure_delete = ON",
    "PRAGMA synchronous = FULL",
    "PRAGMA journal_mode = DELETE",
)


def _hex_key(key: bytes | bytearray) -> str:
    if len(key) != KEY_BYTES:
        raise ValueError("the store key must be 32 bytes")
    return bytes(key).hex()


def _key_pragma(key: bytes | bytearray) -> str:
    return f"PRAGMA key = \"x'{_hex_key(key)}'\""


def _fsync_file(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def _posix() -> bool:
    # The seam for the Windows branches below (db/ cannot reach app.core.host).
    return os.name == "posix"


def _fsync_folder(folder: Path) -> None:
    # Makes a rename durable on POSIX. Windows: nothing to do and nothing that could be
    # done: os.open cannot open a folder there, and NTFS journals the rename.
    if not _posix():
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _connect(path: Path, key: bytes | bytearray) -> Any:
    # timeout=0: never wait for a lock held by another process; say so instead.
    conn = sqlcipher.connect(str(path), isolation_level=None, timeout=0, check_same_thread=False)
    # Before the key: keep SQLCipher from printing HMAC failures to stderr.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(_key_pragma(key))
    return conn


def _is_locked(exc: Exception) -> bool:
    return "locked" in str(exc).lower() or "busy" in str(exc).lower()


def integrity_problems(path: Path, key: bytes | bytearray) -> list[str]:
    """What `PRAGMA cipher_integrity_check` says about the file: empty when healthy."""
    conn = _connect(path, key)
    try:
        return [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
    finally:
        conn.close()


def checks(conn: Any) -> list[str]:
    """Both checks on an open connection: SQLCipher's page HMACs, then SQLite's own
    structure check. Empty when healthy."""
    problems = [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
    if problems:
        # Pages that fail their HMAC cannot be read, so SQLite's check would only stop.
        return problems
    try:
        return [str(row[0]) for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
    except sqlcipher.OperationalError:
        raise  # interrupted (a lock) or busy: not a finding about the file
    except sqlcipher.DatabaseError as exc:
        return [f"integrity_check stopped: {exc}"]


def open_connection(path: Path, key: bytes | bytearray) -> Any:
    """A connection to an existing store file that `key` opens, or a typed error:
    StoreMissing, NotAStore (not a store, or another key), StoreDamaged, StoreInUse.
    The caller closes it."""
    _check_file(path)
    conn = _connect(path, key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError as exc:
        conn.close()
        if _is_locked(exc):
            raise StoreInUse(path.name) from None
        raise _diagnose(path, key) from None
    return conn


def in_use(path: Path) -> bool:
    """True when another process holds the store's lock (an open copy of the app).

    Reads the first page with a random key: a locked file says "locked" before the key
    is ever tried, an unlocked one fails as "not a database"; neither changes it."""
    if not path.is_file():
        return False
    conn = _connect(path, secrets.token_bytes(32))
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError as exc:
        return _is_locked(exc)
    finally:
        conn.close()
    return False


def file_problems(path: Path, key: bytes | bytearray) -> list[str]:
    """Open `path` with `key` on its own connection and run both checks on it."""
    conn = open_connection(path, key)
    try:
        return checks(conn)
    finally:
        conn.close()


def _diagnose(path: Path, key: bytes | bytearray) -> NotAStore | StoreDamaged:
    """Tell "this key does not open this file" from "some pages are damaged"."""
    try:
        problems = integrity_problems(path, key)
    except sqlcipher.DatabaseError as exc:
        return NotAStore("the integrity check could not run", [type(exc).__name__])
    pages = max(1, path.stat().st_size // PAGE_SIZE)
    hmac_failures = sum("HMAC verification failed" in p for p in problems)
    if hmac_failures >= pages:
        return NotAStore("no page opens with this key", problems[:5])
    if not problems:
        return NotAStore("the file could not be read", [])
    return StoreDamaged(problems)


def _check_file(path: Path) -> None:
    if not path.exists():
        raise StoreMissing(str(path.name))
    if path.is_dir():
        raise NotAStore("it is a folder, not a file")
    size = path.stat().st_size
    # SQLCipher treats an empty file as a new, empty database: refuse it instead.
    if size == 0:
        raise NotAStore("the file is empty")
    with path.open("rb") as fh:
        head = fh.read(len(PLAIN_SQLITE_HEADER))
    if head == PLAIN_SQLITE_HEADER:
        raise NotAStore("it is an unencrypted SQLite file")
    if size < PAGE_SIZE:
        raise NotAStore("the file is too small to be a store")


class Store:
    """An open, unlocked store. Close it to release the file lock."""

    def __init__(self, path: Path, conn: Any) -> None:
        self.path = path
        self._conn: Any = conn
        # Backup, re-key and account work use this connection off the GUI thread, and
        # closing a connection while another thread is inside it crashes the process.
        # So every call into the connection holds `_use`; close() first asks long work
        # to stop (`_closing`, checked at each progress step, and sqlite3_interrupt),
        # then waits for `_use`. After that, any call raises StoreClosed.
        self._use = threading.RLock()
        self._closing = threading.Event()

    # -- opening ---------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: Path,
        key: bytes | bytearray,
        *,
        target_version: int | None = None,
        migrations_dir: Path | None = None,
    ) -> Store:
        """Make a new store. Refuses to touch a file that is already there."""
        if path.exists():
            raise FileExistsError(str(path.name))
        # The file is created owner-only; umask alone is not enough on every platform.
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        conn = _connect(path, key)
        try:
            store = cls._prepare(path, conn)
            migrate.apply(
                store._conn,
                migrate.load(migrations_dir),
                target_version=target_version,
            )
        except BaseException:
            conn.close()
            path.unlink(missing_ok=True)
            raise
        return store

    @classmethod
    def open(
        cls,
        path: Path,
        key: bytes | bytearray,
        *,
        check_integrity: bool = True,
        backup_dir: Path | None = None,
        migrations_dir: Path | None = None,
    ) -> Store:
        """Open an existing store, check it, and bring its schema up to date.

        Before a migration an encrypted copy of the whole store is written to
        `backup_dir` (default: beside the store).
        """
        conn = open_connection(path, key)
        try:
            store = cls._prepare(path, conn)
            if check_integrity:
                problems = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")]
                if problems:
                    raise StoreDamaged(problems)
            steps = migrate.load(migrations_dir)
            version = store.schema_version
            latest = migrate.latest(steps)
            if version > latest:
                raise StoreTooNew(version, latest)
            if version < latest:
                store.copy_to(migrate.copy_path(backup_dir or path.parent, version), key)
                migrate.apply(conn, steps)
        except sqlcipher.DatabaseError as exc:
            conn.close()
            if _is_locked(exc):
                raise StoreInUse(path.name) from None
            raise _diagnose(path, key) from None
        except BaseException:
            conn.close()
            raise
        return store

    @classmethod
    def _prepare(cls, path: Path, conn: Any) -> Store:
        for pragma in _PRAGMAS:
            conn.execute(pragma)
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        # Take the write lock now, so a second copy of the app is refused at open
        # rather than part-way through someone's work.
        try:
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("COMMIT")
        except sqlcipher.OperationalError as exc:
            if _is_locked(exc):
                raise StoreInUse(path.name) from None
            raise
        return cls(path, conn)

    # -- use -------------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        with self._use:
            return int(self._live().execute("PRAGMA user_version").fetchone()[0])

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        with self._use:
            return self._live().execute(sql, params)

    def query_one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        with self._use:
            return self._live().execute(sql, params).fetchone()

    def query_all(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Any]:
        with self._use:
            return list(self._live().execute(sql, params).fetchall())

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error. A close() from another
        thread waits for the transaction to end."""
        with self._use:
            conn = self._live()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                with contextlib.suppress(sqlcipher.Error):
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[Store]:
        """Inside a transaction: a part that can fail on its own (ROLLBACK TO undoes just
        this part, and the transaction goes on)."""
        with self._use:
            conn = self._live()
            conn.execute("SAVEPOINT part")
            try:
                yield self
            except BaseException:
                with contextlib.suppress(sqlcipher.Error):
                    conn.execute("ROLLBACK TO part")
                    conn.execute("RELEASE part")
                raise
            conn.execute("RELEASE part")

    def pragma(self, name: str) -> list[Any]:
        if not name.replace("_", "").isalnum():
            raise ValueError("not a pragma name")
        with self._use:
            return list(self._live().execute(f"PRAGMA {name}").fetchall())

    def check(self) -> list[str]:
        """Both integrity checks on the open store; empty when healthy."""
        with self._use:
            try:
                problems = checks(self._live())
            except sqlcipher.OperationalError:
                self._raise_if_closing()
                raise
            # An interrupted check can end early with half a list: never report that
            # as damage.
            self._raise_if_closing()
            return problems

    def copy_to(
        self, target: Path, key: bytes | bytearray, progress: Progress | None = None
    ) -> None:
        """A consistent encrypted copy through SQLite's backup API, under the same key,
        checked (both checks) before it takes `target`'s name. A copy that fails its
        checks is removed and StoreDamaged raised; `target` is then untouched."""
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        try:
            dest = _connect(partial, key)
            try:

                def step(_status: int, remaining: int, total: int) -> None:
                    self._raise_if_closing()
                    if progress is not None and total:
                        progress((total - remaining) / total)

                with self._use:
                    self._live().backup(dest, pages=COPY_STEP_PAGES, progress=step)
                self._raise_if_closing()
                problems = checks(dest)
            finally:
                dest.close()
            if problems:
                raise StoreDamaged(problems)
            _fsync_file(partial)
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        _fsync_folder(target.parent)

    def export_rekeyed(
        self, target: Path, new_key: bytes | bytearray, progress: Progress | None = None
    ) -> None:
        """Write the whole store to a new file under `new_key` (sqlcipher_export), check
        it, and only then give it `target`'s name. The open store is not changed."""
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        try:
            with self._use:
                self._export(partial, new_key, progress)
            problems = file_problems(partial, new_key)
            if problems:
                raise StoreDamaged(problems)
            _fsync_file(partial)
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        if progress is not None:
            progress(1.0)
        _fsync_folder(target.parent)

    def _export(self, partial: Path, new_key: bytes | bytearray, progress: Progress | None) -> None:
        conn = self._live()
        # sqlcipher_export reports nothing; SQLite's progress handler ticks every 1,000
        # virtual-machine steps, about one tick per four pages copied (measured).
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0]) or 1
        expected = max(1, pages // 4)
        ticks = [0]

        def tick() -> int:
            if self._closing.is_set():
                return 1  # non-zero stops the statement ("interrupted")
            ticks[0] += 1
            if progress is not None:
                progress(min(0.95, ticks[0] / expected))
            return 0

        conn.set_progress_handler(tick, 1_000)
        try:
            # The file name goes in as a bound parameter; the key as a hex literal.
            conn.execute(
                f"ATTACH DATABASE ? AS rekeyed KEY \"x'{_hex_key(new_key)}'\"",
                (str(partial),),
            )
            try:
                conn.execute("SELECT sqlcipher_export('rekeyed')")
                conn.execute(f"PRAGMA rekeyed.user_version = {self.schema_version}")
            except sqlcipher.OperationalError:
                self._raise_if_closing()
                raise
            finally:
                conn.execute("DETACH DATABASE rekeyed")
        finally:
            conn.set_progress_handler(None, 0)
        self._raise_if_closing()

    @property
    def closing(self) -> bool:
        """True once a close (a lock) has been asked for: work should stop."""
        return self._closing.is_set() or self._conn is None

    def interrupt_work(self) -> None:
        """Ask work running on another thread to stop at its next step. Safe from any
        thread; the store stays open for this thread's last words (the lock's audit)."""
        self._closing.set()
        conn = self._conn
        if conn is not None:
            with contextlib.suppress(sqlcipher.Error):
                conn.interrupt()

    def close(self) -> None:
        """Stop and wait for work on other threads, then close. Never raises."""
        if self._conn is None:
            return
        self.interrupt_work()
        with self._use:
            conn, self._conn = self._conn, None
            if conn is not None:
                with contextlib.suppress(sqlcipher.Error):
                    conn.close()

    def _raise_if_closing(self) -> None:
        if self._closing.is_set():
            raise StoreClosed("the store is being closed")

    def _live(self) -> Any:
        if self._conn is None:
            raise StoreClosed("the store is closed")
        return self._conn

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def sqlcipher_facts() -> dict[str, Any]:
    """Version and compile options of the bundled SQLCipher, for the self-test."""
    conn = sqlcipher.connect(":memory:")
    try:
        return {
            "cipher_version": conn.execute("PRAGMA cipher_version").fetchone()[0],
            "sqlite_version": conn.execute("select sqlite_version()").fetchone()[0],
            "compile_options": [r[0] for r in conn.execute("PRAGMA compile_options")],
        }
    finally:
        conn.close()
