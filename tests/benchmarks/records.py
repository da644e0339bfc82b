"""Budgets with 10,000 concerns about 2,000 young people: open the records view
≤ 150 ms; sort or filter ≤ 50 ms; a full-text search ≤ 50 ms; memory with the records
view open ≤ 250 MB."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.fixtures import set_up_store
from tests.benchmarks.matching import build
from tests.benchmarks.results import Result, median_ms

OPEN_BUDGET_MS = 150.0
SORT_FILTER_BUDGET_MS = 50.0
SEARCH_BUDGET_MS = 50.0
MEMORY_BUDGET_MB = 250.0


def _peak_mb() -> float:
    from tests.benchmarks.peak_memory import peak_rss_kb

    return peak_rss_kb() / 1024


def _memory_in_own_process() -> float:
    """The records view's memory, measured in a process that has done nothing else:
    this one has already run every other benchmark."""
    import os
    import subprocess

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.records"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def _open_and_report_memory() -> None:
    from PySide6.QtWidgets import QApplication

    from app.casework.records import Records
    from ui.casework.records_page import RecordsPage

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="cse-bench-records-memory-") as tmp:
        _paths, session = set_up_store(Path(tmp) / "data")
        build(session.require_store())
        Records(session)._index_missing()
        page = RecordsPage(session)
        page.show()
        page.load()
        app.processEvents()
        print(f"{_peak_mb():.1f}")
        page.close()
        session.lock()


def run() -> list[Result]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from app.casework.records import Records
    from ui.casework.records_page import RecordsPage

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="cse-bench-records-") as tmp:
        _paths, session = set_up_store(Path(tmp) / "data")
        build(session.require_store())
        Records(session)._index_missing()  # the app indexes each concern as it is written

        page = RecordsPage(session)
        page.resize(1000, 700)
        page.show()
        app.processEvents()
        start = time.perf_counter()
        page.load()
        app.processEvents()
        open_ms = (time.perf_counter() - start) * 1000
        rows = page.model.rowCount()

        # Alternate columns and directions: sorting by the same column again is free.
        orders = iter([(4, Qt.SortOrder.AscendingOrder), (2, Qt.SortOrder.DescendingOrder)] * 10)
        sort_ms = median_ms(lambda: page.table.sortByColumn(*next(orders)), 9)
        tiers = iter(["2", "", "3", ""] * 10)

        def filter_by_tier() -> None:
            page.model.tier = next(tiers)
            page.model.apply()

        filter_ms = median_ms(filter_by_tier, 9)
        search_ms = median_ms(lambda: page._search("silver"), 9)
        found = page.model.rowCount()
        page.close()
        session.lock()
    memory = _memory_in_own_process()

    return [
        Result(
            f"open the records view ({rows:,} concerns)",
            open_ms,
            "ms",
            None,
            None,
            f"≤ {OPEN_BUDGET_MS:.0f} ms",
            open_ms <= OPEN_BUDGET_MS,
        ),
        Result(
            "sort the records by tier",
            sort_ms,
            "ms",
            None,
            None,
            f"≤ {SORT_FILTER_BUDGET_MS:.0f} ms",
            sort_ms <= SORT_FILTER_BUDGET_MS,
        ),
        Result(
            "filter the records by tier",
            filter_ms,
            "ms",
            None,
            None,
            f"≤ {SORT_FILTER_BUDGET_MS:.0f} ms",
            filter_ms <= SORT_FILTER_BUDGET_MS,
        ),
        Result(
            f"full-text search in the store ({found:,} found)",
            search_ms,
            "ms",
            None,
            None,
            f"≤ {SEARCH_BUDGET_MS:.0f} ms",
            search_ms <= SEARCH_BUDGET_MS,
        ),
        Result(
            "peak memory of the app, records view open (own process)",
            memory,
            "MB",
            None,
            None,
            f"≤ {MEMORY_BUDGET_MB:.0f} MB",
            memory <= MEMORY_BUDGET_MB,
        ),
    ]


if __name__ == "__main__":
    _open_and_report_memory()
