"""The one way to wipe: every clear, discard, finish and lock goes through here.

Emptying what a box shows is not enough. A text box keeps an undo history, so Ctrl+Z
can bring back the last young person's name for the next person at the PC, with no
passphrase. Item views keep selections and open cell editors, completers keep their own
models, and a PDF preview keeps its document. These helpers empty all of that.

Clipboard (a choice, so written down): the clipboard is emptied on a lock, Finish,
Discard and time-out only when this app put what is on it there (a reference or a name
copied from one of our windows). Something the volunteer copied from another program is
left alone: it is theirs, and wiping it would lose work they did not ask us to touch.
"""

from __future__ import annotations

# The start path loads this module, but wiping runs later: its classes are named through
# their modules so their enums are built when first wiped (see ui/core/widgets.py).
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtWidgets import QApplication, QWidget


def _line_edit(widget: QWidget) -> QtWidgets.QLineEdit | None:
    """The text box inside an editable combo or a spin box, or the box itself."""
    if isinstance(widget, QtWidgets.QLineEdit):
        return widget
    if isinstance(widget, QtWidgets.QComboBox):
        return widget.lineEdit()
    if isinstance(widget, QtWidgets.QAbstractSpinBox):
        return widget.findChild(QtWidgets.QLineEdit)
    return None


def _reset_line(edit: QtWidgets.QLineEdit, text: str) -> None:
    # clear() is itself an undoable edit; setText() starts a fresh history (checked by
    # isUndoAvailable() in tests/gui/core/test_wipe_canary.py). Both, so neither order matters.
    edit.clear()
    edit.setText(text)
    edit.setModified(False)
    edit.deselect()


def _reset_document(edit: QtWidgets.QPlainTextEdit | QtWidgets.QTextEdit, text: str | None) -> None:
    document = edit.document()
    if text is not None:
        edit.setPlainText(text)
    document.clearUndoRedoStacks()
    document.setModified(False)


def wipe(edit: QWidget, text: str = "") -> None:
    """Empty one box (or set it to `text`, a default such as today's date) and forget
    everything it held before: Ctrl+Z and Ctrl+Y bring nothing back."""
    inner = getattr(edit, "edit", None)  # LongText: the editor inside carries the text
    if isinstance(inner, (QtWidgets.QPlainTextEdit, QtWidgets.QTextEdit)):
        edit = inner
    if isinstance(edit, (QtWidgets.QPlainTextEdit, QtWidgets.QTextEdit)):
        _reset_document(edit, text)
    elif isinstance(edit, QtWidgets.QComboBox):
        line = edit.lineEdit()
        if line is not None:
            _reset_line(line, text)
    elif isinstance(edit, QtWidgets.QAbstractSpinBox):
        if isinstance(edit, (QtWidgets.QSpinBox, QtWidgets.QDoubleSpinBox)):
            edit.setValue(edit.minimum())  # "Not known", where the box has such a word
        line = edit.findChild(QtWidgets.QLineEdit)
        if line is not None:
            _reset_line(line, line.text())  # the box's own text for its value, no history
    else:
        line = _line_edit(edit)
        if line is not None:
            _reset_line(line, text)


def forget_history(root: QWidget) -> None:
    """Every editor in `root` keeps what it shows now and loses its undo/redo history.
    Also closes open cell editors, so a half-typed cell is not committed later."""
    for widget in [root, *root.findChildren(QWidget)]:
        if (
            isinstance(widget, QtWidgets.QAbstractItemView)
            and widget.state() == QtWidgets.QAbstractItemView.State.EditingState
        ):
            widget.reset()  # closes the cell editor without committing it
        if isinstance(widget, (QtWidgets.QPlainTextEdit, QtWidgets.QTextEdit)):
            _reset_document(widget, None)
        elif isinstance(widget, QtWidgets.QLineEdit) and (
            widget.isUndoAvailable() or widget.isRedoAvailable()
        ):
            # A spin box or date box re-reads its own text; setting the same text
            # back is harmless and is what clears QLineEdit's history.
            cursor = widget.cursorPosition()
            widget.setText(widget.text())
            widget.setModified(False)
            widget.setCursorPosition(cursor)


def _empty_model(model: QtCore.QAbstractItemModel | None) -> None:
    if isinstance(model, QtCore.QStringListModel):
        model.setStringList([])
    elif isinstance(model, QtGui.QStandardItemModel):
        model.removeRows(0, model.rowCount())


def _in_combo(widget: QWidget) -> bool:
    """A combo's drop-down list: its choices are the screen's own, not a record."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QtWidgets.QComboBox):
            return True
        parent = parent.parentWidget()
    return False


def wipe_tree(root: QWidget, keep: tuple[QWidget, ...] = ()) -> None:
    """Empty every record-holding widget under `root`: text boxes (and their history),
    editable combos, list/table/tree widgets, selections, completers, PDF previews.

    Labels, tick boxes and fixed choice lists are left as they are: they hold the
    screen's own words, and each page's clear() puts its defaults back after this.
    `keep` lists widgets (and their children) that hold no record, e.g. settings."""
    kept = set(keep)
    for widget in [root, *root.findChildren(QWidget)]:
        if kept and any(w is widget or w.isAncestorOf(widget) for w in kept):
            continue
        if isinstance(widget, QtWidgets.QAbstractItemView) and not _in_combo(widget):
            widget.reset()
            if widget.selectionModel() is not None:
                widget.selectionModel().clear()
            if isinstance(widget, QtWidgets.QTableWidget):
                widget.setRowCount(0)
            elif isinstance(widget, (QtWidgets.QListWidget, QtWidgets.QTreeWidget)):
                widget.clear()
            else:
                _empty_model(widget.model())
        if isinstance(widget, (QtWidgets.QPlainTextEdit, QtWidgets.QTextEdit)):
            wipe(widget)
        elif isinstance(widget, QtWidgets.QComboBox):
            if widget.isEditable():
                widget.clearEditText()
                wipe(widget)
            if widget.completer() is not None:
                _empty_model(widget.completer().model())
        elif isinstance(widget, QtWidgets.QLineEdit):
            if widget.completer() is not None:
                _empty_model(widget.completer().model())
            if not isinstance(widget.parent(), (QtWidgets.QAbstractSpinBox, QtWidgets.QComboBox)):
                wipe(widget)
        _wipe_pdf(widget)
    for completer in root.findChildren(QtWidgets.QCompleter):
        _empty_model(completer.model())
    forget_history(root)


def _pdf_view_class() -> type | None:
    # Looked up once: wipe_tree asks this of every widget on every lock. The preview
    # (ui/documents) is a QPdfView with its own clear(), so ui/core need not import it.
    global _PDF_VIEW
    if _PDF_VIEW is False:
        try:
            from PySide6.QtPdfWidgets import QPdfView  # deferred: only screens with a preview
        except ImportError:  # no PDF module: no previews to wipe
            _PDF_VIEW = None
        else:
            _PDF_VIEW = QPdfView
    return _PDF_VIEW


_PDF_VIEW: type | bool | None = False


def _wipe_pdf(widget: QWidget) -> None:
    view = _pdf_view_class()
    if view is None or not isinstance(widget, view):
        return
    clear = getattr(widget, "clear", None)  # our PdfPreview forgets its pages and document
    if callable(clear):
        clear()
    elif widget.document() is not None:
        widget.document().close()


_clipboard_is_ours = False


def _clipboard_changed() -> None:
    # Not every platform answers ownsClipboard() (Qt's offscreen one never does), so
    # remember: a copy made while one of our windows has the focus is our copy.
    global _clipboard_is_ours
    app = QApplication.instance()
    _clipboard_is_ours = isinstance(app, QApplication) and (
        app.clipboard().ownsClipboard() or app.focusWidget() is not None
    )


def watch_clipboard() -> None:
    """Start noting whether what is on the clipboard came from us (once, at start)."""
    app = QApplication.instance()
    if isinstance(app, QApplication) and not app.property("wipe_watches_clipboard"):
        app.clipboard().dataChanged.connect(_clipboard_changed)
        app.setProperty("wipe_watches_clipboard", True)


def wipe_our_clipboard() -> None:
    """Empty the clipboard (and the X11 selection) if this app put what is on it."""
    global _clipboard_is_ours
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    board = app.clipboard()
    if board.ownsClipboard() or (_clipboard_is_ours and board.text()):
        board.clear(QtGui.QClipboard.Mode.Clipboard)
    _clipboard_is_ours = False
    if board.supportsSelection() and board.ownsSelection():
        board.clear(QtGui.QClipboard.Mode.Selection)


def wipe_application() -> None:
    """On lock: no editor anywhere keeps undo history, and our clipboard is emptied."""
    for window in QApplication.topLevelWidgets():
        forget_history(window)
    wipe_our_clipboard()


__all__ = [
    "forget_history",
    "watch_clipboard",
    "wipe",
    "wipe_application",
    "wipe_our_clipboard",
    "wipe_tree",
]
