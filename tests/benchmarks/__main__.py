"""`python -m tests.benchmarks` (make bench): run every benchmark, print one table.

Exits 0 when every benchmark ran, whatever the numbers (an exceeded budget prints OVER);
exits 1 only when a benchmark crashed.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
import traceback

from tests.benchmarks.results import Result

# One module per benchmark, each with run() -> list[Result]. Add new ones here.
BENCHMARKS = (
    "startup",
    "unlock",
    "help",
    "concern_form",
    "practice",
    "screening",
    "letterbox",
    "matching",
    "records",
    "young_person",
    "referral",
    "referral_preview",
    "training_pack",
    "group_templates",
    "backups",
    "rekey",
    "retention",
)


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 1 else 2
    text = f"{value:,.{digits}f}"
    return f"{text} {unit}".rstrip()


def format_table(results: list[Result]) -> str:
    header = ("benchmark", "value", "baseline", "ratio", "budget", "")
    rows = [
        (
            r.name,
            _number(r.value, r.unit),
            _number(r.baseline, r.unit),
            "-" if r.ratio is None else f"{r.ratio:,.2f}×",
            r.budget_text,
            r.verdict,
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    right = {1, 2, 3}

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def main() -> int:
    # Children and any Qt here run headless unless the caller chose a platform.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    results: list[Result] = []
    crashed: list[str] = []
    started = time.perf_counter()
    for name in BENCHMARKS:
        print(f"running {name} …", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            module = importlib.import_module(f"tests.benchmarks.{name}")
            results.extend(module.run())
        except Exception:
            crashed.append(name)
            traceback.print_exc()
        print(f"  {name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)

    print()
    print(format_table(results))
    print()
    over = [r.name.strip() for r in results if r.ok is False]
    summary = f"{len(results)} values in {time.perf_counter() - started:.0f} s; "
    summary += f"over budget: {len(over)}" + (f" ({'; '.join(over)})" if over else "")
    print(summary)
    if crashed:
        print(f"CRASHED: {', '.join(crashed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
