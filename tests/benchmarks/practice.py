"""Budget: practice mode opens in ≤ 200 ms (issue 16): from clicking Home's "Practise
with a made-up case" to the first paint of the practice page, where a person chooses a
made-up case. Shown too, for information: Start this case, to the practice concern form
beside the story (the form is built then). Baseline, in the same run and the same way: clicking
"Record a concern" to the first paint of the concern form, which the practice page
builds inside it (so the ratio shows what practice adds).

Each open is a fresh child process (practice_child.py), so it is the cold first open a
person gets; the runs alternate so drift in the machine affects both alike, after one
untimed warm-up of each that fills the bytecode cache.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.benchmarks.fixtures import set_up_store
from tests.benchmarks.results import Result, ratio

REPO_ROOT = Path(__file__).resolve().parents[2]
RUNS = 5
BUDGET_MS = 200.0
CHILD_TIMEOUT_S = 60


def _times(which: str, data: Path, env: dict[str, str]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.practice_child", which, str(data)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S,
        check=True,
    )
    found = {}
    for line in done.stdout.splitlines():
        key, _, value = line.partition(" ")
        if key in ("opened-ms", "form-ms"):
            found[key] = float(value)
    if "opened-ms" not in found:
        raise RuntimeError(f"the {which} child printed no time")
    return found


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        _paths, session = set_up_store(Path(tmp) / "data")
        session.lock()
        env = dict(os.environ, PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"))
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        for which in ("practice", "record"):
            _times(which, Path(tmp) / "data", env)  # warm-up: fills the bytecode cache
        practice, form, record = [], [], []
        for _ in range(RUNS):
            times = _times("practice", Path(tmp) / "data", env)
            practice.append(times["opened-ms"])
            form.append(times["form-ms"])
            record.append(_times("record", Path(tmp) / "data", env)["opened-ms"])
    practice_ms, record_ms = statistics.median(practice), statistics.median(record)
    return [
        Result(
            "open practice mode from Home (first time), median",
            practice_ms,
            "ms",
            record_ms,
            ratio(practice_ms, record_ms),
            f"≤ {BUDGET_MS:.0f} ms",
            practice_ms <= BUDGET_MS,
        ),
        Result(
            "  baseline: open Record a concern from Home", record_ms, "ms", None, None, "", None
        ),
        Result(
            "  then Start this case, to the practice form shown",
            statistics.median(form),
            "ms",
            None,
            None,
            "",
            None,
        ),
    ]
