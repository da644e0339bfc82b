"""Re-screening an old concern with the latest checklist (issue 11, item 1): a record keeps
the checklist version it was screened with and its result; the lead sees what version 2
would give and can re-screen with a reason, which makes a new version of the record. The
tier that stands never goes down. Real SQLCipher store (the `ready` fixture).
"""

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from app.casework.amendments import (
    MAX_REASON,
    Amendments,
    AmendmentsNotAllowed,
    RescreenNotOffered,
    rescreen_of,
)
from app.casework.decisions import Decisions
from app.core import errors
from app.intake.concern.codec import to_dict
from app.intake.concern.model import Concern, IndicatorAnswer, YoungPerson
from app.intake.concern.reference import new_reference
from app.intake.letterbox import load_concern
from app.keys import audit
from app.keys.accounts import Accounts
from app.screening.checklist import LATEST_VERSION
from db.organisation import AccountRow
from tests.conftest import PASSPHRASE

REASON = "Checklist version 2 counts a disclosure however long ago the abuse was"
REASON_CANARY = "Qzvrescreencanary"
NOW = datetime.now(UTC)


def _disclosure(**changes) -> Concern:
    """A 15-year-old tells a volunteer today about sexual contact 18 months ago."""
    values = dict(
        id=new_reference(),
        checklist_version=1,
        created_at=NOW - timedelta(days=3),
        submitted_at=NOW - timedelta(days=3),
        happened_on=NOW.date() - timedelta(days=540),
        young_person=YoungPerson(name="Amira Khan", date_of_birth=date(2010, 9, 1)),
        own_words="He made me do things when I stayed at his flat",
        indicators=[
            IndicatorAnswer(
                "T3-01",
                when_last_seen="over-12-months",
                how_known="young-person-told",
                details="Told me at the end of the session",
            )
        ],
        recorder_name="Sam Volunteer",
        recorder_role="Volunteer",
        source="direct",
    )
    values.update(changes)
    return Concern(**values)


@pytest.fixture
def lead(ready):
    ready.unlock(PASSPHRASE)
    return ready


@pytest.fixture
def service(lead):
    return Amendments(lead)


def _stored_v1(lead, concern: Concern | None = None) -> Concern:
    """Saved with checklist version 1: the store works the tier out with version 1."""
    return lead.save_concern_direct(concern or _disclosure())


def _count(lead, table: str) -> int:
    return lead.require_store().query_one(f"SELECT count(*) FROM {table}")[0]


def _audit_rows(lead) -> list[tuple]:
    return lead.require_store().query_all(
        "SELECT event, subject, detail FROM audit_log ORDER BY seq"
    )


def _indicator_versions(lead, reference: str) -> set[int]:
    rows = lead.require_store().query_all(
        "SELECT checklist_version FROM concern_indicators WHERE concern_id = ?", (reference,)
    )
    return {r[0] for r in rows}


# -- what the lead sees ----------------------------------------------------------------
def test_a_version_1_disclosure_over_12_months_stays_none_and_shows_what_v2_would_give(
    lead, service
):
    saved = _stored_v1(lead)
    stored = load_concern(lead.require_store(), saved.id)
    assert (stored.checklist_version, stored.computed_tier) == (1, "none")  # the v1 flaw

    check = service.rescreen_check(saved.id)
    assert check.outdated and check.offered
    assert (check.screened_with, check.latest) == (1, LATEST_VERSION)
    assert (check.recorded_tier, check.new_tier) == ("none", "3") and check.higher
    assert check.summary() == (
        "Screened with checklist version 1. Re-screening with "
        "version 2 would give: Serious concern."
    )
    assert check.standing_words() == "Serious concern becomes the result that stands."
    # Worked out on a copy: the record itself is unchanged, and nothing was written.
    again = load_concern(lead.require_store(), saved.id)
    assert to_dict(again) == to_dict(stored)
    assert _count(lead, "amendments") == 0


def test_the_same_result_is_said_plainly_and_the_latest_version_says_nothing():
    same = _disclosure(indicators=[IndicatorAnswer("T2-01")], computed_tier="2")
    assert rescreen_of(same).summary() == (
        "Screened with checklist version 1. Re-screening with version 2 gives the same "
        "result: Significant concern."
    )
    latest = rescreen_of(_disclosure(checklist_version=LATEST_VERSION, computed_tier="3"))
    assert not latest.outdated and not latest.offered and latest.summary() == ""


# -- re-screening ------------------------------------------------------------------------
@pytest.mark.parametrize("reason", ["", "   \n  "])
def test_re_screening_without_a_reason_is_refused_and_nothing_is_written(lead, service, reason):
    saved = _stored_v1(lead)
    before_audit = _audit_rows(lead)
    with pytest.raises(errors.InvalidInput) as refused:
        service.rescreen(saved.id, reason)
    assert refused.value.fields == {"reason": "Write why this record is being re-screened."}
    assert load_concern(lead.require_store(), saved.id).computed_tier == "none"
    assert _count(lead, "amendments") == 0
    assert _audit_rows(lead) == before_audit


def test_a_reason_over_the_limit_is_refused_like_any_other(lead, service):
    saved = _stored_v1(lead)
    with pytest.raises(errors.InvalidInput) as refused:
        service.rescreen(saved.id, "x" * (MAX_REASON + 1))
    assert "2,000 characters or fewer" in refused.value.fields["reason"]
    assert _count(lead, "amendments") == 0


def test_re_screening_with_a_reason_makes_version_2_and_version_1_stays_exact(lead, service):
    original = _stored_v1(lead)
    ref = original.id
    stored_v1 = load_concern(lead.require_store(), ref)
    assert service.rescreen(ref, f"{REASON} {REASON_CANARY}") == 2

    now = load_concern(lead.require_store(), ref)
    assert now.checklist_version == LATEST_VERSION and now.computed_tier == "3"
    # The answers are carried over as they were: same items, same dates, no found-out day.
    assert [
        (a.indicator_id, a.when_last_seen, a.how_known, a.details, a.found_out_on)
        for a in now.indicators
    ] == [
        ("T3-01", "over-12-months", "young-person-told", "Told me at the end of the session", None)
    ]
    assert to_dict(replace(now, checklist_version=1, computed_tier="none")) == to_dict(stored_v1)
    assert _indicator_versions(lead, ref) == {LATEST_VERSION}

    versions = service.versions(ref)
    assert [v.number for v in versions] == [1, 2]
    assert all(v.intact is True for v in versions)  # each checked against its digest
    assert to_dict(versions[0].concern) == to_dict(stored_v1)
    assert versions[0].concern.checklist_version == 1
    assert versions[0].concern.computed_tier == "none"
    assert versions[1].changed == ("checklist_version", "computed_tier")
    assert versions[1].reason == f"{REASON} {REASON_CANARY}"
    assert versions[1].account_name == "Sam Okafor"

    # The tier that stands is the new one, and there is nothing more to re-screen.
    assert Decisions(lead).review(ref).tier == "3"
    assert not service.rescreen_check(ref).offered
    with pytest.raises(RescreenNotOffered):
        service.rescreen(ref, REASON)

    # The audit line names the reference, the version and the fields: never the reason.
    rows = _audit_rows(lead)
    assert all(REASON_CANARY not in (r[2] or "") for r in rows)
    event, subject, detail = rows[-2]  # then the versions view's own line
    assert (event, subject) == (audit.CHANGE, ref)
    assert json.loads(detail) == {
        "what": "rescreen",
        "version": 2,
        "checklist": 2,
        "tier": "3",
        "before": "none",
        "fields": ["checklist_version", "computed_tier"],
    }
    assert audit.verify(lead.require_store()).ok


def test_the_audit_line_and_the_version_go_in_together(lead, service, monkeypatch):
    saved = _stored_v1(lead)
    before = _audit_rows(lead)

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "append", broken)
    with pytest.raises(RuntimeError):
        service.rescreen(saved.id, REASON)
    monkeypatch.undo()
    assert load_concern(lead.require_store(), saved.id).checklist_version == 1
    assert _count(lead, "amendments") == 0
    assert _audit_rows(lead) == before


def test_not_offered_for_a_concern_screened_with_the_latest_checklist(lead, service):
    saved = lead.save_concern_direct(_disclosure(checklist_version=LATEST_VERSION))
    check = service.rescreen_check(saved.id)
    assert not check.outdated and not check.offered and check.summary() == ""
    with pytest.raises(RescreenNotOffered):
        service.rescreen(saved.id, REASON)
    assert _count(lead, "amendments") == 0


def test_only_a_lead_or_deputy_may_re_screen(lead, service):
    saved = _stored_v1(lead)
    lead._account = AccountRow(2, "slot-2", "Tess Trustee", "trustee")
    for call in (
        lambda: service.rescreen_check(saved.id),
        lambda: service.rescreen(saved.id, REASON),
    ):
        with pytest.raises(AmendmentsNotAllowed):
            call()
    assert _count(lead, "amendments") == 0
    lead.lock()
    lead.unlock(PASSPHRASE)
    deputy = Accounts(lead).add(
        "deputy", "Dee Deputy", PASSPHRASE + " deputy", PASSPHRASE + " deputy"
    )
    lead._account = AccountRow(deputy, "slot-d", "Dee Deputy", "deputy")
    assert Amendments(lead).rescreen(saved.id, REASON) == 2
    assert Amendments(lead).versions(saved.id)[1].account_name == "Dee Deputy"


# -- the tier that stands never goes down --------------------------------------------------
def test_a_lead_tier_the_new_result_reaches_is_put_back_as_a_decision(lead, service):
    saved = _stored_v1(lead)
    Decisions(lead).raise_tier(saved.id, "2", "The disclosure matters whenever it happened")
    check = service.rescreen_check(saved.id)
    assert (check.lead_tier, check.standing, check.lead_tier_after) == ("2", "2", None)
    assert "The lead's own tier, Significant concern, is no longer needed" in check.standing_words()

    service.rescreen(saved.id, REASON)
    review = Decisions(lead).review(saved.id)
    assert (review.computed_tier, review.lead_tier, review.tier) == ("3", None, "3")
    last = review.history[-1]
    assert last.kind == "tier" and last.lead_tier is None and last.reason == REASON
    assert audit.verify(lead.require_store()).ok


def test_a_higher_lead_tier_still_stands(lead, service):
    saved = _stored_v1(lead)
    Decisions(lead).raise_tier(saved.id, "X", "She is with him tonight")
    decisions_before = len(Decisions(lead).review(saved.id).history)
    check = service.rescreen_check(saved.id)
    assert check.lead_tier_after == "X"
    assert check.standing_words().startswith(
        "The lead's own tier, Act now: immediate danger, still stands"
    )
    service.rescreen(saved.id, REASON)
    review = Decisions(lead).review(saved.id)
    assert (review.computed_tier, review.lead_tier, review.tier) == ("3", "X", "X")
    assert len(review.history) == decisions_before  # nothing decided for the lead


def test_a_lower_new_result_never_lowers_the_tier_that_stands(lead, service):
    # A tier recorded higher than version 2 gives (say, by an earlier engine): kept.
    saved = _stored_v1(lead, _disclosure(indicators=[IndicatorAnswer("T1-01")]))
    store = lead.require_store()
    with store.transaction():
        store.execute("UPDATE concerns SET computed_tier = '3' WHERE id = ?", (saved.id,))
    check = service.rescreen_check(saved.id)
    assert (check.recorded_tier, check.new_tier, check.lower) == ("3", "1", True)
    assert check.lead_tier_after == "3" and check.standing_after == "3"
    assert "does not go down" in check.standing_words()
    assert "lower than the result recorded" in check.summary()

    service.rescreen(saved.id, REASON)
    review = Decisions(lead).review(saved.id)
    assert (review.computed_tier, review.lead_tier, review.tier) == ("1", "3", "3")
    assert review.lead_tier_reason == REASON
    assert review.history[-1].kind == "tier" and review.history[-1].lead_tier == "3"


# -- after a re-screen -------------------------------------------------------------------
def test_a_later_correction_of_the_ticks_works_and_every_version_stays_exact(lead, service):
    saved = _stored_v1(lead)
    service.rescreen(saved.id, REASON)
    current = load_concern(lead.require_store(), saved.id)
    ticked = replace(
        current,
        indicators=[
            *current.indicators,
            IndicatorAnswer(
                "T1-04", when_last_seen="not-known", found_out_on=(NOW - timedelta(days=3)).date()
            ),
        ],
    )
    assert service.correct(saved.id, ticked, "The volunteer forgot the phone sign") == 3

    now = load_concern(lead.require_store(), saved.id)
    assert [a.indicator_id for a in now.indicators] == ["T3-01", "T1-04"]
    assert now.checklist_version == LATEST_VERSION and now.computed_tier == "3"
    assert _indicator_versions(lead, saved.id) == {LATEST_VERSION}
    versions = service.versions(saved.id)
    assert [v.concern.checklist_version for v in versions] == [1, 2, 2]
    assert [len(v.concern.indicators) for v in versions] == [1, 1, 2]
    assert all(v.intact is True for v in versions)
    assert versions[2].changed == ("indicators",)

    # A correction still cannot change the version or the tier: only a re-screen does.
    with pytest.raises(errors.InvalidInput) as refused:
        service.correct(saved.id, replace(now, checklist_version=1), "Back to version 1")
    assert "checklist_version" in refused.value.fields


# -- the referral pack ---------------------------------------------------------------------
def test_the_referral_pack_says_which_checklist_and_what_the_current_one_gives():
    from app.documents.context import DocumentContext
    from app.documents.referral import build_referral
    from tests.unit.documents.test_referral_pdf import pages

    context = DocumentContext(
        organisation="Riverside Youth Club",
        lead_name="Sam Okafor",
        lead_role="Youth Leader",
        lead_phone="01604 555 0101",
    )

    def text(concern: Concern) -> str:
        return " ".join(pages(build_referral(concern, context, recipient="MASH")))

    old = text(_disclosure(computed_tier="none"))
    assert (
        "Screened with checklist version 1. Re-screening with version 2 would give: "
        "Serious concern."
    ) in old
    current = text(_disclosure(checklist_version=LATEST_VERSION, computed_tier="3"))
    assert "Screened with checklist version" not in current
    assert "Re-screening" not in current
