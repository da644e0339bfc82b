"""A young person's page: the chronology, the current tier and its rule, the score for
information, seen in other records; possible duplicates; merging two records and undoing
it exactly; chronology entries and their checks; audit entries in the same transaction,
with no names in them. Real SQLCipher store (the `ready` fixture), fixed clock."""

import logging
from datetime import UTC, date, datetime, timedelta

import pytest

from app.casework.decisions import Decisions
from app.casework.young_people import (
    MAX_SUMMARY,
    CannotMerge,
    DatesOfBirthDiffer,
    MergeCannotBeUndone,
    YoungPeople,
    YoungPeopleNotAllowed,
    YoungPersonMissing,
    first_line,
    months_before,
)
from app.core import errors
from app.intake.concern.model import Concern, IndicatorAnswer, Vehicle, YoungPerson
from app.intake.concern.reference import new_reference
from app.keys import audit
from db.organisation import AccountRow
from tests.conftest import PASSPHRASE

CANARY = "Qzvpersoncanary"
NOW = datetime(2026, 5, 12, 9, 0, tzinfo=UTC)
TODAY = NOW.astimezone().date()
DOB = date(2012, 1, 5)


def _concern(
    name: str = f"Jade {CANARY}",
    *,
    dob: date | None = DOB,
    days_ago: int = 1,
    tier: str = "1",
    indicators=("T1-01",),
    own_words: str = "",
    observations: str = "",
    known_as: str = "",
    reg: str = "",
    when: str = "within-6-months",
) -> Concern:
    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=NOW - timedelta(days=days_ago),
        happened_on=TODAY - timedelta(days=days_ago),
        young_person=YoungPerson(
            name=name, known_as=known_as, date_of_birth=dob, approximate_age=None if dob else 14
        ),
        own_words=own_words,
        observations=observations,
        vehicles=[Vehicle(registration=reg)] if reg else [],
        indicators=[IndicatorAnswer(i, when) for i in indicators],
        computed_tier=tier,
        recorder_name="Sam Volunteer",
    )


@pytest.fixture
def lead(ready):
    ready.unlock(PASSPHRASE)
    return ready


@pytest.fixture
def people(lead):
    return YoungPeople(lead, clock=lambda: NOW)


def _add(session, concern: Concern) -> tuple[str, int]:
    ref = session.save_concern_direct(concern).id
    pid = session.require_store().query_one(
        "SELECT young_person_id FROM concerns WHERE id = ?", (ref,)
    )[0]
    return ref, pid


def _audit_rows(session) -> list[tuple]:
    return session.require_store().query_all(
        "SELECT event, subject, detail FROM audit_log ORDER BY seq"
    )


def _count(session, table: str) -> int:
    return session.require_store().query_one(f"SELECT count(*) FROM {table}")[0]


def _snapshot(session) -> dict[str, list[tuple]]:
    """Who every concern, entry and follow-up belongs to, and every young person's row."""
    store = session.require_store()
    return {
        "concerns": store.query_all("SELECT id, young_person_id FROM concerns ORDER BY id"),
        "entries": store.query_all(
            "SELECT id, young_person_id, summary FROM chronology_entries ORDER BY id"
        ),
        "tasks": store.query_all("SELECT id, young_person_id, concern_id FROM tasks ORDER BY id"),
        "people": store.query_all("SELECT * FROM young_people ORDER BY id"),
    }


# -- the page --------------------------------------------------------------------------------
def test_the_chronology_holds_concerns_and_entries_newest_or_oldest_first(people, lead):
    old_ref, pid = _add(lead, _concern(days_ago=40, own_words="\n  He said I owe him  \nmore"))
    new_ref, other = _add(
        lead, _concern(days_ago=5, own_words="", observations="A silver car waited.\nSecond line")
    )
    people.merge(pid, other)
    people.add_entry(pid, TODAY - timedelta(days=20), "phone-call", "Rang the duty team.\nOK")

    page = people.page(pid)
    assert [i.source for i in page.chronology] == ["concern", "entry", "concern"]
    assert [i.reference for i in page.chronology if i.reference] == [new_ref, old_ref]
    newest, entry, oldest = page.chronology
    assert oldest.summary == "He said I owe him" and oldest.summary_is_own_words
    assert newest.summary == "A silver car waited." and not newest.summary_is_own_words
    assert entry.kind_words == "Phone call" and entry.summary == "Rang the duty team.\nOK"
    assert entry.recorded_by == "Sam Okafor"
    assert newest.kind_words == "Concern" and newest.status_words == "New"
    assert page.ordered(False) == tuple(reversed(page.chronology))
    assert people.page(pid, newest_first=False).chronology == page.ordered(False)
    assert page.details.name == f"Jade {CANARY}" and page.details.age == 14
    assert page.concerns == 2


def test_a_long_first_line_is_shortened():
    assert first_line("a" * 200, limit=20) == "a" * 19 + "…"
    assert first_line("\n\n   \n") == ""


def test_the_current_tier_is_the_highest_that_stands_in_the_last_12_months(people, lead):
    ref1, pid = _add(lead, _concern(days_ago=30, tier="1", indicators=("T1-01",)))
    ref2, p2 = _add(lead, _concern(days_ago=200, tier="2", indicators=("T2-03",)))
    ref3, p3 = _add(lead, _concern(days_ago=400, tier="3", indicators=("T3-02",)))
    people.merge(pid, p2)
    people.merge(pid, p3)

    current = people.page(pid).current_tier
    assert current.tier == "2" and current.reference == ref2
    assert current.concerns_counted == 2  # the concern 400 days ago is history only
    assert current.words == "Significant"
    assert f"It comes from {ref2}" in current.sentence
    assert "worked out by the checklist" in current.sentence
    assert "highest tier that stands" in current.rule and "last 12 months" in current.rule
    old = next(i for i in people.page(pid).chronology if i.reference == ref3)
    assert not old.recent and old.tier == "3"

    # The lead's tier stands in place of the checklist's.
    Decisions(lead, clock=lambda: NOW).raise_tier(ref1, "3", "She told us more on the phone")
    current = people.page(pid).current_tier
    assert current.tier == "3" and current.reference == ref1
    assert "set by the lead" in current.sentence
    item = next(i for i in people.page(pid).chronology if i.reference == ref1)
    assert item.tier == "3" and item.computed_tier == "1" and item.tier_changed_by_lead


def test_no_concern_in_the_last_12_months_means_no_current_tier(people, lead):
    ref, pid = _add(lead, _concern(days_ago=500, tier="3", indicators=("T3-02",)))
    page = people.page(pid)
    assert page.current_tier.tier is None and page.current_tier.words == "No current tier"
    assert "no current tier" in page.current_tier.sentence
    assert ref in page.current_tier.sentence
    assert page.score.total == 0 and page.score.concerns == 0


def test_months_before_keeps_the_calendar():
    assert months_before(date(2026, 5, 12), 12) == date(2025, 5, 12)
    assert months_before(date(2024, 2, 29), 12) == date(2023, 2, 28)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 1) == date(2025, 12, 15)


def test_the_score_is_for_information_and_counts_each_sign_once(people, lead):
    _ref, pid = _add(lead, _concern(days_ago=10, indicators=("T1-01", "T2-03", "V02")))
    _ref, p2 = _add(lead, _concern(days_ago=20, indicators=("T2-03", "T3-02")))
    _ref, p3 = _add(lead, _concern(days_ago=50, indicators=("T1-04",), when="6-12-months"))
    _ref, p4 = _add(lead, _concern(days_ago=800, indicators=("T3-05",)))  # too old
    for other in (p2, p3, p4):
        people.merge(pid, other)
    score = people.page(pid).score
    # T1-01 1 + T2-03 3 (once) + V02 1 + T3-02 5; T1-04 seen 6-12 months before: history.
    assert score.total == 10
    assert score.concerns == 3 and score.signs == 5 and score.not_scored == 0
    assert "for information only" in score.sentence
    assert "never decides the tier" in score.sentence
    assert "significant signs 3" in score.sentence


def test_seen_in_other_records_counts_other_concerns_and_young_people(people, lead):
    _ref, pid = _add(lead, _concern(reg="AB12 CDE"))
    other_ref, _other = _add(lead, _concern(name="Bea Other", dob=date(2010, 1, 1), reg="ab12cde"))
    _add(lead, _concern(name="Cal Third", dob=date(2011, 1, 1), reg="XY99 ZZZ"))
    seen = people.page(pid).seen_elsewhere
    assert (seen.other_concerns, seen.other_young_people) == (1, 1)
    assert seen.matches[0].concern_ids == (other_ref,)
    assert "also named in 1 other record, about 1 other young person" in seen.sentence
    assert people.page(pid, seen_elsewhere=False).seen_elsewhere is None
    assert people.seen_elsewhere(pid) == seen


def test_an_unknown_young_person_a_trustee_and_a_locked_store(people, lead):
    ref, pid = _add(lead, _concern())
    with pytest.raises(YoungPersonMissing):
        people.page(9999)
    with pytest.raises(errors.ConcernMissing):
        people.for_concern("C-0000-0000")
    assert people.for_concern(ref) == pid
    lead._account = AccountRow(2, "slot-2", "Tess Trustee", "trustee")
    for call in (
        lambda: people.page(pid),
        lambda: people.suggest_duplicates(pid),
        lambda: people.add_entry(pid, TODAY, "meeting", "x"),
        lambda: people.merge(pid, pid + 1),
        lambda: people.undo_merge(1),
    ):
        with pytest.raises(YoungPeopleNotAllowed):
            call()
    lead.lock()
    with pytest.raises(errors.Locked):
        people.page(pid)


# -- possible duplicates -----------------------------------------------------------------------
def test_duplicates_are_close_names_with_the_same_date_of_birth(people, lead):
    _ref, pid = _add(lead, _concern(name="Jade Smith"))
    _ref, smyth = _add(lead, _concern(name="Jade Smyth"))  # close name, same DOB
    _ref, reversed_ = _add(lead, _concern(name="SMITH, jade"))  # same name, same DOB
    _ref, nickname = _add(lead, _concern(name="", known_as="Jade Smith"))
    _add(lead, _concern(name="Jade Smith", dob=date(2012, 1, 6)))  # same name, other DOB
    _add(lead, _concern(name="Jane Smith"))  # not close: Jade/Jane are short words
    _add(lead, _concern(name="Jade Smyth", dob=None))  # close only, and no DOB
    _ref, undated = _add(lead, _concern(name="jade  smith", dob=None))  # same name, no DOB
    found = people.suggest_duplicates(pid)
    assert [d.id for d in found] == [smyth, reversed_, nickname, undated]
    by_id = {d.id: d for d in found}
    assert by_id[smyth].why == "The same date of birth and a similar name."
    assert by_id[reversed_].why == "The same date of birth and the same name."
    assert by_id[undated].why == "The same name; the other record has no date of birth."
    assert by_id[smyth].same_date_of_birth and not by_id[undated].same_date_of_birth
    assert by_id[smyth].concerns == 1 and by_id[smyth].date_of_birth == DOB

    # From the undated record: every record with the same name, whatever its DOB.
    from_undated = people.suggest_duplicates(undated)
    assert {d.why for d in from_undated} == {"The same name; this record has no date of birth."}
    assert pid in {d.id for d in from_undated}

    # A merged record is not suggested again; nor is the record itself.
    people.merge(pid, smyth)
    assert smyth not in {d.id for d in people.suggest_duplicates(pid)}
    assert pid not in {d.id for d in people.suggest_duplicates(pid)}


def test_a_record_with_no_name_has_no_suggestions(people, lead):
    _ref, pid = _add(lead, _concern(name=""))
    _add(lead, _concern(name=""))
    assert people.suggest_duplicates(pid) == []


# -- merging ---------------------------------------------------------------------------------
def test_merging_moves_everything_and_undo_restores_it_exactly(people, lead):
    ref_a, keep = _add(lead, _concern(name="Jade Smith"))
    ref_b1, merge = _add(lead, _concern(name="Jade Smyth", days_ago=3))
    ref_b2, extra = _add(lead, _concern(name="Jade Smyth", days_ago=4))
    people.merge(merge, extra)  # merge now has two concerns
    people.add_entry(merge, TODAY, "meeting", "Met her school's safeguarding lead.")
    people.add_entry(keep, TODAY, "other-agency", "Police told us about a car.")
    decisions = Decisions(lead, clock=lambda: NOW)
    task = decisions.add_task("Ring school", TODAY, young_person_id=merge)
    on_concern = decisions.add_task("Check back", TODAY, concern=ref_b1)
    before = _snapshot(lead)

    preview = people.merge_preview(keep, merge)
    assert (preview.concerns, preview.entries, preview.tasks) == (2, 1, 1)
    assert not preview.different_dob and preview.reason is None
    assert "Jade Smyth" in preview.question and "can be undone" in preview.question
    record = people.merge(keep, merge)
    assert record.this_was_kept and (record.concerns, record.entries, record.tasks) == (2, 1, 1)
    assert record.standing and not record.different_dob

    page = people.page(keep)
    assert {i.reference for i in page.chronology if i.reference} == {ref_a, ref_b1, ref_b2}
    assert sum(1 for i in page.chronology if i.source == "entry") == 2
    assert page.also_recorded_as == ("Jade Smyth",)
    assert people.page(merge).details.id == keep  # the merged record opens the kept one
    assert people.for_concern(ref_b1) == keep
    store = lead.require_store()
    assert store.query_one("SELECT young_person_id FROM tasks WHERE id = ?", (task.id,))[0] == keep
    assert store.query_one("SELECT merged_into FROM young_people WHERE id = ?", (merge,))[0] == keep
    assert _count(lead, "young_people") == 3  # nothing deleted

    # Added after the merge: stays with the kept record when the merge is undone.
    people.add_entry(keep, TODAY, "phone-call", "After the merge.")
    undone = people.undo_merge(record.id)
    assert not undone.standing and undone.undone_at is not None
    after = _snapshot(lead)
    assert after["concerns"] == before["concerns"]
    assert after["tasks"] == before["tasks"]
    assert after["people"] == before["people"]
    assert after["entries"][:-1] == before["entries"]
    assert after["entries"][-1][1:] == (keep, "After the merge.")
    assert on_concern.concern == ref_b1

    history = people.page(keep).merges
    assert [(m.id, m.standing) for m in history] == [(record.id, False)]
    assert "Undone" in history[0].words and "merged into this one" in history[0].words
    with pytest.raises(MergeCannotBeUndone, match="undone already"):
        people.undo_merge(record.id)
    # It can be merged again, as a new merge.
    again = people.merge(keep, merge)
    assert again.id != record.id and again.concerns == 2


def test_different_dates_of_birth_need_confirmation_and_say_why(people, lead):
    _ref, keep = _add(lead, _concern(name="Jade Smith", dob=date(2011, 3, 2)))
    _ref, merge = _add(lead, _concern(name="Jade Smith", dob=date(2011, 2, 3)))
    before = _snapshot(lead)
    audit_before = _count(lead, "audit_log")

    preview = people.merge_preview(keep, merge)
    assert preview.different_dob
    assert "02/03/2011 on this record" in preview.reason
    assert "03/02/2011 on the other" in preview.reason
    with pytest.raises(DatesOfBirthDiffer) as refused:
        people.merge(keep, merge)
    assert "different dates of birth" in refused.value.message
    assert "02/03/2011" not in refused.value.message  # the message may reach a log
    assert "02/03/2011 on this record" in refused.value.reason
    assert refused.value.kept_dob == date(2011, 3, 2)
    assert _snapshot(lead) == before and _count(lead, "audit_log") == audit_before

    record = people.merge(keep, merge, confirm_different_dob=True)
    assert record.different_dob and "dates of birth differ" in record.words
    assert (
        lead.require_store().query_one(
            "SELECT different_dob FROM young_person_merges WHERE id = ?", (record.id,)
        )[0]
        == 1
    )


def test_one_missing_date_of_birth_is_not_a_difference(people, lead):
    _ref, keep = _add(lead, _concern(name="Jade Smith"))
    _ref, merge = _add(lead, _concern(name="Jade Smith", dob=None))
    assert not people.merge_preview(keep, merge).different_dob
    assert people.merge(keep, merge).concerns == 1


def test_merges_that_cannot_be_done(people, lead):
    _ref, a = _add(lead, _concern())
    _ref, b = _add(lead, _concern())
    _ref, c = _add(lead, _concern())
    with pytest.raises(CannotMerge, match="itself"):
        people.merge(a, a)
    with pytest.raises(YoungPersonMissing):
        people.merge(a, 9999)
    people.merge(a, b)
    with pytest.raises(CannotMerge, match="already been merged"):
        people.merge(c, b)
    with pytest.raises(CannotMerge, match="already been merged"):
        people.merge(b, c)
    with pytest.raises(MergeCannotBeUndone, match="not in the records"):
        people.undo_merge(9999)
    with pytest.raises(CannotMerge, match="merged into another"):
        people.add_entry(b, TODAY, "meeting", "On the merged record")


def test_a_merge_moved_on_by_a_later_one_is_undone_after_it(people, lead):
    ref_a, a = _add(lead, _concern())
    ref_b, b = _add(lead, _concern())
    _ref_c, c = _add(lead, _concern())
    before = _snapshot(lead)
    first = people.merge(a, b)  # b's concern now on a
    second = people.merge(c, a)  # and a's two now on c
    with pytest.raises(MergeCannotBeUndone, match="since been merged") as refused:
        people.undo_merge(first.id)
    assert "Undo that later merge first" in refused.value.next_step
    assert people.for_concern(ref_b) == c
    people.undo_merge(second.id)
    people.undo_merge(first.id)
    assert _snapshot(lead) == before
    assert people.for_concern(ref_a) == a and people.for_concern(ref_b) == b


def test_a_merge_and_its_audit_entry_commit_together(people, lead, monkeypatch):
    _ref, keep = _add(lead, _concern())
    _ref, merge = _add(lead, _concern())
    before = _snapshot(lead)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "append", broken)
    with pytest.raises(RuntimeError):
        people.merge(keep, merge)
    with pytest.raises(RuntimeError):
        people.add_entry(keep, TODAY, "meeting", "A meeting")
    assert _snapshot(lead) == before and _count(lead, "young_person_merges") == 0
    monkeypatch.undo()
    record = people.merge(keep, merge)
    merged = _snapshot(lead)
    monkeypatch.setattr(audit, "append", broken)
    with pytest.raises(RuntimeError):
        people.undo_merge(record.id)
    assert _snapshot(lead) == merged
    monkeypatch.undo()
    assert people.page(keep).merges[0].standing


def test_the_store_keeps_entries_and_merges_as_written(people, lead):
    import sqlcipher3.dbapi2 as sqlcipher

    _ref, keep = _add(lead, _concern())
    _ref, merge = _add(lead, _concern())
    item = people.add_entry(keep, TODAY, "meeting", "A meeting")
    record = people.merge(keep, merge)
    store = lead.require_store()
    for sql in (
        "UPDATE chronology_entries SET summary = 'changed'",
        "DELETE FROM chronology_entries",
        "DELETE FROM young_person_merges",
        "UPDATE young_person_merges SET concern_ids = '[]'",
        "INSERT INTO chronology_entries (young_person_id, happened_on, kind, summary, "
        "recorded_at) VALUES (1, '2026-01-01', 'letter', 'x', 'now')",
    ):
        with pytest.raises(sqlcipher.DatabaseError):
            store.execute(sql)
    people.undo_merge(record.id)
    with pytest.raises(sqlcipher.DatabaseError):
        store.execute("UPDATE young_person_merges SET undone_at = NULL")
    assert item.entry_id is not None


# -- chronology entries ---------------------------------------------------------------------
def test_an_entry_is_checked_field_by_field(people, lead):
    _ref, pid = _add(lead, _concern())

    def refused(*args) -> dict[str, str]:
        with pytest.raises(errors.InvalidInput) as caught:
            people.add_entry(pid, *args)
        return caught.value.fields

    assert refused(None, "meeting", "x") == {"happened_on": "Give the date it happened."}
    assert "not come yet" in refused(TODAY + timedelta(days=1), "meeting", "x")["happened_on"]
    assert refused(TODAY, "letter", "x") == {"kind": "Choose what kind of entry this is."}
    assert "Write what happened" in refused(TODAY, "meeting", "   \n ")["summary"]
    too_long = refused(TODAY, "meeting", "x" * (MAX_SUMMARY + 1))["summary"]
    assert "10,000 characters or fewer" in too_long and "10,001" in too_long
    assert set(refused(None, "", "")) == {"happened_on", "kind", "summary"}
    assert _count(lead, "chronology_entries") == 0

    item = people.add_entry(pid, TODAY, "other-agency", "  " + "x" * MAX_SUMMARY + "  ")
    assert item.summary == "x" * MAX_SUMMARY and item.on == TODAY
    assert item.kind_words == "Information from another agency" and item.recent
    old = people.add_entry(pid, date(2019, 6, 1), "other", "Long ago")
    assert not old.recent
    with pytest.raises(YoungPersonMissing):
        people.add_entry(9999, TODAY, "meeting", "x")


# -- what the audit log and the technical log hold ------------------------------------------
def test_audit_entries_name_nobody_and_logs_hold_no_record_text(people, lead, caplog):
    caplog.set_level(logging.DEBUG)
    _ref, keep = _add(
        lead,
        _concern(
            name=f"Jade {CANARY}",
            known_as=f"JJ{CANARY}",
            dob=date(2011, 3, 2),
            own_words=f"Said {CANARY}",
        ),
    )
    _ref, merge = _add(lead, _concern(name=f"Jade {CANARY}", dob=date(2011, 2, 3)))
    start = _count(lead, "audit_log")
    people.page(keep)
    people.suggest_duplicates(keep)
    entry = people.add_entry(keep, TODAY, "phone-call", f"Rang about {CANARY}")
    with pytest.raises(DatesOfBirthDiffer):
        people.merge(keep, merge)
    record = people.merge(keep, merge, confirm_different_dob=True)
    people.undo_merge(record.id)

    rows = _audit_rows(lead)[start:]
    assert [r[0] for r in rows] == ["view", "change", "change", "change"]
    assert {r[1] for r in rows} == {f"young-person-{keep}"}
    text = repr(rows)
    for secret in (CANARY, "Jade", "2011", "Rang about"):
        assert secret not in text
    assert f'"entry":{entry.entry_id}' in rows[1][2]
    assert '"what":"young-people-merged"' in rows[2][2] and '"different_dob":true' in rows[2][2]
    assert '"what":"young-people-merge-undone"' in rows[3][2]
    assert CANARY not in caplog.text and "2011" not in caplog.text
