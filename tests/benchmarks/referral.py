"""Budget: the referral summary of a long concern (three pages before the fax-proof faces
of issue 12, four since) builds in ≤ 300 ms, median (fonts already
registered: that happens once per run). The cover sheet is reported for information."""

from __future__ import annotations

from tests.benchmarks.results import Result, median_ms

BUDGET_MS = 300.0
RUNS = 15


def run() -> list[Result]:
    import io
    from dataclasses import replace

    from pypdf import PdfReader

    from app.documents.cover_sheet import build_cover_sheet
    from app.documents.referral import build_referral
    from tests.unit.documents.test_referral_pdf import CONTEXT, MADE, full_concern, review

    concern = full_concern()
    concern = replace(concern, observations="Seen at the Friday session. " * 50)
    state = review(concern)

    def summary() -> bytes:
        return build_referral(
            concern, CONTEXT, recipient="Northamptonshire MASH", review=state, made_at=MADE
        )

    pages = len(PdfReader(io.BytesIO(summary())).pages)
    assert pages >= 3, pages  # the long concern really runs over pages
    summary_ms = median_ms(summary, RUNS)
    cover_ms = median_ms(
        lambda: build_cover_sheet(CONTEXT, recipient="MASH", pages=3, made_at=MADE), RUNS
    )
    return [
        Result(
            f"referral: {pages}-page summary, median",
            summary_ms,
            "ms",
            None,
            None,
            f"≤ {BUDGET_MS:.0f} ms",
            summary_ms <= BUDGET_MS,
        ),
        Result("  fax cover sheet, median", cover_ms, "ms", None, None, "", None),
    ]
