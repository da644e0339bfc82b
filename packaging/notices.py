"""Write the third-party notices that ship with every build of the toolkit.

    python packaging/notices.py --out build/notices        # before PyInstaller
    python packaging/notices.py --bundle build/dist/cse-toolkit   # after it (Linux)

The first form writes build/notices/THIRD-PARTY-NOTICES.txt from what is installed in
the running Python: every distribution named in requirements/runtime.lock (its licence
as pip-licenses reads it, then every licence file the distribution itself carries), the
native libraries those wheels carry inside them (Qt, ICU, SQLCipher, SQLite, OpenSSL,
libsodium, Pillow's image libraries, the PyInstaller bootloader), the fonts in
resources/ and reportlab, and Python itself. It stops with an error if a locked
distribution is missing or at another version: the notices must describe what ships.

The second form adds the libraries PyInstaller copied from the build machine (found in
the bundle, owned by a Debian package) with each package's copyright file. Elsewhere
(no dpkg) it says so and adds nothing.

Licence texts that the wheels do not carry are kept in packaging/licences/ (see the
README there for where each came from).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata as metadata
import json
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LICENCES = ROOT / "packaging" / "licences"
FILE_NAME = "THIRD-PARTY-NOTICES.txt"
RULE = "=" * 78
THIN = "-" * 78
# Distributions whose metadata names no licence: what their own licence file says.
UNSTATED = {"sqlcipher3": "Zlib (its LICENSE file, below)"}


def app_version() -> str:
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    return found.group(1) if found else "unknown"


def locked(lock: Path) -> dict[str, str]:
    """name -> version for every `name==version` line of a lock file."""
    pins: dict[str, str] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line and not line.startswith("-"):
            name, version = line.split("==", 1)
            pins[name.strip()] = version.strip()
    return pins


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pip_licenses(names: list[str]) -> dict[str, dict[str, str]]:
    """pip-licenses' view of each distribution: licence, URL, authors (by normal name)."""
    run = subprocess.run(
        [sys.executable, "-m", "piplicenses", "--format=json", "--from=mixed",
         "--with-urls", "--with-authors", "--packages", *names],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return {normal(row["Name"]): row for row in json.loads(run.stdout)}


def licence_files(dist: metadata.Distribution) -> list[tuple[str, str]]:
    """(file name, text) for every licence file the distribution carries: the
    License-File entries of its metadata, else any LICENSE/COPYING/NOTICE in dist-info."""
    names = dist.metadata.get_all("License-File") or []
    if not names:
        names = [
            Path(str(f)).name
            for f in dist.files or []
            if ".dist-info" in str(f)
            and re.match(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", Path(str(f)).name, re.I)
        ]
    found = []
    for name in names:
        text = dist.read_text(f"licenses/{name}") or dist.read_text(name)
        if text is not None:
            found.append((name, text))
    return found


def _digest(text: str) -> str:
    """The same licence laid out with other line breaks or indents counts as the same."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


def _own_licence() -> str:
    path = ROOT / "LICENSE"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


class Notices:
    """The notices as they are written, with identical texts printed once only."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        # The GNU GPL, version 3, is the toolkit's own LICENSE: never printed twice.
        self.seen: dict[str, str] = {_digest(_own_licence()): "the toolkit's own LICENSE file"}

    def add(self, *lines: str) -> None:
        self.parts.extend(lines)

    def text(self, label: str, text: str) -> None:
        digest = _digest(text)
        if digest in self.seen:
            self.add(f"[{label}: the same text as {self.seen[digest]}, above.]", "")
            return
        self.seen[digest] = label
        self.add(f">>> {label}", "", text.rstrip(), "", f"<<< end of {label}", "")

    def heading(self, title: str) -> None:
        self.add("", RULE, title, RULE, "")

    def render(self) -> str:
        return "\n".join(self.parts) + "\n"


def _site_file(package: str, pattern: str) -> Path | None:
    """The first file matching `pattern` under an installed package's folder."""
    try:
        spec_dir = Path(metadata.distribution(package).locate_file(""))
    except metadata.PackageNotFoundError:
        return None
    matches = sorted(spec_dir.glob(pattern))
    return matches[0] if matches else None


def sqlcipher_versions() -> tuple[str, str, str]:
    """SQLCipher, SQLite and OpenSSL versions of the compiled module sqlcipher3 loads."""
    import sqlcipher3

    connection = sqlcipher3.connect(":memory:")
    cipher = connection.execute("PRAGMA cipher_version").fetchone()[0]
    sqlite = connection.execute("SELECT sqlite_version()").fetchone()[0]
    connection.close()
    module = Path(sqlcipher3.__file__).parent
    openssl = "not found"
    for binary in sorted(module.glob("_sqlite3*")):
        hit = re.search(rb"OpenSSL (\d+\.\d+\.\d+)", binary.read_bytes())
        if hit:
            openssl = hit.group(1).decode()
    return cipher, sqlite, openssl


def qt_libraries() -> list[str]:
    """The non-Qt libraries the PySide6 wheels carry beside Qt (ICU on Linux)."""
    lib = _site_file("PySide6_Essentials", "PySide6/Qt/lib")
    if lib is None or not lib.is_dir():
        return []
    return sorted(p.name for p in lib.iterdir() if p.name.startswith("libicu"))


def python_licence() -> tuple[Path | None, str]:
    """The interpreter's own LICENSE file: beside the standard library (Linux, pyenv)
    or in the installation folder (Windows)."""
    candidates = [
        Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt",
        Path(sys.base_prefix) / "LICENSE.txt",
        Path(sys.base_prefix) / "LICENSE",
    ]
    for path in candidates:
        if path.is_file():
            return path, path.read_text(encoding="utf-8", errors="replace")
    return None, ""


def write_python_packages(out: Notices, pins: dict[str, str]) -> None:
    info = pip_licenses(list(pins))
    problems = []
    for name, version in sorted(pins.items(), key=lambda kv: normal(kv[0])):
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            problems.append(f"{name} is locked but not installed")
            continue
        if dist.version != version:
            problems.append(f"{name} is locked at {version} but {dist.version} is installed")
        row = info.get(normal(name), {})
        licence = UNSTATED.get(name) or row.get("License", "UNKNOWN")
        out.add(THIN, f"{dist.metadata['Name']} {dist.version}", f"Licence: {licence}")
        if row.get("URL") not in (None, "UNKNOWN"):
            out.add(f"Home: {row['URL']}")
        if row.get("Author") not in (None, "UNKNOWN"):
            out.add(f"Authors: {row['Author']}")
        out.add("")
        files = licence_files(dist)
        for file_name, text in files:
            out.text(f"{dist.metadata['Name']} {dist.version}: {file_name}", text)
        if not files:
            out.add(
                "This distribution carries no licence file of its own; its licence is "
                "named above and its text is given in section 2.",
                "",
            )
    if problems:
        raise SystemExit("notices: " + "; ".join(problems))


def write_native(out: Notices, pins: dict[str, str]) -> None:
    qt_version = pins.get("PySide6_Essentials", "?")
    out.add(
        THIN,
        f"Qt {qt_version} (inside PySide6_Essentials and PySide6_Addons; shiboken6)",
        "Licence: LGPL-3.0-only (Qt and Qt for Python are also offered under GPL-2.0 and "
        "GPL-3.0; the toolkit uses them under the LGPL, version 3).",
        "Home: https://www.qt.io/ and https://doc.qt.io/qtforpython-6/",
        f"Source of this version: https://download.qt.io/official_releases/qt/"
        f"{'.'.join(qt_version.split('.')[:2])}/{qt_version}/ and "
        "https://download.qt.io/official_releases/QtForPython/pyside6/",
        "Qt is used as unmodified shared libraries, loaded from the app's folder: you may "
        "replace them with your own build of the same Qt version.",
        "Qt itself contains code from other projects (among them zlib, PCRE2, HarfBuzz, "
        "FreeType, libpng, libjpeg and, in QtPdf, PDFium and its libraries), each under "
        "its own permissive licence; the list with each licence's text is published by "
        f"Qt at https://doc.qt.io/qt-{qt_version.split('.')[0]}/licenses-used-in-qt.html",
        "",
    )
    out.text("GNU Lesser General Public License, version 3", _licence("LGPL-3.0.txt"))
    out.add(
        "The LGPL, version 3, adds to the GNU General Public License, version 3, whose "
        "full text is in the file LICENSE beside these notices.",
        "",
    )
    icu = qt_libraries()
    if icu:
        out.add(
            THIN,
            f"ICU, International Components for Unicode (inside PySide6: {', '.join(icu)})",
            "Licence: the Unicode licence (ICU's LICENSE file, below: the text shipped with "
            "ICU 72.1; later ICU releases up to 73 carry the same terms)",
            "",
        )
        out.text("ICU LICENSE", _licence("ICU-LICENSE.txt"))

    cipher, sqlite, openssl = sqlcipher_versions()
    out.add(
        THIN,
        f"SQLCipher {cipher} (inside sqlcipher3, compiled into its _sqlite3 module)",
        "Licence: BSD-3-Clause. Copyright (c) 2008-2025, ZETETIC LLC. Binary copies must "
        "carry this notice: here it is.",
        "Home: https://www.zetetic.net/sqlcipher/",
        "",
    )
    out.text("SQLCipher LICENSE", _licence("SQLCipher-LICENSE.txt"))
    out.add(
        THIN,
        f"SQLite {sqlite} (inside SQLCipher)",
        "Licence: public domain (https://www.sqlite.org/copyright.html). The authors "
        "disclaim copyright to the source code; in place of a legal notice, they offer a "
        "blessing: May you do good and not evil. May you find forgiveness for yourself and "
        "forgive others. May you share freely, never taking more than you give.",
        "",
        THIN,
        f"OpenSSL {openssl} (inside sqlcipher3, compiled into its _sqlite3 module)",
        "Licence: Apache-2.0. Copyright (c) 1998-2025 The OpenSSL Project Authors; "
        "Copyright (c) 1995-1998 Eric A. Young, Tim J. Hudson. All rights reserved.",
        "Home: https://www.openssl.org/",
        "",
    )
    out.text("Apache License, version 2.0", _licence("Apache-2.0.txt"))

    sodium = _dist_file("PyNaCl", "LICENSE.libsodium.txt")
    out.add(
        THIN,
        "libsodium (inside PyNaCl, compiled into nacl/_sodium)",
        "Licence: ISC. Copyright (c) 2013-2026 Frank Denis.",
        "Home: https://libsodium.org/",
        "",
    )
    out.text("libsodium LICENSE", sodium or "(libsodium's licence file was not found)")

    pillow_libs = _site_file("pillow", "pillow.libs")
    libs = sorted(p.name for p in pillow_libs.iterdir()) if pillow_libs else []
    out.add(
        THIN,
        "Libraries inside Pillow" + (f": {', '.join(libs)}" if libs else ""),
        "Licences: each is given in Pillow's own LICENSE file, in section 1 (libjpeg-turbo, "
        "libpng, zlib, FreeType, HarfBuzz, Little CMS, libtiff, libwebp, OpenJPEG, libavif, "
        "brotli, xz, zstd, libxcb and others).",
        "",
        THIN,
        "Rust libraries inside python-bidi",
        "Licences: listed in python-bidi's LICENSE-THIRD-PARTY.yml, in section 1.",
        "",
    )

    bootloader = _dist_file("pyinstaller", "COPYING.txt")
    out.add(
        THIN,
        "PyInstaller bootloader (the start-up code of the cse-toolkit program)",
        "Licence: GPL-2.0-or-later with the PyInstaller bootloader exception, which lets "
        "it be joined to a program under any licence.",
        "",
    )
    out.text("PyInstaller COPYING.txt", bootloader or "(PyInstaller's COPYING.txt was not found)")


def _licence(name: str) -> str:
    return (LICENCES / name).read_text(encoding="utf-8")


def _dist_file(dist_name: str, file_name: str) -> str | None:
    try:
        dist = metadata.distribution(dist_name)
    except metadata.PackageNotFoundError:
        return None
    for found, text in licence_files(dist):
        if Path(found).name == file_name:
            return text
    return None


def write_fonts(out: Notices) -> None:
    fonts = ROOT / "resources" / "fonts"
    faces = sorted(p.name for p in fonts.iterdir() if p.suffix.lower() in {".ttf", ".ttc", ".otf"})
    out.add(
        "Fonts in resources/fonts (embedded in the PDFs the toolkit makes): " + ", ".join(faces),
        "",
    )
    for licence in sorted(fonts.glob("*LICENSE*")):
        out.text(f"resources/fonts/{licence.name}", licence.read_text(encoding="utf-8"))
    reportlab_fonts = _site_file("reportlab", "reportlab/fonts")
    if reportlab_fonts is not None:
        out.add("Fonts that come with reportlab (in its fonts folder):", "")
        for licence in sorted(reportlab_fonts.iterdir()):
            if re.search(r"licen[cs]e|copying", licence.name, re.I):
                out.text(f"reportlab/fonts/{licence.name}", licence.read_text(encoding="utf-8"))


def write_python(out: Notices) -> None:
    _, text = python_licence()
    version = ".".join(str(p) for p in sys.version_info[:3])
    out.add(
        f"Python {version} (the interpreter and its standard library, in the bundle)",
        "Licence: PSF-2.0 (Python Software Foundation License, version 2)",
        "",
    )
    if text:
        out.text(f"Python {version} LICENSE", text)
    else:
        out.add("Its LICENSE file was not found here: https://docs.python.org/3/license.html")


def build(out_dir: Path, lock: Path) -> Path:
    pins = locked(lock)
    out = Notices()
    out.add(
        f"Tackling CSE Toolkit {app_version()}: third-party notices",
        "",
        "The toolkit is free software under the GNU General Public License, version 3 or",
        "(at your choice) any later version: its full text is in the file LICENSE.",
        "It is built with the parts below. Each keeps its own licence, given here in full.",
        "",
        "1. Python packages (every one in requirements/runtime.lock)",
        "2. Native libraries inside those packages",
        "3. Fonts",
        "4. Python",
        "5. Libraries copied from the build machine (added to the bundle's copy only)",
        "",
        "Python packages:",
        *(f"  {n} {v}" for n, v in sorted(pins.items(), key=lambda kv: normal(kv[0]))),
    )
    out.heading("1. Python packages")
    write_python_packages(out, pins)
    out.heading("2. Native libraries inside those packages")
    write_native(out, pins)
    out.heading("3. Fonts")
    write_fonts(out)
    out.heading("4. Python")
    write_python(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / FILE_NAME
    target.write_text(out.render(), encoding="utf-8")
    return target


# -- after PyInstaller: the libraries copied from the build machine -------------------------


def _wheel_carried(names: set[str]) -> set[str]:
    """Library file names that some installed wheel carries (so not from the system)."""
    carried = set()
    for folder in {
        Path(p) for p in (sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"])
    }:
        for path in folder.rglob("*.so*"):
            if path.name in names:
                carried.add(path.name)
    return carried


def system_libraries(bundle: Path) -> dict[str, list[str]]:
    """Debian package -> library names, for each library in the bundle found in the
    build machine's library folders and owned by a package."""
    copies = {p.name: p for p in bundle.rglob("*.so*") if p.is_file()}
    names = set(copies) - _wheel_carried(set(copies))
    folders = [Path(f"/lib/{_multiarch()}"), Path(f"/usr/lib/{_multiarch()}"), Path("/lib"),
               Path("/usr/lib")]  # fmt: skip
    owners: dict[str, list[str]] = {}
    for name in sorted(names):
        for folder in folders:
            candidate = folder / name
            # Same name is not enough: the bundle's libpython comes from the Python that
            # built it, not from the system's package of the same name.
            if not candidate.exists() or candidate.read_bytes() != copies[name].read_bytes():
                continue
            # dpkg knows a file by the path its package installed it at: with merged /usr
            # that may be under /lib or /usr/lib, and the name the link points to.
            real = candidate.resolve()
            paths = {str(candidate), str(folder / real.name), str(real)}
            query = subprocess.run(["dpkg", "-S", *sorted(paths)], capture_output=True, text=True)
            found = [line for line in query.stdout.splitlines() if ": /" in line]
            if found:
                package = found[0].split(":", 1)[0].strip()
                owners.setdefault(package, []).append(name)
                break
    return owners


def _multiarch() -> str:
    return sysconfig.get_config_var("MULTIARCH") or "x86_64-linux-gnu"


def add_system_libraries(bundle: Path) -> Path:
    matches = sorted(bundle.rglob(FILE_NAME))
    if not matches:
        raise SystemExit(f"notices: no {FILE_NAME} in {bundle}: was it built with make bundle?")
    target = matches[0]
    out = Notices()
    out.heading("5. Libraries copied from the build machine")
    # Without dpkg (Windows, or not Debian) the copied libraries cannot be put down to a
    # package: said so in the notices rather than claiming there are none.
    owners = system_libraries(bundle) if shutil.which("dpkg") else None
    if owners is None:
        out.add("This build machine has no dpkg: the libraries it copied are not listed here.")
    elif not owners:
        out.add("None.")
    else:
        out.add(
            "PyInstaller copied these libraries from the build machine (Debian packages); "
            "each package's copyright file follows.",
            "",
        )
        for package, libs in sorted(owners.items()):
            version = subprocess.run(
                ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True
            ).stdout.strip()
            out.add(THIN, f"{package} {version}: {', '.join(libs)}", "")
            copyright_file = Path("/usr/share/doc") / package / "copyright"
            if copyright_file.is_file():
                out.text(
                    f"{package} copyright",
                    copyright_file.read_text(encoding="utf-8", errors="replace"),
                )
            else:
                out.add(f"(no copyright file at {copyright_file})", "")
    earlier = target.read_text(encoding="utf-8")
    kept = earlier.split(f"\n{RULE}\n5. Libraries copied from the build machine\n")[0]
    target.write_text(kept.rstrip("\n") + "\n" + out.render(), encoding="utf-8")  # once only
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="folder to write the notices into")
    parser.add_argument("--lock", type=Path, default=ROOT / "requirements" / "runtime.lock")
    parser.add_argument("--bundle", type=Path, help="a built bundle: add section 5 to its copy")
    args = parser.parse_args(argv)
    if args.bundle:
        print(f"notices: {add_system_libraries(args.bundle)}")
    elif args.out:
        print(f"notices: {build(args.out, args.lock)}")
    else:
        parser.error("give --out or --bundle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
