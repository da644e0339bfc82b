"""The Help page's two big widgets, fitted for large text and the keyboard: a Contents
tree whose long titles wrap, and a topic view that marks the link Tab has reached."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextCharFormat
from PySide6.QtWidgets import (
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QTextEdit,
    QTreeWidget,
)

from ui.core.keyboard import RING_COLOUR, RING_WIDTH

ROW_PADDING = 4  # a little air between wrapped titles, so each reads as one entry


class _WrappingTitles(QStyledItemDelegate):
    """Measures each title at the width the tree has for it, so a long one takes two or
    three lines rather than being cut off; draws the ring round the current title."""

    def __init__(self, tree: ContentsTree) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        # Top-level rows have the branch arrow's indent too: one step more than depth.
        width = self.tree.viewport().width() - self.tree.indentation() * (depth + 1)
        opt.rect.setWidth(max(width, 60))
        opt.rect.setHeight(10_000)  # a valid rect: the style wraps only inside one
        opt.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        size = self.tree.style().sizeFromContents(
            QStyle.ContentsType.CT_ItemViewItem, opt, QSize(), self.tree
        )
        return QSize(size.width(), size.height() + ROW_PADDING)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().paint(painter, option, index)
        if self.tree.hasFocus() and index == self.tree.currentIndex():
            # The keyboard model rings the whole tree; this shows which title the arrow
            # keys are on (the style's own dotted line is too faint to see).
            painter.save()
            pen = QPen(QColor(RING_COLOUR))
            pen.setWidth(RING_WIDTH)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(pen)
            half = RING_WIDTH // 2
            painter.drawRect(option.rect.adjusted(half, half, -half, -half))
            painter.restore()


class ContentsTree(QTreeWidget):
    """The help topics by chapter. Titles wrap to the panel's width (150% text on a
    small screen leaves it about 300 pixels), never scroll sideways or end in "…"."""

    def __init__(self) -> None:
        super().__init__()
        self.setHeaderHidden(True)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setItemDelegate(_WrappingTitles(self))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # row heights depend on the width: measure again

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:
        super().currentChanged(current, previous)
        self.viewport().update()  # move the ring from the old title to the new one


class HelpBrowser(QTextBrowser):
    """The topic text. Tab goes from link to link and the link it is on is shown in the
    focus colour, white on dark blue; Ctrl+Tab (Ctrl+Shift+Tab back) leaves the text at
    once, so a page of many links is not a wall of Tab presses."""

    def focusNextPrevChild(self, forward: bool) -> bool:
        moved = super().focusNextPrevChild(forward)
        self.mark_focused_link()
        return moved

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            back = event.key() == Qt.Key.Key_Backtab or bool(
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            self.clear_link_mark()
            # QTextEdit's own step, past QTextBrowser's walk through the links.
            QTextEdit.focusNextPrevChild(self, not back)
            return
        super().keyPressEvent(event)
        self.mark_focused_link()  # Enter on a link, or arrows, may move it

    def focusOutEvent(self, event) -> None:
        self.clear_link_mark()
        super().focusOutEvent(event)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.mark_focused_link()

    def focused_link(self) -> str:
        """The text of the link Tab is on, or ""."""
        cursor = self.textCursor()
        if self.hasFocus() and cursor.hasSelection() and cursor.charFormat().isAnchor():
            return cursor.selectedText()
        return ""

    def mark_focused_link(self) -> None:
        if not self.focused_link():
            self.clear_link_mark()
            return
        mark = QTextEdit.ExtraSelection()
        mark.cursor = self.textCursor()
        look = QTextCharFormat()
        look.setBackground(QColor(RING_COLOUR))  # white on it: 10.1:1
        look.setForeground(QColor("#ffffff"))
        mark.format = look
        self.setExtraSelections([mark])

    def clear_link_mark(self) -> None:
        if self.extraSelections():
            self.setExtraSelections([])
