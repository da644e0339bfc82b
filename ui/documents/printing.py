"""Print or save a PDF that exists only in memory (no temp file, ever)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from app.core.atomic import atomic_write
from app.core.errors import SaveFailed
from ui.core import ask

MAX_PRINT_DPI = 300


def load_pdf(pdf: bytes, parent: QWidget | None = None) -> QPdfDocument:
    document = QPdfDocument(parent)
    buffer = QBuffer(document)  # parented, so it lives exactly as long as the document
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Render each page onto the printer at its resolution; return the pages printed."""
    document = load_pdf(pdf)
    painter = QPainter()
    if not painter.begin(printer):
        raise SaveFailed("The printer could not be started.")
    try:
        # Pages are printed as images: 300 dpi is sharp on paper and on a fax, where the
        # printer's own 1200 dpi would mean about 550 MB and seconds per A4 page.
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        pages = document.pageCount()
        for index in range(pages):
            if index:
                printer.newPage()
            points = document.pagePointSize(index)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(index, size)
            target = painter.viewport()
            scaled = size.scaled(target.size(), _keep_aspect())
            painter.drawImage(QRect(target.topLeft(), scaled), image)
    finally:
        painter.end()
        document.deleteLater()
    return pages


def _keep_aspect():  # a function so the enum lookup stays out of import time
    from PySide6.QtCore import Qt

    return Qt.AspectRatioMode.KeepAspectRatio


def print_html(parent: QWidget | None, html: str) -> bool:
    """A plain printout of rich text, straight from memory to the printer."""
    from PySide6.QtGui import QTextDocument

    printer = ask.choose_printer(parent)
    if printer is None:
        return False
    document = QTextDocument()
    document.setHtml(html)
    document.print_(printer)
    return True


def print_with_dialog(parent: QWidget | None, pdf: bytes) -> bool:
    printer = ask.choose_printer(parent)
    if printer is None:
        return False
    print_pdf(pdf, printer)
    return True


def save_with_dialog(parent: QWidget | None, pdf: bytes, title: str, suggested: str) -> str | None:
    chosen = ask.choose_pdf_path(parent, title, suggested)
    if not chosen:
        return None
    try:
        atomic_write(Path(chosen), pdf)
    except OSError as exc:
        raise SaveFailed() from exc
    return chosen
