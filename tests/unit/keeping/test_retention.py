"""Retention review: the review-date rules (§6.1: 25th birthday; an estimate from an
approximate age; longer where CSE was alleged or a referral was made; a later date the
lead chose, never an earlier one), the due list, and deleting one young person's records:
everything about them goes, nothing about anyone else, only with the lead's own
passphrase (or the recovery code), with an audit line that names nobody. The kept-as-
written triggers still refuse every other delete. Real SQLCipher store."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlcipher3 import dbapi2 as sqlcipher

from app.casework.amendments import Amendments
from app.casework.decisions import Decisions
from app.casework.records import Records
from app.casework.young_people import YoungPeople
from app.core import errors
from app.intake.concern.model import (
    Concern,
    IndicatorAnswer,
    InvolvedPerson,
    OnlineContact,
    Vehicle,
    YoungPerson,
)
from app.intake.concern.reference import new_reference
from app.keeping.retention import (
    BASIS_AGE,
    BASIS_DOB,
    BASIS_FIRST_RECORD,
    Retention,
    add_years,
    review_date,
)
from app.keys.accounts import Accounts
from db import retention as queries
from db.store import Store
from tests.conftest import PASSPHRASE

CANARY = "Qzretentioncanary"
OTHER = "Wxkeptperson"
DEPUTY_PASSPHRASE = "violet harbour teapot compass"
TRUSTEE_PASSPHRASE = "granite willow parsnip oboe"
OLD_DOB = date(1990, 6, 15)  # 25th birthday in 2015: long due
YOUNG_DOB = date(2012, 1, 5)


# -- the rules, pure -----------------------------------------------------------------------
def _facts(**changes) -> dict:
    facts = {
        "id": 1,
        "name": "A",
        "known_as": "",
        "date_of_birth": None,
        "approximate_age": None,
        "created_on": "2024-03-10",
        "review_after": None,
        "review_after_reason": "",
        "review_after_at": None,
        "review_after_by_name": None,
        "cse_alleged": False,
        "cse_alleged_on": None,
        "cse_alleged_by_name": None,
        "referral_made": False,
        "latest_day": "2024-09-01",
        "concerns": 1,
        "others": [],
    }
    facts.update(changes)
    return facts


def test_by_default_the_review_date_is_the_25th_birthday():
    review = review_date(_facts(date_of_birth="2010-04-02"), 75)
    assert review.on == date(2035, 4, 2)
    assert review.birthday.basis == BASIS_DOB and not review.birthday.estimated
    assert "25th birthday is 02/04/2035" in review.why


def test_a_29_february_birthday_gives_1_march():
    assert add_years(date(2008, 2, 29), 25) == date(2033, 3, 1)
    assert review_date(_facts(date_of_birth="2008-02-29"), 75).on == date(2033, 3, 1)


def test_an_approximate_age_gives_an_estimate_from_the_age_at_the_first_record():
    # About 14 when first recorded on 10/03/2024: born in about 2010, and at the latest
    # on 10/03/2010, so the 25th birthday is 10/03/2035 at the latest.
    review = review_date(_facts(approximate_age=14), 75)
    assert review.on == date(2035, 3, 10)
    assert review.birthday.basis == BASIS_AGE and review.birthday.estimated
    assert "estimate" in review.why and "about 2010" in review.why


def test_with_no_age_at_all_it_counts_25_years_from_the_first_record():
    review = review_date(_facts(), 75)
    assert review.on == date(2049, 3, 10)
    assert review.birthday.basis == BASIS_FIRST_RECORD
    assert "No date of birth or age was recorded" in review.why and "estimate" in review.why


def test_a_merged_record_with_a_later_estimate_wins_but_the_own_dob_always_stands():
    others = [(None, 12, "2024-01-01"), ("2011-05-05", None, "2023-01-01")]
    # No date of birth here: the latest 25th birthday any record allows (2037-01-01).
    assert review_date(_facts(approximate_age=16, others=others), 75).on == date(2037, 1, 1)
    # This record's own date of birth stands over what merged records say.
    own = review_date(_facts(date_of_birth="2009-09-09", others=others), 75)
    assert own.on == date(2034, 9, 9)


@pytest.mark.parametrize("flag", ["cse_alleged", "referral_made"])
def test_cse_alleged_or_a_referral_keeps_the_records_75_years_after_the_latest(flag):
    review = review_date(_facts(date_of_birth="2010-04-02", **{flag: True}), 75)
    assert review.on == date(2099, 9, 1)  # 75 years after the latest record, 01/09/2024
    assert review.long_retention
    assert "75 years after the latest record" in review.why
    assert ("CSE was alleged" in review.why) == (flag == "cse_alleged")
    assert ("a referral was made" in review.why) == (flag == "referral_made")


def test_kept_longer_never_ends_before_the_25th_birthday():
    # With the setting at 25 years, the 25th birthday of a young child comes later.
    review = review_date(_facts(date_of_birth="2022-01-01", referral_made=True), 25)
    assert review.long_until == date(2049, 9, 1)
    assert review.on == date(2049, 9, 1)
    young = review_date(_facts(date_of_birth="2024-08-01", referral_made=True), 25)
    assert young.on == date(2049, 9, 1)  # latest + 25 years: 01/09/2049 > 01/08/2049
    baby = review_date(
        _facts(date_of_birth="2024-08-01", referral_made=True, latest_day="2024-01-01"), 25
    )
    assert baby.on == date(2049, 8, 1)  # the 25th birthday is later than latest + 25


def test_a_later_date_the_lead_chose_stands_and_an_earlier_one_never_does():
    later = review_date(
        _facts(
            date_of_birth="2010-04-02",
            review_after="2040-01-01",
            review_after_reason="Police asked us to keep them.",
            review_after_at="2030-01-01T10:00:00+00:00",
            review_after_by_name="Sam Okafor",
        ),
        75,
    )
    assert later.on == date(2040, 1, 1) and later.computed == date(2035, 4, 2)
    assert "Police asked us to keep them." in later.why and "Sam Okafor" in later.why
    earlier = review_date(
        _facts(date_of_birth="2010-04-02", review_after="2030-01-01", review_after_reason="x"),
        75,
    )
    assert earlier.on == date(2035, 4, 2) and earlier.chosen is None


# -- the store ---------------------------------------------------------------------------
NOW = datetime.now(UTC)


def _concern(name: str, dob: date | None, *, words: str, reg: str = "", age: int | None = None):
    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=NOW - timedelta(days=3),
        happened_on=NOW.date() - timedelta(days=3),
        young_person=YoungPerson(
            name=name, date_of_birth=dob, approximate_age=age, school="Hilltop Academy"
        ),
        own_words=words,
        observations=f"Seen near the station with {words}",
        people=[InvolvedPerson(name=f"{words} Man", nickname="Big T")],
        vehicles=[Vehicle(registration=reg or "AB12 CDE", colour="silver")],
        contacts=[OnlineContact(kind="phone", value="07700 900123")],
        indicators=[IndicatorAnswer("T1-01", "within-6-months", details=words)],
        computed_tier="1",
        recorder_name="Val Volunteer",
    )


@pytest.fixture
def lead(ready):
    ready.unlock(PASSPHRASE)
    return ready


@pytest.fixture
def retention(lead):
    return Retention(lead)


def _add(session, concern: Concern) -> tuple[str, int]:
    ref = session.save_concern_direct(concern).id
    pid = session.require_store().query_one(
        "SELECT young_person_id FROM concerns WHERE id = ?", (ref,)
    )[0]
    return ref, pid


def _everything(session, name: str, dob: date, words: str) -> tuple[int, list[str]]:
    """A young person with one of everything: two concerns (one a duplicate record,
    merged in), a status decision, a tier and parents decision, a phone referral, a
    follow-up on a concern and one on the young person, a chronology entry, a
    correction, the search index."""
    # Recorded as a child (the form refuses an adult's date of birth), then the date of
    # birth set straight in the store: that is how records come to be due.
    first, pid = _add(session, _concern(name, YOUNG_DOB, words=words))
    second, dup = _add(session, _concern(name, YOUNG_DOB, words=f"{words} again"))
    people = YoungPeople(session)
    people.merge(pid, dup)
    decisions = Decisions(session)
    decisions.set_status(first, "under-review")
    decisions.parents_told(first, "no", f"{words} asked us not to")
    decisions.add_task(f"Ring school about {words}", NOW.date() + timedelta(days=3), concern=first)
    decisions.add_task(
        f"Check in with {words}", NOW.date() + timedelta(days=9), young_person_id=pid
    )
    people.add_entry(pid, NOW.date() - timedelta(days=1), "phone-call", f"{words} rang us")
    original = Records(session).open(second)
    Amendments(session).correct(
        second, replace(original, observations=f"{words} corrected"), "Checked with the volunteer."
    )
    session.require_store().execute(
        "UPDATE young_people SET date_of_birth = ? WHERE id IN (?, ?)",
        (dob.isoformat(), pid, dup),
    )
    return pid, [first, second]


def _rows_about(session, pid: int, concerns: list[str]) -> dict[str, list[tuple]]:
    """Every row, in every table, about one young person (with their merged records)."""
    store = session.require_store()
    people = queries.family(store, pid)
    pm = ", ".join("?" * len(people))
    cm = ", ".join("?" * len(concerns))
    by_concern = {
        t: store.query_all(f"SELECT * FROM {t} WHERE concern_id IN ({cm})", concerns)
        for t in queries.BY_CONCERN
        if t != "tasks"
    }
    return {
        **by_concern,
        "concerns": store.query_all(f"SELECT * FROM concerns WHERE id IN ({cm})", concerns),
        "young_people": store.query_all(f"SELECT * FROM young_people WHERE id IN ({pm})", people),
        "chronology_entries": store.query_all(
            f"SELECT * FROM chronology_entries WHERE young_person_id IN ({pm})", people
        ),
        "tasks": store.query_all(
            f"SELECT * FROM tasks WHERE young_person_id IN ({pm}) OR concern_id IN ({cm})",
            [*people, *concerns],
        ),
        "young_person_merges": store.query_all(
            f"SELECT * FROM young_person_merges WHERE kept_id IN ({pm}) OR merged_id IN ({pm})",
            [*people, *people],
        ),
    }


def _table_counts(session) -> dict[str, int]:
    store = session.require_store()
    tables = [
        r[0]
        for r in store.query_all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'concern_search_%'"
        )
    ]
    return {t: store.query_one(f"SELECT count(*) FROM {t}")[0] for t in tables}


def _add_account(session, role: str, name: str, passphrase: str) -> None:
    Accounts(session).add(role, name, passphrase, passphrase)


def test_every_connection_has_secure_delete_on(lead):
    assert lead.require_store().pragma("secure_delete") == [(1,)]
    config = lead.require_store().query_all("SELECT k, v FROM concern_search_config")
    assert ("secure-delete", 1) in config


def test_referral_made_is_derived_from_phone_referrals_and_from_decisions(lead, retention):
    by_phone, a = _add(lead, _concern("Ann Phone", OLD_DOB, words="one"))
    by_decision, b = _add(lead, _concern("Ben Decision", OLD_DOB, words="two"))
    _, c = _add(lead, _concern("Cal None", OLD_DOB, words="three"))
    decisions = Decisions(lead)
    decisions.record_phone_referral(by_phone, NOW - timedelta(hours=1), "MASH", "Duty worker")
    decisions.set_status(by_decision, "referred", referred_to="police")
    dates = {r.young_person_id: r for r in retention.all_review_dates()}
    assert dates[a].referral_made and dates[b].referral_made and not dates[c].referral_made
    assert dates[a].on == add_years(NOW.date(), 75)  # the latest record is today
    assert dates[c].on == add_years(OLD_DOB, 25)
    assert [r.young_person_id for r in retention.due()] == [c]


def test_recording_cse_alleged_keeps_the_records_longer_and_logs_no_name(lead, retention):
    _, pid = _add(lead, _concern(f"Dee {CANARY}", OLD_DOB, words="four"))
    assert retention.review_date(pid).due(retention.today())
    review = retention.record_cse_alleged(pid)
    assert review.cse_alleged and review.cse_alleged_by == "Sam Okafor"
    assert review.cse_alleged_on == NOW.date()
    assert review.on == add_years(NOW.date(), 75)
    assert retention.due() == []
    retention.record_cse_alleged(pid)  # once recorded it stays: a second time changes nothing
    rows = lead.require_store().query_all(
        "SELECT event, subject, detail FROM audit_log WHERE detail LIKE '%cse-alleged%'"
    )
    assert rows == [("change", f"young-person-{pid}", '{"what":"cse-alleged-recorded"}')]


def test_keep_for_longer_needs_a_later_date_and_a_reason(lead, retention):
    _, pid = _add(lead, _concern("Eve Later", OLD_DOB, words="five"))
    today = retention.today()
    with pytest.raises(errors.InvalidInput) as refused:
        retention.keep_longer(pid, add_years(OLD_DOB, 20), "Earlier is never allowed")
    assert "until" in refused.value.fields
    with pytest.raises(errors.InvalidInput) as refused:
        retention.keep_longer(pid, today, "Today is not later")
    assert "until" in refused.value.fields
    with pytest.raises(errors.InvalidInput) as refused:
        retention.keep_longer(pid, today + timedelta(days=400), "   ")
    assert set(refused.value.fields) == {"reason"}
    assert retention.review_date(pid).chosen is None  # nothing was saved
    kept = retention.keep_longer(pid, today + timedelta(days=400), "Police inquiry open.")
    assert kept.on == today + timedelta(days=400) and kept.chosen_reason == "Police inquiry open."
    assert retention.due() == []
    with pytest.raises(errors.InvalidInput):  # later only: not back to an earlier date
        retention.keep_longer(pid, today + timedelta(days=200), "Shorter")
    detail = lead.require_store().query_one(
        "SELECT detail FROM audit_log WHERE detail LIKE '%kept-longer%'"
    )[0]
    assert detail == '{"what":"retention-kept-longer"}'


def test_the_due_list_has_only_those_whose_date_has_passed(lead, retention):
    _, due = _add(lead, _concern("Fay Due", OLD_DOB, words="six"))
    _, young = _add(lead, _concern("Gus Young", YOUNG_DOB, words="seven"))
    _, aged = _add(lead, _concern("Hal Aged", None, age=30, words="eight"))  # 25 long past
    _, baby = _add(lead, _concern("Ivy Age", None, age=9, words="nine"))
    assert [r.young_person_id for r in retention.due()] == sorted([due, aged])
    assert all(r.due(retention.today()) for r in retention.due())
    assert {r.young_person_id for r in retention.all_review_dates()} == {due, young, aged, baby}


def test_deleting_removes_everything_about_them_and_nothing_about_anyone_else(lead, retention):
    target, target_concerns = _everything(lead, f"Jade {CANARY}", OLD_DOB, CANARY)
    kept, kept_concerns = _everything(lead, "Kim Other", YOUNG_DOB, OTHER)
    store = lead.require_store()

    # The other young person's concern names the same car: matching links them now.
    def linked() -> set[str]:
        return {
            ref for m in Records(lead).seen_elsewhere(kept_concerns[0]) for ref in m.concern_ids
        }

    assert set(target_concerns) <= linked()
    before_target = _rows_about(lead, target, target_concerns)
    assert all(
        before_target[t]
        for t in (
            "concerns",
            "decisions",
            "tasks",
            "amendments",
            "chronology_entries",
            "young_person_merges",
            "subjects",
            "concern_indicators",
            "concern_search",
        )
    )
    before_kept = _rows_about(lead, kept, kept_concerns)
    before_counts = _table_counts(lead)
    assert Records(lead).search(CANARY)

    preview = retention.deletion_preview(target)
    assert preview.counts["concerns"] == 2 and preview.counts["young_people"] == 2
    assert "2 concerns" in preview.words and "1 record merged into theirs" in preview.words

    deleted = retention.delete(target, PASSPHRASE)

    assert deleted["concerns"] == 2 and deleted["young_people"] == 2
    after_target = _rows_about(lead, target, target_concerns)
    assert all(rows == [] for rows in after_target.values()), after_target
    assert _rows_about(lead, kept, kept_concerns) == before_kept
    after_counts = _table_counts(lead)
    for table, before in before_counts.items():
        gone = len(before_target.get(table, []))
        if table == "audit_log":
            assert after_counts[table] > before
        elif table == "audit_anchor":
            assert after_counts[table] == before
        else:
            assert after_counts[table] == before - gone, table
    assert Records(lead).search(CANARY) == set()
    assert Records(lead).search(OTHER)  # the other's words are still found
    assert not linked() & set(target_concerns)
    assert linked()  # its own other concern still names the same car
    assert queries.pending_deletions(store) == 0
    assert store.check() == []
    assert [r.young_person_id for r in retention.all_review_dates()] == [kept]


def test_the_audit_line_holds_counts_and_no_personal_detail(lead, retention):
    target, _ = _everything(lead, f"Jade {CANARY}", OLD_DOB, CANARY)
    retention.delete(target, PASSPHRASE)
    store = lead.require_store()
    event, subject, detail, role = store.query_one(
        "SELECT event, subject, detail, role FROM audit_log ORDER BY seq DESC LIMIT 1"
    )
    assert (event, subject, role) == ("records-deleted", "", "lead")
    assert detail == (
        '{"amendments":1,"chronology_entries":1,"concerns":2,"decisions":2,'
        '"deleted":"young-person-records","lado_contacts":0,"reason":"retention-review",'
        '"records":2,"referrals":0,"tasks":2}'
    )
    everything = " ".join(
        str(value) for row in store.query_all("SELECT * FROM audit_log") for value in row
    )
    assert CANARY.lower() not in everything.lower()
    assert "1990" not in detail  # no date of birth either
    from app.keys import audit

    assert audit.verify(store).ok


def test_the_words_are_overwritten_inside_the_file(lead, retention, tmp_path):
    """secure_delete, checked on the bytes: the same store exported without encryption,
    the same deletion run on it; the canary must be nowhere in the file. With
    secure_delete off (the control) the words stay behind, so this test can fail."""
    target, _ = _everything(lead, f"Jade {CANARY}", OLD_DOB, CANARY)
    for n in range(8):  # neighbours on the same pages
        _add(lead, _concern(f"Neighbour {n}", YOUNG_DOB, words=f"{OTHER} number {n}"))
    store = lead.require_store()
    results = {}
    for secure in ("ON", "OFF"):
        plain = tmp_path / f"plain-{secure}.db"
        store.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
        store.execute("SELECT sqlcipher_export('plain')")
        store.execute("DETACH DATABASE plain")
        assert CANARY.lower().encode() in plain.read_bytes().lower()
        conn = sqlcipher.connect(str(plain), isolation_level=None)
        copy = Store(plain, conn)
        for pragma in ("PRAGMA foreign_keys = ON", f"PRAGMA secure_delete = {secure}"):
            conn.execute(pragma)
        with copy.transaction():
            queries.delete_people(copy, queries.family(copy, target))
        assert copy.check() == []
        copy.close()
        results[secure] = CANARY.lower().encode() in Path(plain).read_bytes().lower()
    assert results == {"ON": False, "OFF": True}


def test_a_wrong_passphrase_deletes_nothing(lead, retention, paths):
    target, concerns = _everything(lead, f"Jade {CANARY}", OLD_DOB, CANARY)
    _add_account(lead, "deputy", "Dee Deputy", DEPUTY_PASSPHRASE)
    before = _rows_about(lead, target, concerns)
    for wrong in ("not the passphrase", PASSPHRASE.upper(), DEPUTY_PASSPHRASE, ""):
        with pytest.raises(errors.DeletionSecretWrong):
            retention.delete(target, wrong)
    assert _rows_about(lead, target, concerns) == before
    refused = lead.require_store().query_all(
        "SELECT detail FROM audit_log WHERE detail LIKE '%deletion-refused%'"
    )
    assert len(refused) == 4


def test_the_recovery_code_holder_types_the_recovery_code(ready, recovery_code):
    ready.unlock(recovery_code, recovery=True)
    _, pid = _add(ready, _concern(f"Jade {CANARY}", OLD_DOB, words=CANARY))
    retention = Retention(ready)
    with pytest.raises(errors.DeletionSecretWrong) as refused:
        retention.delete(pid, PASSPHRASE)
    assert "recovery code" in refused.value.message
    deleted = retention.delete(pid, recovery_code.lower())  # typed as people type it
    assert deleted["young_people"] == 1
    row = ready.require_store().query_one(
        "SELECT role, account_id FROM audit_log WHERE event = 'records-deleted'"
    )
    assert row == ("recovery", None)


@pytest.mark.parametrize(
    ("role", "name", "passphrase"),
    [("deputy", "Dee Deputy", DEPUTY_PASSPHRASE), ("trustee", "Tom Trustee", TRUSTEE_PASSPHRASE)],
)
def test_a_deputy_or_trustee_cannot_delete_or_keep_longer(lead, role, name, passphrase):
    _, pid = _add(lead, _concern(f"Jade {CANARY}", OLD_DOB, words=CANARY))
    _add_account(lead, role, name, passphrase)
    lead.lock()
    lead.unlock(passphrase)
    retention = Retention(lead)
    assert not retention.can_decide
    with pytest.raises(errors.LeadOnly):
        retention.delete(pid, passphrase)
    with pytest.raises(errors.LeadOnly):
        retention.deletion_preview(pid)
    with pytest.raises(errors.LeadOnly):
        retention.keep_longer(pid, date.today() + timedelta(days=999), "Keep")
    if role == "deputy":  # a deputy sees the list and may record that CSE was alleged
        assert [r.young_person_id for r in retention.due()] == [pid]
    else:
        with pytest.raises(errors.LeadOnly):
            retention.due()
    assert lead.require_store().query_one("SELECT count(*) FROM concerns")[0] == 1


def test_records_not_yet_due_cannot_be_deleted(lead, retention):
    _, pid = _add(lead, _concern("Gus Young", YOUNG_DOB, words="young"))
    with pytest.raises(errors.RetentionNotDue):
        retention.delete(pid, PASSPHRASE)
    with pytest.raises(errors.RetentionNotDue):
        retention.deletion_preview(pid)
    assert lead.require_store().query_one("SELECT count(*) FROM concerns")[0] == 1


def test_a_failure_part_way_deletes_nothing(lead, retention, monkeypatch):
    target, concerns = _everything(lead, f"Jade {CANARY}", OLD_DOB, CANARY)
    before = _rows_about(lead, target, concerns)

    def fail(*_args):
        raise OSError("disk gone")

    monkeypatch.setattr(queries, "_forget_matching_keys", fail)  # after every delete ran
    with pytest.raises(errors.RecordsNotDeleted):
        retention.delete(target, PASSPHRASE)
    assert _rows_about(lead, target, concerns) == before
    assert queries.pending_deletions(lead.require_store()) == 0
    assert (
        lead.require_store().query_one(
            "SELECT count(*) FROM audit_log WHERE event = 'records-deleted'"
        )[0]
        == 0
    )


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("decisions", "decisions are kept as made"),
        ("chronology_entries", "chronology entries are kept as written"),
        ("young_person_merges", "merges are kept in the history"),
        ("amendments", "corrections are kept as made"),
    ],
)
def test_every_other_delete_is_still_refused(lead, retention, table, message):
    target, _ = _everything(lead, f"Jade {CANARY}", OLD_DOB, CANARY)
    kept, _ = _everything(lead, "Kim Other", YOUNG_DOB, OTHER)
    store = lead.require_store()
    with pytest.raises(sqlcipher.IntegrityError, match=message):
        store.execute(f"DELETE FROM {table}")
    # A deletion under way for one young person lets nobody else's rows go.
    with pytest.raises(sqlcipher.IntegrityError, match=message), store.transaction():
        store.execute("INSERT INTO retention_deletion (young_person_id) VALUES (?)", (target,))
        store.execute(f"DELETE FROM {table}")  # the kept young person's rows refuse
    assert queries.pending_deletions(store) == 0
    retention.delete(target, PASSPHRASE)
    with pytest.raises(sqlcipher.IntegrityError, match=message):
        store.execute(f"DELETE FROM {table}")
    assert store.query_one(f"SELECT count(*) FROM {table}")[0] > 0
    assert kept


def test_every_table_that_points_at_a_young_person_is_deleted_from(lead):
    covered = {
        *queries.BY_CONCERN,
        *queries.BY_PERSON,
        "concerns",
        "young_person_merges",
        "young_people",
    }
    pointing = queries.referencing_tables(lead.require_store())
    assert pointing, "the schema has foreign keys to concerns and young_people"
    missing = set(pointing) - covered
    assert not missing, f"add {sorted(missing)} to db/retention.py"


def test_the_quick_first_look_never_leaves_anyone_out(lead, retention):
    """The To do page looks only at records whose date could have come: it must find
    exactly those the full rules find, at the edges too (due today, due tomorrow, a
    29 February birthday, an estimate from an age, no age at all, a merged record)."""
    today = retention.today()
    store = lead.require_store()
    cases = [
        (add_years(today, -25).isoformat(), None, None),  # due today
        ((add_years(today, -25) + timedelta(days=1)).isoformat(), None, None),  # tomorrow
        ("2000-02-29", None, None),
        ("2001-02-28", None, None),
        (None, 16, add_years(today, -9).isoformat()),  # estimate due today
        (None, 16, (add_years(today, -9) + timedelta(days=1)).isoformat()),
        (None, None, add_years(today, -25).isoformat()),  # no age: first record + 25
        (None, None, add_years(today, -3).isoformat()),
        (None, 30, today.isoformat()),
    ]
    ids = []
    for n, (dob, age, created) in enumerate(cases):
        _, pid = _add(lead, _concern(f"Edge {n}", YOUNG_DOB, words=f"edge{n}"))
        store.execute(
            "UPDATE young_people SET date_of_birth = ?, approximate_age = ?, "
            "created_at = coalesce(?, created_at) WHERE id = ?",
            (dob, age, f"{created}T10:00:00+00:00" if created else None, pid),
        )
        ids.append(pid)
    _, kept = _add(lead, _concern("Edge kept", YOUNG_DOB, words="edgekept"))
    _, merged = _add(lead, _concern("Edge kept", YOUNG_DOB, words="edgemerged"))
    YoungPeople(lead).merge(kept, merged)
    store.execute("UPDATE young_people SET date_of_birth = NULL WHERE id = ?", (kept,))
    full = sorted(r.young_person_id for r in retention.all_review_dates() if r.due(today))
    assert sorted(r.young_person_id for r in retention.due()) == full
    assert ids[0] in full and ids[1] not in full and ids[4] in full and ids[5] not in full
    assert ids[6] in full and ids[7] not in full and ids[8] in full
