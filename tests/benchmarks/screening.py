"""Budget: one screening evaluation of a heavy, realistic case (20 ticked items across
every tier, mixed recency and "not sure when" answers, recorded needs and the LADO route
in play), through `screen_concern` as the form and import call it, ≤ 5 ms, median.
Loading and checking the checklist file is reported for information: it happens once,
when the form first opens."""

from __future__ import annotations

import time

from tests.benchmarks.results import Result, median_ms

EVALUATE_BUDGET_MS = 5.0
RUNS = 201

# 20 answers: 4 background factors (V05 among them, so the floor rule is checked),
# 8 early-warning, 5 significant and 3 serious, seen at different times.
HEAVY = (
    ("V02", "within-6-months"),
    ("V03", "over-12-months"),
    ("V05", "within-6-months"),
    ("V07", "6-12-months"),
    ("T1-01", "within-6-months"),
    ("T1-02", "within-6-months"),
    ("T1-03", "6-12-months"),
    ("T1-04", "within-6-months"),
    ("T1-06", "over-12-months"),
    ("T1-07", "within-6-months"),
    ("T1-09", "6-12-months"),
    ("T1-12", "within-6-months"),
    ("T2-01", "6-12-months"),
    ("T2-02", "within-6-months"),
    ("T2-04", "within-6-months"),
    ("T2-07", "over-12-months"),
    ("T2-10", "6-12-months"),
    ("T3-03", "not-known"),
    ("T3-04", "over-12-months"),
    ("T3-08", "6-12-months"),
)


def run() -> list[Result]:
    from datetime import UTC, date, datetime

    from app.intake.concern.model import Concern, IndicatorAnswer, YoungPerson
    from app.screening.checklist import clear_checklist_cache, load_checklist
    from app.screening.rules import screen_concern

    clear_checklist_cache()
    start = time.perf_counter()
    checklist = load_checklist()
    load_ms = (time.perf_counter() - start) * 1000

    answers = [
        IndicatorAnswer(
            i,
            when_last_seen=w,
            how_known="saw",
            details="Seen at the Friday session.",
            found_out_on=date(2026, 3, 1),
        )
        for i, w in HEAVY
    ]
    concern = Concern(
        id="C-BNCH-0001",
        checklist_version=checklist.version,
        created_at=datetime(2026, 12, 2, 19, 0, tzinfo=UTC),
        young_person=YoungPerson(date_of_birth=date(2012, 5, 1), needs=("autism",)),
        about_adult="staff",
        indicators=answers,
    )
    result = screen_concern(concern, checklist=checklist)
    assert len(answers) == 20 and result.tier in ("2", "3") and result.lado, result.tier
    evaluate_ms = median_ms(lambda: screen_concern(concern, checklist=checklist), RUNS)
    return [
        Result(
            "screening: evaluate 20 ticked items, median",
            evaluate_ms,
            "ms",
            None,
            None,
            f"≤ {EVALUATE_BUDGET_MS:.0f} ms",
            evaluate_ms <= EVALUATE_BUDGET_MS,
        ),
        Result(
            "  load and check the checklist (once, uncached)", load_ms, "ms", None, None, "", None
        ),
    ]
