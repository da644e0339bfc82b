"""Shared fixtures. Qt runs offscreen; every test gets its own data folder and TMPDIR."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any PySide6 import

import sys
import tempfile
from pathlib import Path

import pytest

from app.core.organisation import OrganisationDetails
from app.core.paths import AppPaths, resolve
from app.keys.kdf import FAST_FOR_TESTS
from app.keys.recovery_code import generate
from app.keys.session import Session
from tests import slow_list

PASSPHRASE = "kettle orange bicycle lantern"
CONTACTS = {"duty_team_phone": "0300 126 7000", "out_of_hours_phone": "01604 626938"}


def make_details(**changes: str) -> OrganisationDetails:
    values = {
        "name": "Riverside Youth Club",
        "area": "northamptonshire",
        "lead_name": "Sam Okafor",
        "lead_role": "Youth Leader",
        "lead_phone": "01604 555 0101",
    }
    values.update(changes)
    return OrganisationDetails(**values)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--write-slow-list",
        action="store_true",
        help="time each test and write tests/slow.txt (make slow-list)",
    )


def pytest_configure(config: pytest.Config) -> None:
    # Only where the tests are sent from: with pytest-xdist, each report reaches it once.
    if config.getoption("write_slow_list") and not hasattr(config, "workerinput"):
        config.pluginmanager.register(slow_list.Timer(config), "slow-list-timer")


@pytest.hookimpl(tryfirst=True)  # before `-m "not slow"` deselects
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    slow_list.mark(config, items)


@pytest.fixture(autouse=True)
def _close_windows_left_open():
    """After every test, close whatever window or dialog it left on screen, so no test
    sees another's (a setup wizard left open once broke a later handout test)."""
    widgets = sys.modules.get("PySide6.QtWidgets")  # a test with no Qt imports none
    app = widgets.QApplication.instance() if widgets is not None else None
    # What make_qapplication sets on the one shared QApplication (palette, style sheet,
    # keyboard model) is put back as it was, so no test runs with another's left on.
    before = (app.palette(), app.styleSheet(), _keyboard_model(app)) if app else None
    yield
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is None or widgets.QApplication.instance() is None:
        return
    for window in widgets.QApplication.topLevelWidgets():
        if window.isVisible():
            window.close()
    widgets.QApplication.processEvents()
    app = widgets.QApplication.instance()
    # A test that made the application itself leaves Qt's defaults behind it.
    palette, style, model = before or (app.style().standardPalette(), "", None)
    if app.styleSheet() != style:
        app.setStyleSheet(style)
    app.setPalette(palette)
    if model is None and _keyboard_model(app) is not None:
        from ui.core.keyboard import uninstall

        uninstall(app)


def _keyboard_model(app):
    keyboard = sys.modules.get("ui.core.keyboard")
    return app.findChild(keyboard.KeyboardModel) if keyboard and app else None


@pytest.fixture
def isolated_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """TMPDIR (and tempfile's cached choice) pointed into the test's own folder."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    for var in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(var, str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    return tmp


@pytest.fixture
def paths(tmp_path: Path, isolated_tmp: Path) -> AppPaths:
    found = resolve(str(tmp_path / "data"))
    found.ensure()
    return found


@pytest.fixture
def session(paths: AppPaths) -> Session:
    made = Session(paths, kdf_params=lambda: FAST_FOR_TESTS)
    yield made
    made.lock()


@pytest.fixture
def recovery_code() -> str:
    return generate()


@pytest.fixture
def ready(session: Session, recovery_code: str) -> Session:
    """A set-up store, locked, with a lead passphrase and a recovery code."""
    session.set_up(make_details(), PASSPHRASE, recovery_code, dict(CONTACTS))
    session.lock()
    return session


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` and its bytes, to prove nothing changed."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def printed_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Answer the print dialog with a PDF-format printer; return where the pages go."""
    from PySide6.QtPrintSupport import QPrinter

    from ui.core import ask

    out = tmp_path / "printed.pdf"

    def pdf_printer(parent: object) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        # A 150 dpi printer: the same path as any other, a quarter of the pixels of the
        # 300 dpi the app caps at, which keeps the printing tests quick.
        printer.setResolution(150)
        printer.setOutputFileName(str(out))
        return printer

    monkeypatch.setattr(ask, "choose_printer", pdf_printer)
    return out
