"""An in-app preview of a PDF held in memory: pages, zoom, nothing written to disk."""

from __future__ import annotations

from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QWidget

from ui.documents.printing import load_pdf


class PdfPreview(QPdfView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Preview")
        self.setPageMode(QPdfView.PageMode.MultiPage)
        self.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._document: QPdfDocument | None = None
        # Shown when there is nothing to show: QPdfView dislikes a null document.
        self._empty = QPdfDocument(self)

    def show_pdf(self, pdf: bytes) -> None:
        old = self._document
        self._document = load_pdf(pdf, self)
        self.setDocument(self._document)
        if old is not None:
            old.deleteLater()

    @property
    def page_count(self) -> int:
        return self._document.pageCount() if self._document else 0

    def clear(self) -> None:
        """Forget the document (a lock must leave nothing on screen or in memory)."""
        self.setDocument(self._empty)
        if self._document is not None:
            self._document.deleteLater()
            self._document = None
