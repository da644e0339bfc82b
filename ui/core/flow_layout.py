"""A row of widgets that wraps onto more rows when the window is too narrow for it.

The navigation bar needs this: at 150% text on a 1024x768 screen the window is only 682
of the app's pixels wide, and a single row pushed Lock now off the screen.
"""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class BareFlowLayout(QLayout):
    """Left to right, wrapping. The last item is pushed to the right-hand end of its row,
    as a stretch in a QHBoxLayout would put it, when it shares a row with others; with
    `fill`, the items of each row share its spare width instead (a row of forms).

    Like any QLayout it takes spare room its parent offers; FlowLayout never asks for
    any. The navigation bar uses this bare kind: its parent gives all spare height to
    the pages, and FlowLayout's answer, a Qt.Orientation, would build QtCore.Qt's
    enums before the first paint (see ui/core/widgets.py)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6, fill: bool = False) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._fill = fill

    # QLayout's bookkeeping -----------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        width = sum(i.sizeHint().width() for i in self._shown()) + self._spacing * max(
            0, len(self._shown()) - 1
        )
        height = max((i.sizeHint().height() for i in self._shown()), default=0)
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:
        # As narrow as the widest single item: everything else wraps.
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    # the arranging -------------------------------------------------------------------------
    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not (i.widget() and i.widget().isHidden())]

    def _arrange(self, rect: QRect, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            width = min(item.sizeHint().width(), area.width())
            if rows[-1] and used + self._spacing + width > area.width():
                rows.append([])
                used = 0
            used += (self._spacing if rows[-1] else 0) + width
            rows[-1].append(item)
        y = area.y()
        shown = self._shown()
        for row in rows:
            if not row:
                continue
            widths = [min(i.sizeHint().width(), area.width()) for i in row]
            if self._fill:
                spare = area.width() - sum(widths) - self._spacing * (len(row) - 1)
                widths = [w + spare // len(row) for w in widths]
            height = max(
                i.heightForWidth(w) if i.hasHeightForWidth() else i.sizeHint().height()
                for i, w in zip(row, widths, strict=True)
            )
            x = area.x()
            for item, width in zip(row, widths, strict=True):
                if move:
                    if item is shown[-1] and len(row) > 1 and not self._fill:
                        x = area.right() + 1 - width
                    own = (
                        item.heightForWidth(width)
                        if item.hasHeightForWidth()
                        else item.sizeHint().height()
                    )
                    own = height if self._fill else own
                    top = y + (height - own) // 2
                    item.setGeometry(QRect(QPoint(x, top), QSize(width, own)))
                x += width + self._spacing
            y += height + self._spacing
        return y - self._spacing - area.y() + margins.top() + margins.bottom()


class FlowLayout(BareFlowLayout):
    """A wrapping row that never asks for spare room: under a table or a text view its
    buttons keep their own height (a bare layout shares the spare room with them)."""

    def expandingDirections(self) -> QtCore.Qt.Orientation:
        return QtCore.Qt.Orientation(0)
