"""Budgets with 10,000 concerns: a backup with its verification ≤ 3 s; a restore with
its verification (check the file, open its key file, extract and check the records,
swap them in, open them) ≤ 3 s. Each reports how many progress steps it gave: a bar
that moves needs more than two.

Both run on the PC's own disk (a temporary folder stands in for the USB stick), so the
numbers are the toolkit's own cost; a slow stick adds its write time to the backup.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from app.core.paths import resolve
from app.keeping.backups import Backups
from app.keys.kdf import FAST_FOR_TESTS
from app.keys.session import Session
from tests.benchmarks.fixtures import PASSPHRASE, set_up_store
from tests.benchmarks.matching import build
from tests.benchmarks.results import Result

BACKUP_BUDGET_S = 3.0
RESTORE_BUDGET_S = 3.0
MIN_STEPS = 3


def run() -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="cse-bench-backups-") as tmp:
        _paths, session = set_up_store(Path(tmp) / "data")
        build(session.require_store())
        stick = Path(tmp) / "stick"
        stick.mkdir()
        backup_steps: list[float] = []
        start = time.perf_counter()
        report = Backups(session).back_up(stick, backup_steps.append)
        backup_s = time.perf_counter() - start
        size_mb = report.path.stat().st_size / 1e6
        session.lock()

        # Restore onto a new PC: nothing set up, as after a broken computer.
        pc = Session(resolve(str(Path(tmp) / "new pc")), kdf_params=lambda: FAST_FOR_TESTS)
        restore_steps: list[float] = []
        start = time.perf_counter()
        backups = Backups(pc)
        plan = backups.inspect(report.path, PASSPHRASE, progress=restore_steps.append)
        checked_s = time.perf_counter() - start
        backups.restore(plan, restore_steps.append)
        restore_s = time.perf_counter() - start
        assert pc.is_unlocked and plan.preview.concerns == report.concerns
        pc.lock()

    return [
        Result(
            "backups: back up 10,000 concerns, verified",
            backup_s,
            "s",
            None,
            None,
            f"≤ {BACKUP_BUDGET_S:.0f} s",
            backup_s <= BACKUP_BUDGET_S,
        ),
        Result(
            "backups: progress steps while backing up",
            len(backup_steps),
            "",
            None,
            None,
            f"≥ {MIN_STEPS}",
            len(backup_steps) >= MIN_STEPS,
        ),
        Result("backups: backup file size", size_mb, "MB", None, None, "info", None),
        Result(
            "backups: restore 10,000 concerns, verified",
            restore_s,
            "s",
            None,
            None,
            f"≤ {RESTORE_BUDGET_S:.0f} s",
            restore_s <= RESTORE_BUDGET_S,
        ),
        Result("backups: of which checking the backup", checked_s, "s", None, None, "info", None),
        Result(
            "backups: progress steps while restoring",
            len(restore_steps),
            "",
            None,
            None,
            f"≥ {MIN_STEPS}",
            len(restore_steps) >= MIN_STEPS,
        ),
    ]


if __name__ == "__main__":
    from tests.benchmarks.__main__ import format_table

    print(format_table(run()))
