"""Budget: preview of page one of a referral pack ≤ 150 ms (median of 15): the pack built
from the store (app.documents.referral_pack: the concern, its review, the summary PDF), loaded into
the preview (ui.documents.pdf_preview.PdfPreview) and page one rendered at screen size, as the
Referral pack dialog does. For information: the same with the young person's chronology
and a cover sheet, and the first build (which imports reportlab and the fonts)."""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.benchmarks.fixtures import set_up_store
from tests.benchmarks.results import Result, median_ms

RUNS = 15
BUDGET_MS = 150.0


def _concern():
    from app.intake.concern.model import Concern, IndicatorAnswer, Vehicle, YoungPerson
    from app.intake.concern.reference import new_reference

    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=datetime.now(UTC),
        young_person=YoungPerson(name="Jade Smith"),
        own_words="She said the man in the silver car gives her vapes and lifts. " * 8,
        vehicles=[Vehicle(registration="AB12 CDE", colour="silver")],
        indicators=[IndicatorAnswer(item) for item in ("T1-01", "T1-03", "T2-03", "T2-04")],
        computed_tier="2",
        recorder_name="Sam Volunteer",
    )


def run() -> list[Result]:
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication

    from app.documents.referral_pack import ReferralPacks
    from ui.documents.pdf_preview import PdfPreview

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="cse-bench-referral-") as tmp:
        _paths, session = set_up_store(Path(tmp) / "data")
        reference = session.save_concern_direct(_concern()).id
        packs = ReferralPacks(session)
        recipient = packs.recipients()[0]
        preview = PdfPreview()
        preview.resize(800, 1000)
        preview.show()
        app.processEvents()

        def page_one(**options: bool) -> None:
            pack = packs.build(reference, recipient=recipient, **options)
            preview.show_pdf(pack.pdf)
            document = preview.document()
            points = document.pagePointSize(0)
            width = preview.viewport().width()
            document.render(0, QSize(width, round(width * points.height() / points.width())))
            app.processEvents()

        start = time.perf_counter()
        page_one()
        first = (time.perf_counter() - start) * 1000
        plain = median_ms(page_one, RUNS)
        full = median_ms(lambda: page_one(chronology=True, cover_sheet=True), RUNS)
        preview.clear()
        preview.close()
        session.lock()
    return [
        Result(
            "referral pack: preview of page one",
            plain,
            "ms",
            None,
            None,
            f"≤ {BUDGET_MS:.0f} ms",
            plain <= BUDGET_MS,
        ),
        Result(
            "referral pack: with chronology and cover sheet", full, "ms", None, None, "info", None
        ),
        Result("referral pack: first preview (imports)", first, "ms", None, None, "info", None),
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
