"""The lead's To do list names every concern screened with checklist version 1 for which
version 2 gives a higher result (issue 11; the review's gap 2), until it is re-screened or
the lead's own tier reaches that result. Real SQLCipher store (the `ready` fixture)."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from app.casework.amendments import Amendments
from app.casework.decisions import Decisions
from app.casework.records import Records
from app.intake.concern.model import Concern, IndicatorAnswer, YoungPerson
from app.intake.concern.reference import new_reference
from tests.conftest import PASSPHRASE

NOW = datetime.now(UTC)


def _v1(
    item: str = "T3-01",
    when: str = "over-12-months",
    needs: tuple[str, ...] = (),
    name: str = "Amira Khan",
) -> Concern:
    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=NOW - timedelta(days=3),
        happened_on=NOW.date() - timedelta(days=540),
        young_person=YoungPerson(name=name, date_of_birth=date(2010, 9, 1), needs=needs),
        indicators=[IndicatorAnswer(item, when_last_seen=when, how_known="young-person-told")],
        recorder_name="Sam Volunteer",
        recorder_role="Volunteer",
        source="direct",
    )


@pytest.fixture
def lead(ready):
    ready.unlock(PASSPHRASE)
    return ready


def _due(lead) -> dict[str, str]:
    return {d.reference: d.new_tier for d in Amendments(lead).rescreen_due()}


def test_an_old_disclosure_is_due_with_what_version_2_gives_and_goes_once_re_screened(lead):
    old = lead.save_concern_direct(_v1())
    recent = lead.save_concern_direct(_v1(when="within-6-months"))  # v1 gave serious too
    v2 = lead.save_concern_direct(replace(_v1(), id=new_reference(), checklist_version=2))
    assert _due(lead) == {old.id: "3"}
    assert recent.id not in _due(lead) and v2.id not in _due(lead)
    page = Records(lead).start_page()
    assert [(d.reference, d.young_person, d.new_words) for d in page.rescreen_due] == [
        (old.id, "Amira Khan", "Serious concern")
    ]
    Amendments(lead).rescreen(old.id, "Version 2 counts a disclosure however long ago")
    assert _due(lead) == {}


def test_needs_recorded_under_version_1_are_due_when_version_2_lifts_them(lead):
    saved = lead.save_concern_direct(_v1("T1-01", "within-6-months", ("autism",)))
    assert _due(lead) == {saved.id: "2"}


def test_the_lead_s_own_tier_reaching_the_result_takes_it_off(lead):
    saved = lead.save_concern_direct(_v1())
    Decisions(lead).raise_tier(saved.id, "3", "She told us about abuse at his flat")
    assert _due(lead) == {}
