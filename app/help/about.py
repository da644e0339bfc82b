"""What Help › About shows: the version, the licence, the third-party notices and where
the source is. The files come from the bundle (PyInstaller's folder, sys._MEIPASS) or,
when run from source, from the repository (the notices after `make notices`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NamedTuple

from app import __version__

LICENCE_NAME = "GNU General Public License, version 3 or any later version"
LICENCE_ID = "GPL-3.0-or-later"
NOTICES_FILE = "THIRD-PARTY-NOTICES.txt"
SOURCE_GLOB = "*-source.zip"


class AboutFiles(NamedTuple):
    bundled: bool  # running from the built app, not from source
    base: Path  # the bundle's data folder, or the repository root
    licence: Path
    notices: Path
    source: Path | None  # the source archive inside the bundle (None from source)


def about_files(frozen_base: str | None = None) -> AboutFiles:
    """Where the licence, notices and source are for this copy of the toolkit."""
    meipass = frozen_base if frozen_base is not None else getattr(sys, "_MEIPASS", None)
    if meipass:
        base = Path(meipass)
        archives = sorted((base / "source").glob(SOURCE_GLOB))
        return AboutFiles(
            True, base, base / "LICENSE", base / "notices" / NOTICES_FILE,
            archives[0] if archives else None,
        )  # fmt: skip
    root = Path(__file__).resolve().parent.parent.parent
    return AboutFiles(
        False, root, root / "LICENSE", root / "build" / "notices" / NOTICES_FILE, None
    )


def read_or_say(path: Path, missing: str) -> str:
    """The file's text, or a plain sentence saying it is not there (never an error)."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return missing


def licence_text(files: AboutFiles) -> str:
    return read_or_say(
        files.licence,
        f"The licence file is missing from {files.licence.parent}. The toolkit is under "
        f"the {LICENCE_NAME}: https://www.gnu.org/licenses/gpl-3.0.html",
    )


def notices_text(files: AboutFiles) -> str:
    if files.bundled:
        missing = f"The notices file is missing from {files.notices.parent}."
    else:
        missing = (
            "The third-party notices are written when the toolkit is built. "
            "To see them here, run: make notices"
        )
    return read_or_say(files.notices, missing)


def version_words() -> str:
    return f"Version {__version__}"


def licence_words() -> str:
    return (
        f"Free software: you may use, share and change it under the {LICENCE_NAME} "
        f"({LICENCE_ID}). It comes with no warranty. Other people's work inside it keeps "
        "its own licence: see the third-party notices."
    )


def source_words(files: AboutFiles) -> str:
    """Where to get the source, said plainly."""
    if not files.bundled:
        return f"You are running the toolkit from its source code, in {files.base}."
    if files.source is None:
        return (
            "The source code should be inside this copy of the toolkit but is missing. "
            "Ask whoever gave you the toolkit for it: the licence says they must provide it."
        )
    return (
        f"The source code of this version comes with it, in the file {files.source.name}, "
        f"in the folder {files.source.parent}. The source of Qt and the other parts is "
        "where the third-party notices say."
    )
