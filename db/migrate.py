"""Numbered SQL migrations, tracked by `PRAGMA user_version`.

Each file `NNNN_what.sql` in db/migrations/ moves the schema from NNNN-1 to NNNN. All
pending steps run in one transaction, so a failure leaves the store exactly as it was.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from db.errors import MigrationFailed

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Step:
    version: int
    name: str
    sql: str


def default_dir() -> Path:
    # In a PyInstaller bundle the .sql files are shipped as data under _MEIPASS/db/.
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base / "db" / "migrations"


def load(directory: Path | None = None) -> list[Step]:
    directory = directory or default_dir()
    steps = []
    for path in sorted(directory.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise MigrationFailed(f"badly named migration {path.name}")
        steps.append(Step(int(match.group(1)), path.name, path.read_text("utf-8")))
    for expected, step in enumerate(steps, start=1):
        if step.version != expected:
            raise MigrationFailed(f"migration {expected} is missing")
    return steps


def latest(steps: list[Step]) -> int:
    return steps[-1].version if steps else 0


def copy_path(folder: Path, from_version: int) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return folder / f"records-before-migration-from-v{from_version}-{stamp}.db"


def apply(conn: Any, steps: list[Step], *, target_version: int | None = None) -> int:
    """Apply every step above the current version (up to target); return the new version."""
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    target = latest(steps) if target_version is None else target_version
    pending = [s for s in steps if current < s.version <= target]
    if not pending:
        return current
    # One script, one transaction: executescript runs it all or stops at the first error,
    # and the ROLLBACK below undoes whatever part ran.
    script = "BEGIN IMMEDIATE;\n"
    for step in pending:
        script += f"-- {step.name}\n{step.sql}\n;\n"
    script += f"PRAGMA user_version = {pending[-1].version};\nCOMMIT;\n"
    try:
        conn.executescript(script)
    except sqlcipher.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise MigrationFailed(f"{type(exc).__name__} while migrating") from exc
    return pending[-1].version
