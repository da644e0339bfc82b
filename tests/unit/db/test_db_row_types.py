"""The typed rows of db/ (decisions, young_people, records, audit, retention, organisation,
concerns, handover) name exactly the columns their queries read.

The queries build each row from a *_COLUMNS tuple and tell the type checker it is the
TypedDict; these checks keep the two lists the same, so mypy's view of a row is true.
"""

import pytest

from db import audit, concerns, handover, matching, organisation, records, retention, training
from db import decisions as q
from db import young_people as people

ROWS = [
    (q.ReviewRow, q.REVIEW_COLUMNS),
    (q.DecisionRow, ("id", *q.DECISION_COLUMNS, "account_name")),
    (q.ReferralRow, q.REFERRAL_COLUMNS),
    (q.LadoContactRow, q.LADO_COLUMNS),
    (q.LadoWaitingRow, q.LADO_WAITING_COLUMNS),
    (q.TaskRow, q.TASK_COLUMNS),
    (people.PersonRow, people.PERSON_COLUMNS),
    (people.ConcernSummaryRow, people.CONCERN_COLUMNS),
    (people.IndicatorRow, people.INDICATOR_COLUMNS),
    (people.EntryRow, people.ENTRY_READ_COLUMNS),
    (people.CandidateRow, people.CANDIDATE_COLUMNS),
    (people.MergeRow, people.MERGE_COLUMNS),
    (people.MergeWithOtherRow, people.MERGE_WITH_OTHER_COLUMNS),
    (records.ConcernListRow, records.LIST_COLUMNS),
    (records.RescreenCandidateRow, records.RESCREEN_COLUMNS),
    (audit.AuditRow, audit.SELECT_COLUMNS),
    (retention.Facts, retention.FACT_COLUMNS),
    (organisation.OrganisationRow, organisation.ORG_COLUMNS),
    (training.VolunteerRow, training.VOLUNTEER_COLUMNS),
    (training.SessionRow, training.SESSION_COLUMNS),
]


@pytest.mark.parametrize(("row", "columns"), ROWS, ids=lambda v: getattr(v, "__name__", ""))
def test_a_typed_row_has_exactly_its_queries_columns(row, columns):
    assert len(set(columns)) == len(columns)
    assert row.__required_keys__ == frozenset(columns)
    assert not row.__optional_keys__


def test_an_unreviewed_concern_has_a_whole_review_row():
    row = q.unreviewed("ABC-123")
    assert tuple(row) == q.REVIEW_COLUMNS
    assert row["concern_id"] == "ABC-123"
    assert row["status"] == "new"
    assert row["lead_tier"] is None


def test_the_records_read_back_have_exactly_their_typed_keys(ready):
    # The nested shapes (a concern as load_concern gives it, a handover's picture and
    # keeping) are built in code, not from one column list: read them from a real store.
    from tests.conftest import PASSPHRASE
    from tests.unit.intake.test_letterbox import full_concern

    ready.unlock(PASSPHRASE)
    concern = ready.save_concern_direct(full_concern())
    store = ready.require_store()
    record = concerns.load_concern(store, concern.id)
    assert record is not None and set(record) == concerns.ConcernRecord.__required_keys__
    assert set(organisation.load_organisation(store) or {}) == set(organisation.ORG_COLUMNS)
    person = matching.young_people_of(store, [concern.id])[concern.id]
    (picture,) = handover.pictures(store, [person])[person]
    assert set(picture) == handover.Picture.__required_keys__
    assert picture["record"] == record
    assert set(handover.keeping(store, person)) == handover.Keeping.__required_keys__
