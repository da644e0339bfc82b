"""The designated lead's decisions on one concern: the LADO contact when the worry is
about an adult here, where it stands, the tier, a phone referral with the written
referral's countdown, whether parents or carers were told, and follow-ups. Each part has
its own Save button; a refusal is shown at the field it is about, and nothing typed is
cleared until it is saved. `wipe()` empties everything."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.casework.decisions import (
    ABOUT_ADULT_WORDS,
    MAX_DUE_HOURS,
    PARENTS_WORDS,
    REFERRED_TO_WORDS,
    TIER_WORDS,
    WRITTEN_DUE_HOURS,
    Decisions,
    Referral,
    ReviewState,
    countdown_words,
    lado_due_words,
)
from app.casework.status import CHOSEN_STATUSES, STATUS_WORDS, DecisionStatus
from app.core.errors import AppError, InvalidInput
from app.keys.session import Session
from app.screening.checklist import TIER_ORDER
from app.screening.rules import ReasonNeeded, TierTooLow
from app.screening.vocabulary import LADO_LEAD_ACTIONS
from ui.core.errors import show_error
from ui.core.widgets import StatusLabel, add_field, line_edit, show_problem
from ui.core.wipe import wipe_tree
from ui.intake.concern_form.fields import parse_date, parse_time, wipe

TICK_MS = 60_000  # the countdown moves on once a minute


def _local(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%d/%m/%Y %H:%M") if moment else ""


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def parse_when(text: str) -> datetime:
    """'DD/MM/YYYY HH:MM' on the clock on the wall, as an aware time. ValueError in plain
    words when it cannot be read."""
    parts = text.split()
    if len(parts) != 2:
        raise ValueError("Write the date and time, for example 23/11/2026 19:30.")
    day = parse_date(parts[0])
    hours, minutes = parse_time(parts[1]).split(":")
    if day is None:
        raise ValueError("Write the date and time, for example 23/11/2026 19:30.")
    return datetime(day.year, day.month, day.day, int(hours), int(minutes)).astimezone()


def _text_box(height: int = 60) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


def _set_row_visible(form: QFormLayout, widget: QWidget, visible: bool) -> None:
    # add_field puts each widget in a small column widget: that is the row's field.
    form.setRowVisible(widget.parentWidget(), visible)


def _wrapped(text: str = "") -> QLabel:
    # No fixed accessible name: a screen reader then reads the text as it changes.
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DecisionPanel(QWidget):
    # Something was saved: the To do list and the records list may need reading again.
    changed = Signal()

    def __init__(
        self, session: Session, parent=None, clock: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.service = Decisions(session, clock)
        self._reference: str | None = None
        self._state: ReviewState | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setAccessibleName("Decisions panel")
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to its fields
        self.scroll.setWidgetResizable(True)
        outer.addWidget(self.scroll)
        body = QWidget()
        self.scroll.setWidget(body)
        layout = QVBoxLayout(body)

        self.heading = StatusLabel("Open a concern to record decisions on it.")
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("Decisions on this concern")
        layout.addWidget(self.heading)
        self.saved = StatusLabel()
        self.saved.setAccessibleName("Last saved")
        self.saved.setWordWrap(True)
        layout.addWidget(self.saved)

        self.sections: list[QGroupBox] = []
        layout.addWidget(self._build_lado())  # first: within one working day
        layout.addWidget(self._build_status())
        layout.addWidget(self._build_tier())
        layout.addWidget(self._build_referral())
        layout.addWidget(self._build_parents())
        layout.addWidget(self._build_tasks())
        layout.addStretch(1)

        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._show_countdown)
        self.timer.timeout.connect(self._show_lado_due)
        self._enable(False)

    # -- building ----------------------------------------------------------------------------
    def _section(self, title: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title)
        form = QFormLayout(box)
        self.sections.append(box)
        return box, form

    def _build_lado(self) -> QGroupBox:
        """Only for a worry about an adult who works or volunteers here (rule 8)."""
        box, form = self._section("LADO: the worry is about an adult here")
        self.lado_box = box
        self.lado_about = _wrapped()
        form.addRow(self.lado_about)
        self.lado_number = _wrapped()
        self.lado_number.setTextFormat(Qt.TextFormat.RichText)  # the number in bold
        form.addRow(self.lado_number)
        self.lado_due = _wrapped()
        self.lado_due.setProperty("role", "lado-due")
        form.addRow(self.lado_due)
        self.lado_contacted_at = line_edit(20)
        self.lado_contacted_at.setPlaceholderText("DD/MM/YYYY HH:MM")
        self.lado_contacted_at_problem = add_field(
            form, "When the LADO was contacted", self.lado_contacted_at
        )
        self.lado_spoke_to = line_edit()
        self.lado_spoke_to_problem = add_field(
            form, "Whom you spoke to at the LADO", self.lado_spoke_to
        )
        self.lado_reference = line_edit()
        self.lado_reference_problem = add_field(
            form,
            "The LADO's reference",
            self.lado_reference,
            "If they did not give one, write 'none given'.",
        )
        self.lado_outcome = _text_box()
        self.lado_outcome_problem = add_field(form, "What was agreed (optional)", self.lado_outcome)
        self.save_lado = QPushButton("Save the LADO contact")
        self.save_lado.clicked.connect(self._save_lado)
        form.addRow(self.save_lado)
        self.lado_contacts = QListWidget()
        self.lado_contacts.setWordWrap(True)
        self.lado_contacts.setMaximumHeight(140)
        add_field(form, "LADO contacts", self.lado_contacts)
        box.hide()
        return box

    def _build_status(self) -> QGroupBox:
        box, form = self._section("Decision")
        self.status_form = form
        self.status = QComboBox()
        for key in CHOSEN_STATUSES:
            self.status.addItem(STATUS_WORDS[key], key)
        self.status_problem = add_field(form, "Decision", self.status)
        self.referred_to = QComboBox()
        self.referred_to.addItem("Choose who", "")
        for key, words in REFERRED_TO_WORDS.items():
            self.referred_to.addItem(words, key)
        self.referred_to_problem = add_field(form, "Referred to", self.referred_to)
        self.referred_other = line_edit()
        self.referred_other_problem = add_field(form, "Referred to: who", self.referred_other)
        self.review_on = line_edit(12)
        self.review_on.setPlaceholderText("DD/MM/YYYY")
        self.review_on_problem = add_field(
            form, "Next review on", self.review_on, "Today or later."
        )
        self.reason = _text_box()
        self.reason_problem = add_field(
            form,
            "Reason for the decision",
            self.reason,
            "Needed for no further action, and to open a closed concern again.",
        )
        self.save_status = QPushButton("Save the decision")
        self.save_status.clicked.connect(self._save_status)
        form.addRow(self.save_status)
        self.history = QListWidget()
        self.history.setWordWrap(True)
        self.history.setMaximumHeight(140)
        add_field(form, "Decisions so far", self.history)
        self.status.currentIndexChanged.connect(self._status_fields)
        self.referred_to.currentIndexChanged.connect(self._status_fields)
        return box

    def _build_tier(self) -> QGroupBox:
        box, form = self._section("Tier")
        self.tier_now = QLabel()
        self.tier_now.setWordWrap(True)
        add_field(form, "Tier now", self.tier_now)
        self.tier = QComboBox()
        for key in reversed(TIER_ORDER):
            self.tier.addItem(TIER_WORDS[key], key)
        self.tier_problem = add_field(
            form,
            "Ra&ise the tier",
            self.tier,
            "You can raise the tier, never set it lower than the checklist worked out.",
        )
        self.tier_reason = _text_box()
        self.tier_reason_problem = add_field(form, "Reason for the tier", self.tier_reason)
        self.save_tier = QPushButton("Save the tier")
        self.save_tier.clicked.connect(self._save_tier)
        form.addRow(self.save_tier)
        return box

    def _build_referral(self) -> QGroupBox:
        box, form = self._section("Phone referral")
        self.phoned_at = line_edit(20)
        self.phoned_at.setPlaceholderText("DD/MM/YYYY HH:MM")
        self.phoned_at_problem = add_field(form, "&When phoned", self.phoned_at)
        self.to_whom = line_edit()
        self.to_whom.setPlaceholderText("For example the MASH, or the duty team")
        self.to_whom_problem = add_field(form, "To whom (the service)", self.to_whom)
        self.taken_by = line_edit()
        self.taken_by_problem = add_field(form, "Who took the call", self.taken_by)
        self.their_reference = line_edit()
        self.their_reference_problem = add_field(form, "Their reference", self.their_reference)
        self.due_hours = QSpinBox()
        self.due_hours.setRange(1, MAX_DUE_HOURS)
        self.due_hours.setValue(WRITTEN_DUE_HOURS)
        self.due_hours.setSuffix(" hours")
        self.due_hours_problem = add_field(form, "Written referral due within", self.due_hours)
        self.save_referral = QPushButton("Save the phone referral")
        self.save_referral.clicked.connect(self._save_referral)
        form.addRow(self.save_referral)
        self.referrals = QListWidget()
        self.referrals.setWordWrap(True)
        self.referrals.setMaximumHeight(140)
        add_field(form, "Phone referrals", self.referrals)
        self.countdown = QLabel()
        self.countdown.setWordWrap(True)
        self.countdown_problem = add_field(form, "Written referral", self.countdown)
        self.sent = QPushButton("Written referral sent")
        self.sent.clicked.connect(self._mark_sent)
        form.addRow(self.sent)
        self.referrals.currentRowChanged.connect(lambda _row: self._show_countdown())
        return box

    def _build_parents(self) -> QGroupBox:
        box, form = self._section("Parents or carers")
        self.parents_form = form
        self.parents = QComboBox()
        for key, words in PARENTS_WORDS.items():
            self.parents.addItem(words, key)
        self.parents_problem = add_field(form, "Parents or carers told", self.parents)
        self.parents_reason = _text_box()
        self.parents_reason_problem = add_field(
            form,
            "Why not",
            self.parents_reason,
            "For example: telling them would put the young person or someone else at more "
            "risk, or harm a police investigation.",
        )
        self.save_parents = QPushButton("Save parents or carers")
        self.save_parents.clicked.connect(self._save_parents)
        form.addRow(self.save_parents)
        self.parents.currentIndexChanged.connect(self._parents_fields)
        return box

    def _build_tasks(self) -> QGroupBox:
        box, form = self._section("Follow-ups")
        self.tasks = QListWidget()
        self.tasks.setWordWrap(True)
        self.tasks.setMaximumHeight(140)
        self.tasks_problem = add_field(form, "&Follow-ups", self.tasks)
        self.done = QPushButton("Mark the chosen follow-up done")
        self.done.clicked.connect(self._complete_task)
        form.addRow(self.done)
        self.task_text = line_edit(500)
        self.task_text_problem = add_field(form, "What needs doin&g", self.task_text)
        self.task_due = line_edit(12)
        self.task_due.setPlaceholderText("DD/MM/YYYY")
        self.task_due_problem = add_field(form, "Due on", self.task_due)
        self.add = QPushButton("Add the follow-up")
        self.add.clicked.connect(self._add_task)
        form.addRow(self.add)
        return box

    # -- showing a concern ---------------------------------------------------------------------
    def show_concern(self, reference: str, computed_tier: str = "none") -> None:
        """Show one concern's decisions, with every input set afresh. `computed_tier` is
        what the caller showed; the tier shown here is read again from the store."""
        self.wipe()
        self._reference = reference
        try:
            state = self.service.review(reference)
        except AppError as exc:
            self.heading.setText(f"{exc.title}. {exc.message}")
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self._enable(True)
        self._set_inputs(state)
        self._show_state(state)
        self.timer.start()

    def _set_inputs(self, state: ReviewState) -> None:
        status = (
            state.status
            if state.status != DecisionStatus.NEW
            else DecisionStatus.UNDER_REVIEW.value
        )
        self.status.setCurrentIndex(self.status.findData(status))
        self.tier.setCurrentIndex(self.tier.findData(state.tier))
        self.parents.setCurrentIndex(self.parents.findData(state.parents_told))
        self.parents_reason.setPlainText(state.parents_not_told_reason)
        self._status_fields()
        self._parents_fields()

    def _show_state(self, state: ReviewState) -> None:
        """The read-only parts. Never touches what the lead may be typing."""
        self._state = state
        tier = TIER_WORDS.get(state.tier, state.tier)
        self.heading.setText(f"Concern {state.reference}: {state.status_words}. Tier: {tier}.")
        computed = TIER_WORDS.get(state.computed_tier, state.computed_tier)
        if state.lead_tier:
            self.tier_now.setText(
                f"{tier}, raised by the lead (the checklist worked out "
                f"{computed}). Reason: {state.lead_tier_reason}"
            )
        else:
            self.tier_now.setText(f"{tier}, as the checklist worked out.")
        self.history.clear()
        for decision in state.history:
            who = f" · {decision.account_name}" if decision.account_name else ""
            line = f"{_local(decision.at)}{who} · {decision.summary}"
            if decision.reason:
                line += f"\nReason: {decision.reason}"
            self.history.addItem(line)
        chosen = self._chosen_referral_id()
        self.referrals.clear()
        for referral in state.referrals:
            item = QListWidgetItem(self._referral_words(referral))
            item.setData(Qt.ItemDataRole.UserRole, referral.id)
            self.referrals.addItem(item)
        self._select_referral(chosen, state)
        self.tasks.clear()
        today = self.service.today()
        for task in state.tasks:
            if task.done:
                words = f"Done {_local(task.done_at)}: {task.text}"
            else:
                late = " (overdue)" if task.overdue(today) else ""
                words = f"Due {_day(task.due_on)}{late}: {task.text}"
            if task.concern != state.reference:
                words += " (for this young person)"
            item = QListWidgetItem(words)
            item.setData(Qt.ItemDataRole.UserRole, task.id)
            self.tasks.addItem(item)
        self._show_lado(state)
        self._show_countdown()

    def _show_lado(self, state: ReviewState) -> None:
        """The LADO part: what to do, the number, when it is due, what was recorded."""
        self.lado_box.setVisible(state.lado_route)
        self.lado_contacts.clear()
        if not state.lado_route:
            return
        about = ABOUT_ADULT_WORDS.get(state.about_adult, "an adult here")
        steps = list(LADO_LEAD_ACTIONS)
        if state.about_adult == "lead":
            # Whoever has unlocked may be the person it is about: say so before anything.
            opening = (
                "The worry is about the designated lead. If that is you, stop here: "
                "do not record decisions on it or contact anyone about it. The "
                "deputy lead or the designated trustee acts on it, with the LADO."
            )
        else:
            opening = f"The worry is about {about}."
        self.lado_about.setText(" ".join([opening, *steps]))
        settings = self.session.settings
        label = settings.get("lado_label") or "The LADO"
        phone = settings.get("lado_phone").strip()
        number = (
            f"{escape(label)}: <b>{escape(phone)}</b>."
            if phone
            else (
                f"{escape(label)}: no number is set yet. Add it in Settings, beside the "
                "children's social care numbers."
            )
        )
        note = escape(settings.get("lado_note").strip())
        self.lado_number.setText(f"{number} {note}".strip())
        for contact in state.lado_contacts:
            words = contact.words
            if contact.outcome:
                words += f"\nAgreed: {contact.outcome}"
            self.lado_contacts.addItem(words)
        self._show_lado_due()

    def _show_lado_due(self) -> None:
        state = self._state
        if state is None or not state.lado_route:
            self.lado_due.clear()
            return
        if state.lado_contacts:
            first = state.lado_contacts[0]
            self.lado_due.setText(f"LADO contacted {_local(first.contacted_at)}.")
        elif state.lado_due_at is not None:
            self.lado_due.setText(lado_due_words(state.lado_due_at, self.service.now()) + ".")

    @staticmethod
    def _referral_words(referral: Referral) -> str:
        words = f"{_local(referral.phoned_at)} to {referral.to_whom}, taken by {referral.taken_by}"
        if referral.their_reference:
            words += f", their reference {referral.their_reference}"
        if referral.sent:
            return f"{words}. Written referral sent {_local(referral.written_sent_at)}."
        return f"{words}. Written referral not sent yet."

    def _chosen_referral_id(self) -> int | None:
        item = self.referrals.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _select_referral(self, chosen: int | None, state: ReviewState) -> None:
        """Keep the lead's choice; otherwise the unsent one due soonest."""
        unsent = sorted((r for r in state.referrals if not r.sent), key=lambda r: r.written_due_at)
        wanted = chosen if chosen is not None else (unsent[0].id if unsent else None)
        for row in range(self.referrals.count()):
            if self.referrals.item(row).data(Qt.ItemDataRole.UserRole) == wanted:
                self.referrals.setCurrentRow(row)
                return

    def _selected_referral(self) -> Referral | None:
        chosen = self._chosen_referral_id()
        if self._state is None or chosen is None:
            return None
        return next((r for r in self._state.referrals if r.id == chosen), None)

    def _show_countdown(self) -> None:
        referral = self._selected_referral()
        if referral is None:
            if self._state is None:
                words = ""
            elif self._state.referrals:
                words = "Every written referral is marked sent."
            else:
                words = "No phone referral recorded yet."
            self.countdown.setText(words)
            self.sent.setEnabled(False)
            return
        if referral.sent:
            self.countdown.setText(f"Sent {_local(referral.written_sent_at)}.")
            self.sent.setEnabled(False)
            return
        left = referral.time_left(self.service.now())
        self.countdown.setText(f"{countdown_words(left)} (due {_local(referral.written_due_at)}).")
        self.sent.setEnabled(True)

    def _status_fields(self) -> None:
        status = self.status.currentData()
        referred = status == DecisionStatus.REFERRED
        _set_row_visible(self.status_form, self.referred_to, referred)
        _set_row_visible(
            self.status_form,
            self.referred_other,
            referred and self.referred_to.currentData() == "other",
        )
        _set_row_visible(self.status_form, self.review_on, status == DecisionStatus.MONITORING)

    def _parents_fields(self) -> None:
        _set_row_visible(
            self.parents_form, self.parents_reason, self.parents.currentData() != "yes"
        )

    def _enable(self, on: bool) -> None:
        for box in self.sections:
            box.setEnabled(on)

    # -- saving ----------------------------------------------------------------------------------
    def _refused(self, exc: Exception, where: dict[str, QLabel], fallback: QLabel) -> None:
        """Say what is wrong at the field it is about; anything else in one message."""
        self.saved.clear()
        if isinstance(exc, InvalidInput):
            for key, text in exc.fields.items():
                show_problem(where.get(key, fallback), text)
        elif isinstance(exc, TierTooLow):
            show_problem(where.get("tier", fallback), str(exc))
        else:
            show_problem(fallback, None)
            show_error(self, exc)

    @staticmethod
    def _clear(*labels: QLabel) -> None:
        for label in labels:
            show_problem(label, None)

    def _after_save(self, words: str) -> None:
        if self._reference is None:
            return
        try:
            self._show_state(self.service.review(self._reference))
        except Exception as exc:
            show_error(self, exc)
            return
        self.saved.setText(words)
        self.changed.emit()

    def _save_lado(self) -> None:
        where = {
            "lado_contacted_at": self.lado_contacted_at_problem,
            "lado_spoke_to": self.lado_spoke_to_problem,
            "lado_reference": self.lado_reference_problem,
            "lado_outcome": self.lado_outcome_problem,
        }
        self._clear(*where.values())
        if self._reference is None:
            return
        try:
            contacted_at = parse_when(self.lado_contacted_at.text())
        except ValueError as exc:
            show_problem(self.lado_contacted_at_problem, str(exc))
            return
        try:
            self.service.record_lado_contact(
                self._reference,
                contacted_at,
                self.lado_spoke_to.text(),
                self.lado_reference.text(),
                self.lado_outcome.toPlainText(),
            )
        except Exception as exc:
            self._refused(exc, where, self.lado_contacted_at_problem)
            return
        for edit in (self.lado_contacted_at, self.lado_spoke_to, self.lado_reference):
            wipe(edit)
        wipe(self.lado_outcome)
        self._after_save("LADO contact saved.")

    def _save_status(self) -> None:
        where = {
            "status": self.status_problem,
            "referred_to": self.referred_to_problem,
            "referred_to_other": self.referred_other_problem,
            "review_on": self.review_on_problem,
            "reason": self.reason_problem,
        }
        self._clear(*where.values())
        if self._reference is None:
            return
        try:
            monitoring = self.status.currentData() == DecisionStatus.MONITORING
            review_on = parse_date(self.review_on.text()) if monitoring else None
        except ValueError as exc:
            show_problem(self.review_on_problem, str(exc))
            return
        try:
            self.service.set_status(
                self._reference,
                self.status.currentData(),
                referred_to=self.referred_to.currentData() or "",
                referred_to_other=self.referred_other.text(),
                reason=self.reason.toPlainText(),
                review_on=review_on,
            )
        except Exception as exc:
            self._refused(exc, where, self.status_problem)
            return
        wipe(self.reason)
        self.referred_to.setCurrentIndex(0)
        wipe(self.referred_other)
        wipe(self.review_on)
        self._after_save("Decision saved.")

    def _save_tier(self) -> None:
        where = {"tier": self.tier_problem, ReasonNeeded.FIELD: self.tier_reason_problem}
        self._clear(*where.values())
        if self._reference is None:
            return
        try:
            state = self.service.raise_tier(
                self._reference, self.tier.currentData(), self.tier_reason.toPlainText()
            )
        except Exception as exc:
            self._refused(exc, where, self.tier_problem)
            return
        wipe(self.tier_reason)
        self.tier.setCurrentIndex(self.tier.findData(state.tier))
        self._after_save(f"Tier saved: {TIER_WORDS.get(state.tier, state.tier)}.")

    def _save_referral(self) -> None:
        where = {
            "phoned_at": self.phoned_at_problem,
            "to_whom": self.to_whom_problem,
            "taken_by": self.taken_by_problem,
            "reference_number": self.their_reference_problem,
            "written_due_hours": self.due_hours_problem,
        }
        self._clear(*where.values())
        if self._reference is None:
            return
        try:
            phoned_at = parse_when(self.phoned_at.text())
        except ValueError as exc:
            show_problem(self.phoned_at_problem, str(exc))
            return
        try:
            made = self.service.record_phone_referral(
                self._reference,
                phoned_at,
                self.to_whom.text(),
                self.taken_by.text(),
                self.their_reference.text(),
                self.due_hours.value(),
            )
        except Exception as exc:
            self._refused(exc, where, self.phoned_at_problem)
            return
        for edit in (self.phoned_at, self.to_whom, self.taken_by, self.their_reference):
            wipe(edit)
        self.due_hours.setValue(WRITTEN_DUE_HOURS)
        self.referrals.setCurrentRow(-1)  # show the new one's countdown
        self._after_save("Phone referral saved.")
        if self._state is not None:
            self._select_referral(made.id, self._state)
        self._show_countdown()

    def _mark_sent(self) -> None:
        self._clear(self.countdown_problem)
        referral = self._selected_referral()
        if referral is None:
            show_problem(self.countdown_problem, "Choose a phone referral in the list first.")
            return
        try:
            self.service.mark_written_sent(referral.id)
        except Exception as exc:
            self._refused(exc, {"written_sent": self.countdown_problem}, self.countdown_problem)
            return
        self.referrals.setCurrentRow(-1)
        self._after_save("Written referral marked sent.")

    def _save_parents(self) -> None:
        where = {
            "parents_told": self.parents_problem,
            "parents_reason": self.parents_reason_problem,
        }
        self._clear(*where.values())
        if self._reference is None:
            return
        told = self.parents.currentData()
        try:
            state = self.service.parents_told(
                self._reference, told, self.parents_reason.toPlainText() if told != "yes" else ""
            )
        except Exception as exc:
            self._refused(exc, where, self.parents_problem)
            return
        self.parents_reason.setPlainText(state.parents_not_told_reason)
        self._after_save("Parents or carers saved.")

    def _add_task(self) -> None:
        where = {
            "task_text": self.task_text_problem,
            "due_on": self.task_due_problem,
            "task_for": self.task_text_problem,
        }
        self._clear(*where.values())
        if self._reference is None:
            return
        try:
            due_on = parse_date(self.task_due.text())
        except ValueError as exc:
            show_problem(self.task_due_problem, str(exc))
            return
        try:
            self.service.add_task(self.task_text.text(), due_on, concern=self._reference)
        except Exception as exc:
            self._refused(exc, where, self.task_text_problem)
            return
        wipe(self.task_text)
        wipe(self.task_due)
        self._after_save("Follow-up added.")

    def _complete_task(self) -> None:
        self._clear(self.tasks_problem)
        item = self.tasks.currentItem()
        if item is None:
            show_problem(self.tasks_problem, "Choose a follow-up in the list first.")
            return
        try:
            self.service.complete_task(item.data(Qt.ItemDataRole.UserRole))
        except Exception as exc:
            self._refused(exc, {}, self.tasks_problem)
            return
        self._after_save("Follow-up marked done.")

    # -- locking ---------------------------------------------------------------------------------
    def wipe(self) -> None:
        """On lock, or before another concern: nothing of this one left in any widget."""
        self.timer.stop()
        self._reference = None
        self._state = None
        wipe_tree(self)  # first: the defaults below are put back after it
        self.heading.setText("Open a concern to record decisions on it.")
        self.saved.clear()
        for edit in (
            self.referred_other,
            self.review_on,
            self.phoned_at,
            self.to_whom,
            self.taken_by,
            self.their_reference,
            self.task_text,
            self.task_due,
            self.lado_contacted_at,
            self.lado_spoke_to,
            self.lado_reference,
        ):
            wipe(edit)
        for box in (self.reason, self.tier_reason, self.parents_reason, self.lado_outcome):
            wipe(box)
        for listing in (self.history, self.referrals, self.tasks, self.lado_contacts):
            listing.clear()
        self.tier_now.clear()
        self.countdown.clear()
        for label in (self.lado_about, self.lado_number, self.lado_due):
            label.clear()
        self.lado_box.hide()
        for combo in (self.status, self.referred_to, self.tier, self.parents):
            combo.setCurrentIndex(0)
        self.due_hours.setValue(WRITTEN_DUE_HOURS)
        for label in self.findChildren(QLabel):
            if label.property("role") == "field-error":
                show_problem(label, None)
        self._enable(False)
