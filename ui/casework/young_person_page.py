"""A young person's page (designated lead): their details, the current tier with the rule
behind it, a SERAF-like score for information, what their concerns name that other records
name too, every concern and chronology entry in one time line (newest or oldest first),
adding an entry, possible duplicates to merge, and the merge history with Undo.

A dialog, so a lock closes it with every other dialog (ui/main_window.py lock_now); it
also wipes itself when it closes and when the session locks. Its window title never names
the young person: titles show in taskbars. A link to a concern emits `open_concern` with
the concern's reference, for the records page to open.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.casework.young_people import (
    ENTRY_KIND_WORDS,
    ENTRY_KINDS,
    ChronologyItem,
    Duplicate,
    MergePreview,
    PersonPage,
    SeenElsewhere,
    YoungPeople,
)
from app.core.errors import InvalidInput
from app.keys.session import Session
from app.screening.checklist import LATEST_VERSION
from app.screening.summary import NEEDS_WORDS
from ui.core.errors import show_error
from ui.core.lock_aware import LockAwareDialog
from ui.core.screen_fit import fit_to_screen
from ui.core.widgets import StatusLabel, add_field, line_edit, show_problem
from ui.intake.concern_form.fields import parse_date

TITLE = "Young person"
SEEN_LINKS = 8  # concern links shown per thing seen elsewhere
SEEN_THINGS = 12  # things seen elsewhere listed (those in most other records first)


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def details_text(page: PersonPage) -> str:
    """The young person's details, one per line, only those that were given."""
    d = page.details
    born = ""
    if d.date_of_birth:
        born = _day(d.date_of_birth) + (f" (age {d.age})" if d.age is not None else "")
    lines = [
        ("Name", d.name or "(no name given)"),
        ("Other names or nicknames", d.known_as),
        ("Date of birth", born),
        ("Age, roughly", "" if born or d.approximate_age is None else str(d.approximate_age)),
        ("Gender", d.gender),
        ("School or college", d.school),
        ("Address", d.address),
        ("Parents or carers", d.carers),
        ("First language", d.first_language),
        ("Additional needs", ", ".join(NEEDS_WORDS.get(n, n) for n in d.needs)),
        ("Needs: details", d.needs_details),
        (
            "Contacting home could be unsafe",
            ("Yes. " + d.home_contact_unsafe_reason).strip() if d.home_contact_unsafe else "",
        ),
        ("Also recorded as", ", ".join(page.also_recorded_as)),
    ]
    return "\n".join(f"{label}: {value}" for label, value in lines if value)


def tier_html(page: PersonPage) -> str:
    current = page.current_tier
    return (
        f"<b>Current tier: {escape(current.words)}</b><br>{escape(current.sentence)}"
        f"<br><i>{escape(current.rule)}</i>"
    )


def seen_html(seen: SeenElsewhere | None) -> str:
    if seen is None:
        return "<b>Seen in other records.</b> Looking in the other records…"
    parts = [f"<b>Seen in other records.</b> {escape(seen.sentence)}"]
    for match in seen.matches[:SEEN_THINGS]:
        links = ", ".join(
            f'<a href="concern:{escape(ref)}">{escape(ref)}</a>'
            for ref in match.concern_ids[:SEEN_LINKS]
        )
        more = (
            f" and {match.other_concerns - SEEN_LINKS} more"
            if match.other_concerns > SEEN_LINKS
            else ""
        )
        parts.append(f"{escape(match.key)} ({escape(match.how)}): {links}{more}")
    if len(seen.matches) > SEEN_THINGS:
        parts.append(
            f"… and {len(seen.matches) - SEEN_THINGS} more things named elsewhere: "
            "open each concern to see them all."
        )
    return "<br>".join(parts)


def _item_html(item: ChronologyItem) -> str:
    if item.source == "concern":
        tier = escape(item.tier_words)
        if item.tier_changed_by_lead:
            tier += " (set by the lead)"
        what = (
            f"<b>Concern</b> <a href='concern:{escape(item.reference)}'>"
            f"{escape(item.reference)}</a><br>{tier}"
        )
        if item.status_words:
            what += f" · {escape(item.status_words)}"
        if item.checklist_version and item.checklist_version < LATEST_VERSION:  # re-screen
            what += (
                f"<br><i>Screened with checklist version {item.checklist_version}: "
                "open the concern to see what the current one gives</i>"
            )
        if not item.recent:
            what += "<br><i>Older than 12 months: not counted for the current tier</i>"
        if not item.summary:
            said = "<i>No words recorded.</i>"
        elif item.summary_is_own_words:
            said = f"In their words: “{escape(item.summary)}”"
        else:
            said = escape(item.summary)
    else:
        what = f"<b>{escape(item.kind_words)}</b>"
        recorded = item.recorded_at.astimezone().strftime("%d/%m/%Y")
        what += f"<br>Added {recorded}" + (
            f" by {escape(item.recorded_by)}" if item.recorded_by else ""
        )
        said = escape(item.summary).replace("\n", "<br>")
    return (
        f"<tr><td valign='top' width='14%'>{_day(item.on)}</td>"
        f"<td valign='top' width='30%'>{what}</td><td valign='top'>{said}</td></tr>"
    )


def chronology_html(items: tuple[ChronologyItem, ...]) -> str:
    if not items:
        return "<p>Nothing in the chronology yet.</p>"
    rows = "".join(_item_html(item) for item in items)
    return (
        "<table width='100%' cellspacing='0' cellpadding='6' border='1' "
        "style='border-collapse: collapse;'><tr><th align='left'>Date</th>"
        f"<th align='left'>What</th><th align='left'>Summary</th></tr>{rows}</table>"
    )


def _duplicate_text(dup: Duplicate) -> str:
    about = _day(dup.date_of_birth) and f"born {_day(dup.date_of_birth)}"
    if not about and dup.approximate_age is not None:
        about = f"about {dup.approximate_age}"
    count = f"{dup.concerns} concern{'s' if dup.concerns != 1 else ''}"
    parts = [dup.display_name, about, count]
    return ", ".join(p for p in parts if p) + f". {dup.why}"


class YoungPersonDialog(LockAwareDialog):
    open_concern = Signal(str)

    def __init__(
        self,
        session: Session,
        young_person_id: int,
        parent=None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.service = YoungPeople(session, clock)
        self.person_id = young_person_id
        self._page: PersonPage | None = None
        self._duplicates: list[Duplicate] = []
        self.setWindowTitle(TITLE)  # never a name
        self.setAccessibleName(TITLE)
        fit_to_screen(self, 960, 780)

        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setAccessibleName(TITLE)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to its fields, not to it
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll, 1)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)

        self.details = StatusLabel()
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setAccessibleName("Details")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self._boxed("About this young person", self.details))

        self.tier = StatusLabel()
        self.tier.setTextFormat(Qt.TextFormat.RichText)
        self.tier.setWordWrap(True)
        self.tier.setAccessibleName("Current tier")
        self.score = StatusLabel()
        self.score.setTextFormat(Qt.TextFormat.PlainText)
        self.score.setWordWrap(True)
        self.score.setAccessibleName("Score, for information only")
        self.seen = StatusLabel()
        self.seen.setTextFormat(Qt.TextFormat.RichText)
        self.seen.setWordWrap(True)
        self.seen.setAccessibleName("Seen in other records")
        self.seen.linkActivated.connect(self._link)
        # "Seen in other records" is looked for once the page is on screen (see load).
        self._seen_timer = QTimer(self)
        self._seen_timer.setSingleShot(True)
        self._seen_timer.setInterval(0)
        self._seen_timer.timeout.connect(self._fill_seen)
        picture = QWidget()
        picture_layout = QVBoxLayout(picture)
        picture_layout.setContentsMargins(0, 0, 0, 0)
        for label in (self.tier, self.score, self.seen):
            picture_layout.addWidget(label)
        layout.addWidget(self._boxed("The picture now", picture))

        layout.addWidget(self._build_chronology())
        layout.addWidget(self._build_entry_form())
        layout.addWidget(self._build_duplicates())
        layout.addWidget(self._build_history())
        from ui.keeping.retention import RetentionBox  # hook: retention review

        self.retention = RetentionBox(session)  # hook: retention review
        layout.addWidget(self.retention)  # hook: retention review

        buttons = QDialogButtonBox()
        close = buttons.addButton("&Close", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        outer.addWidget(buttons)

    # -- building ------------------------------------------------------------------------
    @staticmethod
    def _boxed(title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(widget)
        return box

    def _build_chronology(self) -> QGroupBox:
        box = QGroupBox("Chronology")
        layout = QVBoxLayout(box)
        form = QFormLayout()
        self.order = QComboBox()
        self.order.addItem("Newest first", True)
        self.order.addItem("Oldest first", False)
        add_field(form, "&Order", self.order)
        layout.addLayout(form)
        self.chronology = QTextBrowser()
        self.chronology.setAccessibleName("Chronology")
        self.chronology.setOpenLinks(False)
        self.chronology.setMinimumHeight(260)
        self.chronology.anchorClicked.connect(lambda url: self._link(url.toString()))
        layout.addWidget(self.chronology)
        self.order.currentIndexChanged.connect(self._show_chronology)
        return box

    def _build_entry_form(self) -> QGroupBox:
        box = QGroupBox("Add a chronology entry")
        layout = QVBoxLayout(box)
        hint = QLabel(
            "For what did not come in as a concern: a phone call, a meeting, "
            "information from another agency."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        form = QFormLayout()
        self.entry_date = line_edit(12)
        self.entry_date.setPlaceholderText("DD/MM/YYYY")
        self.entry_date_problem = add_field(
            form, "&Date it happened", self.entry_date, "Today or earlier."
        )
        self.entry_kind = QComboBox()
        self.entry_kind.addItem("Choose", "")
        for kind in ENTRY_KINDS:
            self.entry_kind.addItem(ENTRY_KIND_WORDS[kind], kind)
        self.entry_kind_problem = add_field(form, "&Kind of entry", self.entry_kind)
        self.entry_summary = QPlainTextEdit()
        self.entry_summary.setTabChangesFocus(True)
        self.entry_summary.setFixedHeight(90)
        self.entry_summary_problem = add_field(
            form,
            "&What happened",
            self.entry_summary,
            "Facts: who, what was said or decided, and what happens next.",
        )
        layout.addLayout(form)
        row = QHBoxLayout()
        self.add_button = QPushButton("&Add to the chronology")
        self.add_button.clicked.connect(self._add_entry)
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.entry_saved = StatusLabel()
        self.entry_saved.setAccessibleName("Entry saved")
        layout.addWidget(self.entry_saved)
        return box

    def _build_duplicates(self) -> QGroupBox:
        box = QGroupBox("Possible duplicates")
        layout = QVBoxLayout(box)
        hint = QLabel(
            "Other records with a close name and the same date of birth, or the same "
            "name where a date of birth is missing. Merge one only when you are sure "
            "it is the same young person; a merge can be undone."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        form = QFormLayout()
        self.duplicates = QListWidget()
        self.duplicates.setMaximumHeight(130)
        add_field(form, "Possible &duplicates", self.duplicates)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.merge_button = QPushButton("&Merge into this record")
        self.merge_button.clicked.connect(self._ask_merge)
        row.addWidget(self.merge_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.duplicates.currentRowChanged.connect(lambda _row: self._enable())
        # A record that is not suggested (a different date of birth, a different
        # spelling): found through any concern about it.
        by_reference = QFormLayout()
        self.other_reference = line_edit(20)
        self.other_reference.setPlaceholderText("C-XXXX-XXXX")
        self.other_reference_problem = add_field(
            by_reference,
            "Or the &reference of a concern about them",
            self.other_reference,
            "To merge a record that is not suggested here.",
        )
        layout.addLayout(by_reference)
        row = QHBoxLayout()
        self.merge_reference_button = QPushButton("Merge &that record into this one")
        self.merge_reference_button.clicked.connect(self._ask_merge_by_reference)
        row.addWidget(self.merge_reference_button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def _build_history(self) -> QGroupBox:
        box = QGroupBox("Merge history")
        layout = QVBoxLayout(box)
        form = QFormLayout()
        self.history = QListWidget()
        self.history.setMaximumHeight(110)
        add_field(form, "Merge &history", self.history)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.undo_button = QPushButton("&Undo the chosen merge")
        self.undo_button.clicked.connect(self._undo)
        row.addWidget(self.undo_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.history.currentRowChanged.connect(lambda _row: self._enable())
        return box

    # -- loading -------------------------------------------------------------------------
    def load(self) -> None:
        """Read the page from the store and show it; "seen in other records" follows
        straight after, once the page is on screen (with many concerns it is the
        slowest part). Raises what the service raises."""
        page = self.service.page(
            self.person_id, newest_first=self.order.currentData(), seen_elsewhere=False
        )
        self.person_id = page.details.id  # a merged record opens its kept record's page
        self.show_page(page, self.service.suggest_duplicates(self.person_id))
        if page.seen_elsewhere is None:
            self._seen_timer.start()

    def _fill_seen(self) -> None:
        if self._page is None:  # wiped or closed meanwhile
            return
        try:
            seen = self.service.seen_elsewhere(self.person_id)
        except Exception as exc:
            self.seen.setText(
                "<b>Seen in other records.</b> The other records could not be searched."
            )
            show_error(self, exc)
            return
        self.seen.setText(seen_html(seen))

    def show_page(self, page: PersonPage, duplicates: list[Duplicate]) -> None:
        self._page = page
        self.details.setText(details_text(page))
        self.tier.setText(tier_html(page))
        self.score.setText(page.score.sentence)
        self.seen.setText(seen_html(page.seen_elsewhere))
        self.retention.show_person(page.details.id)  # hook: retention review
        self._show_chronology()
        self._duplicates = list(duplicates)
        self.duplicates.clear()
        for dup in self._duplicates:
            self.duplicates.addItem(QListWidgetItem(_duplicate_text(dup)))
        if not self._duplicates:
            self.duplicates.addItem(QListWidgetItem("No possible duplicates found."))
        self.history.clear()
        for merge in reversed(page.merges):  # newest first
            item = QListWidgetItem(merge.words)
            item.setData(Qt.ItemDataRole.UserRole, merge.id)
            self.history.addItem(item)
        if not page.merges:
            self.history.addItem(QListWidgetItem("No merges."))
        self._enable()

    def _show_chronology(self, *_args) -> None:
        if self._page is None:
            return
        self.chronology.setHtml(chronology_html(self._page.ordered(self.order.currentData())))

    def _enable(self) -> None:
        loaded = self._page is not None
        self.add_button.setEnabled(loaded)
        self.merge_button.setEnabled(
            loaded and 0 <= self.duplicates.currentRow() < len(self._duplicates)
        )
        self.merge_reference_button.setEnabled(loaded)
        self.undo_button.setEnabled(loaded and self._chosen_merge() is not None)

    def _chosen_merge(self):
        if self._page is None:
            return None
        item = self.history.currentItem()
        merge_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return next((m for m in self._page.merges if m.id == merge_id and m.standing), None)

    def _reload(self) -> bool:
        try:
            self.load()
        except Exception as exc:
            show_error(self, exc)
            return False
        return True

    def _link(self, url: str) -> None:
        if url.startswith("concern:"):
            self.open_concern.emit(url.removeprefix("concern:"))

    # -- adding an entry -----------------------------------------------------------------
    def _add_entry(self) -> None:
        problems = (self.entry_date_problem, self.entry_kind_problem, self.entry_summary_problem)
        for problem in problems:
            show_problem(problem, None)
        self.entry_saved.clear()
        try:
            happened_on = parse_date(self.entry_date.text())
        except ValueError as exc:
            show_problem(self.entry_date_problem, str(exc))
            return
        try:
            self.service.add_entry(
                self.person_id,
                happened_on,
                self.entry_kind.currentData() or "",
                self.entry_summary.toPlainText(),
            )
        except InvalidInput as exc:
            for key, problem in zip(("happened_on", "kind", "summary"), problems, strict=True):
                show_problem(problem, exc.fields.get(key))
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.entry_date.clear()
        self.entry_kind.setCurrentIndex(0)
        self.entry_summary.clear()
        if self._reload():
            self.entry_saved.setText("Added to the chronology.")

    # -- merging -------------------------------------------------------------------------
    def _ask_merge(self) -> None:
        row = self.duplicates.currentRow()
        if not 0 <= row < len(self._duplicates):
            return
        other = self._duplicates[row]
        try:
            preview = self.service.merge_preview(self.person_id, other.id)
        except Exception as exc:
            show_error(self, exc)
            return
        self.confirm_merge(preview)

    def _ask_merge_by_reference(self) -> None:
        from app.core.errors import ConcernMissing
        from app.intake.concern.reference import normalise

        show_problem(self.other_reference_problem, None)
        typed = normalise(self.other_reference.text())
        if typed is None:
            show_problem(
                self.other_reference_problem,
                "Write a concern's reference, for example C-7K2Q-M9XD.",
            )
            return
        try:
            other = self.service.for_concern(typed)
            if other == self.person_id:
                show_problem(
                    self.other_reference_problem,
                    "That concern is already on this young person's page.",
                )
                return
            preview = self.service.merge_preview(self.person_id, other)
        except ConcernMissing:
            show_problem(self.other_reference_problem, "No concern has that reference.")
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.confirm_merge(preview)

    def confirm_merge(self, preview: MergePreview) -> QMessageBox:
        """Ask before merging; when the dates of birth differ, say so and why."""
        box = QMessageBox(self)
        box.setWindowTitle("Merge these records?")  # never a name
        box.setAccessibleName("Merge these records?")
        box.setText(preview.question)
        if preview.different_dob:
            box.setIcon(QMessageBox.Icon.Warning)
            box.setInformativeText(
                f"{preview.reason}\n\nMerge only if you are sure they are the same young person."
            )
            yes = box.addButton("Merge anyway", QMessageBox.ButtonRole.AcceptRole)
        else:
            box.setIcon(QMessageBox.Icon.Question)
            yes = box.addButton("Merge", QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        keep, merge, confirmed = preview.kept.id, preview.merged.id, preview.different_dob
        yes.clicked.connect(lambda: self._merge(keep, merge, confirmed))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): a lock must be able to close it without waiting
        return box

    def _merge(self, keep: int, merge: int, confirmed: bool) -> None:
        try:
            self.service.merge(keep, merge, confirm_different_dob=confirmed)
        except Exception as exc:
            show_error(self, exc)
            return
        self.other_reference.clear()
        self._reload()

    def _undo(self) -> None:
        merge = self._chosen_merge()
        if merge is None:
            return
        try:
            self.service.undo_merge(merge.id)
        except Exception as exc:
            show_error(self, exc)
            return
        self._reload()

    # -- closing and locking -------------------------------------------------------------
    def wipe(self) -> None:
        """Nothing about the young person left in any widget."""
        self._seen_timer.stop()
        self._page = None
        self._duplicates = []
        for label in (self.details, self.tier, self.score, self.seen, self.entry_saved):
            label.clear()
        self.chronology.clear()
        self.duplicates.clear()
        self.history.clear()
        self.retention.wipe()  # hook: retention review
        self.entry_date.clear()
        self.entry_kind.setCurrentIndex(0)
        self.entry_summary.clear()
        self.other_reference.clear()
        for problem in (
            self.entry_date_problem,
            self.entry_kind_problem,
            self.entry_summary_problem,
            self.other_reference_problem,
        ):
            show_problem(problem, None)
        self._enable()


class PersonButton(QPushButton):
    """'See everything about this young person', for the concern open on the records
    page: opens their page, whose concern links go to `open_concern`."""

    def __init__(self, session: Session, open_concern: Callable[[str], None], parent=None) -> None:
        super().__init__("See everything about this &young person", parent)
        self.session = session
        self._open_concern = open_concern
        self._reference: str | None = None
        self.dialog: YoungPersonDialog | None = None
        self.setEnabled(False)
        self.clicked.connect(self.open_page)

    def set_concern(self, reference: str | None) -> None:
        self._reference = reference
        self.setEnabled(reference is not None)

    def open_page(self) -> YoungPersonDialog | None:
        if self._reference is None:
            return None
        try:
            person = YoungPeople(self.session).for_concern(self._reference)
            if self.dialog is not None and self.dialog.person_id == person:
                self.dialog.raise_()  # already open: bring it to the front
                self.dialog.activateWindow()
                return self.dialog
            dialog = YoungPersonDialog(self.session, person, self.window())
            try:
                dialog.load()
            except Exception:
                dialog.reject()
                raise
        except Exception as exc:
            show_error(self, exc)
            return None
        dialog.open_concern.connect(self._open_concern)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.dialog = dialog
        dialog.show()
        return dialog

    def _forget(self, dialog: YoungPersonDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
