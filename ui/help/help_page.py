"""The help library: contents, search as you type, topics with links, back and forward,
text size, and printing. Open without unlocking: it holds no personal data."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QKeySequence,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.settings import BY_KEY, AppSettings
from app.help.contacts import local_contact_rows
from app.help.page_html import CHART_URL, home_html, topic_html
from app.help.topics import HelpLibrary, library
from ui.core.flow_layout import FlowLayout
from ui.core.widgets import StatusLabel, tip_button
from ui.core.wipe import wipe
from ui.help.help_widgets import ContentsTree, HelpBrowser

HOME = "home"
ZOOM_STEP = 0.15  # each step is 15 % bigger or smaller text
HIGHLIGHT = QColor("#ffe066")


class HelpPage(QWidget):
    print_topic_requested = Signal(str)  # topic id
    handouts_requested = Signal()
    practice_requested = Signal()
    print_route_chart_requested = Signal()

    def __init__(
        self, settings: AppSettings, help_library: HelpLibrary | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.library = help_library or library()
        self._index = None  # built on the first search: see _search_index()
        self._history: list[str] = []
        self._position = -1
        self._revealed: dict[str, set[int]] = {}
        self.current = HOME
        self.highlighted: list[str] = []

        outer = QHBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        splitter = QSplitter()
        outer.addWidget(splitter)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        search_label = QLabel("Sea&rch help")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type a word, for example grooming")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search help")
        search_label.setBuddy(self.search)
        side_layout.addWidget(search_label)
        side_layout.addWidget(self.search)
        self.results = QListWidget()
        self.results.setAccessibleName("Search results")
        self.results.setWordWrap(True)
        self.results.setSpacing(4)
        self.results.setAlternatingRowColors(True)
        self.results.hide()
        side_layout.addWidget(self.results, 1)
        self.no_results = QLabel("Nothing found. Try a shorter or different word.")
        self.no_results.setWordWrap(True)
        self.no_results.hide()
        side_layout.addWidget(self.no_results)
        self.contents = ContentsTree()  # long titles wrap, at any text size
        self.contents.setAccessibleName("Contents")
        side_layout.addWidget(self.contents, 1)
        splitter.addWidget(side)

        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        bar = FlowLayout()  # wraps in a narrow window (150% text on a small screen)
        self.back_button = tip_button(bar, "Back", "Go back (Alt+Left)", self.back)
        self.forward_button = tip_button(bar, "Forward", "Go forward (Alt+Right)", self.forward)
        tip_button(bar, "Help home", "The list of all help topics", self.go_home)
        tip_button(bar, "Smaller text", "Smaller text (Ctrl+minus)", lambda: self.zoom(-1))
        tip_button(bar, "Larger text", "Larger text (Ctrl+plus)", lambda: self.zoom(+1))
        self.print_button = tip_button(
            bar,
            "&Print this topic",
            "Print this topic",
            lambda: self.print_topic_requested.emit(self.current),
        )
        tip_button(
            bar,
            "Print hando&uts…",
            "Leaflets, the route chart and a CSE policy",
            self.handouts_requested.emit,
        )
        tip_button(
            bar,
            "Spot the signs &quiz…",
            "A short quiz on the signs, for you alone or a group on a projector",
            self.open_quiz,
        )
        tip_button(
            bar,
            "Practise with a &made-up case",
            "Fill in the concern form for a made-up story. Nothing is saved or sent.",
            self.practice_requested.emit,
        )
        tip_button(
            bar,
            "&About this toolkit",
            "Version, licence, third-party notices and the source code",
            self.open_about,
        )
        main_layout.addLayout(bar)
        self.breadcrumbs = StatusLabel()
        self.breadcrumbs.setAccessibleName("You are here")
        self.breadcrumbs.setWordWrap(True)
        main_layout.addWidget(self.breadcrumbs)
        self.browser = HelpBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName("Help topic")
        self.browser.setAccessibleDescription(
            "Tab goes from link to link. Ctrl+Tab goes past the text."
        )
        self.browser.anchorClicked.connect(self._link)
        main_layout.addWidget(self.browser, 1)
        splitter.addWidget(main)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 680])

        self._base_point_size = self.browser.font().pointSizeF()
        self._fill_contents()
        self.contents.itemActivated.connect(self._contents_chosen)
        self.contents.itemClicked.connect(self._contents_chosen)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._open_first_result)
        self.results.itemActivated.connect(self._result_chosen)
        self.results.itemClicked.connect(self._result_chosen)

        for keys, slot in (
            ((QKeySequence.StandardKey.ZoomIn, "Ctrl+="), lambda: self.zoom(+1)),
            ((QKeySequence.StandardKey.ZoomOut,), lambda: self.zoom(-1)),
            ((QKeySequence.StandardKey.Back,), self.back),
            ((QKeySequence.StandardKey.Forward,), self.forward),
        ):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)
        self._apply_zoom()
        self.go_home()

    def open_about(self) -> None:
        from ui.help.about_dialog import AboutDialog  # on first use: not at start-up

        dialog = AboutDialog(self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_quiz(self) -> None:
        from ui.help.quiz_dialog import QuizDialog  # on first use: not at start-up

        dialog = QuizDialog(self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # the answers go with it
        dialog.open()

    # -- contents -------------------------------------------------------------------------
    def _fill_contents(self) -> None:
        for chapter in self.library.chapters:
            topics = self.library.topics_in(chapter.id)
            if not topics:
                continue
            parent = _titled(chapter.title, None)
            for topic in topics:
                parent.addChild(_titled(topic.title, topic.id))
            self.contents.addTopLevelItem(parent)
        self.contents.expandAll()

    def _contents_chosen(self, item: QTreeWidgetItem) -> None:
        topic_id = item.data(0, Qt.ItemDataRole.UserRole)
        if topic_id:
            self.open_topic(topic_id)

    def _select_in_contents(self, topic_id: str) -> None:
        for i in range(self.contents.topLevelItemCount()):
            chapter = self.contents.topLevelItem(i)
            for j in range(chapter.childCount()):
                item = chapter.child(j)
                if item.data(0, Qt.ItemDataRole.UserRole) == topic_id:
                    self.contents.setCurrentItem(item)
                    return
        self.contents.clearSelection()

    # -- showing pages --------------------------------------------------------------------
    def go_home(self) -> None:
        self._show(HOME)

    def open_topic(self, topic_id: str, highlight: tuple[str, ...] = ()) -> None:
        if not self.library.has(topic_id):
            topic_id = HOME  # an unknown id never leaves a blank page
        self._show(topic_id, highlight)

    def _show(self, location: str, highlight: tuple[str, ...] = (), *, record: bool = True) -> None:
        if record:
            del self._history[self._position + 1 :]
            if not self._history or self._history[-1] != location:
                self._history.append(location)
            self._position = len(self._history) - 1
        self.current = location
        self._render(highlight)
        self.back_button.setEnabled(self._position > 0)
        self.forward_button.setEnabled(self._position < len(self._history) - 1)

    def _render(self, highlight: tuple[str, ...] = ()) -> None:
        self.browser.clear_link_mark()  # it marks a place in the page being replaced
        document = self.browser.document()
        if self.current == HOME:
            self.browser.setHtml(home_html(self.library))
            self.breadcrumbs.setText("Help")
            self.print_button.setEnabled(False)
            self._select_in_contents("")
        else:
            topic = self.library.topic(self.current)
            chart_width = int(600 * self._zoom_factor())
            if any(getattr(b, "name", "") == "chart:route" for b in topic.blocks):
                document.addResource(
                    QTextDocument.ResourceType.ImageResource,
                    QUrl(CHART_URL),
                    self._chart_image(chart_width),
                )
            self.browser.setHtml(
                topic_html(
                    topic,
                    revealed=self._revealed.get(topic.id, set()),
                    contact_rows=local_contact_rows(self.settings),
                    chart_width=chart_width,
                )
            )
            chapter = self.library.chapter(topic.chapter)
            self.breadcrumbs.setText(f"Help  ›  {chapter.title}  ›  {topic.title}")
            self.print_button.setEnabled(True)
            self._select_in_contents(topic.id)
        self._highlight(highlight)
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)

    def _chart_image(self, width: int):
        from ui.screening.route_chart_view import render_chart_image

        return render_chart_image(width, self._zoom_factor())

    def _highlight(self, words: tuple[str, ...]) -> None:
        """Mark every whole-word occurrence of the matched word forms."""
        self.highlighted = []
        document = self.browser.document()
        mark = QTextCharFormat()
        mark.setBackground(HIGHLIGHT)
        for word in words:
            cursor = QTextCursor(document)
            while True:
                cursor = document.find(word, cursor, QTextDocument.FindFlag.FindWholeWords)
                if cursor.isNull():
                    break
                cursor.mergeCharFormat(mark)
                self.highlighted.append(cursor.selectedText())

    # -- links, history ---------------------------------------------------------------------
    def _link(self, url: QUrl) -> None:
        scheme, target = url.scheme(), url.path()
        if scheme == "topic":
            self.open_topic(target)
        elif scheme == "reveal":
            shown = self._revealed.setdefault(self.current, set())
            shown.symmetric_difference_update({int(target)})
            self._render()
            self._scroll_to_question(int(target))
        elif scheme == "action" and target == "print-route-chart":
            self.print_route_chart_requested.emit()

    def _scroll_to_question(self, number: int) -> None:
        cursor = self.browser.document().find(f"Question {number}:")
        if not cursor.isNull():
            cursor.clearSelection()
            self.browser.setTextCursor(cursor)
            self.browser.ensureCursorVisible()

    def back(self) -> None:
        if self._position > 0:
            self._position -= 1
            self._show(self._history[self._position], record=False)

    def forward(self) -> None:
        if self._position < len(self._history) - 1:
            self._position += 1
            self._show(self._history[self._position], record=False)

    # -- search -----------------------------------------------------------------------------
    def _search_index(self):
        if self._index is None:
            from app.help.search import HelpIndex

            self._index = HelpIndex(self.library)
        return self._index

    def _search_changed(self, typed: str) -> None:
        self.results.clear()
        searching = bool(typed.strip())
        self.contents.setVisible(not searching)
        self.results.setVisible(searching)
        if not searching:
            self.no_results.hide()
            return
        found = self._search_index().search(typed)
        for result in found:
            item = QListWidgetItem(f"{result.title}\n{result.snippet}")
            item.setData(Qt.ItemDataRole.UserRole, (result.topic_id, result.words))
            item.setToolTip(result.snippet)
            self.results.addItem(item)
        self.no_results.setVisible(not found)
        if found:
            self.results.setCurrentRow(0)

    def _result_chosen(self, item: QListWidgetItem) -> None:
        topic_id, words = item.data(Qt.ItemDataRole.UserRole)
        self.open_topic(topic_id, tuple(words))

    def _open_first_result(self) -> None:
        item = self.results.currentItem() or self.results.item(0)
        if item is not None:
            self._result_chosen(item)

    # -- text size ----------------------------------------------------------------------------
    def _zoom_factor(self) -> float:
        return 1 + ZOOM_STEP * int(self.settings.get("help_zoom"))

    def zoom(self, step: int) -> None:
        limits = BY_KEY["help_zoom"]
        new = self.settings.get("help_zoom") + step
        new = max(limits.minimum or 0, min(limits.maximum or 0, new))
        if new != self.settings.get("help_zoom"):
            self.settings.update({"help_zoom": new})  # remembered: it is not personal
            self._apply_zoom()
            self._render()

    def _apply_zoom(self) -> None:
        font = self.browser.font()
        font.setPointSizeF(self._base_point_size * self._zoom_factor())
        self.browser.setFont(font)
        self.browser.document().setDefaultFont(font)

    def wipe(self) -> None:
        """Help shows no record data, but its search box holds whatever was typed (a name,
        sometimes): emptied on a lock, with its undo history, and the contents shown."""
        wipe(self.search)


def _titled(title: str, topic_id: str | None) -> QTreeWidgetItem:
    """A Contents entry: the whole title shown (wrapped), as its tooltip, and read out."""
    item = QTreeWidgetItem([title])
    item.setData(0, Qt.ItemDataRole.UserRole, topic_id)
    item.setToolTip(0, title)
    item.setData(0, Qt.ItemDataRole.AccessibleTextRole, title)
    return item
