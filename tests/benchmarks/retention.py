"""Retention review with 10,000 concerns about 2,000 young people, a fifth of them past
their 25th birthday: the due list (the To do page counts it on every load, so it must
not slow the records view: ≤ 50 ms), every review date (information), and deleting one
young person's records with secure_delete (information; the passphrase check, Argon2id,
is left out)."""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path

from tests.benchmarks.fixtures import set_up_store
from tests.benchmarks.matching import build
from tests.benchmarks.results import Result, median_ms

DUE_BUDGET_MS = 50.0


def run() -> list[Result]:
    from app.casework.records import Records
    from app.keeping.retention import Retention
    from db import retention as queries

    with tempfile.TemporaryDirectory(prefix="cse-bench-retention-") as tmp:
        _paths, session = set_up_store(Path(tmp) / "data")
        store = session.require_store()
        build(store)
        Records(session)._index_missing()
        # A fifth of them long past their 25th birthday, so the due list is not empty.
        store.execute(
            "UPDATE young_people SET date_of_birth = ? WHERE id % 5 = 0",
            (date(1990, 1, 1).isoformat(),),
        )
        retention = Retention(session)
        due_ms = median_ms(retention.due, 7)
        all_ms = median_ms(retention.all_review_dates, 5)
        due = retention.due()
        target = due[0].young_person_id
        people = queries.family(store, target)
        start = time.perf_counter()
        with store.transaction():
            queries.delete_people(store, people)
        delete_ms = (time.perf_counter() - start) * 1000
        problems = store.check()
        session.lock()
    return [
        Result(
            f"retention: due list ({len(due)} of 2,000 due)",
            due_ms,
            "ms",
            None,
            None,
            f"<= {DUE_BUDGET_MS:.0f} ms",
            due_ms <= DUE_BUDGET_MS,
        ),
        Result("retention: every review date worked out", all_ms, "ms", None, None, "info", None),
        Result(
            f"retention: delete one young person ({len(due)} due)",
            delete_ms,
            "ms",
            None,
            None,
            "info",
            None if not problems else False,
        ),
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
