"""The Windows lock: every pin of runtime.lock and dev.lock, resolved for win_amd64/cp311.

    python packaging/windows/check_lock.py           # check requirements/windows.lock
    python packaging/windows/check_lock.py --write   # (re)write it, then check it

The check fails (exit 1, one line per problem) unless:
- every pin in runtime.lock and dev.lock is in windows.lock at the same version (the
  Windows build tests and ships exactly what Linux does);
- pip finds a wheel for every pin for 64-bit Windows, CPython 3.11 (no sdist, so nothing
  is compiled on the build machine);
- the lock is closed on Windows: every dependency a pinned package declares for Windows
  is pinned too, at a version that satisfies it.

pip's `--platform` picks wheels for Windows but still evaluates environment markers for
the machine it runs on, so `pefile; sys_platform == "win32"` (PyInstaller) or colorama
(pytest) would be missed: the markers are evaluated here for Windows instead. pip only
resolves (`install --dry-run --report`, which reads the wheels' metadata files); nothing
is installed. Needs the package index.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
REQ = ROOT / "requirements"
WINDOWS_LOCK = REQ / "windows.lock"
PLATFORM = ["--platform", "win_amd64", "--python-version", "3.11", "--implementation", "cp"]
# What packaging.markers needs to decide a marker as 64-bit CPython 3.11 on Windows does.
WINDOWS_ENV = {
    "implementation_name": "cpython",
    "implementation_version": "3.11.9",
    "os_name": "nt",
    "platform_machine": "AMD64",
    "platform_python_implementation": "CPython",
    "platform_release": "10",
    "platform_system": "Windows",
    "platform_version": "10.0.19045",
    "python_full_version": "3.11.9",
    "python_version": "3.11",
    "sys_platform": "win32",
    "extra": "",
}
HEADER = """\
# Windows (64-bit, CPython 3.11): every pin of runtime.lock and dev.lock, plus what those
# packages need only on Windows. Written by `python packaging/windows/check_lock.py
# --write` (after `make lock`); checked by the same script without --write (make
# windows-lock). packaging/windows/build.ps1 installs from this file alone.
"""
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)\s*$")


def read_pins(path: Path) -> dict[str, tuple[str, str]]:
    """{canonical name: (name as written, version)}, following `-r other.lock`."""
    pins: dict[str, tuple[str, str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-r "):
            pins.update(read_pins(path.parent / line[3:].strip()))
            continue
        match = PIN.match(line)
        if not match:
            raise SystemExit(f"{path.name}: not an exact pin: {line}")
        pins[canonicalize_name(match[1])] = (match[1], match[2])
    return pins


def resolve(requirements: list[str]) -> list[dict]:
    """pip's report for these requirements on Windows, each alone (--no-deps)."""
    with tempfile.TemporaryDirectory(prefix="cse-winlock-") as tmp:
        reqfile = Path(tmp) / "req.txt"
        reqfile.write_text("\n".join(requirements) + "\n", encoding="utf-8")
        report = Path(tmp) / "report.json"
        command = [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--quiet",
            "--disable-pip-version-check",
            "--ignore-installed",
            "--no-deps",
            "--only-binary=:all:",
            *PLATFORM,
            "--target",
            str(Path(tmp) / "target"),
            "--report",
            str(report),
            "-r",
            str(reqfile),
        ]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            tail = [ln for ln in done.stderr.splitlines() if "ERROR" in ln] or [done.stderr]
            raise SystemExit("pip found no Windows wheel: " + " / ".join(tail)[-800:])
        installs: list[dict] = json.loads(report.read_text(encoding="utf-8"))["install"]
        return installs


def windows_needs(metadata: dict) -> list[Requirement]:
    """The dependencies a package declares that apply on 64-bit Windows, CPython 3.11."""
    needs = []
    for text in metadata.get("requires_dist") or []:
        req = Requirement(text)
        if req.marker is None or Marker(str(req.marker)).evaluate(WINDOWS_ENV):
            needs.append(req)
    return needs


def problems(lock: dict[str, tuple[str, str]], installs: list[dict]) -> list[str]:
    found: list[str] = []
    for name, (written, version) in sorted(read_pins(REQ / "dev.lock").items()):
        if name not in lock:
            found.append(f"{written}=={version} (dev.lock) is not in windows.lock")
        elif lock[name][1] != version:
            found.append(f"{written}: windows.lock has {lock[name][1]}, dev.lock {version}")
    for item in installs:
        wheel = item["download_info"]["url"].rsplit("/", 1)[-1]
        if not wheel.endswith(("-win_amd64.whl", "-any.whl")):
            found.append(f"{wheel} is not a 64-bit Windows or pure-Python wheel")
        for req in windows_needs(item["metadata"]):
            name = canonicalize_name(req.name)
            if name not in lock:
                found.append(f"{item['metadata']['name']} needs {req} on Windows: not pinned")
            elif not req.specifier.contains(Version(lock[name][1]), prereleases=True):
                found.append(f"{item['metadata']['name']} needs {req}, pinned {lock[name][1]}")
    return found


def check() -> int:
    lock = read_pins(WINDOWS_LOCK)
    installs = resolve([f"{written}=={version}" for written, version in lock.values()])
    found = problems(lock, installs)
    for line in found:
        print(f"windows.lock: {line}")
    if not found:
        print(f"windows.lock: {len(lock)} pins, each with a win_amd64/cp311 wheel, closed")
    return 1 if found else 0


def write() -> None:
    """Linux's pins plus the Windows-only dependencies, each at the newest fitting version."""
    lock = read_pins(REQ / "dev.lock")
    extra: dict[str, tuple[str, str]] = {}
    while True:
        installs = resolve([f"{w}=={v}" for w, v in {**lock, **extra}.values()])
        missing = {
            canonicalize_name(req.name): req
            for item in installs
            for req in windows_needs(item["metadata"])
            if canonicalize_name(req.name) not in lock | extra
        }
        if not missing:
            break
        for name, req in missing.items():
            chosen = resolve([f"{req.name}{req.specifier}"])[0]["metadata"]
            extra[name] = (chosen["name"], chosen["version"])
    lines = [HEADER, "# runtime.lock and dev.lock"]
    lines += [f"{w}=={v}" for w, v in lock.values()]
    lines += ["", "# needed on Windows only"]
    lines += [f"{w}=={v}" for w, v in sorted(extra.values(), key=lambda p: p[0].lower())]
    WINDOWS_LOCK.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {WINDOWS_LOCK.relative_to(ROOT)}: {len(lock)} + {len(extra)} pins")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite windows.lock first")
    args = parser.parse_args(argv)
    if args.write:
        write()
    return check()


if __name__ == "__main__":
    sys.exit(main())
