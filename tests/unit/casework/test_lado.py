"""The LADO route on the lead's side (cse-facts.md §8.3 rule 8): a concern about an adult
who works or volunteers here waits in To do until the lead records the LADO contact
(when, whom, their reference, optionally what was agreed); it is overdue one working day
after it arrived; the audit log says a contact was recorded, never what was said; the
trustee sees the numbers only; retention and handover carry the contacts. Real SQLCipher
store (the `ready` fixture)."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from app.casework.decisions import (
    Decisions,
    DecisionsNotAllowed,
    lado_due_at,
    lado_due_words,
    next_working_day,
)
from app.casework.records import Records
from app.core import errors
from app.intake.concern.model import Concern, IndicatorAnswer, YoungPerson
from app.intake.concern.reference import new_reference
from app.keys import audit
from db.organisation import AccountRow
from tests.conftest import PASSPHRASE

CANARY = "Qzvladocanary"
# A Tuesday morning (UTC, as the store keeps it).
ARRIVED = datetime(2026, 5, 12, 9, 30, tzinfo=UTC)


def _concern(about: str) -> Concern:
    return Concern(
        id=new_reference(),
        checklist_version=2,
        created_at=ARRIVED - timedelta(hours=2),
        happened_on=ARRIVED.date(),
        about_adult=about,
        young_person=YoungPerson(name=f"Amira {CANARY}", date_of_birth=date(2012, 1, 5)),
        indicators=[IndicatorAnswer("T2-01", found_out_on=ARRIVED.date())],
        recorder_name="Sam Volunteer",
    )


@pytest.fixture
def lead(ready, monkeypatch):
    import app.keys.session

    ready.unlock(PASSPHRASE)
    # The concern reaches the store at ARRIVED, whatever today is.
    monkeypatch.setattr(app.keys.session, "_now", lambda: ARRIVED.isoformat(timespec="seconds"))
    return ready


def _service(session, now: datetime) -> Decisions:
    return Decisions(session, clock=lambda: now)


def _audit_rows(session) -> list[tuple]:
    return session.require_store().query_all(
        "SELECT event, subject, detail FROM audit_log ORDER BY seq"
    )


# -- one working day ----------------------------------------------------------------------
def test_one_working_day_skips_the_weekend():
    assert next_working_day(date(2026, 5, 12)) == date(2026, 5, 13)  # Tue -> Wed
    assert next_working_day(date(2026, 5, 15)) == date(2026, 5, 18)  # Fri -> Mon
    assert next_working_day(date(2026, 5, 16)) == date(2026, 5, 18)  # Sat -> Mon


def test_due_the_same_time_next_working_day_or_the_end_of_monday_after_a_weekend():
    tuesday = datetime(2026, 5, 12, 10, 15).astimezone()
    assert lado_due_at(tuesday) == datetime(2026, 5, 13, 10, 15).astimezone()
    friday_evening = datetime(2026, 5, 15, 18, 0).astimezone()
    assert lado_due_at(friday_evening) == datetime(2026, 5, 18, 18, 0).astimezone()
    saturday = datetime(2026, 5, 16, 11, 0).astimezone()
    assert lado_due_at(saturday) == datetime(2026, 5, 18, 23, 59).astimezone()
    with pytest.raises(ValueError):
        lado_due_at(datetime(2026, 5, 12, 10, 15))  # no time zone: refused, not guessed


def test_due_words_say_by_when_and_then_since_when():
    due = datetime(2026, 5, 13, 10, 15).astimezone()
    assert lado_due_words(due, due - timedelta(hours=1)) == (
        "Contact the LADO by Wed 13/05/2026 10:15"
    )
    assert lado_due_words(due, due + timedelta(minutes=1)) == (
        "LADO contact overdue since Wed 13/05/2026 10:15"
    )


# -- the To do item -------------------------------------------------------------------------
def test_a_concern_about_an_adult_waits_in_to_do_until_the_contact_is_recorded(lead):
    ordinary = lead.save_concern_direct(_concern("no")).id
    about_staff = lead.save_concern_direct(_concern("staff")).id
    about_lead = lead.save_concern_direct(_concern("lead")).id
    before_due = _service(lead, ARRIVED + timedelta(hours=3))

    lead.save_settings({"lado_phone": "0300 126 7000"})

    waiting = before_due.lado_tasks()
    assert {t.reference for t in waiting} == {about_staff, about_lead}  # not `ordinary`
    assert ordinary not in {t.reference for t in waiting}
    task = next(t for t in waiting if t.reference == about_staff)
    assert task.about == "staff" and task.young_person == f"Amira {CANARY}"
    assert task.due_at == lado_due_at(ARRIVED)
    assert not task.overdue(ARRIVED + timedelta(hours=3))
    assert task.overdue(lado_due_at(ARRIVED) + timedelta(minutes=1))

    # The lead's To do list carries the same items and the LADO's number from Settings.
    page = Records(lead).start_page()
    assert {t.reference for t in page.lado_due} == {about_staff, about_lead}
    assert page.lado_phone == "0300 126 7000"

    before_due.record_lado_contact(
        about_staff, ARRIVED + timedelta(hours=2), "Pat Officer", "LADO/2026/0142"
    )
    assert {t.reference for t in before_due.lado_tasks()} == {about_lead}
    assert {t.reference for t in Records(lead).start_page().lado_due} == {about_lead}


def test_the_review_shows_the_route_the_due_time_and_the_contacts(lead):
    ref = lead.save_concern_direct(_concern("staff")).id
    service = _service(lead, ARRIVED + timedelta(hours=3))
    state = service.review(ref)
    assert state.lado_route and state.lado_waiting and state.lado_contacts == ()
    assert state.lado_due_at == lado_due_at(ARRIVED)

    made = service.record_lado_contact(
        ref,
        ARRIVED + timedelta(hours=2),
        "  Pat Officer ",
        " LADO/2026/0142 ",
        "Strategy meeting on Thursday.",
    )
    assert (made.spoke_to, made.their_reference) == ("Pat Officer", "LADO/2026/0142")
    assert made.outcome == "Strategy meeting on Thursday."
    state = service.review(ref)
    assert not state.lado_waiting and state.lado_contacts == (made,)

    ordinary = service.review(lead.save_concern_direct(_concern("no")).id)
    assert not ordinary.lado_route and not ordinary.lado_waiting
    assert ordinary.lado_due_at is None


# -- validation ---------------------------------------------------------------------------
def test_a_contact_needs_when_whom_and_their_reference_and_nothing_is_half_written(lead):
    ref = lead.save_concern_direct(_concern("staff")).id
    service = _service(lead, ARRIVED + timedelta(hours=3))
    with pytest.raises(errors.InvalidInput) as refused:
        service.record_lado_contact(ref, ARRIVED + timedelta(days=1), "  ", "")
    fields = refused.value.fields
    assert set(fields) == {"lado_contacted_at", "lado_spoke_to", "lado_reference"}
    assert "not come yet" in fields["lado_contacted_at"]
    assert "none given" in fields["lado_reference"]
    with pytest.raises(errors.InvalidInput) as too_long:
        service.record_lado_contact(ref, ARRIVED, "P" * 121, "R" * 121, "x" * 2001)
    assert set(too_long.value.fields) == {"lado_spoke_to", "lado_reference", "lado_outcome"}
    with pytest.raises(ValueError):
        service.record_lado_contact(ref, datetime(2026, 5, 12, 10, 0), "Pat", "R1")
    with pytest.raises(errors.ConcernMissing):
        service.record_lado_contact("C-0000-0000", ARRIVED, "Pat", "R1")
    assert lead.require_store().query_one("SELECT count(*) FROM lado_contacts")[0] == 0
    assert service.review(ref).lado_waiting


def test_a_contact_is_kept_as_made(lead):
    from sqlcipher3 import dbapi2

    ref = lead.save_concern_direct(_concern("staff")).id
    made = _service(lead, ARRIVED + timedelta(hours=3)).record_lado_contact(
        ref, ARRIVED, "Pat Officer", "R1"
    )
    store = lead.require_store()
    for sql in (
        "UPDATE lado_contacts SET spoke_to = 'x' WHERE id = ?",
        "DELETE FROM lado_contacts WHERE id = ?",
    ):
        with pytest.raises(dbapi2.DatabaseError, match="kept as made"):
            store.execute(sql, (made.id,))


def test_only_the_lead_or_a_deputy_records_a_contact(lead):
    ref = lead.save_concern_direct(_concern("staff")).id
    service = _service(lead, ARRIVED)
    lead._account = AccountRow(2, "slot-2", "Tess Trustee", "trustee")
    with pytest.raises(DecisionsNotAllowed):
        service.record_lado_contact(ref, ARRIVED, "Pat Officer", "R1")
    with pytest.raises(DecisionsNotAllowed):
        service.lado_tasks()


# -- the audit log ------------------------------------------------------------------------
def test_the_audit_log_says_a_contact_was_recorded_never_what_was_said(lead):
    ref = lead.save_concern_direct(_concern("lead")).id
    late = lado_due_at(ARRIVED) + timedelta(hours=2)
    _service(lead, late + timedelta(minutes=5)).record_lado_contact(
        ref, late, f"Pat {CANARY}", f"REF-{CANARY}", f"Agreed {CANARY}"
    )
    rows = _audit_rows(lead)
    event, subject, detail = rows[-1]
    assert (event, subject) == (audit.CHANGE, ref)
    assert '"what":"lado-contact"' in detail
    assert '"about":"lead"' in detail and '"late":true' in detail
    assert '"first":true' in detail and '"outcome_given":true' in detail
    assert all(CANARY not in str(row) for row in rows)


# -- the trustee's numbers ----------------------------------------------------------------
def test_the_trustee_sees_how_many_wait_and_how_many_are_overdue(lead):
    first = lead.save_concern_direct(_concern("staff")).id
    lead.save_concern_direct(_concern("lead"))
    lead.save_concern_direct(_concern("no"))
    soon = _service(lead, ARRIVED + timedelta(hours=1))
    counts = soon.counts(ARRIVED.date())
    assert (counts.lado_waiting, counts.lado_overdue) == (2, 0)
    later = _service(lead, lado_due_at(ARRIVED) + timedelta(minutes=1))
    assert (
        later.counts(ARRIVED.date()).lado_waiting,
        later.counts(ARRIVED.date()).lado_overdue,
    ) == (2, 2)
    later.record_lado_contact(first, ARRIVED + timedelta(hours=1), "Pat Officer", "R1")
    lead._account = AccountRow(2, "slot-2", "Tess Trustee", "trustee")
    counts = later.counts(ARRIVED.date())
    assert (counts.lado_waiting, counts.lado_overdue) == (1, 1)


# -- retention and handover ---------------------------------------------------------------
def test_a_retention_deletion_takes_the_lado_contacts_with_the_records(lead):
    from db import retention as queries

    ref = lead.save_concern_direct(_concern("staff")).id
    _service(lead, ARRIVED + timedelta(hours=1)).record_lado_contact(
        ref, ARRIVED, "Pat Officer", "R1"
    )
    store = lead.require_store()
    person = store.query_one("SELECT young_person_id FROM concerns WHERE id = ?", (ref,))[0]
    assert queries.counts(store, [person])["lado_contacts"] == 1
    with store.transaction():
        deleted = queries.delete_people(store, [person])
    assert deleted["lado_contacts"] == 1
    assert store.query_one("SELECT count(*) FROM lado_contacts")[0] == 0


def test_a_handover_carries_the_lado_contacts_and_an_older_file_without_them_reads(lead, tmp_path):
    from app.core.paths import resolve
    from app.keeping import handover_format as fmt
    from app.keeping.handover import Handover, open_file
    from app.keys.kdf import FAST_FOR_TESTS
    from app.keys.recovery_code import generate
    from app.keys.session import Session
    from tests.conftest import CONTACTS, make_details

    ref = lead.save_concern_direct(_concern("staff")).id
    _service(lead, ARRIVED + timedelta(hours=1)).record_lado_contact(
        ref, ARRIVED, "Pat Officer", "LADO-77", "Strategy meeting"
    )
    target = tmp_path / "out.cse-handover"
    made = Handover(lead).export(target)

    paths = resolve(str(tmp_path / "receiver"))
    paths.ensure()
    receiver = Session(paths, kdf_params=lambda: FAST_FOR_TESTS)
    receiver.set_up(make_details(name="Northside Scouts"), PASSPHRASE, generate(), dict(CONTACTS))
    try:
        opened = open_file(target, made.passphrase)
        Handover(receiver).receive(opened)
        state = _service(receiver, ARRIVED + timedelta(hours=2)).review(ref)
        assert [(c.spoke_to, c.their_reference, c.outcome) for c in state.lado_contacts] == [
            ("Pat Officer", "LADO-77", "Strategy meeting")
        ]
        assert not state.lado_waiting
    finally:
        receiver.lock()

    # A file made before LADO contacts existed has no such key on its concerns.
    item = {
        "concern": {},
        "content_digest": "",
        "imported_at": "",
        "amendments": [],
        "review": None,
        "decisions": [],
        "referrals": [],
    }
    person = {
        "key": 1,
        "details": {"name": "A"},
        "created_at": "2026-01-01T00:00:00+00:00",
        "also_recorded_as": [],
        "merges": [],
        "concerns": [item],
        "entries": [],
        "tasks": [],
        "keeping": {
            "cse_alleged": False,
            "cse_alleged_on": None,
            "review_after": None,
            "review_after_reason": "",
        },
    }
    doc = {
        "format": fmt.PAYLOAD_FORMAT,
        "version": 1,
        "bundle_id": "0" * 32,
        "made_at": "2026-01-01T00:00:00+00:00",
        "from_organisation": "X",
        "young_people": [person],
    }
    with pytest.raises(errors.HandoverDamaged) as refused:
        fmt.check_payload(doc)  # the empty concern is refused, by the concern codec
    assert "a concern:" in refused.value.reason
    assert item["lado_contacts"] == []  # not "does not have the fields this version reads"


def test_the_working_day_runs_from_when_the_volunteer_sent_it(lead):
    # A letter that waited a week for a lead to open the letterbox is overdue at once.
    sent = ARRIVED - timedelta(days=7)
    week_old = replace(
        _concern("staff"), created_at=sent - timedelta(minutes=20), submitted_at=sent
    )
    ref = lead.save_concern_direct(week_old).id
    task = next(t for t in _service(lead, ARRIVED).lado_tasks() if t.reference == ref)
    assert task.due_at == lado_due_at(sent)
    assert task.overdue(ARRIVED)
    # A form left part-way was never sent: its day runs from when it reached the store.
    unsent = lead.save_concern_direct(replace(_concern("staff"), status="incomplete-locked"))
    task = next(t for t in _service(lead, ARRIVED).lado_tasks() if t.reference == unsent.id)
    assert task.due_at == lado_due_at(ARRIVED)
