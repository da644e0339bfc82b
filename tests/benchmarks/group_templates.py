"""Budget: each group template (code of conduct, whistleblowing procedure, information
sharing, online safety agreement) builds in ≤ 300 ms, median (fonts already registered:
that happens once per run)."""

from __future__ import annotations

from tests.benchmarks.results import Result, median_ms

BUDGET_MS = 300.0
RUNS = 7


def run() -> list[Result]:
    from app.documents.group_templates import GROUP_TEMPLATES
    from tests.unit.documents.test_group_templates import FULL

    results = []
    for _key, title, _name, build in GROUP_TEMPLATES:
        build(FULL)  # fonts registered before timing
        ms = median_ms(lambda build=build: build(FULL), RUNS)
        results.append(
            Result(
                f"template: {title}, median",
                ms,
                "ms",
                None,
                None,
                f"≤ {BUDGET_MS:.0f} ms",
                ms <= BUDGET_MS,
            )
        )
    return results
