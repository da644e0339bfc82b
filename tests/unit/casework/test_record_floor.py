"""Needs recorded on the young person's record reach the screening floor (issue 11, the
review's gap 1; cse-facts.md §8.3 rule 7): two records of one young person are merged, one
with a learning disability recorded; the other's early-warning concern must now stand at
significant, with a referral recommended, wherever the lead sees it. Never lowered; never
stored. Real SQLCipher store (the `ready` fixture).
"""

import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader

from app.casework.decisions import Decisions
from app.casework.young_people import YoungPeople
from app.documents.context import DocumentContext
from app.documents.referral import build_referral
from app.intake.concern.model import Concern, IndicatorAnswer, YoungPerson
from app.intake.concern.reference import new_reference
from app.intake.letterbox import load_concern
from app.screening.rules import TierTooLow
from tests.conftest import PASSPHRASE

NOW = datetime.now(UTC)


def _concern(item: str, needs: tuple[str, ...], checklist_version: int = 2) -> Concern:
    return Concern(
        id=new_reference(),
        checklist_version=checklist_version,
        created_at=NOW - timedelta(days=2),
        submitted_at=NOW - timedelta(days=2),
        happened_on=NOW.date() - timedelta(days=2),
        young_person=YoungPerson(name="Jordan Ellis", date_of_birth=date(2011, 3, 4), needs=needs),
        observations="Seen twice this week",
        indicators=[IndicatorAnswer(item, when_last_seen="within-6-months", how_known="saw")],
        recorder_name="Sam Volunteer",
        recorder_role="Volunteer",
        source="direct",
    )


@pytest.fixture
def lead(ready):
    ready.unlock(PASSPHRASE)
    return ready


def _two_records(lead, version: int = 2) -> tuple[Concern, Concern]:
    a = lead.save_concern_direct(_concern("T1-02", ("learning-disability",), version))
    b = lead.save_concern_direct(_concern("T1-01", (), version))
    return a, b


def _merge(lead, keep: Concern, merge: Concern) -> None:
    people = YoungPeople(lead)
    people.merge(people.for_concern(keep.id), people.for_concern(merge.id))


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


@pytest.mark.parametrize("kept", ["a", "b"])
def test_needs_on_a_merged_record_lift_the_other_concern_to_significant(lead, kept):
    a, b = _two_records(lead)
    decisions = Decisions(lead)
    assert decisions.review(b.id).tier == "1"  # before the merge: no needs on B's record
    if kept == "a":
        _merge(lead, a, b)
    else:
        _merge(lead, b, a)  # the record with the need is the one merged away
    state = decisions.review(b.id)
    assert state.tier == "2" and state.floor_raised
    assert state.computed_tier == "1"  # what was stored is kept as it was
    assert "learning-disability" in state.record_needs
    # Nothing was written: the stored tier is the one worked out when it was recorded.
    assert load_concern(lead.require_store(), b.id).computed_tier == "1"


def test_the_lead_cannot_set_the_tier_below_the_floor_the_record_gives(lead):
    a, b = _two_records(lead)
    _merge(lead, a, b)
    with pytest.raises(TierTooLow):
        Decisions(lead).raise_tier(b.id, "1", "Only one sign")
    # Raising above it still works and stands.
    assert Decisions(lead).raise_tier(b.id, "3", "Seen with an older man").tier == "3"


def test_the_referral_pack_says_significant_and_recommends_a_referral(lead):
    a, b = _two_records(lead)
    _merge(lead, a, b)
    review = Decisions(lead).review(b.id)
    concern = load_concern(lead.require_store(), b.id)
    text = _pdf_text(build_referral(concern, DocumentContext(), recipient="MASH", review=review))
    assert "Screening result Significant concern" in text
    assert "Tier that stands Significant " in text
    assert "learning disability recorded" in text
    assert "referral to children's social care is always" in text


def test_a_higher_stored_tier_is_never_lowered(lead):
    a, b = _two_records(lead)
    _merge(lead, a, b)
    Decisions(lead).raise_tier(b.id, "3", "Seen with an older man")
    assert Decisions(lead).review(b.id).tier == "3"
    assert not Decisions(lead).review(b.id).floor_raised


def test_with_no_needs_anywhere_nothing_changes(lead):
    b = lead.save_concern_direct(_concern("T1-01", ()))
    c = lead.save_concern_direct(_concern("T1-03", ()))
    _merge(lead, b, c)
    state = Decisions(lead).review(b.id)
    assert state.tier == "1" and not state.floor_raised and state.record_needs == ()
