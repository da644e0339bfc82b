"""Tier and decision-status words are defined once, and the stored strings never change
(they are in every records file already written)."""

from __future__ import annotations

from app.casework import decisions, records
from app.casework.status import CHOSEN_STATUSES, STATUS_WORDS, STATUSES, DecisionStatus
from app.screening import vocabulary
from app.screening.vocabulary import TIER_ORDER, TIER_WORDS, URGENT_TIERS, Tier


def test_the_stored_tier_codes_and_their_order_are_unchanged():
    assert TIER_ORDER == ("none", "V", "1", "2", "3", "X")
    assert all(type(tier) is str for tier in TIER_ORDER)  # plain strings: safe as Qt data
    assert [t.value for t in Tier] == list(TIER_ORDER)
    assert {"3", "X"} == URGENT_TIERS
    assert {t: vocabulary.short(t) for t in TIER_ORDER} == TIER_WORDS
    assert Tier.TWO.words == TIER_WORDS["2"]


def test_the_stored_decision_statuses_and_their_words_are_unchanged():
    assert STATUSES == (
        "new",
        "under-review",
        "referred",
        "monitoring",
        "no-further-action",
        "closed",
    )
    assert list(STATUS_WORDS.values()) == [
        "New",
        "Under review",
        "Referred",
        "Monitoring",
        "No further action",
        "Closed",
    ]
    assert STATUSES[1:] == CHOSEN_STATUSES
    assert DecisionStatus.UNDER_REVIEW == "under-review"


def test_the_services_take_the_words_from_the_one_place():
    assert decisions.STATUS_WORDS is STATUS_WORDS
    assert decisions.STATUSES is STATUSES
    assert decisions.TIER_WORDS is TIER_WORDS
    assert records.TIER_WORDS is TIER_WORDS
    assert not hasattr(records, "DECISION_WORDS")
    row = records.RecordRow("R", "", None, "", "", "3", "submitted", "concern", "under-review")
    assert (row.decision_words, row.tier_words) == ("Under review", TIER_WORDS["3"])
