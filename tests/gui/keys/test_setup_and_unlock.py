"""The first-run wizard end to end, then lock and unlock both ways: all through widgets."""

import pytest
from pypdf import PdfReader

from app.keys.session import SetupState
from tests.drivers import (
    all_visible_text,
    button,
    click,
    dialog_titled,
    field,
    open_dialogs,
    run_setup_wizard,
    type_into,
    unlock_through_dialog,
    walk_wizard_to_recovery_code,
)
from ui.application import build_window
from ui.core import ask

PASSPHRASE = "kettle orange bicycle lantern"


@pytest.fixture
def first_run(qtbot, session):
    window = build_window(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.wizard is not None and window.wizard.isVisible())
    return window


def test_setup_then_lock_and_unlock_with_passphrase_and_recovery_code(qtbot, first_run, session):
    window = first_run
    code = run_setup_wizard(
        qtbot, window.wizard, name="Riverside Youth Club", passphrase=PASSPHRASE
    )
    assert session.setup_state() is SetupState.READY
    assert session.is_unlocked
    assert session.organisation().name == "Riverside Youth Club"
    assert "0300 126 7000" in window.strip.label.accessibleName()  # Northamptonshire MASH
    assert "01604 626938" in window.strip.label.accessibleName()
    assert window.windowTitle() == "Tackling CSE Toolkit"

    click(window, "Lock now")
    assert not session.is_unlocked

    unlock_through_dialog(qtbot, window, PASSPHRASE)
    assert window.pages.currentWidget() is window.settings_page
    assert field(window, "Organisation name").text() == "Riverside Youth Club"
    assert field(window, "Designated lead: name").text() == "Sam Okafor"

    click(window, "Lock now")
    assert window.pages.currentWidget() is window.home
    click(window, "Records")
    unlock = dialog_titled("Unlock the records")
    field(unlock, "I have the recovery code").setChecked(True)
    type_into(unlock, "Recovery code", code.lower())
    click(unlock, "Unlock")
    # Wait for what the person sees: the session unlocks on a worker thread a moment
    # before the window switches page and shows the notice.
    title = "Since the records were last opened"
    qtbot.waitUntil(lambda: any(d.windowTitle() == title for d in open_dialogs()), timeout=10_000)
    assert session.is_unlocked
    assert window.pages.currentWidget() is window.records_page
    notice = dialog_titled(title)
    assert "recovery code" in notice.text()


def test_wizard_refuses_with_reasons_and_keeps_what_was_typed(qtbot, first_run):
    wizard = first_run.wizard
    click(wizard, "Next")
    click(wizard, "Next")  # no name yet
    assert "Enter the organisation's name" in all_visible_text(wizard)
    type_into(wizard, "Organisation name", "St Mary's Sports Club")
    field(wizard, "Area").setCurrentIndex(field(wizard, "Area").findText("Other area"))
    click(wizard, "Next")
    assert field(wizard, "Children's social care: phone").text() == ""
    assert "search for your council" in all_visible_text(wizard).lower()
    click(wizard, "Next")
    assert "you need it to make a referral" in all_visible_text(wizard)
    type_into(wizard, "Children's social care: phone", "01234 567890")
    click(wizard, "Next")
    type_into(wizard, "Designated lead: name", "Ana Silva")
    type_into(wizard, "Designated lead: phone", "not a number")
    click(wizard, "Next")
    assert "Use only numbers" in all_visible_text(wizard)
    type_into(wizard, "Designated lead: phone", "07700 900123")
    click(wizard, "Next")
    type_into(wizard, "Passphrase", "short")
    type_into(wizard, "Passphrase again", "short")
    assert "Too short" in field(wizard, "Passphrase strength").text()
    click(wizard, "Next")
    assert "too short" in all_visible_text(wizard)
    type_into(wizard, "Passphrase", PASSPHRASE)
    type_into(wizard, "Passphrase again", PASSPHRASE + "x")
    click(wizard, "Next")
    assert "not the same" in all_visible_text(wizard)
    click(wizard, "Back")
    assert field(wizard, "Designated lead: name").text() == "Ana Silva"


def test_recovery_code_prints_from_memory(qtbot, first_run, tmp_path, monkeypatch, printed_pdf):
    wizard = first_run.wizard
    pdf_path = printed_pdf
    saved_path = tmp_path / "saved" / "recovery-code.pdf"
    saved_path.parent.mkdir()
    monkeypatch.setattr(ask, "choose_pdf_path", lambda *a: str(saved_path))

    walk_wizard_to_recovery_code(
        wizard, name="Zespół Młodzieżowy", passphrase=PASSPHRASE, lead="Ana Silva"
    )
    code = wizard.recovery_page.code

    click(wizard, "Print the recovery code")
    assert pdf_path.exists()
    assert len(PdfReader(pdf_path).pages) == 1
    assert "Sent to the printer" in all_visible_text(wizard)

    click(wizard, "Save as PDF…")
    text = PdfReader(saved_path).pages[0].extract_text()
    assert code in text
    assert "Zespół Młodzieżowy" in text
    assert "not encrypted" in all_visible_text(wizard)
    assert [p.name for p in saved_path.parent.iterdir()] == ["recovery-code.pdf"]


def test_cancelled_setup_leaves_nothing_and_says_so(qtbot, first_run, session):
    click(first_run.wizard, "Cancel")
    assert session.setup_state() is SetupState.NEW
    assert not session.paths.store.exists() and not session.paths.keyring.exists()
    assert "not set up yet" in first_run.banner.text()
    assert button(first_run, "Help: signs and what to do").isEnabled()
    click(first_run, "Settings")
    qtbot.waitUntil(lambda: first_run.wizard.isVisible())
    assert [d.windowTitle() for d in open_dialogs()] == ["Set up the Tackling CSE Toolkit"]
