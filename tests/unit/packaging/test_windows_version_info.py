"""The Windows exe's version details (packaging/windows/version_info.py).

PyInstaller evaluates the file with its own VSVersionInfo classes, which need pefile
(Windows only); here the same expression is evaluated with recorders in their place.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from app import __version__

ROOT = Path(__file__).resolve().parents[3]
spec = importlib.util.spec_from_file_location(
    "version_info", ROOT / "packaging" / "windows" / "version_info.py"
)
assert spec and spec.loader
version_info = importlib.util.module_from_spec(spec)
spec.loader.exec_module(version_info)

NAMES = ["VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct"]
NAMES += ["VarFileInfo", "VarStruct"]


def _evaluate(text: str) -> dict:
    def recorder(kind: str):
        return lambda *args, **kwargs: {"kind": kind, "args": args, **kwargs}

    return eval(text, {name: recorder(name) for name in NAMES})


def test_the_details_carry_the_app_version(tmp_path):
    path = version_info.write(tmp_path / "v.txt")
    assert version_info.app_version() == __version__
    info = _evaluate(path.read_text(encoding="utf-8"))
    numbers = tuple(int(n) for n in __version__.split("."))
    assert info["ffi"]["filevers"][: len(numbers)] == numbers
    assert len(info["ffi"]["filevers"]) == 4
    table = info["kids"][0]["args"][0][0]
    strings = {s["args"][0]: s["args"][1] for s in table["args"][1]}
    assert strings["ProductVersion"] == __version__
    assert strings["OriginalFilename"] == "cse-toolkit.exe"
    assert strings["ProductName"] == "Tackling CSE Toolkit"


def test_a_version_windows_cannot_hold_is_refused(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text('__version__ = "1.0.0rc1"\n')
    with pytest.raises(SystemExit):
        version_info.app_version(tmp_path)
