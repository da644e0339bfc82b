"""Decisions on a concern, phone referrals, parents told, follow-ups and the trustee's
counts: every rule, each write with its audit entry in the same transaction, and no free
text in the audit log. Real SQLCipher store (the `ready` fixture)."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from app.casework import decisions
from app.casework.decisions import Decisions, DecisionsNotAllowed, FollowUpMissing, countdown_words
from app.core import errors
from app.intake.concern.model import Concern, IndicatorAnswer, YoungPerson
from app.intake.concern.reference import new_reference
from app.keys import audit
from app.screening.rules import ReasonNeeded, TierTooLow
from db import decisions as queries
from db.organisation import AccountRow
from tests.conftest import PASSPHRASE

CANARY = "Qzvdecisioncanary"
NOW = datetime(2026, 5, 12, 9, 0, tzinfo=UTC)
TODAY = NOW.astimezone().date()


# A sign that gives each tier: the store works the tier out again from the ticks.
SIGN_FOR = {"1": "T1-01", "2": "T2-01", "3": "T3-04", "V": "V01"}


def _concern(tier: str = "1", *, indicators=(), dob: date | None = None) -> Concern:
    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=NOW - timedelta(days=1),
        happened_on=TODAY - timedelta(days=1),
        young_person=YoungPerson(name=f"Amira {CANARY}", date_of_birth=dob),
        indicators=[IndicatorAnswer(i) for i in indicators or [SIGN_FOR[tier]]],
        computed_tier=tier,
        recorder_name="Sam Volunteer",
    )


@pytest.fixture
def lead(ready):
    ready.unlock(PASSPHRASE)
    return ready


def _add(session, concern: Concern) -> str:
    return session.save_concern_direct(concern).id


@pytest.fixture
def case(lead):
    """A service with a fixed clock, and one early-warning concern (T1-01, age 14)."""
    service = Decisions(lead, clock=lambda: NOW)
    ref = _add(lead, _concern("1", indicators=["T1-01"], dob=date(2012, 1, 5)))
    return service, ref


def _audit_rows(session, event: str | None = None) -> list[tuple]:
    rows = session.require_store().query_all(
        "SELECT event, subject, detail, role, account_id FROM audit_log ORDER BY seq"
    )
    return [r for r in rows if event is None or r[0] == event]


def _fields(exc_info) -> dict[str, str]:
    return exc_info.value.fields


def _count(session, table: str) -> int:
    return session.require_store().query_one(f"SELECT count(*) FROM {table}")[0]


# -- where a concern stands -----------------------------------------------------------------
def test_a_concern_with_no_decision_is_new(case):
    service, ref = case
    state = service.review(ref)
    assert state.status == "new" and state.status_words == "New"
    assert state.computed_tier == "1" and state.lead_tier is None and state.tier == "1"
    assert state.parents_told == "not-yet"
    assert state.history == () and state.referrals == () and state.tasks == ()
    assert state.updated_at is None


def test_an_unknown_concern_and_a_locked_store_are_said_plainly(case, lead):
    service, _ref = case
    with pytest.raises(errors.ConcernMissing):
        service.review("C-0000-0000")
    with pytest.raises(errors.ConcernMissing):
        service.set_status("C-0000-0000", "under-review")
    lead.lock()
    with pytest.raises(errors.Locked):
        service.review("C-0000-0000")
    with pytest.raises(errors.Locked):
        service.counts()


def test_a_trustee_sees_counts_but_no_case_details(case, lead):
    service, ref = case
    lead._account = AccountRow(2, "slot-2", "Tess Trustee", "trustee")
    for call in (
        lambda: service.review(ref),
        lambda: service.set_status(ref, "under-review"),
        lambda: service.tasks_due(),
        lambda: service.due_referrals(),
    ):
        with pytest.raises(DecisionsNotAllowed):
            call()
    assert service.counts(TODAY).open_total == 1


def test_a_deputy_records_decisions_under_their_own_account(case, lead):
    from db.organisation import add_account

    service, ref = case
    with lead.require_store().transaction() as store:
        deputy = add_account(store, "slot-2", "Dee Deputy", "deputy", NOW.isoformat())
    lead._account = AccountRow(deputy, "slot-2", "Dee Deputy", "deputy")
    state = service.set_status(ref, "under-review")
    assert state.history[-1].account_name == "Dee Deputy"
    _event, subject, _detail, role, account_id = _audit_rows(lead, "decision")[-1]
    assert (subject, role, account_id) == (ref, "deputy", deputy)


# -- the status rules -----------------------------------------------------------------------
def test_new_to_review_to_referred_to_closed_keeps_every_step(case, lead):
    service, ref = case
    service.set_status(ref, "under-review")
    service.set_status(ref, "referred", referred_to="mash", reason="Phoned the duty team")
    state = service.set_status(ref, "closed")
    assert state.status == "closed"
    assert [d.status for d in state.history] == ["under-review", "referred", "closed"]
    referred = state.history[1]
    assert referred.referred_to == "mash" and referred.reason == "Phoned the duty team"
    assert referred.summary == "Referred: Children's social care duty team or MASH"
    assert referred.account_name == "Sam Okafor"
    assert state.updated_at == NOW
    details = [r[2] for r in _audit_rows(lead, "decision")]
    assert len(details) == 3
    assert '"status":"referred"' in details[1] and '"referred_to":"mash"' in details[1]
    assert '"reason_given":true' in details[1]
    assert all(r[1] == ref for r in _audit_rows(lead, "decision"))


@pytest.mark.parametrize("to", ["mash", "police", "national-body", "lado"])
def test_each_service_can_be_referred_to(case, to):
    service, ref = case
    assert service.set_status(ref, "referred", referred_to=to).history[-1].referred_to == to


def test_referred_needs_to_whom_and_other_needs_words(case, lead):
    service, ref = case
    with pytest.raises(errors.InvalidInput) as refused:
        service.set_status(ref, "referred")
    assert set(_fields(refused)) == {"referred_to"}
    with pytest.raises(errors.InvalidInput) as refused:
        service.set_status(ref, "referred", referred_to="other", referred_to_other="   ")
    assert set(_fields(refused)) == {"referred_to_other"}
    state = service.set_status(
        ref, "referred", referred_to="other", referred_to_other="Early help hub"
    )
    assert state.history[-1].summary == "Referred: Early help hub"
    assert _count(lead, "decisions") == 1  # the refusals wrote nothing


def test_monitoring_needs_a_review_date_today_or_later(case):
    service, ref = case
    with pytest.raises(errors.InvalidInput) as refused:
        service.set_status(ref, "monitoring")
    assert "review_on" in _fields(refused)
    with pytest.raises(errors.InvalidInput) as refused:
        service.set_status(ref, "monitoring", review_on=TODAY - timedelta(days=1))
    assert "passed" in _fields(refused)["review_on"]
    state = service.set_status(ref, "monitoring", review_on=TODAY)
    assert state.status == "monitoring" and state.review_on == TODAY
    later = TODAY + timedelta(weeks=6)
    state = service.set_status(ref, "monitoring", review_on=later)  # a new review date
    assert state.review_on == later
    assert state.history[-1].summary == f"Monitoring, next review {later:%d/%m/%Y}"


def test_no_further_action_needs_a_reason(case, lead):
    service, ref = case
    for blank in ("", "   \n"):
        with pytest.raises(errors.InvalidInput) as refused:
            service.set_status(ref, "no-further-action", reason=blank)
        assert set(_fields(refused)) == {"reason"}
        assert "why no further action" in _fields(refused)["reason"]
    assert _count(lead, "decisions") == 0 and not _audit_rows(lead, "decision")
    state = service.set_status(ref, "no-further-action", reason="  Advice from MASH  ")
    assert state.history[-1].reason == "Advice from MASH"


@pytest.mark.parametrize("before", ["new", "under-review"])
def test_closed_only_after_a_referral_monitoring_or_no_further_action(case, before):
    service, ref = case
    if before != "new":
        service.set_status(ref, before)
    with pytest.raises(errors.InvalidInput) as refused:
        service.set_status(ref, "closed")
    assert "closed only after" in _fields(refused)["status"]


@pytest.mark.parametrize("via", ["referred", "monitoring", "no-further-action"])
def test_closing_works_from_each_outcome(case, via):
    service, ref = case
    service.set_status(
        ref, via, referred_to="police", reason="r", review_on=TODAY + timedelta(days=7)
    )
    state = service.set_status(ref, "closed")
    assert state.status == "closed" and state.review_on is None


def test_a_closed_concern_reopens_for_review_with_a_reason_only(case):
    service, ref = case
    service.set_status(ref, "no-further-action", reason="Not CSE")
    service.set_status(ref, "closed")
    with pytest.raises(errors.InvalidInput) as refused:
        service.set_status(ref, "referred", referred_to="mash")
    assert "opened again" in _fields(refused)["status"]
    with pytest.raises(errors.InvalidInput) as refused:
        service.set_status(ref, "under-review")
    assert set(_fields(refused)) == {"reason"}
    assert service.set_status(ref, "under-review", reason="New concern came in").status == (
        "under-review"
    )


def test_never_back_to_new_nor_the_same_review_twice(case):
    service, ref = case
    with pytest.raises(errors.InvalidInput) as refused:
        service.set_status(ref, "new")
    assert "status" in _fields(refused)
    with pytest.raises(errors.InvalidInput):
        service.set_status(ref, "made-up")
    service.set_status(ref, "under-review")
    with pytest.raises(errors.InvalidInput) as refused:
        service.set_status(ref, "under-review")
    assert "already" in _fields(refused)["status"]


def test_fields_another_status_uses_are_not_kept(case):
    service, ref = case
    state = service.set_status(
        ref,
        "monitoring",
        referred_to="police",
        referred_to_other="x",
        review_on=TODAY + timedelta(days=3),
    )
    kept = state.history[-1]
    assert kept.referred_to == "" and kept.referred_to_other == ""
    state = service.set_status(
        ref,
        "referred",
        referred_to="police",
        referred_to_other="x",
        review_on=TODAY + timedelta(days=3),
    )
    kept = state.history[-1]
    assert kept.referred_to_other == "" and kept.review_on is None and state.review_on is None


def test_too_long_a_reason_is_refused_at_the_field(case):
    service, ref = case
    with pytest.raises(errors.InvalidInput) as refused:
        service.set_status(ref, "no-further-action", reason="x" * (decisions.MAX_REASON + 1))
    assert "characters" in _fields(refused)["reason"]


def test_a_decision_and_its_audit_entry_commit_together(case, lead, monkeypatch):
    service, ref = case

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "append", broken)
    with pytest.raises(RuntimeError):
        service.set_status(ref, "referred", referred_to="mash")
    with pytest.raises(RuntimeError):
        service.raise_tier(ref, "3", "Reason")
    with pytest.raises(RuntimeError):
        service.record_phone_referral(ref, NOW, "MASH", "Jo", "R1")
    assert _count(lead, "decisions") == 0 and _count(lead, "referrals") == 0
    assert _count(lead, "concern_reviews") == 0
    monkeypatch.undo()
    assert service.review(ref).status == "new"


def test_decisions_cannot_be_changed_or_removed(case, lead):
    service, ref = case
    service.set_status(ref, "under-review")
    store = lead.require_store()
    with pytest.raises(Exception, match="kept as made"):
        store.execute("UPDATE decisions SET reason = 'edited'")
    with pytest.raises(Exception, match="kept as made"):
        store.execute("DELETE FROM decisions")


# -- the tier ---------------------------------------------------------------------------------
def test_the_lead_raises_the_tier_with_a_reason(case, lead):
    service, ref = case
    state = service.raise_tier(ref, "3", "She told me she is scared of him")
    assert state.lead_tier == "3" and state.tier == "3" and state.computed_tier == "1"
    assert state.lead_tier_reason == "She told me she is scared of him"
    assert state.history[-1].kind == "tier" and state.history[-1].summary == "Tier set to Serious"
    assert state.status == "new"  # a tier is not a status decision
    detail = _audit_rows(lead, "decision")[-1][2]
    assert '"tier":"3"' in detail and '"computed":"1"' in detail
    x = service.raise_tier(ref, "X", "Now in danger")
    assert x.tier == "X" and '"tier":"x"' in _audit_rows(lead, "decision")[-1][2]


def test_the_tier_never_goes_below_the_computed_one(case, lead):
    service, ref = case
    for lower in ("V", "none"):
        with pytest.raises(TierTooLow) as refused:
            service.raise_tier(ref, lower, "It is nothing")
        assert "never set lower" in str(refused.value)
    assert _count(lead, "decisions") == 0


def test_a_raise_needs_a_reason(case):
    service, ref = case
    with pytest.raises(ReasonNeeded) as refused:
        service.raise_tier(ref, "2", "  ")
    assert set(_fields(refused)) == {ReasonNeeded.FIELD}
    with pytest.raises(errors.InvalidInput) as refused:
        service.raise_tier(ref, "7", "reason")
    assert set(_fields(refused)) == {"tier"}


def test_the_same_tier_changes_nothing_and_the_computed_one_is_a_way_back(case, lead):
    service, ref = case
    service.raise_tier(ref, "1", "")  # the computed tier already: nothing to record
    assert _count(lead, "decisions") == 0
    service.raise_tier(ref, "3", "Worse than it looked")
    service.raise_tier(ref, "2", "Checked with the duty team")  # down, still above computed
    with pytest.raises(ReasonNeeded):
        service.raise_tier(ref, "1", "")
    state = service.raise_tier(ref, "1", "The worry about the car was a mistake")
    assert state.lead_tier is None and state.tier == "1" and state.lead_tier_reason == ""
    assert state.history[-1].summary == "Tier put back to the one the checklist worked out"


def test_the_floor_rules_apply_to_the_tier_the_lead_chooses(lead):
    service = Decisions(lead, clock=lambda: NOW)
    # Only a background factor (V05), so the checklist says vulnerable; V05 means the
    # result never rests at early warning, so choosing early warning gives significant.
    ref = _add(lead, _concern("V", indicators=["V05"], dob=date(2012, 1, 5)))
    assert service.raise_tier(ref, "1", "Seen with older boys").tier == "2"


def test_the_tier_stored_when_recorded_is_the_floor_even_if_higher(lead):
    service = Decisions(lead, clock=lambda: NOW)
    # Stored by an earlier version whose rule gave more than the ticks give today (as a
    # version 1 record may): the stored tier stays the floor.
    from app.intake import letterbox

    concern = replace(_concern("1"), computed_tier="2")
    letterbox._write(lead.require_store(), concern, NOW.isoformat())
    ref = concern.id
    with pytest.raises(TierTooLow):
        service.raise_tier(ref, "1", "reason")
    assert service.raise_tier(ref, "3", "reason").tier == "3"


def test_without_its_checklist_the_stored_tier_is_still_the_floor(case, monkeypatch):
    from app.screening import checklist

    service, ref = case

    def missing(version=1, folder=None):
        raise checklist.ChecklistError("gone")

    monkeypatch.setattr(checklist, "load_checklist", missing)
    with pytest.raises(TierTooLow):
        service.raise_tier(ref, "V", "reason")
    assert service.raise_tier(ref, "2", "reason").tier == "2"


# -- parents and carers -----------------------------------------------------------------------
def test_parents_not_told_needs_a_reason(case, lead):
    service, ref = case
    with pytest.raises(errors.InvalidInput) as refused:
        service.parents_told(ref, "no", "")
    assert set(_fields(refused)) == {"parents_reason"}
    with pytest.raises(errors.InvalidInput) as refused:
        service.parents_told(ref, "maybe")
    assert set(_fields(refused)) == {"parents_told"}
    state = service.parents_told(ref, "no", "Dad is the one picking her up")
    assert state.parents_told == "no"
    assert state.parents_not_told_reason == "Dad is the one picking her up"
    assert state.history[-1].summary == "Parents or carers told: No"
    state = service.parents_told(ref, "yes")
    assert state.parents_told == "yes" and state.parents_not_told_reason == ""
    assert service.parents_told(ref, "not-yet").parents_told == "not-yet"
    assert '"told":"no"' in _audit_rows(lead, "decision")[-3][2]


# -- phone referrals --------------------------------------------------------------------------
def test_a_phone_referral_and_its_written_countdown(case, lead):
    service, ref = case
    phoned = NOW - timedelta(hours=3)
    made = service.record_phone_referral(ref, phoned, " MASH ", "Jo Bloggs", "MASH/123")
    assert made.phoned_at == phoned and made.to_whom == "MASH"
    assert made.taken_by == "Jo Bloggs" and made.their_reference == "MASH/123"
    assert made.written_due_at == phoned + timedelta(hours=24) and not made.sent
    [due] = service.due_referrals()
    assert due.referral == made and due.time_left == timedelta(hours=21)
    assert due.words == "Written referral due in 21 hours" and not due.overdue
    [late] = service.due_referrals(NOW + timedelta(hours=24))
    assert late.overdue and late.words == "Written referral overdue by 3 hours"
    assert service.review(ref).referrals == (made,)
    _event, subject, detail, _role, _id = _audit_rows(lead, "change")[-1]
    assert subject == ref and '"what":"phone-referral"' in detail

    sent = service.mark_written_sent(made.id, NOW)
    assert sent.written_sent_at == NOW and sent.sent
    assert service.due_referrals() == []
    assert '"late":false' in _audit_rows(lead, "change")[-1][2]
    with pytest.raises(errors.InvalidInput) as refused:
        service.mark_written_sent(made.id, NOW)
    assert "already" in _fields(refused)["written_sent"]


def test_a_phone_referral_refuses_missing_and_impossible_answers(case, lead):
    service, ref = case
    with pytest.raises(errors.InvalidInput) as refused:
        service.record_phone_referral(
            ref, NOW + timedelta(hours=1), "", "  ", "", written_due_hours=0
        )
    assert set(_fields(refused)) == {"phoned_at", "to_whom", "taken_by", "written_due_hours"}
    with pytest.raises(ValueError, match="time zone"):
        service.record_phone_referral(ref, datetime(2026, 5, 12, 8), "MASH", "Jo", "")
    assert _count(lead, "referrals") == 0
    made = service.record_phone_referral(ref, NOW, "Police", "PC 1234", "", written_due_hours=48)
    assert made.written_due_at == NOW + timedelta(hours=48) and made.their_reference == ""
    with pytest.raises(errors.InvalidInput) as refused:
        service.mark_written_sent(made.id, NOW - timedelta(minutes=1))
    assert "before the call" in _fields(refused)["written_sent"]
    with pytest.raises(FollowUpMissing):
        service.mark_written_sent(9999)


def test_referrals_are_listed_soonest_due_first(case, lead):
    service, ref = case
    other = _add(lead, _concern("2"))
    service.record_phone_referral(ref, NOW - timedelta(hours=1), "MASH", "Jo", "")
    service.record_phone_referral(other, NOW - timedelta(hours=30), "MASH", "Jo", "")
    found = service.due_referrals()
    assert [d.referral.reference for d in found] == [other, ref]
    assert found[0].overdue and found[0].words == "Written referral overdue by 6 hours"


@pytest.mark.parametrize(
    ("left", "words"),
    [
        (timedelta(hours=21), "Written referral due in 21 hours"),
        (timedelta(hours=1), "Written referral due in 1 hour"),
        (timedelta(hours=2, minutes=5, seconds=20), "Written referral due in 2 hours 5 minutes"),
        (timedelta(hours=20, minutes=59, seconds=58), "Written referral due in 21 hours"),
        (timedelta(minutes=1), "Written referral due in 1 minute"),
        (timedelta(seconds=30), "Written referral due now"),
        (timedelta(0), "Written referral due now"),
        (timedelta(hours=-3), "Written referral overdue by 3 hours"),
        (timedelta(minutes=-45), "Written referral overdue by 45 minutes"),
        (timedelta(hours=72), "Written referral due in 3 days"),
        (timedelta(hours=-50), "Written referral overdue by 2 days 2 hours"),
    ],
)
def test_countdown_words(left, words):
    assert countdown_words(left) == words


# -- follow-ups -------------------------------------------------------------------------------
def test_follow_ups_on_a_concern_and_a_young_person(case, lead):
    service, ref = case
    person = service.review(ref).young_person_id
    on_concern = service.add_task("Ring the school", TODAY + timedelta(days=2), concern=ref)
    on_person = service.add_task("Check in at club night", TODAY, young_person_id=person)
    assert on_concern.concern == ref and on_person.young_person_id == person
    assert [t.id for t in service.review(ref).tasks] == [on_person.id, on_concern.id]
    assert '"what":"task-added"' in _audit_rows(lead, "change")[-1][2]

    done = service.complete_task(on_person.id)
    assert done.done and done.done_at == NOW
    assert service.complete_task(on_person.id) == done  # twice: the same, no new entry
    assert sum('"task-done"' in r[2] for r in _audit_rows(lead, "change")) == 1
    assert [t.id for t in service.review(ref).tasks] == [on_concern.id, on_person.id]
    with pytest.raises(FollowUpMissing):
        service.complete_task(9999)


def test_a_follow_up_needs_words_a_date_not_past_and_something_it_is_for(case, lead):
    service, ref = case
    with pytest.raises(errors.InvalidInput) as refused:
        service.add_task("  ", None)
    assert set(_fields(refused)) == {"task_text", "due_on", "task_for"}
    with pytest.raises(errors.InvalidInput) as refused:
        service.add_task("Ring", TODAY - timedelta(days=1), concern=ref)
    assert "passed" in _fields(refused)["due_on"]
    with pytest.raises(errors.ConcernMissing):
        service.add_task("Ring", TODAY, concern="C-0000-0000")
    with pytest.raises(FollowUpMissing):
        service.add_task("Ring", TODAY, young_person_id=9999)
    assert _count(lead, "tasks") == 0


def test_tasks_due_are_the_overdue_and_today_ones_not_done(case, lead):
    service, ref = case
    overdue = service.add_task("A", TODAY, concern=ref)
    today = service.add_task("B", TODAY + timedelta(days=1), concern=ref)
    later = service.add_task("C", TODAY + timedelta(days=9), concern=ref)
    done = service.add_task("D", TODAY, concern=ref)
    service.complete_task(done.id)
    tomorrow = TODAY + timedelta(days=1)
    found = service.tasks_due(tomorrow)
    assert [t.id for t in found] == [overdue.id, today.id]
    assert found[0].overdue(tomorrow) and not found[1].overdue(tomorrow)
    assert later.id not in [t.id for t in found]


# -- the trustee's numbers --------------------------------------------------------------------
def test_counts_are_numbers_only(case, lead):
    service, ref = case
    second = _add(lead, _concern("2"))
    third = _add(lead, _concern("3"))
    service.raise_tier(ref, "3", "reason")
    service.set_status(second, "monitoring", review_on=TODAY)
    service.set_status(third, "referred", referred_to="police")
    service.set_status(third, "closed")
    service.record_phone_referral(second, NOW - timedelta(hours=30), "MASH", "Jo", "")
    service.add_task("Ring", TODAY, concern=ref)
    later = Decisions(lead, clock=lambda: NOW + timedelta(days=2))
    counts = later.counts()
    assert counts.year == TODAY.year
    assert counts.open_by_tier == {"3": 1, "2": 1} and counts.open_total == 2
    assert counts.new == 1  # only the raised one: a tier is not a status decision
    assert counts.overdue_reviews == 1 and counts.overdue_tasks == 1
    assert counts.written_referrals_overdue == 1
    assert counts.referrals_this_year == 2
    assert CANARY not in repr(counts) and "Amira" not in repr(counts)
    assert later.counts(date(TODAY.year + 1, 6, 1)).referrals_this_year == 0


# -- the audit log holds no free text ---------------------------------------------------------
def test_no_reason_or_name_reaches_the_audit_log(case, lead):
    service, ref = case
    service.set_status(ref, "under-review")
    service.set_status(
        ref,
        "referred",
        referred_to="other",
        referred_to_other=f"Other {CANARY}",
        reason=f"Because {CANARY}",
    )
    service.raise_tier(ref, "3", f"Tier {CANARY}")
    service.parents_told(ref, "no", f"Parents {CANARY}")
    made = service.record_phone_referral(
        ref, NOW, f"MASH {CANARY}", f"Jo {CANARY}", f"REF-{CANARY}"
    )
    service.mark_written_sent(made.id, NOW)
    task = service.add_task(f"Ring {CANARY}", TODAY, concern=ref)
    service.complete_task(task.id)
    service.set_status(ref, "no-further-action", reason=f"NFA {CANARY}")
    service.set_status(ref, "closed", reason=f"Closed {CANARY}")

    store = lead.require_store()
    dump = "\n".join(str(r) for r in store.query_all("SELECT * FROM audit_log"))
    assert CANARY not in dump and CANARY.lower() not in dump.lower()
    assert len(_audit_rows(lead, "decision")) == 6
    assert len(_audit_rows(lead, "change")) == 5  # the concern added, and four of ours
    assert audit.verify(store).ok
    # ...while the records themselves keep every word.
    state = service.review(ref)
    assert [CANARY in d.reason for d in state.history] == [False] + [True] * 5
    assert queries.load_review(store, ref)["parents_not_told_reason"] == f"Parents {CANARY}"


def test_with_the_recovery_code_decisions_carry_no_account(ready, recovery_code):
    ready.unlock(recovery_code, recovery=True)
    service = Decisions(ready, clock=lambda: NOW)
    ref = _add(ready, _concern("1"))
    state = service.set_status(ref, "under-review")
    assert state.history[-1].account_name == ""
    _event, subject, _detail, role, account_id = _audit_rows(ready, "decision")[-1]
    assert (subject, role, account_id) == (ref, "recovery", None)
