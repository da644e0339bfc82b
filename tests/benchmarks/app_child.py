"""App child for the start-up benchmark: `python -m app ...`, then its peak memory.

Run as a script by startup.py with the arguments for app.__main__.main, e.g.
`--data-dir DIR --quit-after-first-paint`; prints `peak-rss-kb N` after the app exits.
"""

from __future__ import annotations

import sys
from pathlib import Path

from peak_memory import peak_rss_kb  # beside this script (run as a script)

REPO_ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    # Running a script puts its own folder first on sys.path; the app lives at the root.
    sys.path.insert(0, str(REPO_ROOT))
    from app.__main__ import main as app_main

    code = app_main(sys.argv[1:])
    print(f"peak-rss-kb {peak_rss_kb()}", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
