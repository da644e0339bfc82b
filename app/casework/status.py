"""The lead's decision status for a concern: each stored value and its words, once.

Records list, decision panel, young person's page and the audit all take the words from
here; the strings stored in the records are the enum's values and never change."""

from __future__ import annotations

from enum import StrEnum


class DecisionStatus(StrEnum):
    NEW = "new"
    UNDER_REVIEW = "under-review"
    REFERRED = "referred"
    MONITORING = "monitoring"
    NO_FURTHER_ACTION = "no-further-action"
    CLOSED = "closed"

    @property
    def words(self) -> str:
        return _WORDS[self]


_WORDS = {
    DecisionStatus.NEW: "New",
    DecisionStatus.UNDER_REVIEW: "Under review",
    DecisionStatus.REFERRED: "Referred",
    DecisionStatus.MONITORING: "Monitoring",
    DecisionStatus.NO_FURTHER_ACTION: "No further action",
    DecisionStatus.CLOSED: "Closed",
}

# Plain strings (the values), in the order shown in every list: safe as Qt item data.
STATUSES: tuple[str, ...] = tuple(status.value for status in DecisionStatus)
STATUS_WORDS: dict[str, str] = {status.value: status.words for status in DecisionStatus}
# What a lead can choose: "new" is only ever where a concern starts.
CHOSEN_STATUSES: tuple[str, ...] = tuple(s for s in STATUSES if s != DecisionStatus.NEW)
