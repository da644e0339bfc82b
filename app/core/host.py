"""Which operating system the app runs on: the one seam for its POSIX-only branches.

Each branch that behaves differently on Windows asks `posix()` or `windows()` here
rather than reading os.name or sys.platform itself, so a unit test can run the Windows
branch's logic on Linux by patching one function (tests/unit/*/test_windows_*.py).
db/ sits below app/ and has its own: db.store._posix.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def posix() -> bool:
    return os.name == "posix"


def windows() -> bool:
    return sys.platform == "win32"


def restrict(path: Path, mode: int) -> None:
    """Give `path` these permission bits (0o700, 0o600…) on POSIX.

    Windows: nothing. chmod there only sets or clears the read-only flag, which would
    not keep anyone out and could stop the app replacing its own file. What keeps other
    accounts out on Windows is the ACL the data folder inherits from the account's
    profile (%LOCALAPPDATA%: this account, SYSTEM and Administrators only).
    """
    if posix():
        path.chmod(mode)
