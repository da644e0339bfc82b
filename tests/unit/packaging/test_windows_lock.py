"""requirements/windows.lock and its checker (packaging/windows/check_lock.py).

The check against the package index runs in CI (`make windows-lock`, from
packaging/windows/ci-check.sh); these run offline: the lock carries Linux's pins, and the
checker decides Windows' markers for Windows, not for the Linux machine it runs on.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
spec = importlib.util.spec_from_file_location(
    "check_lock", ROOT / "packaging" / "windows" / "check_lock.py"
)
assert spec and spec.loader
check_lock = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_lock)

PYINSTALLER = {
    "name": "pyinstaller",
    "version": "6.22.3",
    "requires_dist": [
        "altgraph",
        "macholib>=1.8; sys_platform == 'darwin'",
        "pefile>=2022.5.30; sys_platform == 'win32'",
        "pywin32-ctypes>=0.2.1; sys_platform == 'win32'",
        "psutil; extra == 'hook-testing'",
    ],
}


def _install(metadata: dict, wheel: str) -> dict:
    return {"metadata": metadata, "download_info": {"url": f"https://x/{wheel}"}}


def test_the_windows_lock_pins_what_linux_pins():
    lock = check_lock.read_pins(ROOT / "requirements" / "windows.lock")
    assert check_lock.problems(lock, []) == []
    linux = check_lock.read_pins(ROOT / "requirements" / "dev.lock")
    assert "pyside6-essentials" in linux and "sqlcipher3" in linux  # runtime.lock followed
    assert {n: v for n, (_, v) in linux.items()} == {
        n: v for n, (_, v) in lock.items() if n in linux
    }


def test_markers_are_decided_for_windows_not_for_this_machine():
    needs = {r.name for r in check_lock.windows_needs(PYINSTALLER)}
    assert needs == {"altgraph", "pefile", "pywin32-ctypes"}


def test_a_windows_only_dependency_left_out_is_named():
    lock = check_lock.read_pins(ROOT / "requirements" / "windows.lock")
    del lock["pefile"]
    found = check_lock.problems(lock, [_install(PYINSTALLER, "pyinstaller-win_amd64.whl")])
    assert found == [
        'pyinstaller needs pefile>=2022.5.30; sys_platform == "win32" on Windows: not pinned'
    ]


def test_a_linux_wheel_and_a_version_too_old_are_named():
    lock = check_lock.read_pins(ROOT / "requirements" / "windows.lock")
    lock["pefile"] = ("pefile", "2019.4.18")
    found = check_lock.problems(
        lock, [_install(PYINSTALLER, "pyinstaller-6.22.3-py3-none-manylinux2014_x86_64.whl")]
    )
    assert len(found) == 2
    assert "not a 64-bit Windows or pure-Python wheel" in found[0]
    assert found[1].startswith("pyinstaller needs pefile>=2022.5.30") and "2019.4.18" in found[1]


def test_a_pin_that_differs_from_linux_is_named():
    lock = check_lock.read_pins(ROOT / "requirements" / "windows.lock")
    lock["sqlcipher3"] = ("sqlcipher3", "0.6.3")
    assert check_lock.problems(lock, []) == ["sqlcipher3: windows.lock has 0.6.3, dev.lock 0.6.4"]
