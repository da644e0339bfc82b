"""The audit log: a hash chain on a real SQLCipher store (the `ready` fixture).

Tampering is done the way someone outside the app would: straight SQL on the store,
with the append-only triggers dropped first.
"""

import itertools
import json
import os
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlcipher3 import dbapi2 as sqlcipher

from app.intake.concern.model import Concern, YoungPerson
from app.intake.concern.reference import new_reference
from app.keys import audit
from db import audit as queries
from db.organisation import AccountRow
from tests.conftest import CONTACTS, PASSPHRASE, make_details

GUARD_GONE = "The store's guard that stops audit entries being changed or deleted had been removed."
CANARY = "Qzvrkanary"


def _unguard(store) -> None:
    for name in queries.GUARDS:
        store.execute(f"DROP TRIGGER IF EXISTS {name}")


def _rows(store) -> list[tuple]:
    return queries.all_rows(store)


def _with_entries(session, n: int = 6):
    """Unlocked, with `n` print entries after setup/lock/unlock; the store."""
    session.unlock(PASSPHRASE)
    store = session.require_store()
    for i in range(n):
        audit.append(store, audit.PRINT, account_id=1, role="lead", detail={"copies": i})
    return store


# -- writing ---------------------------------------------------------------------------
def test_entries_chain_from_genesis_and_the_anchor_follows(ready):
    store = _with_entries(ready)
    rows = _rows(store)
    assert [r[4] for r in rows[:3]] == ["setup", "lock", "unlock"]
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0][7] == audit.GENESIS
    for before, row in itertools.pairwise(rows):
        assert row[7] == before[8]  # each carries the hash of the one before
    for row in rows:
        assert audit.entry_hash(*row[:8]) == row[8]
    assert queries.anchor(store) == (rows[-1][0], rows[-1][8])
    report = audit.verify(store)
    assert report.ok and report.problems == []
    assert report.rows_checked == len(rows)
    assert report.head == (rows[-1][0], rows[-1][8])
    assert report.summary() == f"The log's chain of hashes is intact ({len(rows)} entries)."


def test_times_are_utc_iso_and_the_detail_canonical(ready):
    store = _with_entries(ready, 0)
    when = datetime(2026, 3, 29, 1, 30, tzinfo=UTC) + timedelta(hours=1)
    seq = audit.append(
        store,
        audit.EXPORT,
        account_id=1,
        role="lead",
        subject=new_reference(),
        detail={"b": 2, "a": [1, "x"]},
        now=when.astimezone(),
    )
    row = _rows(store)[-1]
    assert row[0] == seq
    assert row[1] == "2026-03-29T02:30:00+00:00"
    assert row[6] == '{"a":[1,"x"],"b":2}'


@pytest.mark.parametrize(
    ("subject", "detail"),
    [
        ("Sam Okafor", None),  # a name as subject
        ("", {"note": "Sam Okafor"}),  # a name as a value
        ("", {"note": "he said he owes them"}),  # free text
        ("", {"Name": 1}),  # a key that is not a fixed identifier
        ("", {"names": ["ok", "Jade Smith"]}),
        ("", {"nested": {"a": 1}}),
        ("", {"x": 1.5}),
        ("concern about jade", None),
    ],
)
def test_append_refuses_anything_that_could_be_free_text(ready, subject, detail):
    store = _with_entries(ready, 0)
    before = len(_rows(store))
    with pytest.raises(ValueError, match="audit"):
        audit.append(store, audit.VIEW, account_id=1, subject=subject, detail=detail)
    assert len(_rows(store)) == before


def test_append_refuses_unknown_events_and_naive_times(ready):
    store = _with_entries(ready, 0)
    with pytest.raises(ValueError):
        audit.append(store, "deleted-everything", account_id=1)
    with pytest.raises(ValueError):
        audit.append(store, audit.VIEW, account_id=1, now=datetime(2026, 1, 1))


def test_an_append_inside_a_transaction_rolls_back_with_it(ready):
    store = _with_entries(ready, 0)
    before = _rows(store)
    with pytest.raises(RuntimeError), store.transaction():
        audit.append(store, audit.CHANGE, account_id=1, subject=new_reference())
        raise RuntimeError("the change failed")
    assert _rows(store) == before
    assert audit.verify(store).ok


# -- the app itself cannot rewrite the log --------------------------------------------
def test_the_store_refuses_the_apps_own_update_and_delete(ready):
    store = _with_entries(ready, 2)
    before = _rows(store)
    with pytest.raises(sqlcipher.DatabaseError, match="append-only"):
        store.execute("UPDATE audit_log SET detail = '{}' WHERE seq = 3")
    with pytest.raises(sqlcipher.DatabaseError, match="append-only"):
        store.execute("DELETE FROM audit_log WHERE seq = 2")
    with pytest.raises(sqlcipher.DatabaseError, match="append-only"):
        store.execute("DELETE FROM audit_log")
    with pytest.raises(sqlcipher.DatabaseError, match="cannot be removed"):
        store.execute("DELETE FROM audit_anchor")
    with pytest.raises(sqlcipher.DatabaseError, match="only moves forward"):
        store.execute("UPDATE audit_anchor SET seq = 1")
    assert _rows(store) == before
    assert audit.verify(store).ok


# -- tampering outside the app is found -------------------------------------------------
def test_a_changed_row_is_found(ready):
    store = _with_entries(ready)
    _unguard(store)
    store.execute("""UPDATE audit_log SET detail = '{"copies":99}' WHERE seq = 5""")
    report = audit.verify(store)
    assert not report.ok
    assert report.problems == [GUARD_GONE, "Entry 5 was changed after it was written."]
    assert report.flagged == {5}


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("at", "2020-01-01T00:00:00+00:00"),
        ("account_id", 2),
        ("event", "view"),
        ("subject", "C-0000-0000"),
        ("role", "deputy"),
        ("seq", "four"),
        ("prev_hash", "0" * 64),
        ("hash", "f" * 64),
    ],
)
def test_a_change_to_any_column_is_found(ready, column, value):
    store = _with_entries(ready)
    _unguard(store)
    store.execute(f"UPDATE audit_log SET {column} = ? WHERE seq = 4", (value,))
    report = audit.verify(store)
    assert not report.ok
    assert GUARD_GONE in report.problems and len(report.problems) >= 2
    if column == "seq":
        assert "An entry's number has been damaged or replaced." in report.problems


def test_a_deleted_middle_row_is_found(ready):
    store = _with_entries(ready)
    _unguard(store)
    store.execute("DELETE FROM audit_log WHERE seq = 4")
    report = audit.verify(store)
    assert report.problems == [GUARD_GONE, "Entry 4 is missing (the entries jump from 3 to 5)."]
    assert {3, 5} <= report.flagged


def test_several_deleted_rows_are_found_as_one_gap(ready):
    store = _with_entries(ready)
    _unguard(store)
    store.execute("DELETE FROM audit_log WHERE seq BETWEEN 4 AND 6")
    assert audit.verify(store).problems == [
        GUARD_GONE,
        "Entries 4 to 6 are missing (the entries jump from 3 to 7).",
    ]


def test_deleted_first_rows_are_found(ready):
    store = _with_entries(ready)
    _unguard(store)
    store.execute("DELETE FROM audit_log WHERE seq <= 2")
    assert audit.verify(store).problems == [
        GUARD_GONE,
        "Entries 1 and 2 are missing (the log starts at entry 3).",
    ]


def test_deleted_last_rows_are_found_through_the_anchor(ready):
    store = _with_entries(ready)
    last = _rows(store)[-1][0]
    _unguard(store)
    store.execute("DELETE FROM audit_log WHERE seq > ?", (last - 2,))
    report = audit.verify(store)
    assert report.problems == [
        GUARD_GONE,
        f"The last 2 entries were removed (the log ends at entry {last - 2}, "
        f"but {last} were written).",
    ]


def test_every_row_deleted_is_found(ready):
    store = _with_entries(ready)
    last = _rows(store)[-1][0]
    _unguard(store)
    store.execute("DELETE FROM audit_log")
    assert audit.verify(store).problems == [GUARD_GONE, f"All {last} entries were removed."]


def test_the_anchor_removed_as_well_is_found(ready):
    store = _with_entries(ready)
    _unguard(store)
    store.execute("DELETE FROM audit_log WHERE seq > 5")
    store.execute("DELETE FROM audit_anchor")
    problems = audit.verify(store).problems
    assert any("latest entry has been removed" in p for p in problems)


def test_two_swapped_rows_are_found_out_of_order(ready):
    store = _with_entries(ready)
    _unguard(store)
    store.execute("UPDATE audit_log SET seq = -1 WHERE seq = 5")
    store.execute("UPDATE audit_log SET seq = 5 WHERE seq = 6")
    store.execute("UPDATE audit_log SET seq = 6 WHERE seq = -1")
    report = audit.verify(store)
    assert report.problems == [GUARD_GONE, "Entries 5 and 6 are out of order."]
    assert report.flagged == {5, 6}


def test_a_row_rebuilt_with_a_fresh_hash_breaks_the_link(ready):
    """Someone who knows the hash recomputes one row's: the next row no longer links."""
    store = _with_entries(ready)
    _unguard(store)
    row = list(_rows(store)[4])  # entry 5
    row[6] = '{"copies":99}'
    row[8] = audit.entry_hash(*row[:8])
    store.execute("UPDATE audit_log SET detail = ?, hash = ? WHERE seq = 5", (row[6], row[8]))
    assert audit.verify(store).problems == [
        GUARD_GONE,
        "Entry 6 does not follow on from entry 5 (one of them was replaced).",
    ]


def test_a_row_added_outside_the_app_is_found(ready):
    store = _with_entries(ready)
    last_seq, last_hash = queries.last_row(store)
    at = "2026-01-01T00:00:00+00:00"
    digest = audit.entry_hash(last_seq + 1, at, 1, "lead", "view", "", "{}", last_hash)
    store.execute(
        "INSERT INTO audit_log (seq, at, account_id, role, event, subject, detail, prev_hash,"
        " hash) VALUES (?, ?, 1, 'lead', 'view', '', '{}', ?, ?)",
        (last_seq + 1, at, last_hash, digest),
    )
    assert audit.verify(store).problems == [
        f"Entry {last_seq + 1} is not written by the app "
        f"(its record of the latest entry is {last_seq})."
    ]


def test_appending_after_a_cut_keeps_the_gap_visible(ready):
    """The next entry carries on from the anchor, so a cut is never papered over."""
    store = _with_entries(ready)
    last = _rows(store)[-1][0]
    _unguard(store)
    store.execute("DELETE FROM audit_log WHERE seq > ?", (last - 2,))
    queries.restore_guards(store)
    seq = audit.append(store, audit.VIEW, account_id=1, role="lead")
    assert seq == last + 1
    problems = audit.verify(store).problems
    assert problems == [
        f"Entries {last - 1} and {last} are missing "
        f"(the entries jump from {last - 2} to {last + 1})."
    ]


def test_a_missing_log_table_is_said_and_never_raises(ready):
    store = _with_entries(ready, 1)
    store.execute("DROP TABLE audit_log")
    report = audit.verify(store)
    assert not report.ok
    assert report.problems == ["The audit log is missing from the store."]


# -- the session's hooks ----------------------------------------------------------------
def _events(session) -> list[str]:
    return [r[4] for r in _rows(session.require_store())]


def test_unlock_and_lock_are_logged_with_the_failed_attempts_before(ready):
    from app.core import errors

    for _ in range(2):
        with pytest.raises(errors.WrongPassphrase):
            ready.unlock("not the passphrase")
    ready.unlock(PASSPHRASE)
    assert ready.audit_report.ok
    row = _rows(ready.require_store())[-1]
    assert row[4] == "unlock" and row[2] == 1 and row[3] == "lead"
    detail = json.loads(row[6])
    assert detail["failed_before"] == 2 and detail["method"] == "passphrase"
    assert detail["chain_ok"] is True
    ready.lock()
    ready.unlock(PASSPHRASE)
    assert _events(ready)[-2:] == ["lock", "unlock"]
    assert json.loads(_rows(ready.require_store())[-1][6])["failed_before"] == 0


def test_a_recovery_unlock_is_its_own_kind(ready, recovery_code):
    ready.unlock(recovery_code, recovery=True)
    row = _rows(ready.require_store())[-1]
    assert (row[4], row[2], row[3]) == ("unlock-recovery", None, "recovery")
    assert ready.can_read_audit


def test_unlock_after_tampering_still_opens_the_records_and_reports(ready):
    store = _with_entries(ready)
    _unguard(store)
    store.execute("DELETE FROM audit_log WHERE seq = 4")
    ready.lock()

    report = ready.unlock(PASSPHRASE)
    assert report.account_name == "Sam Okafor"
    assert ready.organisation().name == "Riverside Youth Club"  # the records opened
    found = ready.audit_report
    assert not found.ok
    assert found.problems == [GUARD_GONE, "Entry 4 is missing (the entries jump from 3 to 5)."]
    rows = _rows(ready.require_store())
    assert [r[4] for r in rows[-2:]] == ["chain-broken", "unlock"]
    assert json.loads(rows[-2][6]) == {"problems": 2}
    assert queries.missing_guards(ready.require_store()) == []  # put back

    # Reported again next time (the gap is still there), the guard no longer.
    ready.lock()
    ready.unlock(PASSPHRASE)
    assert ready.audit_report.problems == ["Entry 4 is missing (the entries jump from 3 to 5)."]


def test_a_log_dropped_entirely_never_stops_unlock_or_lock(ready):
    ready.unlock(PASSPHRASE)
    ready.require_store().execute("DROP TABLE audit_log")
    ready.lock()  # the lock entry cannot be written: the lock still happens
    assert not ready.is_unlocked
    ready.unlock(PASSPHRASE)
    assert ready.is_unlocked
    assert ready.audit_report.problems == ["The audit log is missing from the store."]
    assert ready.record_audit(audit.PRINT) is False


def test_record_audit_is_skipped_while_locked(ready):
    assert ready.record_audit(audit.PRINT, detail={"what": "help-topic"}) is False
    ready.unlock(PASSPHRASE)
    assert ready.record_audit(audit.PRINT, "first-setup", {"what": "help-topic"}) is True
    row = _rows(ready.require_store())[-1]
    assert (row[4], row[5], row[6]) == ("print", "first-setup", '{"what":"help-topic"}')
    # Free text from a caller is refused, and the caller's work goes on.
    assert ready.record_audit(audit.PRINT, "Jade Smith") is False


def test_settings_changes_log_which_fields_never_their_values(ready):
    ready.unlock(PASSPHRASE)
    ready.save_organisation(make_details(trustee_name="Priya Shah", lead_phone="01604 555 0199"))
    ready.save_settings({"duty_team_phone": "0116 305 0005", "idle_lock_minutes": 12})
    ready.save_settings({"duty_team_phone": "0116 305 0005"})  # unchanged: nothing logged
    rows = [r for r in _rows(ready.require_store()) if r[4] == "settings-change"]
    assert [json.loads(r[6]) for r in rows] == [
        {"fields": ["lead_phone", "trustee_name"], "part": "organisation"},
        {"fields": ["duty_team_phone", "idle_lock_minutes"], "part": "settings"},
    ]
    # Only the subject and the detail could carry data; hashes are hex and may hold
    # "0116" by chance.
    words = repr([(r[5], r[6]) for r in rows])
    assert "Priya" not in words and "0116" not in words


def _concern(tag: str) -> Concern:
    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=datetime(2026, 1, 10, 18, 0, tzinfo=UTC),
        young_person=YoungPerson(name=f"Jade {tag}", school=f"{tag} Academy"),
        happened_where=f"behind the hall {tag}",
        own_words=f"he said I owe him {tag}",
    )


def test_no_canary_ever_reaches_the_audit_log(session, recovery_code):
    session.set_up(
        make_details(
            name=f"Club {CANARY}", lead_name=f"Sam {CANARY}", trustee_name=f"Trust {CANARY}"
        ),
        PASSPHRASE,
        recovery_code,
        dict(CONTACTS),
    )
    session.lock()
    session.seal_concern(_concern(CANARY))
    session.unlock(PASSPHRASE)
    details = session.organisation()
    session.save_organisation(replace(details, name=f"Club Two {CANARY}"))
    session.record_audit(audit.PRINT, "first-setup", {"what": "help-topic"})
    session.lock()
    session.unlock(recovery_code, recovery=True)
    events = _events(session)
    assert "import" in events and "settings-change" in events
    dump = repr(_rows(session.require_store()))
    dump += repr(session.require_store().query_all("SELECT * FROM audit_anchor"))
    assert CANARY.lower() not in dump.lower()


def test_the_import_is_logged_as_counts(ready):
    ready.seal_concern(_concern("x"))
    ready.seal_concern(_concern("y"))
    planted = ready.paths.letterbox.joinpath("20000101T000000000000Z-0000000000000000.letter")
    planted.write_bytes(b"not a letter")
    # Older than a letter a sync service could still be writing (those are left, not set
    # aside: tests/unit/intake/test_letterbox_hygiene.py).
    os.utime(planted, (time.time() - 3600, time.time() - 3600))
    ready.unlock(PASSPHRASE)
    rows = [r for r in _rows(ready.require_store()) if r[4] == "import"]
    assert [json.loads(r[6]) for r in rows] == [{"imported": 2, "left": 0, "quarantined": 1}]


def test_a_concern_saved_directly_is_logged_by_reference(ready):
    ready.unlock(PASSPHRASE)
    saved = ready.save_concern_direct(_concern(CANARY))
    row = _rows(ready.require_store())[-1]
    assert (row[4], row[5], row[6]) == ("change", saved.id, '{"what":"concern-added"}')
    assert CANARY.lower() not in repr(_rows(ready.require_store())).lower()


# -- reading, for the viewer ------------------------------------------------------------
def test_audit_events_filter_by_kind_day_and_problems(ready):
    ready.unlock(PASSPHRASE)
    store = ready.require_store()
    local = datetime(2026, 2, 10, 12, 0).astimezone()
    audit.append(store, audit.PRINT, account_id=1, role="lead", now=local)
    audit.append(store, audit.EXPORT, account_id=1, role="lead", now=local + timedelta(days=2))
    audit.append(
        store,
        audit.UNLOCK,
        account_id=1,
        role="lead",
        detail={"method": "passphrase", "failed_before": 3},
        now=local + timedelta(days=3),
    )

    every = ready.audit_events()
    assert [e.seq for e in every] == sorted((e.seq for e in every), reverse=True)
    assert {e.event for e in ready.audit_events(event=audit.LOCK)} == {"lock"}
    feb = ready.audit_events(since=date(2026, 2, 10), until=date(2026, 2, 12))
    assert [e.event for e in feb] == ["export", "print"]
    assert ready.audit_events(since=date(2026, 2, 11), until=date(2026, 2, 11)) == []
    problems = ready.audit_events(only_problems=True)
    assert [e.summary for e in problems] == ["Passphrase; 3 failed attempts before"]
    entry = every[-1]
    assert entry.event_label == "Set up"
    assert entry.account_label == "Sam Okafor (designated lead)"


def test_only_problems_shows_what_the_check_points_at(ready):
    store = _with_entries(ready)
    _unguard(store)
    store.execute("""UPDATE audit_log SET detail = '{"copies":99}' WHERE seq = 5""")
    ready.check_audit()
    flagged = ready.audit_events(only_problems=True)
    assert [e.seq for e in flagged] == [5]
    assert flagged[0].flagged and flagged[0].summary == "copies: 99"


def test_only_a_lead_reads_the_audit_log(ready):
    ready.unlock(PASSPHRASE)
    ready._account = AccountRow(2, "slot-2", "Deputy", "deputy")
    assert not ready.can_read_audit
    with pytest.raises(audit.AuditNotAllowed):
        ready.audit_events()
    with pytest.raises(audit.AuditNotAllowed):
        ready.check_audit()


def test_summaries_are_plain(ready):
    assert audit.describe(audit.IMPORT, {"imported": 2, "quarantined": 1}) == (
        "2 imported, 1 set aside unopened"
    )
    assert audit.describe(audit.CHAIN_BROKEN, {"problems": 1}) == (
        "1 problem found in the audit log"
    )
    assert (
        audit.describe(audit.UNLOCK_RECOVERY, {"method": "recovery", "failed_before": 1})
        == "Recovery code; 1 failed attempt before"
    )
    assert audit.describe(audit.SETTINGS_CHANGE, {"fields": ["lead_phone"]}) == (
        "Changed: lead phone"
    )
    assert audit.fingerprint("ab" * 32) == "ABAB ABAB ABAB ABAB"


def test_handover_entries_read_as_handovers_not_letters():
    from app.keys.audit import EXPORT, IMPORT, describe

    detail = {"what": "handover", "bundle": "abcdef0123456789", "young_people": 2, "concerns": 5}
    assert describe(IMPORT, detail) == (
        "Handover file abcdef01: 5 concerns about 2 young people from it"
    )
    assert describe(EXPORT, {**detail, "young_people": 1, "concerns": 1}) == (
        "Handover file abcdef01: 1 concern about 1 young person into it"
    )
    assert describe(EXPORT, {**detail, "volunteers": 3, "training_sessions": 1}) == (
        "Handover file abcdef01: 5 concerns about 2 young people into it, with the "
        "training log (3 volunteers, 1 session)"
    )
    assert describe(IMPORT, {"imported": 3, "quarantined": 0}) == "3 imported"
