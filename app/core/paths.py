"""Where the app keeps its files: one data folder, owner-only.

`CSE_TOOLKIT_HOME` or `--data-dir` moves data, logs and settings together (support and
tests use it); otherwise the per-user folders from platformdirs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple

from app import APP_ID
from app.core import host

ENV_HOME = "CSE_TOOLKIT_HOME"


# NamedTuple rather than a dataclass: this is on the start-up path, and importing
# dataclasses (with inspect) costs about 5 ms there.
class AppPaths(NamedTuple):
    data: Path
    logs: Path

    @property
    def store(self) -> Path:
        return self.data / "records.db"

    @property
    def keyring(self) -> Path:
        return self.data / "keyring.json"

    @property
    def settings(self) -> Path:
        return self.data / "settings.json"

    @property
    def unlock_failures(self) -> Path:
        return self.data / "unlock-failures.json"

    @property
    def letterbox(self) -> Path:
        return self.data / "letterbox"

    @property
    def station(self) -> Path:
        """Only on a volunteer station (app/intake/stations.py): its name, letterbox
        folder and pinned key."""
        return self.data / "station.json"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def log_file(self) -> Path:
        return self.logs / f"{APP_ID}.log"

    def ensure(self) -> None:
        """Create the folders owner-only (0700), and tighten them if they exist."""
        for folder in (self.data, self.logs, self.backups):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            host.restrict(folder, 0o700)  # Windows: the profile's ACL (host.restrict)


def private_folder(folder: Path) -> Path:
    """`folder` and any parents it needs under an existing one, made owner-only (0700).

    mkdir(parents=True) makes the parents with the default mode (0755 under the usual
    umask): set-aside/ was found readable by every account that way."""
    missing = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    for made in reversed(missing):
        made.mkdir(mode=0o700, exist_ok=True)
        host.restrict(made, 0o700)  # Windows: the profile's ACL (host.restrict)
    return folder


def resolve(data_dir: str | None = None, environ: dict[str, str] | None = None) -> AppPaths:
    environ = dict(os.environ) if environ is None else environ
    chosen = data_dir or environ.get(ENV_HOME)
    if chosen:
        base = Path(chosen).expanduser().resolve()
        return AppPaths(data=base, logs=base / "logs")
    # deferred: platformdirs (tens of ms on an old PC) only when no data folder is given
    import platformdirs

    return AppPaths(
        data=platformdirs.user_data_path(APP_ID, appauthor=False),
        logs=platformdirs.user_log_path(APP_ID, appauthor=False),
    )


def resource_dir() -> Path:
    """resources/ from a source checkout, or from inside a PyInstaller bundle."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent.parent))
    return base / "resources"
