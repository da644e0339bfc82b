"""Child process for the kill-during-restore test: restores a backup and says when.

    python -m tests.security.restore_child DATA_DIR BACKUP_FILE

The backup's passphrase comes in RESTORE_SECRET (never on the command line). With
UNLOCK_FIRST set, the child first unlocks the current records with that passphrase,
as a lead restoring from Settings does. Prints "ready" once imported, "done" at the end.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app.core.paths import resolve
from app.keeping.backups import Backups
from app.keys.kdf import FAST_FOR_TESTS
from app.keys.session import Session

SECRET_VARIABLE = "RESTORE_SECRET"
UNLOCK_VARIABLE = "UNLOCK_FIRST"


def main(data: str, backup: str) -> int:
    session = Session(resolve(data), kdf_params=lambda: FAST_FOR_TESTS)
    print("ready", flush=True)
    if os.environ.get(UNLOCK_VARIABLE):
        session.unlock(os.environ[UNLOCK_VARIABLE])
    backups = Backups(session)
    plan = backups.inspect(Path(backup), os.environ[SECRET_VARIABLE])
    backups.restore(plan)
    session.lock()
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
