"""The core (app/ but app/__main__, and db/) loads no Qt, checked in a fresh interpreter."""

import pkgutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def _modules(package: str) -> list[str]:
    names = [package]
    for info in pkgutil.walk_packages([str(ROOT / package)], prefix=f"{package}."):
        if info.name != "app.__main__":
            names.append(info.name)
    return names


def test_importing_every_core_module_loads_no_qt():
    modules = _modules("app") + _modules("db")
    assert "app.keys.session" in modules and "db.store" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ui')))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ui_never_imports_db():
    offenders = []
    for path in (ROOT / "ui").rglob("*.py"):
        for line in path.read_text().splitlines():
            stripped = line.strip()
            if stripped.startswith(("import db", "from db")):
                offenders.append(f"{path.name}: {stripped}")
    assert offenders == []
