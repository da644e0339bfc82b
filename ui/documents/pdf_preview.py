"""An in-app preview of a PDF held in memory: pages, zoom, nothing written to disk.

The page fits the width of the preview, but a portrait page is never fitted below
`smallest_fit` (READABLE unless the dialog says otherwise: at 150% text on a small screen
the width left would make the words too small to read): it is shown at that size and
scrolls sideways instead. Only the person, with Zoom out, takes it smaller. ZoomBar holds
the buttons and keys for every preview.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QWidget

from ui.core.widgets import StatusLabel, announce, tip_button
from ui.documents.printing import load_pdf

READABLE = 0.8  # of the paper's own size: the smallest a page is fitted to by itself
# Within this of the smallest size the page is fitted all the same: a sideways scroll for
# a sliver of margin helps nobody (at 150% text on 1024x768 the fit is about 79.7%).
CLOSE_ENOUGH = 0.02
# The sizes Zoom in and Zoom out step through, from whatever size is shown now.
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
A4_WIDTH_POINTS = 595.0  # for the room a page needs before any document is loaded


class PdfPreview(QPdfView):
    zoom_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, smallest_fit: float = READABLE) -> None:
        super().__init__(parent)
        self.smallest_fit = smallest_fit
        self.setAccessibleName("Preview")
        self.setPageMode(QPdfView.PageMode.MultiPage)
        # Always there, so fitting the width never shows or hides it, which would change
        # the width to fit and could flicker between two sizes.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys scroll the pages
        self._fitting = True  # fit the width (not below READABLE); else the person's size
        self._document: QPdfDocument | None = None
        # Shown when there is nothing to show: QPdfView dislikes a null document.
        self._empty = QPdfDocument(self)
        self._fit()

    def show_pdf(self, pdf: bytes) -> None:
        old = self._document
        self._document = load_pdf(pdf, self)
        self.setDocument(self._document)
        if old is not None:
            old.deleteLater()
        if self._fitting:
            self._fit()
        else:  # the size the person chose stays for the next document, as its words say
            self.zoom_changed.emit()

    @property
    def page_count(self) -> int:
        return self._document.pageCount() if self._document else 0

    def clear(self) -> None:
        """Forget the document (a lock must leave nothing on screen or in memory)."""
        self.setDocument(self._empty)
        if self._document is not None:
            self._document.deleteLater()
            self._document = None

    # -- zoom ------------------------------------------------------------------------------
    def zoom(self) -> float:
        """The size the pages are shown at now, as a share of the paper's own size.
        QPdfView's zoomFactor() is not it while fitting the width (it keeps the last
        size set by hand), so Zoom in must start from this."""
        if self.zoomMode() == QPdfView.ZoomMode.FitToWidth:
            return self._fitted()
        return self.zoomFactor()

    @property
    def fitting(self) -> bool:
        return self._fitting

    def zoom_in(self) -> None:
        now = self.zoom()
        self._set_zoom(next((s for s in ZOOM_STEPS if s > now * 1.01), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        now = self.zoom()
        self._set_zoom(next((s for s in reversed(ZOOM_STEPS) if s < now * 0.99), ZOOM_STEPS[0]))

    def fit_width(self) -> None:
        self._fitting = True
        self._fit()

    def readable_width(self) -> int:
        """The width the preview needs to fit a portrait page at READABLE."""
        margins = self.documentMargins()
        return (
            round(A4_WIDTH_POINTS * self._pixels_per_point() * (READABLE - CLOSE_ENOUGH))
            + margins.left()
            + margins.right()
            + self.verticalScrollBar().sizeHint().width()
            + 2 * self.frameWidth()
        )

    def zoom_words(self) -> str:
        percent = f"{round(self.zoom() * 100)}%"
        if not self._fitting:
            return percent
        if self.zoomMode() == QPdfView.ZoomMode.FitToWidth:
            return f"{percent}, fitted to the width"
        return f"{percent}: scroll sideways to see it all"

    def _set_zoom(self, factor: float) -> None:
        self._fitting = False
        self.setZoomMode(QPdfView.ZoomMode.Custom)
        self.setZoomFactor(factor)
        self.zoom_changed.emit()

    def _fit(self) -> None:
        """Fit the width, or show a portrait page at the smallest size to fit where the
        width left for it is too narrow."""
        if self._portrait() and self._fitted() < self.smallest_fit - CLOSE_ENOUGH:
            self.setZoomMode(QPdfView.ZoomMode.Custom)
            self.setZoomFactor(self.smallest_fit)
        else:
            self.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.zoom_changed.emit()

    def _pixels_per_point(self) -> float:
        # As QPdfView sizes a page at zoom 1.0: its size in points at the screen's dpi.
        return self.logicalDpiX() / 72.0

    def _widest_page(self) -> tuple[float, float]:
        document = self.document()
        if document is None or document.pageCount() == 0:
            return A4_WIDTH_POINTS, A4_WIDTH_POINTS * 2**0.5
        sizes = [document.pagePointSize(page) for page in range(document.pageCount())]
        widest = max(sizes, key=lambda size: size.width())
        return widest.width(), widest.height()

    def _portrait(self) -> bool:
        width, height = self._widest_page()
        return height > width

    def _fitted(self) -> float:
        """The size that fits the widest page to the width of the preview."""
        margins = self.documentMargins()
        room = self.viewport().width() - margins.left() - margins.right()
        return max(room, 1) / (self._widest_page()[0] * self._pixels_per_point())

    def resizeEvent(self, event: QResizeEvent) -> None:  # the viewport's size
        super().resizeEvent(event)
        if self._fitting:
            self._fit()


class ZoomBar(QWidget):
    """Zoom out, Zoom in, Fit to width and the size shown, for `preview`; the keys
    (Ctrl+plus, Ctrl+minus, Ctrl+0) work anywhere in `window`."""

    def __init__(self, preview: PdfPreview, window: QWidget) -> None:
        super().__init__()
        self.preview = preview
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.zoom_out_button = tip_button(
            row, "Zoom &out", "Make the page smaller (Ctrl+minus)", self.zoom_out
        )
        self.zoom_in_button = tip_button(
            row, "Zoom &in", "Make the page larger (Ctrl+plus)", self.zoom_in
        )
        readable = " at a size that is easy to read" if preview.smallest_fit else ""
        self.fit_button = tip_button(
            row, "Fit to &width", f"Fit the page to the width{readable} (Ctrl+0)", self.fit_width
        )
        self.level = StatusLabel()
        self.level.setWordWrap(True)
        self.level.setAccessibleName("Zoom level")
        row.addWidget(self.level, 1)
        for keys, slot in (
            ((QKeySequence.StandardKey.ZoomIn, "Ctrl+="), self.zoom_in),
            ((QKeySequence.StandardKey.ZoomOut,), self.zoom_out),
            (("Ctrl+0",), self.fit_width),
        ):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), window)
                shortcut.activated.connect(slot)
        preview.zoom_changed.connect(self._show_level)
        self._show_level()

    def zoom_in(self) -> None:
        self.preview.zoom_in()
        self._say()

    def zoom_out(self) -> None:
        self.preview.zoom_out()
        self._say()

    def fit_width(self) -> None:
        self.preview.fit_width()
        self._say()

    def _show_level(self) -> None:
        self.level.setText(f"Zoom {self.preview.zoom_words()}")

    def _say(self) -> None:
        # Heard wherever the focus is: the keys work from anywhere in the dialog.
        announce(self.level, self.level.text())
