"""The main window: navigation, the emergency strip, lock and unlock."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.keys.roles import role_of, sees_numbers_only
from app.keys.session import Session, SetupState, UnlockReport
from ui.core import errors as error_boxes
from ui.core.errors import show_error
from ui.core.flow_layout import BareFlowLayout
from ui.core.idle import IdleMonitor
from ui.core.screen_fit import fit_to_screen
from ui.core.widgets import StatusLabel, set_by_name
from ui.core.wipe import watch_clipboard, wipe_application, wipe_tree
from ui.emergency_strip import EmergencyStrip
from ui.home_page import HomePage

# The settings page, the setup wizard and the unlock dialog are imported when first
# needed: most starts only show the home screen, and each costs start-up time.

log = logging.getLogger(__name__)


def close_and_forget(dialog: QDialog) -> None:
    """Close a dialog without asking, blank what it showed, and let Qt delete it.

    A hidden dialog still holds its text in memory until it is deleted.
    """
    if dialog.isVisible():
        dialog.reject()
        dialog.close()
    if isinstance(dialog, QMessageBox):
        dialog.setText("")
        dialog.setInformativeText("")
        dialog.setDetailedText("")
    wipe_tree(dialog)  # its boxes, their undo history, its models and previews
    dialog.deleteLater()


# From a key sequence, not Qt.Key: nothing the home screen runs before its first paint
# builds QtCore.Qt's enums (see ui/core/widgets.py).
LOCK_KEYS = QKeySequence("Ctrl+L")[0]


class WrappingStatusBar(QStatusBar):
    """A status bar whose message wraps onto more lines: Qt's own is cut off at the
    window's edge, and at 150% text "…or press Lock now" lost its end."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        self.addWidget(self.note, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clearMessage)

    def showMessage(self, text: str, timeout: int = 0) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))
        self._timer.stop()
        if timeout:
            self._timer.start(timeout)

    def clearMessage(self) -> None:
        self.showMessage("")

    def currentMessage(self) -> str:
        return self.note.text()


class PageStack(QStackedWidget):
    """The main window's pages, each inside a scroll area of its own: at 150% text on a
    1024x768 screen a page taller or wider than the window scrolls instead of pushing
    the window, and its buttons, off the screen. Callers see the pages, not the scroll
    areas (a page with its own footer, like the concern form, fits and never scrolls)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._scrolls: dict[QWidget, QScrollArea] = {}

    def addWidget(self, page: QWidget) -> int:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # It scrolls with the focus; as a Tab stop of its own it was an unnamed, empty
        # stop for a screen reader.
        set_by_name(scroll, "focusPolicy", "NoFocus")
        scroll.setWidget(page)
        self._scrolls[page] = scroll
        return super().addWidget(scroll)

    def widget(self, index: int) -> QWidget | None:
        scroll = super().widget(index)
        return scroll.widget() if isinstance(scroll, QScrollArea) else scroll

    def currentWidget(self) -> QWidget | None:
        return self.widget(self.currentIndex())

    def setCurrentWidget(self, page: QWidget) -> None:
        super().setCurrentWidget(self._scrolls.get(page, page))


class MainWindow(QMainWindow):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        watch_clipboard()  # so a lock can tell our copy of a name from someone else's
        self.setWindowTitle(APP_NAME)  # never a name: titles show in taskbars and logs
        self.setStatusBar(WrappingStatusBar())
        # No fixed minimum size: at 150% text a 1024x768 screen is 682x512 of the app's
        # pixels, and a minimum bigger than that put Lock now and Next off the screen.
        # Pages scroll instead (see ui/application.py show_main_window).
        fit_to_screen(self, 1000, 700)
        self.wizard = None
        self.trustee_page = None  # numbers only, for a designated trustee
        self._arrivals = (0, 0)  # letters imported at the last unlock, for the To do list

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.strip = EmergencyStrip(session.settings)
        outer.addWidget(self.strip)
        outer.addWidget(self._build_nav())
        self.banner = StatusLabel()
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Notice")
        self.banner.setStyleSheet("padding: 8px 30px; background: #e8f0fe; color: #000;")
        self.banner.hide()
        outer.addWidget(self.banner)

        self.pages = PageStack()
        self.home = HomePage()
        self.help_page = None  # built on first use: see _help_page()
        self.record_page = None  # the concern form, built on first use: see open_record()
        self.records_page = None  # built on first use: see _records_page()
        self.practice_page = None  # built on first use: see open_practice()
        self.settings_page = None  # built on first use: see _settings_page()
        for page in (self.home,):
            self.pages.addWidget(page)
        outer.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.home.go_help.connect(self.open_help)
        self.home.go_record.connect(self.open_record)
        self.home.go_practice.connect(self.open_practice)
        self.home.go_records.connect(lambda: self.open_locked_page("records"))
        self.home.go_settings.connect(lambda: self.open_locked_page("settings"))

        self.idle = IdleMonitor(self)
        self.idle.idle.connect(self.lock_now)
        self._apply_idle_setting()

        lock_action = QAction("Lock now", self)
        # setShortcuts, not setShortcut: the latter's overloads build QtCore.Qt's enums.
        lock_action.setShortcuts([QKeySequence("Ctrl+L")])
        # Application-wide, so Ctrl+L works with a dialog in front too.
        set_by_name(lock_action, "shortcutContext", "ApplicationShortcut")
        lock_action.triggered.connect(self.lock_now)
        self.addAction(lock_action)
        self._refresh_state()
        error_boxes.help_opener = self.open_help

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(watched, QWidget)
            and isinstance(watched.window(), QDialog)
            and watched.window() is not self.wizard
            and event.keyCombination() == LOCK_KEYS
            and self.session.is_unlocked
        ):
            self.lock_now()
            return True
        return super().eventFilter(watched, event)

    # -- navigation ---------------------------------------------------------------------
    def _build_nav(self) -> QWidget:
        nav = QFrame()
        nav.setFrameShape(QFrame.Shape.StyledPanel)
        # Wraps onto a second row in a narrow window. The bare kind: the pages below take
        # all spare height (stretch 1), and FlowLayout's own answer would build QtCore.Qt.
        row = BareFlowLayout(nav)
        row.setContentsMargins(10, 6, 10, 6)
        self.nav_buttons: dict[str, QPushButton] = {}
        for key, text in (
            ("home", "&Home"),
            ("help", "He&lp"),
            ("record", "Record a &concern"),
            ("records", "Rec&ords"),
            ("settings", "&Settings"),
        ):
            button = QPushButton(text)
            button.setFlat(True)
            self.nav_buttons[key] = button
            row.addWidget(button)
        lock_group = QWidget()  # the lock state and Lock now keep together, at the right
        lock_row = QHBoxLayout(lock_group)
        lock_row.setContentsMargins(0, 0, 0, 0)
        self.lock_state = StatusLabel()
        self.lock_state.setAccessibleName("Records lock state")
        lock_row.addWidget(self.lock_state)
        self.lock_button = QPushButton("Loc&k now")
        self.lock_button.setToolTip("Lock the records now (Ctrl+L)")
        self.lock_button.setAccessibleDescription("Lock the records now (Ctrl+L)")
        self.lock_button.clicked.connect(self.lock_now)
        lock_row.addWidget(self.lock_button)
        row.addWidget(lock_group)
        self.nav_buttons["home"].clicked.connect(lambda: self.show_page(self.home))
        self.nav_buttons["help"].clicked.connect(self.open_help)
        self.nav_buttons["record"].clicked.connect(self.open_record)
        self.nav_buttons["records"].clicked.connect(lambda: self.open_locked_page("records"))
        self.nav_buttons["settings"].clicked.connect(lambda: self.open_locked_page("settings"))
        return nav

    def show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)

    def _left_a_form(self) -> None:
        """Finish or Discard on the concern form or in practice: the form wiped itself;
        Help's search box, where a volunteer may have typed the same name, goes too
        (most volunteers never unlock, so no lock would ever empty it)."""
        if self.help_page is not None:
            self.help_page.wipe()
        self.show_page(self.home)

    # -- record a concern --------------------------------------------------------------------
    def open_record(self) -> None:
        """The concern form: anyone can use it, with no passphrase."""
        state = self.session.setup_state()
        if state not in (SetupState.READY, SetupState.STATION):
            from app.core.errors import NotSetUp

            show_error(
                self,
                NotSetUp(
                    "Concerns cannot be recorded here until the toolkit is set up.",
                    next_step="Write down what you saw or heard, in the young person's own "
                    "words, with the date and time, and give it to your designated lead today. "
                    "If a child is in danger now, call 999.",
                ),
            )
            return
        if self.record_page is None:
            from ui.intake.concern_form.form import ConcernForm

            self.record_page = ConcernForm(self.session)
            self.record_page.help_wanted.connect(self.open_help_window)
            self.record_page.left.connect(self._left_a_form)
            self.pages.addWidget(self.record_page)
        self.show_page(self.record_page)

    def open_practice(self) -> None:
        """Practise with a made-up case: no passphrase, and nothing real touched (the
        page is given the settings only, never the records or the letterbox)."""
        if self.practice_page is None:
            from ui.intake.practice import PracticePage

            try:
                self.practice_page = PracticePage(self.session)
            except Exception as exc:
                show_error(self, exc)
                return
            self.practice_page.help_wanted.connect(self.open_help_window)
            self.practice_page.left.connect(self._left_a_form)
            self.pages.addWidget(self.practice_page)
        self.show_page(self.practice_page)
        if self.practice_page.stack.currentWidget() is self.practice_page.picker:
            self.practice_page.case_list.setFocus()

    def open_help_window(self, topic_id: str) -> None:
        """Help beside the form, in its own window, so nothing typed is left behind."""
        from PySide6.QtWidgets import QDialog

        from ui.help.help_page import HelpPage

        window = QDialog(self)
        window.setWindowTitle("Help")
        fit_to_screen(window, 900, 680)
        layout = QVBoxLayout(window)
        page = HelpPage(self.session.settings)
        page.open_topic(topic_id)
        layout.addWidget(page)
        window.show()

    # -- help ---------------------------------------------------------------------------
    def _help_page(self):
        if self.help_page is None:
            from ui.help.help_page import HelpPage

            self.help_page = HelpPage(self.session.settings)
            self.help_page.print_topic_requested.connect(self._print_topic)
            self.help_page.handouts_requested.connect(self.open_handouts)
            self.help_page.practice_requested.connect(self.open_practice)
            self.help_page.print_route_chart_requested.connect(
                lambda: self.open_handouts("route-chart")
            )
            self.pages.addWidget(self.help_page)
        return self.help_page

    def open_help(self, topic_id: str | None = None) -> None:
        """Show the help library, at a topic if one is named ("the help for this")."""
        page = self._help_page()
        if topic_id:
            page.open_topic(topic_id)
        self.show_page(page)

    def _print_topic(self, topic_id: str) -> None:
        from app.documents.help_topic_pdf import build_topic_pdf
        from app.help.contacts import local_contact_rows
        from app.help.topics import library
        from ui.documents.printing import print_with_dialog

        try:
            pdf = build_topic_pdf(
                library().topic(topic_id), local_contact_rows(self.session.settings)
            )
            if print_with_dialog(self, pdf):
                from app.keys.audit import PRINT

                # Logged only while unlocked; the topic id is fixed text, never typed.
                self.session.record_audit(PRINT, subject=topic_id, detail={"what": "help-topic"})
        except Exception as exc:
            show_error(self, exc)

    def open_handouts(self, start_with: str = "staff") -> None:
        from ui.documents.handouts_dialog import HandoutsDialog

        dialog = HandoutsDialog(self.session, self, start_with=start_with)
        dialog.unlock_requested.connect(
            lambda: self.with_unlocked(
                "Choose who you are and type your passphrase to build the policy.", dialog.refresh
            )
        )
        dialog.open()

    def _settings_page(self):
        if self.settings_page is None:
            from ui.settings_page import SettingsPage

            self.settings_page = SettingsPage(self.session)
            self.settings_page.saved.connect(self._settings_saved)
            self.settings_page.backup_button.clicked.connect(self.open_backup)
            self.settings_page.restore_button.clicked.connect(self.open_restore)
            self.pages.addWidget(self.settings_page)
        return self.settings_page

    def open_locked_page(self, which: str) -> None:
        """Records and Settings: ask for a lead's passphrase first if locked."""
        what = "the records" if which == "records" else "the settings"
        self.with_unlocked(
            f"Choose who you are and type your passphrase to open {what}.",
            lambda: self._enter(which),
        )

    def with_unlocked(self, reason: str, then) -> None:
        """Run `then` now if a lead has unlocked, or after a good unlock if not."""
        state = self.session.setup_state()
        if state is SetupState.NEW:
            self.start_setup()
            return
        if state is SetupState.BROKEN:
            box = show_error(self, self.session.broken_reason())
            restore = box.addButton("Restore from a backup…", QMessageBox.ButtonRole.ActionRole)
            restore.clicked.connect(self.open_restore)
            return
        if self.session.is_unlocked:
            then()
            return
        from ui.keys.unlock_dialog import UnlockDialog

        dialog = UnlockDialog(self.session, reason, self.window())
        dialog.unlocked.connect(lambda report: self._unlocked(report, then))
        dialog.restore_requested.connect(self.open_restore)
        dialog.open()

    def _enter_as_trustee(self, which: str) -> None:
        """A trustee sees numbers only: no list, no concern, no settings with names."""
        if which == "settings":
            from app.core.errors import LeadOnly

            show_error(
                self,
                LeadOnly(
                    "Settings hold the organisation's and its people's details, so only a "
                    "designated lead can open them.",
                    next_step="Ask your designated lead if something needs changing.",
                ),
            )
            return
        if self.trustee_page is None:
            from ui.casework.trustee_page import TrusteePage

            self.trustee_page = TrusteePage(self.session)
            self.pages.addWidget(self.trustee_page)
        try:
            self.trustee_page.load()
        except Exception as exc:
            show_error(self, exc)
            return
        self.show_page(self.trustee_page)

    def _records_page(self):
        if self.records_page is None:
            from ui.casework.records_page import RecordsPage

            self.records_page = RecordsPage(self.session)
            self.records_page.start.open_backup.connect(self.open_backup)
            self.pages.addWidget(self.records_page)
        return self.records_page

    def _enter(self, which: str) -> None:
        if sees_numbers_only(self.session.account_role):
            self._enter_as_trustee(which)
            return
        try:
            page = self._settings_page() if which == "settings" else self._records_page()
            if which == "records":
                # The letters this unlock brought in head the lead's To do list, once.
                page.start.arrived, page.start.quarantined = self._arrivals
                self._arrivals = (0, 0)
            page.load()
        except Exception as exc:
            show_error(self, exc)
            return
        self.show_page(page)

    # -- unlock and lock ----------------------------------------------------------------
    def _unlocked(self, report: UnlockReport, then) -> None:
        from ui.keys.unlock_dialog import failed_attempts_text

        self.statusBar().clearMessage()
        self._arrivals = (report.imported, report.quarantined)
        self._apply_idle_setting()
        self.idle.start()
        self._refresh_state()
        notices = []
        if report.imported:
            plural = "concern has" if report.imported == 1 else "concerns have"
            notices.append(f"{report.imported} new {plural} arrived from the letterbox.")
        if report.not_letters:
            notices.append(
                f"{report.not_letters} thing(s) in a letterbox folder are not concerns (a "
                "link, a folder or a special file). They were left alone, unopened. Tell "
                "whoever looks after this computer: someone may have put them there."
            )
        if report.quarantined and not report.letters_not_opened:  # else the warning says
            notices.append(
                f"{report.quarantined} sealed concern(s) could not be opened. They have been "
                "kept, unopened, in the letterbox's quarantine folder, not deleted. Tell "
                "whoever looks after this computer."
            )
        failed = failed_attempts_text(report)
        if failed:
            notices.append(failed)
        if report.method == "recovery":
            notices.append("You unlocked with the recovery code. Keep the printed code safe.")
        notices.extend(report.notices)  # self-checks: damage found, reset or set aside
        notices.extend(audit_notice(self.session.audit_report))
        then()
        # keyring.json changed outside the app (app/keys/pinning.py): said first, loudly.
        warning = report.key_file_warning
        if warning:
            notices.insert(0, warning)
        if notices:
            title = (
                "The key file was changed outside the toolkit"
                if warning
                else "Since the records were last opened"
            )
            box = QMessageBox(
                QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information,
                title,
                "\n\n".join(notices),
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.setAccessibleName(title)
            box.open()

    def lock_now(self) -> None:
        """Close every dialog, wipe what shows records, close the store. Never asks."""
        self.idle.stop()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget is not self.wizard:
                close_and_forget(widget)
        was_unlocked = self.session.is_unlocked
        self.session.lock()
        for index in range(self.pages.count()):
            page = self.pages.widget(index)
            if hasattr(page, "wipe"):
                page.wipe()
        wipe_application()  # no undo history anywhere; our clipboard emptied
        if self.pages.currentWidget() in (self.records_page, self.settings_page, self.trustee_page):
            self.show_page(self.home)
        self.setWindowTitle(APP_NAME)
        self._refresh_state()
        if was_unlocked:
            self.statusBar().showMessage("Records locked.", 5000)

    def _refresh_state(self) -> None:
        unlocked = self.session.is_unlocked
        # The recovery code has no account: say so, as the audit log does.
        role = role_of(self.session.account_role).words
        self.lock_state.setText(f"Records unlocked ({role})" if unlocked else "Records locked")
        self.lock_button.setEnabled(unlocked)
        # Qt does not fire even an application shortcut for a window a modal dialog
        # blocks (the referral pack, a correction): while there is something to lock,
        # Ctrl+L is caught on its way there too. Only then: a filter on the whole
        # application sees every event.
        if unlocked:
            QApplication.instance().installEventFilter(self)
        else:
            QApplication.instance().removeEventFilter(self)
        state = self.session.setup_state()
        if state is SetupState.NEW:
            self._show_banner(
                "The toolkit is not set up yet. The designated lead can set it up from Settings."
            )
        elif state is SetupState.BROKEN:
            reason = self.session.broken_reason()
            self._show_banner(f"{reason.message} {reason.next_step}")
        elif state is SetupState.STATION:
            self._show_station()
        else:
            self._show_banner(None)

    def _show_station(self) -> None:
        """A volunteer station: Help and Record a concern only; the records are elsewhere."""
        from app.core.errors import AppError

        for key in ("records", "settings"):
            self.nav_buttons[key].hide()
        self.lock_state.parentWidget().hide()
        self.home.show_station()
        try:
            station = self.session.station()
        except AppError as exc:
            self._show_banner(f"{exc.message} {exc.next_step}")
            return
        name = station.name if station else ""
        self._show_banner(
            f"This PC ({name}) is a volunteer station. Concerns recorded here are sealed "
            "and sent to the designated lead's letterbox; nobody can read them here."
        )

    def _show_banner(self, text: str | None) -> None:
        self.banner.setText(text or "")
        self.banner.setVisible(bool(text))

    def _apply_idle_setting(self) -> None:
        self.idle.set_timeout_ms(int(self.session.settings.get("idle_lock_minutes")) * 60_000)

    def _settings_saved(self) -> None:
        self.strip.refresh(self.session.settings)
        self._apply_idle_setting()

    # -- backups and restore (ui/keeping/backup.py) ----------------------------------------
    def open_backup(self) -> None:
        if not self.session.is_unlocked:
            return
        from ui.keeping.backup import BackupDialog

        dialog = BackupDialog(self.session, self)
        dialog.backed_up.connect(self._backed_up)
        dialog.finished.connect(lambda _r: close_and_forget(dialog))
        dialog.open()

    def _backed_up(self) -> None:
        if self.records_page is not None and self.session.is_unlocked:
            self.records_page.start.load()  # the reminder goes

    def open_restore(self) -> None:
        """From Settings, the unlock screen, a broken-files message, or a new PC."""
        if self.wizard is not None:
            self.wizard.reject()  # a new PC restoring instead of setting up
        from ui.keeping.backup import RestoreDialog

        dialog = RestoreDialog(self.session, self, lock_first=self._lock_for_restore)
        dialog.restored.connect(self._restored)
        dialog.finished.connect(lambda _r: close_and_forget(dialog))
        dialog.open()

    def _lock_for_restore(self) -> None:
        """Lock and wipe every page before the records are replaced, leaving the
        restore dialog open (lock_now would close it)."""
        self.idle.stop()
        self.session.lock()
        for index in range(self.pages.count()):
            page = self.pages.widget(index)
            if hasattr(page, "wipe"):
                page.wipe()
        if self.pages.currentWidget() is not self.home:
            self.show_page(self.home)
        self._refresh_state()

    def _restored(self, _report) -> None:
        self.strip.refresh(self.session.settings)
        self._apply_idle_setting()
        self.idle.start()
        self._refresh_state()
        self.statusBar().showMessage("Restored from the backup. The records are unlocked.", 15000)

    # -- volunteer stations ---------------------------------------------------------------
    def start_enrolment(self, path=None) -> None:
        """Make this data folder a volunteer station from the lead's enrolment file
        (`--enrol FILE`, or setup's "This PC is a volunteer station")."""
        from ui.intake.enrol import open_enrolment

        if self.wizard is not None:
            self.wizard.reject()
        open_enrolment(self.session, self, path, on_done=self._enrolled)

    def _enrolled(self) -> None:
        self.strip.refresh(self.session.settings)
        self._refresh_state()
        self.show_page(self.home)

    # -- setup --------------------------------------------------------------------------
    def start_setup(self) -> None:
        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.raise_()
            return
        from ui.keys.setup_wizard import SetupWizard

        self.wizard = SetupWizard(self.session, self)
        self.wizard.finished_setup.connect(self._setup_finished)
        self.wizard.restore_requested.connect(self.open_restore)
        self.wizard.station_requested.connect(self.start_enrolment)
        self.wizard.finished.connect(self._forget_wizard)
        self.wizard.open()

    def _forget_wizard(self, _result: int) -> None:
        # A closed wizard still holds the names typed into it: delete it, not just hide it.
        if self.wizard is not None:
            self.wizard.deleteLater()
            self.wizard = None
        self.trustee_page = None  # numbers only, for a designated trustee

    def _setup_finished(self) -> None:
        self.strip.refresh(self.session.settings)
        self._apply_idle_setting()
        self.idle.start()
        self._refresh_state()
        self.show_page(self.home)
        self.statusBar().showMessage(
            "Setup complete. The records are unlocked; they lock themselves when the "
            "computer is left alone, or press Lock now.",
            15000,
        )

    def closeEvent(self, event) -> None:
        form = self.record_page
        if form is not None and form.is_dirty:
            from ui.intake.concern_form.form import ask_unfinished_about_lead

            # A worry about the designated lead is never offered for sending on close.
            choice = (
                ask_unfinished_about_lead(self) if form.about_lead else ask_unfinished_concern(self)
            )
            if choice == "carry-on":
                event.ignore()
                self.show_page(form)
                return
            if choice == "send":
                form.seal_incomplete("incomplete-closed")
            else:
                form.start()
        self.lock_now()
        super().closeEvent(event)


def audit_notice(report) -> list[str]:
    """What to tell the lead after unlock when the audit log's check found problems."""
    if report is None or report.ok:
        return []
    return [
        "Warning: the audit log has been changed outside the toolkit. What the check "
        f"found:\n{report.summary(limit=5)}\nThe records have opened as usual. To see "
        "the entries, open Settings, then Audit log…, and tell your designated trustee."
    ]


def ask_unfinished_concern(parent: QWidget) -> str:
    """Closing with a concern half-typed: 'send', 'discard' or 'carry-on'."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "You have not finished",
        "You have started recording a concern. What would you like to do?",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setAccessibleName("You have not finished")
    send = box.addButton(
        "Send what I have to the designated lead", QMessageBox.ButtonRole.AcceptRole
    )
    discard = box.addButton("Discard it", QMessageBox.ButtonRole.DestructiveRole)
    carry_on = box.addButton("Carry on writing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(carry_on)
    box.exec()
    clicked = box.clickedButton()
    return "send" if clicked is send else "discard" if clicked is discard else "carry-on"
