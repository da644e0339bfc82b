import secrets
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db import migrate
from db.errors import MigrationFailed, NotAStore, StoreDamaged, StoreInUse, StoreTooNew
from db.store import PLAIN_SQLITE_HEADER, Store

CANARY = "CANARY-store-7f3a"


@pytest.fixture
def key():
    return bytearray(secrets.token_bytes(32))


@pytest.fixture
def store_path(tmp_path, key):
    path = tmp_path / "records.db"
    with Store.create(path, key) as store, store.transaction():
        store.execute("CREATE TABLE notes (body TEXT)")
        for i in range(300):
            store.execute("INSERT INTO notes VALUES (?)", (f"{CANARY} {i} " + "x" * 500,))
    return path


def test_pragma_posture(store_path, key):
    with Store.open(store_path, key) as store:
        assert store.pragma("temp_store")[0][0] == 2  # MEMORY
        assert store.pragma("foreign_keys")[0][0] == 1
        assert store.pragma("secure_delete")[0][0] == 1
        assert store.pragma("synchronous")[0][0] == 2  # FULL
        assert str(store.pragma("cipher_version")[0][0]).startswith("4.")
        assert store.pragma("locking_mode")[0][0] == "exclusive"
        assert store.schema_version == migrate.latest(migrate.load())


def test_file_is_ciphertext(store_path):
    data = store_path.read_bytes()
    assert not data.startswith(PLAIN_SQLITE_HEADER)
    assert CANARY.encode() not in data
    assert CANARY.encode("utf-16-le") not in data
    assert [p.name for p in store_path.parent.iterdir()] == ["records.db"]


def test_control_plain_sqlite_would_show_the_canary(tmp_path):
    # The search above can find text: plain SQLite shows it at once.
    path = tmp_path / "plain.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (b)")
    conn.execute("INSERT INTO t VALUES (?)", (CANARY,))
    conn.commit()
    conn.close()
    assert CANARY.encode() in path.read_bytes()


def test_create_refuses_to_overwrite(store_path, key):
    before = store_path.read_bytes()
    with pytest.raises(FileExistsError):
        Store.create(store_path, key)
    assert store_path.read_bytes() == before


def test_too_new_is_refused_and_left_alone(store_path, key):
    with Store.open(store_path, key) as store:
        store.execute("PRAGMA user_version = 999")
    before = store_path.read_bytes()
    with pytest.raises(StoreTooNew) as caught:
        Store.open(store_path, key)
    assert caught.value.file_version == 999
    assert store_path.read_bytes() == before


def test_second_process_is_refused(store_path, key):
    script = (
        "import sys; from db.store import Store; from db.errors import StoreInUse\n"
        "try:\n"
        "    Store.open(__import__('pathlib').Path(sys.argv[1]), bytes.fromhex(sys.argv[2]))\n"
        "except StoreInUse:\n    sys.exit(3)\n"
        "sys.exit(0)\n"
    )
    with Store.open(store_path, key):
        result = subprocess.run(
            [sys.executable, "-c", script, str(store_path), bytes(key).hex()],
            cwd=Path(__file__).parents[3],
            timeout=60,
        )
        assert result.returncode == 3
    # Once closed, the other process may open it.
    result = subprocess.run(
        [sys.executable, "-c", script, str(store_path), bytes(key).hex()],
        cwd=Path(__file__).parents[3],
        timeout=60,
    )
    assert result.returncode == 0


def test_second_connection_in_process_is_refused(store_path, key):
    with Store.open(store_path, key), pytest.raises(StoreInUse):
        Store.open(store_path, key)


def test_migration_from_version_one(tmp_path, key):
    path = tmp_path / "records.db"
    with Store.create(path, key, target_version=1) as store:
        assert store.schema_version == 1
        with store.transaction():
            store.execute(
                "INSERT INTO accounts (slot_id, display_name, role, created_at) "
                "VALUES ('s1', 'Lead', 'lead', '2026-01-01')"
            )
    backups = tmp_path / "backups"
    backups.mkdir()
    with Store.open(path, key, backup_dir=backups) as store:
        assert store.schema_version == migrate.latest(migrate.load())
        assert store.query_one("SELECT display_name FROM accounts")[0] == "Lead"
        store.query_all("SELECT * FROM unlock_events")  # the table migration 2 adds
    copies = list(backups.glob("records-before-migration-from-v1-*.db"))
    assert len(copies) == 1
    assert not copies[0].read_bytes().startswith(PLAIN_SQLITE_HEADER)
    with Store.open(copies[0], key, migrations_dir=_only_first(tmp_path)) as old:
        assert old.schema_version == 1
        assert old.query_one("SELECT display_name FROM accounts")[0] == "Lead"


def _only_first(tmp_path) -> Path:
    folder = tmp_path / "only-first"
    folder.mkdir(exist_ok=True)
    first = migrate.load()[0]
    (folder / first.name).write_text(first.sql)
    return folder


def test_failing_migration_leaves_the_store_as_it_was(tmp_path, key):
    path = tmp_path / "records.db"
    Store.create(path, key, target_version=1).close()
    broken = tmp_path / "broken"
    broken.mkdir()
    for step in migrate.load():
        (broken / step.name).write_text(step.sql)
    (broken / "0003_broken.sql").write_text("CREATE TABLE half_done (x);\nTHIS IS NOT SQL;\n")
    with pytest.raises(MigrationFailed):
        Store.open(path, key, migrations_dir=broken, backup_dir=tmp_path)
    with Store.open(path, key, migrations_dir=_only_first(tmp_path)) as store:
        assert store.schema_version == 1
        names = {r[0] for r in store.query_all("SELECT name FROM sqlite_master")}
        assert "half_done" not in names and "unlock_events" not in names


def test_transaction_rolls_back_on_error(store_path, key):
    with Store.open(store_path, key) as store:
        with pytest.raises(ZeroDivisionError), store.transaction():
            store.execute("INSERT INTO notes VALUES ('never kept')")
            1 / 0  # noqa: B018
        assert store.query_one("SELECT count(*) FROM notes WHERE body = 'never kept'")[0] == 0


# -- files that are not a healthy store -----------------------------------------------------
def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda p: p.write_bytes(b""), NotAStore),
        (lambda p: p.write_bytes(secrets.token_bytes(16384)), NotAStore),
        (lambda p: p.write_bytes(PLAIN_SQLITE_HEADER + bytes(4096)), NotAStore),
        (lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2 + 100]), StoreDamaged),
        (lambda p: _flip(p, 100), StoreDamaged),
        (lambda p: _flip(p, 4096 * 20 + 300), StoreDamaged),
    ],
)
def test_bad_files_are_told_apart_and_untouched(store_path, key, make, expected):
    make(store_path)
    before = store_path.read_bytes()
    with pytest.raises(expected):
        Store.open(store_path, key)
    assert store_path.read_bytes() == before
    assert [p.name for p in store_path.parent.iterdir()] == ["records.db"]


def test_wrong_key_reads_as_not_a_store(store_path):
    with pytest.raises(NotAStore):
        Store.open(store_path, secrets.token_bytes(32))


def test_a_folder_is_not_a_store(tmp_path, key):
    (tmp_path / "records.db").mkdir()
    with pytest.raises(NotAStore):
        Store.open(tmp_path / "records.db", key)


def test_copy_to_makes_a_verified_encrypted_copy(store_path, key, tmp_path):
    target = tmp_path / "copy.db"
    with Store.open(store_path, key) as store:
        store.copy_to(target, key)
    assert CANARY.encode() not in target.read_bytes()
    shutil.copy(target, tmp_path / "again.db")
    with Store.open(tmp_path / "again.db", key) as copy:
        assert copy.query_one("SELECT count(*) FROM notes")[0] == 300


def test_copy_to_reports_progress_that_moves_and_ends_whole(store_path, key, tmp_path):
    seen: list[float] = []
    with Store.open(store_path, key) as store:
        # Small steps so even this small store reports more than once.
        import db.store as store_module

        steps, store_module.COPY_STEP_PAGES = store_module.COPY_STEP_PAGES, 8
        try:
            store.copy_to(tmp_path / "copy.db", key, seen.append)
        finally:
            store_module.COPY_STEP_PAGES = steps
    assert len(seen) > 2
    assert seen == sorted(seen) and seen[-1] == 1.0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db", "records.db"]


def test_healthy_store_passes_both_checks(store_path, key):
    from db.store import file_problems

    with Store.open(store_path, key) as store:
        assert store.check() == []
    assert file_problems(store_path, key) == []


def test_file_problems_tells_a_wrong_key_from_damage(store_path, key):
    from db.store import file_problems

    with pytest.raises(NotAStore):
        file_problems(store_path, secrets.token_bytes(32))
    data = bytearray(store_path.read_bytes())
    data[5 * 4096 + 100] ^= 0xFF  # one byte in one page
    store_path.write_bytes(bytes(data))
    problems = file_problems(store_path, key)
    assert problems and any("HMAC" in p for p in problems)


def test_export_rekeyed_writes_a_checked_copy_under_the_new_key(store_path, key, tmp_path):
    new_key = secrets.token_bytes(32)
    target = tmp_path / "rekeyed.db"
    seen: list[float] = []
    with Store.open(store_path, key) as store:
        store.export_rekeyed(target, new_key, seen.append)
        # The open store is untouched and still usable.
        assert store.query_one("SELECT count(*) FROM notes")[0] == 300
        version = store.schema_version
    assert len(seen) >= 2 and seen == sorted(seen) and seen[-1] == 1.0
    with pytest.raises(NotAStore):
        Store.open(target, key)
    with Store.open(target, new_key) as copy:
        assert copy.query_one("SELECT count(*) FROM notes")[0] == 300
        assert copy.schema_version == version
        assert copy.check() == []
    assert CANARY.encode() not in target.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records.db", "rekeyed.db"]


def test_export_rekeyed_that_fails_leaves_no_partial_file(store_path, key, tmp_path):
    target = tmp_path / "rekeyed.db"

    def stop(_fraction: float) -> None:
        raise KeyboardInterrupt  # as if the app were stopped part-way

    with Store.open(store_path, key) as store:
        with pytest.raises(BaseException):  # noqa: B017 - SQLite turns it into "interrupted"
            store.export_rekeyed(target, secrets.token_bytes(32), stop)
        assert store.query_one("SELECT count(*) FROM notes")[0] == 300
        assert store.query_all("PRAGMA database_list")[-1][1] == "main"  # detached
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records.db"]
