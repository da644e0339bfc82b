"""The licence and third-party notices that ship with every build: LICENSE is the full
GNU GPL v3, and packaging/notices.py (run by `make bundle`) lists every distribution in
the runtime lock and each native library the wheels carry, with their licence texts."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "packaging" / "notices.py"


def _pins(lock: Path) -> dict[str, str]:
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.strip().split("==")
            pins[name] = version
    return pins


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.fixture(scope="module")
def notices(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("notices")
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    return (out / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")


def test_licence_is_the_full_gpl_version_3():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.lstrip().startswith("GNU GENERAL PUBLIC LICENSE")
    assert "Version 3, 29 June 2007" in text
    for part in (
        "TERMS AND CONDITIONS",
        "15. Disclaimer of Warranty.",
        "END OF TERMS AND CONDITIONS",
        "How to Apply These Terms to Your New Programs",
    ):
        assert part in text
    assert len(text) > 34_000  # the whole text, not a summary or a link


def test_every_locked_distribution_is_listed_with_its_licence_text(notices):
    pins = _pins(ROOT / "requirements" / "runtime.lock")
    assert len(pins) >= 15
    headings = {
        _norm(m.group(1)): m.group(2)
        for m in re.finditer(r"^-{78}\n(\S+) (\S+)\nLicence: .+$", notices, re.MULTILINE)
    }
    for name, version in pins.items():
        assert headings.get(_norm(name)) == version, f"{name} {version} is not in the notices"
    # Each distribution's own licence files, in full (PyNaCl carries libsodium's too).
    for marker in (
        ">>> PyNaCl 1.6.2: licenses/LICENSE.libsodium.txt",
        ">>> python-bidi 0.6.12: COPYING.LESSER",
        ">>> python-bidi 0.6.12: LICENSE-THIRD-PARTY.yml",
        ">>> sqlcipher3 0.6.4: LICENSE",
        ">>> reportlab 5.1.0: LICENSE",
    ):
        assert marker in notices


def test_each_native_library_is_named_with_its_licence(notices):
    native = notices.split("2. Native libraries inside those packages")[-1]
    for library, words in (
        ("Qt 6.11.3", "GNU LESSER GENERAL PUBLIC LICENSE"),
        ("ICU, International Components for Unicode", "UNICODE, INC. LICENSE AGREEMENT"),
        ("SQLCipher 4.", "Copyright (c) 2008-2025, ZETETIC LLC"),
        ("SQLite 3.", "public domain"),
        ("OpenSSL 3.", "Apache License"),
        ("libsodium", "ISC"),
        ("Libraries inside Pillow", "libjpeg"),
        ("Rust libraries inside python-bidi", "LICENSE-THIRD-PARTY.yml"),
        ("PyInstaller bootloader", "bootloader exception"),
    ):
        assert library in native, f"{library} is not named"
        start = native.index(library)
        assert words in native[start : start + 40_000], f"{library}: no {words!r}"
    assert "OpenSSL not found" not in native  # the version is read from the binary
    # SQLCipher's BSD licence says binary copies must carry its notice: in full.
    assert "Redistributions in binary form must reproduce the above copyright" in native


def test_fonts_and_python_are_listed(notices):
    fonts = notices.split("3. Fonts")[-1].split("4. Python")[0]
    for face in ("DejaVuSans.ttf", "NotoNaskhArabic-Regular.ttf", "wqy-microhei.ttc"):
        assert face in fonts
    for licence in ("DejaVu-LICENSE.txt", "Noto-LICENSE.txt", "WenQuanYi-LICENSE.txt",
                    "bitstream-vera-license.txt"):  # fmt: skip
        assert licence in fonts
    python = notices.split("\n4. Python\n")[-1]
    assert f"Python {sys.version_info.major}.{sys.version_info.minor}" in python
    assert "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2" in python


def test_a_lock_the_installed_packages_do_not_match_stops_the_build(tmp_path):
    lock = tmp_path / "runtime.lock"
    lock.write_text("zxcvbn==0.0.1\nno-such-distribution-here==1.0\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path / "out"), "--lock", str(lock)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode != 0
    installed = _pins(ROOT / "requirements" / "runtime.lock")["zxcvbn"]
    assert f"zxcvbn is locked at 0.0.1 but {installed} is installed" in run.stderr
    assert "no-such-distribution-here is locked but not installed" in run.stderr
    assert not (tmp_path / "out" / "THIRD-PARTY-NOTICES.txt").exists()


@pytest.mark.skipif(shutil.which("dpkg") is None, reason="not a Debian machine (no dpkg)")
def test_the_bundle_copy_names_the_libraries_copied_from_the_build_machine(tmp_path):
    """Section 5, added after PyInstaller: each system library in the bundle with its
    Debian package's copyright file; a library that only shares a system library's name
    (the bundle's libpython comes from the Python that built it) is not put down to it."""
    internal = tmp_path / "cse-toolkit" / "_internal"
    (internal / "notices").mkdir(parents=True)
    notices = internal / "notices" / "THIRD-PARTY-NOTICES.txt"
    notices.write_text("sections 1 to 4\n", encoding="utf-8")
    system = Path("/lib/x86_64-linux-gnu/libz.so.1").resolve()
    shutil.copy(system, internal / "libz.so.1")
    (internal / "libexpat.so.1").write_bytes(b"not the system's libexpat")
    for _ in range(2):  # run twice: section 5 is still written once
        run = subprocess.run(
            [sys.executable, str(SCRIPT), "--bundle", str(tmp_path / "cse-toolkit")],
            cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
    text = notices.read_text(encoding="utf-8")
    assert text.startswith("sections 1 to 4\n")
    assert text.count("5. Libraries copied from the build machine") == 1
    assert re.search(r"^zlib1g \S+: libz\.so\.1$", text, re.MULTILINE)
    assert ">>> zlib1g copyright" in text and "Jean-loup Gailly" in text
    assert "libexpat" not in text
