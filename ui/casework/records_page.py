"""Records (designated lead): every concern in a sortable, filterable table, full-text
search inside the encrypted store, and the chosen concern in full beside it."""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSignalBlocker, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.casework.records import TIER_ORDER, TIER_WORDS, URGENT_TIERS, RecordRow, Records
from app.casework.status import STATUS_WORDS
from app.keys.session import Session
from ui.core.errors import show_error
from ui.core.flow_layout import FlowLayout
from ui.core.widgets import StatusLabel, add_field, show_problem
from ui.core.wipe import wipe, wipe_tree
from ui.intake.concern_form.fields import parse_date
from ui.start_page import StartPageView

COLUMNS = ("Received", "Happened", "Young person", "Recorded by", "Tier", "Decision", "Next review")


def _local(iso: str) -> str:
    """A stored UTC time as the clock on the wall shows it (BST in summer)."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return iso


def station_html(station: str | None) -> str:
    """Which volunteer station sent a concern, as its sealed letter says."""
    if not station:
        return ""
    return (
        f"<p><b>Sent from:</b> {escape(station)} (a volunteer station's name for "
        "itself, given when it was set up)</p>"
    )


def seen_elsewhere_html(matches: list) -> str:
    """'Also named in N other records', with a link to each: how a lead notices the same
    car collecting different young people."""
    if not matches:
        return ""
    items = []
    for match in matches:
        links = ", ".join(
            f'<a href="concern:{ref}">{escape(ref)}</a>' for ref in match.concern_ids[:12]
        )
        more = f" and {match.other_concerns - 12} more" if match.other_concerns > 12 else ""
        people = (
            f", about {match.other_young_people} other young "
            f"{'person' if match.other_young_people == 1 else 'people'}"
            if match.other_young_people
            else ""
        )
        items.append(
            f"<li><b>{escape(match.key)}</b> ({escape(match.how)}): also named in "
            f"{match.other_concerns} other record"
            f"{'s' if match.other_concerns != 1 else ''}{people}: {links}{more}</li>"
        )
    return (
        "<table width='100%' cellpadding='8' style='border: 2px solid #000;'><tr><td>"
        "<b>Seen in other records</b><ul>" + "".join(items) + "</ul></td></tr></table>"
    )


class RecordsModel(QAbstractTableModel):
    """All rows in, the visible rows out: filtering and sorting are plain Python list
    work on the rows themselves, so a view of 10,000 concerns asks Qt only for the rows
    on screen (a sort-filter proxy would call data() for every row on every sort)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: list[RecordRow] = []
        self._rows: list[RecordRow] = []
        self.sort_column, self.sort_order = 0, Qt.SortOrder.DescendingOrder
        self.tier = ""
        self.status = ""
        self.overdue_only = False
        self.date_from: date | None = None
        self.date_to: date | None = None
        self.matching: set[str] | None = None  # ids found by a search; None: no search

    def set_rows(self, rows: list[RecordRow]) -> None:
        self._all = list(rows)
        self.apply()

    def row_at(self, row: int) -> RecordRow:
        return self._rows[row]

    @property
    def total(self) -> int:
        return len(self._all)

    def accepts(self, row: RecordRow) -> bool:
        if self.tier and row.tier != self.tier:
            return False
        if self.status == "incomplete":
            if row.status == "submitted":
                return False
        elif self.status and row.decision != self.status:
            return False
        if self.overdue_only and not row.overdue(date.today()):
            return False
        if self.date_from or self.date_to:
            day = date.fromisoformat(row.received[:10])
            if (self.date_from and day < self.date_from) or (self.date_to and day > self.date_to):
                return False
        return self.matching is None or row.reference in self.matching

    def apply(self) -> None:
        visible = [r for r in self._all if self.accepts(r)]
        visible.sort(
            key=_SORT_KEYS[self.sort_column],
            reverse=self.sort_order == Qt.SortOrder.DescendingOrder,
        )
        self.beginResetModel()
        self._rows = visible
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.sort_order = column, order
        self.apply()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                _local(row.received),
                row.happened_on.strftime("%d/%m/%Y") if row.happened_on else "",
                row.young_person,
                row.recorder,
                row.tier_words,
                row.decision_words + ("" if row.status == "submitted" else " (incomplete)"),
                row.review_on.strftime("%d/%m/%Y") if row.review_on else "",
            )[index.column()]
        if role == Qt.ItemDataRole.FontRole and (row.is_new or row.tier in URGENT_TIERS):
            font = QFont()
            font.setBold(True)  # new and urgent ones stand out (never by colour alone)
            return font
        return None


_SORT_KEYS = (
    lambda r: r.received,
    lambda r: r.happened_on.isoformat() if r.happened_on else "",
    lambda r: r.young_person.lower(),
    lambda r: r.recorder.lower(),
    lambda r: TIER_ORDER.index(r.tier) if r.tier in TIER_ORDER else -1,
    lambda r: r.decision,
    lambda r: r.review_on.isoformat() if r.review_on else "9999",
)


class RecordsPage(QWidget):
    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.records = Records(session)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 12, 20, 12)
        title = QLabel("Records")
        title.setProperty("role", "page-title")
        outer.addWidget(title)

        all_tab = QWidget()
        all_layout = QVBoxLayout(all_tab)
        all_layout.setContentsMargins(0, 6, 0, 0)
        # The two halves of the filters sit side by side, or one above the other in a
        # narrow window (150% text on a small screen).
        filters = FlowLayout(fill=True, spacing=12)
        filters.setContentsMargins(0, 0, 0, 0)
        left = QFormLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Any word: a name, a car, a place, a phone number")
        self.search.setClearButtonEnabled(True)
        self.search_problem = add_field(left, "Sea&rch the records", self.search)
        self.tier = QComboBox()
        self.tier.addItem("All tiers", "")
        for key in reversed(TIER_ORDER):
            self.tier.addItem(TIER_WORDS[key], key)
        add_field(left, "Tier", self.tier)
        right = QFormLayout()
        self.status = QComboBox()
        self.status.addItem("All", "")
        for key, words in STATUS_WORDS.items():
            self.status.addItem(words, key)
        self.status.addItem("Incomplete (sealed part-way)", "incomplete")
        add_field(right, "Stat&us", self.status)
        self.overdue = QCheckBox("Only reviews that are due or overdue")
        self.overdue.setAccessibleName("Only reviews that are due or overdue")
        right.addRow(self.overdue)
        dates = QWidget()
        dates_row = QHBoxLayout(dates)
        dates_row.setContentsMargins(0, 0, 0, 0)
        self.date_from = QLineEdit()
        self.date_from.setPlaceholderText("DD/MM/YYYY")
        self.date_from.setAccessibleName("Received from")
        self.date_to = QLineEdit()
        self.date_to.setPlaceholderText("DD/MM/YYYY")
        self.date_to.setAccessibleName("Received to")
        dates_row.addWidget(self.date_from)
        dates_row.addWidget(QLabel("to"))
        dates_row.addWidget(self.date_to)
        self.dates_problem = add_field(right, "Received between", dates)
        self.date_from.setAccessibleName("Received from")
        for half in (left, right):
            holder = QWidget()
            holder.setLayout(half)
            half.setContentsMargins(0, 0, 0, 0)
            filters.addWidget(holder)
        all_layout.addLayout(filters)

        self.count = StatusLabel()
        self.count.setAccessibleName("How many records are shown")
        all_layout.addWidget(self.count)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.model = RecordsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Concerns")
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # Never narrower than the widest heading (and its sort arrow): in a narrow window
        # the table scrolls sideways instead of cutting "Young person" to "oung persor".
        bold = QFont(header.font())
        bold.setBold(True)
        header.setMinimumSectionSize(
            max(QFontMetrics(bold).horizontalAdvance(c) for c in COLUMNS) + 28
        )
        self.table.verticalHeader().hide()
        splitter.addWidget(self.table)
        viewer = QWidget()
        viewer_layout = QVBoxLayout(viewer)
        viewer_layout.setContentsMargins(0, 0, 0, 0)
        row = FlowLayout()  # the buttons wrap in a narrow window
        row.setContentsMargins(0, 0, 0, 0)
        self.open_button = QPushButton("Ope&n the chosen concern")
        self.open_button.clicked.connect(self.open_selected)
        self.print_button = QPushButton("&Print this record")
        self.print_button.clicked.connect(self._print)
        self.print_button.setEnabled(False)
        row.addWidget(self.open_button)
        row.addWidget(self.print_button)
        self.pack_button = QPushButton("Referral pack…")  # hook: referral pack
        self.pack_button.clicked.connect(self._referral_pack)  # hook: referral pack
        self.pack_button.setEnabled(False)  # hook: referral pack
        row.addWidget(self.pack_button)  # hook: referral pack
        from ui.casework.amend_dialog import (
            VersionBar,  # hook: amendments (ui/casework/amend_dialog.py)
        )

        self.version_bar = VersionBar(session)  # hook: amendments
        self.version_bar.corrected.connect(self._corrected)  # hook: amendments
        row.addWidget(self.version_bar)  # hook: amendments
        from ui.casework.young_person_page import PersonButton  # hook: young person's page

        self.person_button = PersonButton(session, self.show_concern)  # hook: young person
        row.addWidget(self.person_button)  # hook: young person's page
        viewer_layout.addLayout(row)
        self.concern_view = QTextBrowser()
        self.concern_view.setAccessibleName("The chosen concern")
        self.concern_view.setOpenLinks(False)
        self.concern_view.anchorClicked.connect(
            lambda url: self.open_reference(url.path()) if url.scheme() == "concern" else None
        )
        from ui.casework.decision_panel import DecisionPanel

        self.decision_panel = DecisionPanel(session)
        # The record and the lead's decisions each get the full width, in tabs.
        self.concern_tabs = QTabWidget()
        self.concern_tabs.setAccessibleName("The chosen concern's tabs")
        concern_tab = QWidget()  # hook: amendments (which checklist it was screened with)
        concern_column = QVBoxLayout(concern_tab)  # hook: amendments
        concern_column.setContentsMargins(0, 0, 0, 0)  # hook: amendments
        concern_column.addWidget(self.version_bar.screening_strip)  # hook: amendments
        concern_column.addWidget(self.concern_view, 1)  # hook: amendments
        self.concern_tabs.addTab(concern_tab, "The concern")
        self.concern_tabs.addTab(self.decision_panel, "&Decisions and follow-ups")
        viewer_layout.addWidget(self.concern_tabs, 1)
        splitter.addWidget(viewer)
        splitter.setSizes([220, 480])
        all_layout.addWidget(splitter, 1)

        # Two tabs: what needs doing first, then every concern.
        self.start = StartPageView(self.records)
        self.start.open_concern.connect(self.show_concern)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Records")
        self.tabs.addTab(self.start, "&To do")
        self.tabs.addTab(all_tab, "&All concerns")
        outer.addWidget(self.tabs, 1)

        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.activated.connect(lambda _index: self.open_selected())
        self.search.textChanged.connect(self._search)
        self.tier.currentIndexChanged.connect(self._filter)
        self.status.currentIndexChanged.connect(self._filter)
        self.overdue.toggled.connect(self._filter)
        self.date_from.editingFinished.connect(self._filter)
        self.date_to.editingFinished.connect(self._filter)
        # To do is read again whenever it comes into view and after every save in the
        # decision panel, so it never shows what was true before (a LADO contact, say).
        self.tabs.currentChanged.connect(self._tab_changed)
        self.decision_panel.changed.connect(self._decided)
        self._opened = None

    # -- loading and filtering -----------------------------------------------------------
    def load(self) -> None:
        self.model.set_rows(self.records.rows())
        self._filter()
        self.start.load()
        with QSignalBlocker(self.tabs):  # read just now: no second reading
            self.tabs.setCurrentWidget(self.start)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.start:
            self._refresh_start()

    def _refresh_start(self) -> None:
        if not self.session.is_unlocked:
            return
        try:
            self.start.load()
        except Exception as exc:
            show_error(self, exc)

    def _decided(self) -> None:
        """After a save in the decision panel: the list's decision column and To do."""
        try:
            self.model.set_rows(self.records.rows())
        except Exception as exc:
            show_error(self, exc)
            return
        self._filter()
        if self._opened is not None:  # keep the concern being worked on chosen
            self._select_row(self._opened[0].id)
        self._refresh_start()

    def _select_row(self, reference: str) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).reference == reference:
                self.table.selectRow(row)
                return

    def show_concern(self, reference: str) -> None:
        """From the To do list: the concern in full, with its decisions, in All concerns."""
        self.tabs.setCurrentIndex(1)
        self._select_row(reference)
        self.open_reference(reference)

    def _search(self, typed: str) -> None:
        self.model.matching = self.records.search(typed) if typed.strip() else None
        self._filter()

    def _filter(self) -> None:
        show_problem(self.dates_problem, None)
        try:
            self.model.date_from = parse_date(self.date_from.text())
            self.model.date_to = parse_date(self.date_to.text())
        except ValueError as exc:
            show_problem(self.dates_problem, str(exc))
        self.model.tier = self.tier.currentData() or ""
        self.model.status = self.status.currentData() or ""
        self.model.overdue_only = self.overdue.isChecked()
        self.model.apply()
        shown, total = self.model.rowCount(), self.model.total
        self.count.setText(f"Showing {shown} of {total} concern{'s' if total != 1 else ''}.")

    # -- one concern ---------------------------------------------------------------------
    def open_selected(self) -> None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return
        row = self.model.row_at(indexes[0].row())
        self.open_reference(row.reference)

    def open_reference(self, reference: str) -> None:
        from app.screening import summary
        from app.screening.checklist import load_checklist

        try:
            concern = self.records.open(reference)
            checklist = load_checklist(concern.checklist_version)
            matches = self.records.seen_elsewhere(reference)
            self.version_bar.show_concern(reference, concern)  # hook: amendments
            self.concern_view.setHtml(
                self.version_bar.html()  # hook: amendments
                + seen_elsewhere_html(matches)
                + station_html(self.records.station(reference))
                + summary.record_html(concern, checklist)
            )
        except Exception as exc:
            show_error(self, exc)
            return
        self._opened = (concern, checklist)
        self.print_button.setEnabled(True)
        self.pack_button.setEnabled(True)  # hook: referral pack
        self.decision_panel.show_concern(reference, concern.computed_tier)  # hook: decisions
        self.person_button.set_concern(reference)  # hook: young person's page

    def _corrected(self, reference: str) -> None:  # hook: amendments
        """After a correction: the list, the To do list and the record show it."""
        self.model.set_rows(self.records.rows())  # hook: amendments
        self._search(self.search.text())  # hook: amendments
        self.start.load()  # hook: amendments
        self.show_concern(reference)  # hook: amendments

    def _print(self) -> None:
        from app.screening import summary
        from ui.documents.printing import print_html

        if self._opened is None:
            return
        concern, checklist = self._opened
        try:
            if print_html(self, summary.record_html(concern, checklist, for_print=True)):
                self.session.record_audit("print", subject=concern.id)
        except Exception as exc:
            show_error(self, exc)

    def _referral_pack(self) -> None:  # hook: referral pack
        from ui.documents.referral_dialog import ReferralDialog  # hook: referral pack

        if self._opened is not None:  # hook: referral pack
            ReferralDialog(self.session, self._opened[0].id, self.window()).open()  # hook

    def wipe(self) -> None:
        """On lock: no row, no search, no concern left in any widget or model."""
        self.model.matching = None
        self.model.set_rows([])
        wipe_tree(self)  # every box, its undo history, selections; the parts below follow
        self.start.wipe()
        wipe(self.search)
        self.concern_view.clear()
        self.decision_panel.wipe()  # hook: decisions
        self.version_bar.wipe()  # hook: amendments
        self.person_button.set_concern(None)  # hook: young person's page
        self._opened = None
        self.print_button.setEnabled(False)
        self.pack_button.setEnabled(False)  # hook: referral pack
        self.count.clear()
