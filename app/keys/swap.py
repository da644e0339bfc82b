"""Replacing records.db and keyring.json together, so that a kill at any moment leaves
one pair that opens.

Re-keying and restoring both change the store *and* the key file, and no file system
renames two files at once. So the new pair is first written beside the old one
(`records.db.new`, `keyring.json.new`), each complete and checked; then one small file,
`swap.json`, is written atomically. That write is the commit point:

- no `swap.json`: the old pair is the real one; leftovers of a swap are removed;
- `swap.json` there: the new pair is the real one; each `.new` file still waiting is
  renamed into place (setting the old file aside first when asked to), then `swap.json`
  goes.

`finish()` runs at every start, before anything reads the key file, and straight after
`commit()`. Every step of it can run again after a kill and reach the same end.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path
from typing import NamedTuple

from app.core.atomic import atomic_write, fsync_folder
from app.core.paths import AppPaths

log = logging.getLogger(__name__)

MARKER = "swap.json"
STAGED_SUFFIX = ".new"


class Staged(NamedTuple):
    store: Path
    keyring: Path


def staged(paths: AppPaths) -> Staged:
    """Where the new store and key file wait until the swap commits."""
    return Staged(
        paths.store.with_name(paths.store.name + STAGED_SUFFIX),
        paths.keyring.with_name(paths.keyring.name + STAGED_SUFFIX),
    )


def marker(paths: AppPaths) -> Path:
    return paths.data / MARKER


def discard(paths: AppPaths) -> None:
    """Remove a swap's staged files (and partial copies) that never committed."""
    if marker(paths).exists():
        raise RuntimeError("a committed swap is waiting to finish")
    new = staged(paths)
    for path in (new.store, new.keyring):
        for leftover in (path, path.with_name(path.name + ".partial")):
            leftover.unlink(missing_ok=True)
    # A kill inside atomic_write leaves its temp file (".name.xxxx.tmp") behind: the
    # staged key file's, or the marker's own (found by the kill-during-restore test).
    for path in (new.keyring, new.store, marker(paths)):
        for temp in path.parent.glob(f".{path.name}.*.tmp"):
            temp.unlink(missing_ok=True)


def commit(paths: AppPaths, reason: str, set_aside: Path | None = None) -> None:
    """Make the staged pair the real one. Both staged files must be complete.

    `set_aside`: a folder to move the old pair into instead of overwriting it (restore
    keeps the records it replaces; re-key does not keep the file under the old key).
    """
    new = staged(paths)
    if not (new.store.is_file() and new.keyring.is_file()):
        raise FileNotFoundError("the new store and key file must both be ready")
    doc: dict[str, str] = {"reason": reason}
    if set_aside is not None:
        doc["set_aside"] = str(set_aside)
    atomic_write(marker(paths), json.dumps(doc).encode("utf-8"))
    finish(paths)


def finish(paths: AppPaths) -> str | None:
    """Roll a committed swap forward, or clear an uncommitted one away.

    The swap's reason ("rekey", "restore") when one was completed now; None otherwise.
    """
    mark = marker(paths)
    if not mark.exists():
        if any(p.exists() for p in staged(paths)):
            log.info("an unfinished swap was found and discarded; the records are as before")
        discard(paths)
        return None
    doc = _read_marker(mark)
    aside = Path(doc["set_aside"]) if doc.get("set_aside") else None
    new = staged(paths)
    for waiting, final in ((new.store, paths.store), (new.keyring, paths.keyring)):
        if not waiting.exists():
            continue  # moved in before a kill
        if aside is not None and final.exists():
            aside.mkdir(mode=0o700, parents=True, exist_ok=True)
            kept = aside / final.name
            if not kept.exists():
                os.replace(final, kept)
        os.replace(waiting, final)
        fsync_folder(paths.data)
    mark.unlink()
    fsync_folder(paths.data)
    reason = str(doc.get("reason", ""))
    log.info("swap finished (%s)", reason)
    return reason


def _read_marker(mark: Path) -> dict[str, str]:
    # atomic_write means the marker is whole or absent; anything else is not ours, and
    # rolling forward is still right (it exists only after both staged files did).
    with contextlib.suppress(OSError, ValueError):
        doc = json.loads(mark.read_text(encoding="utf-8"))
        if isinstance(doc, dict):
            return {str(k): str(v) for k, v in doc.items()}
    return {}
