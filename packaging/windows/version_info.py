"""The version details of the Windows exe (Explorer's Properties › Details; Apps lists it).

PyInstaller reads them from a text file holding one `VSVersionInfo(...)` expression
(`EXE(version=...)`); packaging/windows/cse-toolkit-windows.spec writes it from
app/__init__.py's `__version__` with `write()`.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAME = "Tackling CSE Toolkit"


def app_version(root: Path = ROOT) -> str:
    text = (root / "app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([0-9]+(?:\.[0-9]+){0,3})"', text, re.M)
    if not match:
        raise SystemExit("app/__init__.py: __version__ is not numbers and dots")
    return match[1]


def text(version: str) -> str:
    """The VSVersionInfo expression for `version` (up to four numbers: Windows' form)."""
    numbers = tuple(int(n) for n in version.split("."))
    four = (*numbers, 0, 0, 0, 0)[:4]
    strings = {
        "CompanyName": "",
        "FileDescription": NAME,
        "FileVersion": version,
        "InternalName": "cse-toolkit",
        "LegalCopyright": "GPL-3.0-or-later; see LICENSE and Help > About",
        "OriginalFilename": "cse-toolkit.exe",
        "ProductName": NAME,
        "ProductVersion": version,
    }
    structs = ",\n            ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""VSVersionInfo(
    ffi=FixedFileInfo(
        filevers={four!r},
        prodvers={four!r},
        mask=0x3F,
        flags=0x0,
        OS=0x40004,
        fileType=0x1,
        subtype=0x0,
        date=(0, 0),
    ),
    kids=[
        StringFileInfo([StringTable("080904B0", [
            {structs},
        ])]),
        VarFileInfo([VarStruct("Translation", [0x0809, 1200])]),
    ],
)
"""


def write(path: Path, version: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text(version or app_version()), encoding="utf-8")
    return path
