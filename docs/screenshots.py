"""Take the README's screenshots from the real app: `make screenshots` (needs xvfb-run).

Drives the widgets as a person would, in a throw-away data folder, and saves PNGs of
each screen into docs/screenshots/. Uses fast test key settings; nothing else is faked.
`python -m docs.screenshots 150` (with QT_SCALE_FACTOR=1.5 on a 1024x768 screen, as the
Makefile runs it) saves the same screens at 150% text into docs/screenshots/150/, with
the window fitted to the screen as the app fits it; 200 likewise.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from app.core.paths import resolve
from app.keys.kdf import FAST_FOR_TESTS
from app.keys.session import Session
from tests.drivers import (
    choose_tab,
    click,
    dialog_titled,
    field,
    gone,
    open_dialogs,
    tick,
    type_into,
    type_text,
)
from tests.security.leak_scenario import Waiter
from ui.application import make_qapplication, show_main_window
from ui.main_window import MainWindow

OUT = Path(__file__).resolve().parent / "screenshots"
PASSPHRASE = "kettle orange bicycle lantern"  # noqa: S105 - a demo store, thrown away


def shot(widget: QWidget, name: str) -> None:
    QTest.qWait(150)  # let layouts settle and paint
    widget.grab().save(str(OUT / f"{name}.png"))
    print("saved", name)


def screen_shot(window: QWidget, name: str) -> None:
    """The window with whatever dialog stands in front of it, as the person sees it."""
    QTest.qWait(150)
    frame = window.frameGeometry()
    QApplication.primaryScreen().grabWindow(
        0, frame.x(), frame.y(), frame.width(), frame.height()
    ).save(str(OUT / f"{name}.png"))
    print("saved", name)


def bring_into_view(widget: QWidget) -> None:
    """Scroll every scroll area around `widget` to it, as a person would at 150%."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 0, 0)
        parent = parent.parentWidget()


def choose_option(root: QWidget, text: str) -> None:
    """Click the option button that reads `text`, on its circle."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QRadioButton

    radio = next(r for r in root.findChildren(QRadioButton) if r.text() == text)
    QTest.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))


def main() -> int:
    global OUT
    zoom = sys.argv[1] if len(sys.argv) > 1 else ""
    if zoom:
        OUT = OUT / zoom
    OUT.mkdir(exist_ok=True)
    app = make_qapplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        paths = resolve(tmp)
        paths.ensure()
        session = Session(paths, kdf_params=lambda: FAST_FOR_TESTS)
        window = MainWindow(session)
        if zoom:
            show_main_window(window)  # as the app shows it: fitted to the small screen
        else:
            window.resize(1000, 680)
            window.show()
        window.start_setup()
        wizard = window.wizard
        shot(wizard, "setup-1-welcome")
        click(wizard, "Next")
        type_into(wizard, "Organisation name", "Riverside Youth Club")
        shot(wizard, "setup-2-organisation")
        click(wizard, "Next")
        shot(wizard, "setup-3-contacts")
        click(wizard, "Next")
        type_into(wizard, "Designated lead: name", "Sam Okafor")
        type_into(wizard, "Designated lead: role", "Youth Leader")
        type_into(wizard, "Designated lead: phone", "call me")
        click(wizard, "Next")
        shot(wizard, "setup-4-people-problem")
        type_into(wizard, "Designated lead: phone", "01604 555 0101")
        type_into(wizard, "Deputy lead: phone (optional)", "01604 555 0202")
        type_into(wizard, "Designated trustee: phone (optional)", "01604 555 0303")
        click(wizard, "Next")
        type_into(wizard, "Passphrase", "kettle")
        type_into(wizard, "Passphrase again", "kettle")
        click(wizard, "Next")
        shot(wizard, "setup-5-passphrase-refused")
        type_into(wizard, "Passphrase", PASSPHRASE)
        type_into(wizard, "Passphrase again", PASSPHRASE)
        click(wizard, "Next")
        shot(wizard, "setup-6-recovery-code")
        field(wizard, "I have the recovery code stored safely").setChecked(True)
        click(wizard, "Finish")
        Waiter.waitUntil(lambda: gone(wizard), 20_000)
        shot(window, "home-unlocked-after-setup")
        click(window, "Lock now")
        shot(window, "home-locked")

        click(window, "Settings")
        unlock = dialog_titled("Unlock the records")
        shot(unlock, "unlock")
        for _ in range(3):
            type_into(unlock, "Passphrase", "wrong guess here")
            click(unlock, "Unlock")
            Waiter.waitUntil(lambda: unlock.unlock_button.text() != "Checking…")
        QTest.qWait(100)
        shot(unlock, "unlock-wrong-passphrase")
        # Skip the wait for the screenshot run: the same count, an hour ago.
        session.throttle.path.write_text(json.dumps({"count": 3, "last_at": time.time() - 3600}))
        unlock._tick()
        type_into(unlock, "Passphrase", PASSPHRASE)
        click(unlock, "Unlock")
        title = "Since the records were last opened"
        Waiter.waitUntil(lambda: any(d.windowTitle() == title for d in open_dialogs()))
        notice = dialog_titled(title)
        screen_shot(window, "settings-with-failed-attempts-notice")
        notice.accept()
        shot(window, "settings")
        click(window, "Help")
        shot(window, "help-home")
        help_page = window.help_page
        type_text(field(window, "Search help"), "groom")
        shot(window, "help-search")
        QTest.keyClick(field(window, "Search help"), Qt.Key.Key_Return)
        shot(window, "help-search-result-highlighted")
        field(window, "Search help").clear()
        help_page.open_topic("route-chart")
        shot(window, "help-route-chart")
        help_page.open_topic("case-study")
        help_page._link(QUrl("reveal:1"))
        shot(window, "help-case-study-answer")
        help_page.open_topic("for-young-people")
        shot(window, "help-young-people")
        click(window, "Print handouts…")
        handouts = dialog_titled("Print handouts")
        Waiter.waitUntil(lambda: handouts.preview.page_count > 0)
        screen_shot(window, "handouts-staff-leaflet")
        handouts.reject()
        window.lock_now()

        # Record a concern, as a volunteer with the records locked.
        click(window, "Record a concern")
        form = window.record_page
        shot(window, "concern-1-danger")
        tick(window, form.checklist.indicators[-5].text)
        click(window, "Next")
        shot(window, "concern-999")
        field(window, "I have called 999").setChecked(True)
        click(window, "Continue, and record what happened")
        form.start()
        click(window, "Next")
        type_into(window, "Name", "Jade Example")
        type_into(window, "Date of birth", "02/03/2012")
        type_into(window, "School or college", "Riverside Academy")
        shot(window, "concern-2-young-person")
        click(window, "Next")
        type_into(window, "Where", "The car park behind the hall")
        type_text(
            field(window, "The young person's own words"),
            "He said I owe him for the phone and I have to go to his mate's flat.",
        )
        form.happened.vehicles.add_row(["AB12 CDE", "Ford", "Silver", "tinted windows"])
        shot(window, "concern-3-what-happened")
        click(window, "Next")
        for item in form.checklist.indicators:
            if item.id in ("T1-03", "T2-02", "T2-03"):
                tick(window, item.text)
        older = form.checklist.indicator("T2-02").text
        field(
            window, f"When did this happen, or when did you last see it? {older}"
        ).setCurrentIndex(3)  # Not sure
        type_into(window, f"When did you find out? {older}", "31/02/2026")
        click(window, "Next")  # that day does not exist: said at the field
        shot(window, "concern-4-checklist-date-problem")
        type_into(window, f"When did you find out? {older}", "03/01/2026")
        shot(window, "concern-4-checklist")
        QTest.mouseClick(field(window, f"Help with: {older}"), Qt.MouseButton.LeftButton)
        screen_shot(window, "concern-4-where-this-comes-from")
        dialog_titled("About this sign").reject()
        click(window, "Next")
        shot(window, "concern-5-result")
        click(window, "Next")
        type_into(window, "Your name", "Sam Volunteer")
        shot(window, "concern-6-check-and-send")
        click(window, "Send to the designated lead")
        shot(window, "concern-sent")
        click(window, "Finish and clear the form")

        # A worry about the designated lead: not sent unless the volunteer chooses.
        click(window, "Record a concern")
        choose_option(window, "Yes: the designated lead")
        shot(window, "concern-1-about-the-lead")
        click(window, "Next")
        type_into(window, "Name", "Jade Example")
        click(window, "Next")
        type_text(
            field(window, "The young person's own words"),
            "He keeps messaging me at night and says not to tell anyone.",
        )
        click(window, "Next")
        tick(window, form.checklist.indicator("T2-04").text)
        click(window, "Next")
        shot(window, "concern-5-result-about-the-lead")
        click(window, "Next")
        type_into(window, "Your name", "Sam Volunteer")
        shot(window, "concern-6-about-the-lead")
        click(window, "Finish without sending")
        screen_shot(window, "concern-6-finish-without-sending")
        dialog_titled("Finish without sending?").reject()
        form.start()

        # The lead unlocks: the letter is imported and shows in Records.
        click(window, "Records")
        unlock = dialog_titled("Unlock the records")
        type_into(unlock, "Passphrase", PASSPHRASE)
        click(unlock, "Unlock")
        title = "Since the records were last opened"
        Waiter.waitUntil(lambda: any(d.windowTitle() == title for d in open_dialogs()))
        screen_shot(window, "records-new-concern-notice")
        dialog_titled(title).accept()
        shot(window, "records-to-do")
        choose_tab(window, "All concerns")
        window.records_page.table.selectRow(0)
        window.records_page.open_selected()
        bring_into_view(window.records_page.concern_tabs)
        shot(window, "records")
        choose_tab(window, "Decisions and follow-ups")
        bring_into_view(window.records_page.concern_tabs)
        shot(window, "records-decisions")
        choose_tab(window, "The concern")
        click(window, "Referral pack…")
        pack = dialog_titled("Referral pack")
        Waiter.waitUntil(lambda: pack.preview.page_count > 0)
        shot(pack, "referral-pack")
        pack.reject()
        keeping_the_records_safe(window, Path(tmp))
        window.lock_now()
        window.close()
    app.processEvents()
    return 0


def keeping_the_records_safe(window: MainWindow, tmp: Path) -> None:
    """Backups, restore, accounts, handover and retention review (issue 7)."""
    from ui.core import ask

    stick = tmp / "USB stick"
    stick.mkdir()
    click(window, "Settings")
    page = window.settings_page
    page.findChild(QScrollArea).ensureWidgetVisible(page.safe_box)
    shot(window, "settings-safe-keeping")

    ask.choose_folder = lambda *args, **kwargs: str(stick)
    click(window, "Back up now…")
    backup = dialog_titled("Back up the records")
    click(backup, "Choose folder…")
    click(backup, "Back up now")
    Waiter.waitUntil(lambda: "Checked" in field(backup, "Backup result").text(), 20_000)
    shot(backup, "backup-done")
    backup.reject()

    made = next(stick.glob("*.cse-backup"))
    ask.choose_backup_file = lambda *args, **kwargs: str(made)
    click(window, "Restore from a backup…")
    restore = dialog_titled("Restore from a backup")
    click(restore, "Choose file…")
    type_into(restore, "Passphrase", PASSPHRASE)
    click(restore, "Check this backup")
    Waiter.waitUntil(lambda: restore.preview.isVisible(), 20_000)
    shot(restore, "restore-preview")
    restore.reject()

    click(window, "Accounts and passphrases…")
    accounts = dialog_titled("Accounts and passphrases")
    shot(accounts, "accounts")
    click(accounts, "Re-key the records…")
    rekey = dialog_titled("Re-key the records")
    shot(rekey, "rekey")
    rekey.reject()
    accounts.reject()

    ask.choose_handover_save_path = lambda *args, **kwargs: str(tmp / "to-northside")
    click(window, "Hand over records…")
    handover = dialog_titled(ask_title("ui.keeping.handover", "EXPORT_TITLE"))
    click(handover, "All records")
    click(handover, "Make the handover file…")
    Waiter.waitUntil(lambda: handover.passphrase.isVisible(), 30_000)
    shot(handover, "handover-made")
    handover.reject()

    click(window, "Retention review…")
    review = dialog_titled(ask_title("ui.keeping.retention", "TITLE"))
    shot(review, "retention-review")
    review.reject()


def ask_title(module: str, name: str) -> str:
    import importlib

    return str(getattr(importlib.import_module(module), name))


if __name__ == "__main__":
    sys.exit(main())
