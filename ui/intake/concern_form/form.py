"""Record a concern: six plain steps, then the concern is sealed for the designated lead.

Anyone can use it with no passphrase. What is typed stays in memory until it is sent:
sealed into the letterbox (or, when a lead has unlocked, saved straight into the
store). Left alone, closed or locked part-way, the form seals what it has as incomplete
and clears the screen, so nothing is left on view and nothing is lost.

A worry about the designated lead (cse-facts.md §8.3 rule 8) is the exception: the lead
opens the letterbox, so such a concern is never sealed unless the volunteer chooses to,
after being told the lead will be able to read it. By default the review step says why,
shows the LADO's number and the deputy's and trustee's phones, and offers Print this
record; Finish clears the form after saying that nothing has been sent. Left alone,
locked or closed, it is cleared, not sealed, and the warning says so beforehand: a
frightened volunteer must never find that the person they were worried about has been
sent their words without their choosing. Decided here, where the issue is silent:
- the question is asked on step 1 and, when the answer is the lead, a note there says at
  once that the record will not be sent, so nobody is surprised at the end;
- the 999 page names the deputy lead or the designated trustee instead of the lead;
- a concern sent anyway is handled as any other; its thank-you page still says to tell
  the deputy or trustee, not the lead, and its printout is addressed to them or the LADO;
- when a lead has unlocked, "saved in the records" is treated like the letterbox (the
  records are the lead's too): not saved unless chosen;
- closing the window asks "clear it or carry on", never offering to send it.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import AppError
from app.intake.concern.model import Concern
from app.intake.concern.reference import new_reference
from app.intake.concern.validate import problems as concern_problems
from app.keys.session import Session, SetupState
from app.screening import summary
from ui.core.errors import show_error
from ui.core.idle import IdleMonitor
from ui.core.widgets import announce
from ui.core.wipe import wipe_our_clipboard, wipe_tree
from ui.intake.concern_form.fields import format_date
from ui.intake.concern_form.steps import (
    ChecklistStep,
    DangerStep,
    DonePage,
    EmergencyPage,
    HappenedStep,
    PersonStep,
    ResultStep,
    ReviewStep,
    Step,
)

log = logging.getLogger(__name__)
WARNING_SECONDS = 60  # how long the "are you still there?" question waits


class ConcernForm(QWidget):
    sent = Signal(str)  # the concern's reference
    help_wanted = Signal(str)  # a help topic id
    left = Signal()  # the form was cleared and wants the home screen

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        from app.screening.checklist import load_checklist

        self.checklist = load_checklist()
        self.concern: Concern | None = None
        # Concerns whose sealing failed (a full or failing disk): kept in memory, off the
        # screen, and sealed again at the next chance. Never silently dropped.
        self._unsealed: list[Concern] = []
        self._dirty = False
        self._result = None
        self._focus_first_on_show = True  # see focus_first()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.progress = QLabel()  # no fixed accessible name: read as "Step 2 of 6: ..."
        self.progress.setStyleSheet("padding: 6px 24px; font-weight: bold;")
        self.progress.setWordWrap(True)
        layout.addWidget(self.progress)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)

        self.danger = DangerStep(summary.act_now_questions(self.checklist))
        self.person = PersonStep()
        self.happened = HappenedStep()
        self.checklist_step = ChecklistStep(summary.checklist_sections(self.checklist))
        self.result = ResultStep()
        self.review = ReviewStep()
        self.review.print_wanted.connect(self._print_record)
        self.review.send_anyway_wanted.connect(self._send_anyway)
        self.steps: list[Step] = [
            self.danger,
            self.person,
            self.happened,
            self.checklist_step,
            self.result,
            self.review,
        ]
        for number, step in enumerate(self.steps, 1):
            step.setAccessibleName(f"Step {number}: {step.title}")  # its scroll area
            self.stack.addWidget(step)
            step.changed.connect(self._changed)
        self.checklist_step.help_wanted.connect(self.help_wanted.emit)
        self.checklist_step.past_the_end.connect(
            lambda: self.next_button.setFocus(Qt.FocusReason.TabFocusReason)
        )
        self.emergency = EmergencyPage()
        self.emergency.carry_on.connect(self._after_emergency)
        self.stack.addWidget(self.emergency)
        self.done_page = DonePage()
        self.done_page.print_wanted.connect(self._print_record)
        self.done_page.finished.connect(self._finish)
        self.stack.addWidget(self.done_page)

        bar = QHBoxLayout()
        bar.setContentsMargins(24, 6, 24, 10)
        self.help_button = QPushButton("Help with this step")
        self.help_button.setToolTip("Help with this step (F1)")
        self.help_button.clicked.connect(self._step_help)
        step_help = QShortcut(QKeySequence(Qt.Key.Key_F1), self)
        step_help.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        step_help.activated.connect(self._step_help)
        self.discard_button = QPushButton("Discard")
        self.discard_button.setToolTip("Throw away what is typed here, without sending it")
        self.discard_button.clicked.connect(self._discard)
        self.back_button = QPushButton("&Back")
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton("&Next")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next)
        bar.addWidget(self.help_button)
        bar.addWidget(self.discard_button)
        bar.addStretch(1)
        bar.addWidget(self.back_button)
        bar.addWidget(self.next_button)
        self.nav = QWidget()
        self.nav.setLayout(bar)
        layout.addWidget(self.nav)

        # Left alone: warn, then seal what there is and clear the screen.
        self.idle = IdleMonitor(self)
        self.idle.idle.connect(self._idle_warning)
        self._warning: QMessageBox | None = None
        self._last_chance = QTimer(self)
        self._last_chance.setSingleShot(True)
        self._last_chance.setInterval(WARNING_SECONDS * 1000)
        self._last_chance.timeout.connect(self.time_out)
        self.start()

    # -- state ------------------------------------------------------------------------------
    def start(self) -> None:
        """A fresh, empty form at step 1 (and another try at anything not yet sealed)."""
        self._retry_unsealed()
        # Everything emptied (history, cells, selections) first; then each page puts
        # its defaults back. Every Finish, Discard, time-out and lock comes through here.
        for page in (*self.steps, self.emergency, self.done_page):
            wipe_tree(page)
        for step in self.steps:
            step.clear()
        self.emergency.clear()
        self.done_page.clear()
        wipe_our_clipboard()
        self.concern = Concern(
            id=new_reference(),
            checklist_version=self.checklist.version,
            created_at=datetime.now(UTC),
        )
        self._dirty = False
        self._result = None
        self._show(self.danger)
        self.idle.stop()

    @property
    def about_lead(self) -> bool:
        """The worry is about the designated lead (as answered on step 1, right now)."""
        return self.danger.about_adult() == "lead"

    @property
    def is_dirty(self) -> bool:
        return self._dirty and self.stack.currentWidget() is not self.done_page

    def _changed(self) -> None:
        if not self._dirty:
            self._dirty = True
        if not self.idle.active:
            self.idle.set_timeout_ms(int(self.session.settings.get("form_idle_minutes")) * 60_000)
            self.idle.start()

    def _show(self, page: QWidget) -> None:
        self.stack.setCurrentWidget(page)
        if page in self.steps:
            number = self.steps.index(page) + 1
            self.progress.setText(f"Step {number} of {len(self.steps)}: {page.title}")
            page.setAccessibleName(f"Step {number}: {page.title}")
            announce(self.progress, self.progress.text())
            self.back_button.setEnabled(number > 1)
            last = page is self.review
            self.next_button.setText(
                "&Next"
                if not last
                else "&Finish without sending"
                if self.about_lead
                else "S&end to the designated lead"
            )
            self.nav.show()
            page.verticalScrollBar().setValue(0)
        else:
            self.progress.setText("A child in danger now" if page is self.emergency else "Sent")
            self.nav.setVisible(False)
        self.focus_first()

    def focus_first(self) -> None:
        """Put the focus on the page's first field (a step would otherwise start on
        Next, seven Tabs from its first box)."""
        if not self.isVisible():
            # Cleared while another page shows (a lock): focusing a hidden box would take
            # the keys from the page on screen. It is done when the form is shown.
            self._focus_first_on_show = True
            return
        self._focus_first_on_show = False
        page = self.stack.currentWidget()
        first = (
            page.first_field()
            if page in self.steps
            else self.emergency.called
            if page is self.emergency
            else self.done_page.print_button
        )
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # Back from elsewhere: where the person was on this page, or its first field.
        remembered = self.stack.currentWidget().focusWidget()
        if not self._focus_first_on_show and remembered is not None and remembered.isVisible():
            remembered.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.focus_first()

    def current_step(self) -> QWidget:
        return self.stack.currentWidget()

    # -- moving between steps ---------------------------------------------------------------
    def next(self) -> None:
        step = self.stack.currentWidget()
        if step not in self.steps:
            return
        found = self._collect()
        if any(step.owns(k) for k in found):
            step.show_problems(found)
            step.focus_first_problem()
            return
        step.show_problems({})
        if step is self.danger and self.concern.danger:
            self.emergency.set_numbers(
                summary.numbers_html(self.session.settings, self.concern.about_adult),
                about_lead=self.about_lead,
            )
            self._show(self.emergency)
            return
        if step is self.checklist_step:
            self._show_result()
        if step is self.review:
            if self.about_lead:
                self._finish_without_sending()
            else:
                self._send()
            return
        following = self.steps[self.steps.index(step) + 1]
        if following is self.review:
            self.review.show_html(summary.record_html(self.concern, self.checklist, self._result))
            unlocked = self.session.is_unlocked
            self.review.set_about_lead(
                summary.about_lead_html(self.session.settings, unlocked, self.concern.computed_tier)
                if self.about_lead
                else None,
                unlocked,
            )
            self.review.key_words.set_words(self.session.letterbox_words())
        self._show(following)

    def back(self) -> None:
        step = self.stack.currentWidget()
        if step in self.steps and self.steps.index(step) > 0:
            self._collect()
            self._show(self.steps[self.steps.index(step) - 1])

    def _after_emergency(self) -> None:
        self.concern.called_999 = self.emergency.called.isChecked()
        self.concern.police_reference = self.emergency.reference.text().strip()
        if self.concern.police_reference:
            self.happened.reference.setText(self.concern.police_reference)
        self._show(self.person)

    def _collect(self) -> dict[str, str]:
        """Copy every step into the concern; reading problems (bad dates) by field."""
        found: dict[str, str] = {}
        for step in self.steps:
            found.update(step.store(self.concern))
        if self.emergency.called.isChecked():
            self.concern.called_999 = True
        found.update(
            {
                k: v
                for k, v in concern_problems(self.concern, date.today()).items()
                if k not in found and not _required_only(k, v)
            }
        )
        return found

    def _show_result(self) -> None:
        from app.screening.rules import screen_concern

        self._result = screen_concern(self.concern, checklist=self.checklist)
        self.concern.computed_tier = self._result.tier
        self.result.show_html(summary.result_html(self._result, self.session.settings))

    # -- sending ------------------------------------------------------------------------------
    def _send(self) -> None:
        found = self._collect()
        self.concern.status = "submitted"
        all_problems = concern_problems(self.concern, date.today())
        all_problems.update(found)
        if all_problems:
            # Never send with a problem: show the first step that has one, at its field.
            first = next((s for s in self.steps if not s.show_problems(all_problems)), None)
            self._show(first or self.review)
            if first is not None:
                first.focus_first_problem()
            else:
                show_error(
                    self,
                    AppError(
                        "Something in this concern needs checking.",
                        next_step="Go back through the steps and look for the red messages.",
                    ),
                )
            return
        self.concern.submitted_at = datetime.now(UTC)
        try:
            if self.session.is_unlocked:
                self.concern.source = "direct"
                self.session.save_concern_direct(self.concern)
            else:
                self.concern.source = "letterbox"
                self.session.seal_concern(self.concern)
        except Exception as exc:
            show_error(self, exc)  # nothing is cleared: the volunteer can try again
            return
        log.info("concern sent (%s)", self.concern.source)
        self.idle.stop()
        self.idle.start()  # the thank-you page clears itself if left alone
        self.done_page.message.setText(
            summary.done_html(self.concern, self.session.settings, self.session.is_unlocked)
        )
        self.done_page.key_words.set_words(
            self.session.letterbox_words()
            if self.concern.source == "direct"
            else self.session.last_sealed_words
        )
        self._show(self.done_page)
        self.done_page.message.setFocus()  # read out: the reference and who to tell
        self.sent.emit(self.concern.id)

    def _print_record(self) -> None:
        # The referral summary without the chronology (issue 6), straight from memory.
        # A worry about the lead is printed for the LADO or the trustee, never "the lead".
        from app.documents.context import context_for
        from app.documents.referral import build_referral
        from ui.documents.printing import print_with_dialog

        if self.stack.currentWidget() is not self.done_page:
            self._collect()  # what is on screen now, including the review step's details
        recipient = (
            "The LADO or the designated trustee"
            if self.concern.about_adult == "lead"
            else "The designated lead"
        )
        try:
            pdf = build_referral(self.concern, context_for(self.session), recipient=recipient)
            print_with_dialog(self, pdf)
        except Exception as exc:
            show_error(self, exc)

    # -- a worry about the designated lead -------------------------------------------------
    def _send_anyway(self) -> None:
        """The volunteer's own choice to send a worry about the lead where the lead can
        read it: said plainly first, and Do not send is the default."""
        unlocked = self.session.is_unlocked
        where = "the records" if unlocked else "the letterbox"
        title = f"{'Save it in' if unlocked else 'Send it to'} {where} anyway?"
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            title,
            f"The designated lead opens {where}. If you go on, they will be able to read "
            "everything in this record, including that the worry is about them.\n\n"
            "The safer way is to print it, or phone the LADO, and press Finish without "
            "sending.",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setAccessibleName(title)
        send = box.addButton(
            "Save it anyway" if unlocked else "Send it anyway", QMessageBox.ButtonRole.AcceptRole
        )
        keep = box.addButton("Do not send", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        send.clicked.connect(lambda: self._send())
        box.open()

    def _finish_without_sending(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Finish without sending?",
            "Nothing has been sent to anyone.\n\nIf you have not printed this record or "
            "phoned the LADO, go back and do it now. When you finish, everything you typed "
            "is cleared from this computer and cannot be got back.",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setAccessibleName("Finish without sending?")
        clear = box.addButton("Clear the form", QMessageBox.ButtonRole.DestructiveRole)
        back = box.addButton("Go back", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        clear.clicked.connect(lambda: self._clear_unsent("finished"))
        box.open()

    def _clear_unsent(self, why: str) -> None:
        """Wipe a concern about the lead without sealing it. Nothing is logged: on a
        shared PC the lead can read the log, and even the time could point to who was on
        shift when an allegation about them was made."""
        del why  # said by the caller, for a reader of the code only
        self._last_chance.stop()
        self.idle.stop()
        self.start()
        self.left.emit()

    def _finish(self) -> None:
        self.start()
        self.left.emit()

    def _discard(self) -> None:
        if not self.is_dirty:
            self._finish()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Discard this concern?",
            "Throw away what you have typed? It will not be sent to anyone.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setAccessibleName("Discard this concern?")
        box.accepted.connect(self._finish)
        box.button(QMessageBox.StandardButton.Discard).clicked.connect(self._finish)
        box.open()

    def _step_help(self) -> None:
        step = self.stack.currentWidget()
        self.help_wanted.emit(getattr(step, "help_topic", "what-to-do"))

    # -- left alone, closed or locked --------------------------------------------------------
    def _idle_warning(self) -> None:
        if self.stack.currentWidget() is self.done_page:
            self._finish()  # already sent: clearing the screen loses nothing
            return
        if not self.is_dirty:
            return
        self._warning = QMessageBox(
            QMessageBox.Icon.Warning,
            "Are you still there?",
            self._idle_warning_text(),
            QMessageBox.StandardButton.Ok,
            self,
        )
        self._warning.setAccessibleName("Are you still there?")
        self._warning.button(QMessageBox.StandardButton.Ok).setText("I am still here")
        self._warning.finished.connect(self._still_here)
        self._warning.open()
        self._last_chance.start()

    def _idle_warning_text(self) -> str:
        """What the time-out warning says will happen to what is on screen."""
        if self.about_lead:
            return (
                f"This concern is about the designated lead, so it will not be sent. In "
                f"{WARNING_SECONDS} seconds the screen will be cleared and what you "
                "typed will be gone. If you want to print it first, press I am still "
                "here."
            )
        return (
            f"This concern will be sealed for the designated lead, as it is, in "
            f"{WARNING_SECONDS} seconds, and the screen cleared."
        )

    def _still_here(self, *_args) -> None:
        self._last_chance.stop()
        self._warning = None
        if self.is_dirty:
            self.idle.start()

    def time_out(self) -> None:
        """Seal what there is as 'incomplete – timed out' and clear the screen."""
        if self._warning is not None:
            warning, self._warning = self._warning, None
            warning.finished.disconnect()
            warning.close()
            warning.deleteLater()
        self.seal_incomplete("incomplete-timed-out")
        self.left.emit()

    def seal_incomplete(self, status: str) -> bool:
        """Seal a part-filled form into the letterbox and clear it. Never asks anything.
        A worry about the designated lead is cleared, never sealed (see the module notes)."""
        self._last_chance.stop()
        self.idle.stop()
        if not self.is_dirty:
            self.start()
            return False
        if self.about_lead:
            self.start()  # never sealed, never logged: see _clear_unsent
            return False
        self._collect()
        self.concern.status = status
        self.concern.source = "letterbox"
        self.concern.submitted_at = datetime.now(UTC)
        sealed = self._seal_or_keep(self.concern)
        if sealed:
            log.info("concern sealed as %s", status)
        self.start()
        return sealed

    def _seal_or_keep(self, concern: Concern) -> bool:
        try:
            if self.session.setup_state() in (SetupState.READY, SetupState.STATION):
                self.session.seal_concern(concern)
                return True
        except AppError:
            log.warning("a concern could not be sealed; kept in memory to try again")
        self._unsealed.append(concern)
        return False

    def _retry_unsealed(self) -> None:
        waiting, self._unsealed = self._unsealed, []
        for concern in waiting:
            self._seal_or_keep(concern)
        if self._unsealed:
            from app.core.errors import ConcernNotSaved

            show_error(
                self,
                ConcernNotSaved(
                    "A concern could not be saved to the letterbox yet.",
                    next_step="Do not close the toolkit. Tell your designated lead now: the disk "
                    "may be full or failing. The toolkit will keep trying.",
                ),
            )

    def wipe(self) -> None:
        """On lock: seal anything half-typed, then leave nothing on screen.

        A half-typed worry about the designated lead stays: it holds nothing from the
        records, sealing it would hand it to the lead, and clearing it would lose it
        while the volunteer is, say, on the phone to the LADO as the form told them to
        be (the records lock after 5 minutes, the form warns only after 10). The form's
        own "Are you still there?" warning clears it when it is really left alone."""
        if self.is_dirty and self.about_lead:
            return
        if self.is_dirty:
            self.seal_incomplete("incomplete-locked")
        else:
            self.start()


def ask_unfinished_about_lead(parent: QWidget) -> str:
    """Closing with a worry about the lead half-typed: 'discard' or 'carry-on'. Sending is
    not offered: the lead would read it (cse-facts.md §8.3 rule 8)."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "You have not finished",
        "You have started recording a concern about the designated lead. It "
        "will not be sent. If you close now, what you typed is cleared.",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setAccessibleName("You have not finished")
    clear = box.addButton("Clear it and close", QMessageBox.ButtonRole.DestructiveRole)
    carry_on = box.addButton("Carry on writing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(carry_on)
    box.setEscapeButton(carry_on)
    box.exec()
    return "discard" if box.clickedButton() is clear else "carry-on"


def _required_only(key: str, message: str) -> bool:
    """Missing required answers are only checked at Send, not at every Next."""
    return message.startswith("Enter ") or message.startswith("Give ")


def today_text() -> str:
    return format_date(date.today())
