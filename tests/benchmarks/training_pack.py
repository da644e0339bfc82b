"""Budget: each training-evening PDF (session plans, made-up cases, quiz, answer sheet,
attendance sheet), both awareness-session packs and the introductory slides build in
≤ 300 ms, median (fonts already registered: that happens once per run)."""

from __future__ import annotations

from tests.benchmarks.results import Result, median_ms

BUDGET_MS = 300.0
RUNS = 7


def run() -> list[Result]:
    from app.documents.awareness_sessions import AWARENESS_DOCUMENTS
    from app.documents.training_pack import TRAINING_DOCUMENTS
    from tests.unit.documents.test_training_pack import FULL

    results = []
    for _key, title, _name, build in (*TRAINING_DOCUMENTS, *AWARENESS_DOCUMENTS):
        build(FULL)  # fonts registered, data read once before timing
        ms = median_ms(lambda build=build: build(FULL), RUNS)
        results.append(
            Result(
                f"training pack: {title}, median",
                ms,
                "ms",
                None,
                None,
                f"≤ {BUDGET_MS:.0f} ms",
                ms <= BUDGET_MS,
            )
        )
    return results
