"""Wipe means wipe (issue 12): a canary typed into the real window the way a volunteer
and a lead would, then Finish, Discard or Lock now, then every widget of the application
searched — what it shows, every model it can reach, tooltips and accessible names, PDF
previews, the clipboard — and Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y pressed in every editor.
A failure names the widget where the canary was found."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QClipboard, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTableWidget,
    QTextEdit,
    QWidget,
)

from app.intake.concern.model import Concern, IndicatorAnswer, Vehicle, YoungPerson
from app.intake.concern.reference import new_reference
from tests.concern_drivers import item, message_box, open_form, press, tick_with_dates
from tests.conftest import PASSPHRASE
from tests.drivers import (
    all_visible_text,
    choose_tab,
    click,
    field,
    type_into,
    type_text,
    unlock_through_dialog,
)

CANARY = "CANARYxWipex73"
ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.EditRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.StatusTipRole,
    Qt.ItemDataRole.WhatsThisRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.AccessibleDescriptionRole,
    *(Qt.ItemDataRole.UserRole + n for n in range(4)),
)
UNDO_KEYS = (
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Undo,
    QKeySequence("Ctrl+Shift+Z"),
    QKeySequence("Ctrl+Y"),
    QKeySequence.StandardKey.Redo,
)


# -- the walk -------------------------------------------------------------------------------
def _name(widget: QWidget) -> str:
    window = widget.window()
    return (
        f"{type(widget).__name__} {widget.accessibleName() or widget.objectName()!r} "
        f"in {type(window).__name__} {window.windowTitle()!r}"
    )


def _has_children(model, index) -> bool:
    try:
        return model.hasChildren(index)
    except TypeError:  # list and table models hide it: their rows have no children
        return False


def _model_texts(model, parent=None, depth: int = 0):
    if model is None:
        return
    parent = parent or QModelIndex()
    rows = model.rowCount(parent)
    try:
        columns = model.columnCount(parent)
    except TypeError:  # a list model hides columnCount: it has one column
        columns = 1
    for row in range(rows):
        for column in range(columns):
            index = model.index(row, column, parent)
            for role in ROLES:
                yield f"row {row} column {column} role {role}", str(model.data(index, role))
            if depth < 4 and _has_children(model, index):
                yield from _model_texts(model, index, depth + 1)
    if depth == 0:
        for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
            count = columns if orientation == Qt.Orientation.Horizontal else rows
            for section in range(count):
                yield "header", str(model.headerData(section, orientation))


def _texts(widget: QWidget):
    yield "window title", widget.windowTitle()
    yield "tooltip", widget.toolTip()
    yield "status tip", widget.statusTip()
    yield "what's this", widget.whatsThis()
    yield "accessible name", widget.accessibleName()
    yield "accessible description", widget.accessibleDescription()
    if isinstance(widget, QLineEdit):
        yield "text", widget.text()
        yield "placeholder", widget.placeholderText()
        if widget.completer() is not None:
            for where, text in _model_texts(widget.completer().model()):
                yield f"completer {where}", text
    if isinstance(widget, (QLabel, QAbstractButton)):
        yield "text", widget.text()
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        yield "text", widget.toPlainText()
        yield "placeholder", widget.placeholderText()
    if isinstance(widget, QTextEdit):
        yield "html", widget.toHtml()
    if isinstance(widget, QAbstractSpinBox):
        yield "text", widget.text()
    if isinstance(widget, QComboBox):
        yield "current text", widget.currentText()
        for where, text in _model_texts(widget.model()):
            yield f"item {where}", text
        if widget.completer() is not None:
            for where, text in _model_texts(widget.completer().model()):
                yield f"completer {where}", text
    if isinstance(widget, QGroupBox):
        yield "title", widget.title()
    if isinstance(widget, QTabBar):
        for index in range(widget.count()):
            yield f"tab {index}", widget.tabText(index) + widget.tabToolTip(index)
    if isinstance(widget, QAbstractItemView):
        for where, text in _model_texts(widget.model()):
            yield f"model {where}", text
    try:
        from PySide6.QtPdfWidgets import QPdfView
    except ImportError:
        return
    if isinstance(widget, QPdfView) and widget.document() is not None:
        document = widget.document()
        for page in range(document.pageCount()):
            yield f"PDF page {page + 1}", document.getAllText(page).text()


def _settle() -> None:
    """Let deleteLater() happen: a deleted dialog holds nothing."""
    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()


def canary_found() -> list[str]:
    """Every place in the application that still holds the canary, by widget."""
    _settle()
    found = []
    for widget in QApplication.allWidgets():
        for where, text in _texts(widget):
            if CANARY in text:
                found.append(f"{_name(widget)}: {where}")
    try:
        from PySide6.QtPdf import QPdfDocument
    except ImportError:
        QPdfDocument = None
    for window in QApplication.topLevelWidgets():
        from PySide6.QtCore import QAbstractItemModel

        for model in window.findChildren(QAbstractItemModel):
            for where, text in _model_texts(model):
                if CANARY in text:
                    found.append(f"{type(model).__name__} under {_name(window)}: {where}")
        if QPdfDocument is not None:
            for document in window.findChildren(QPdfDocument):
                for page in range(document.pageCount()):
                    if CANARY in document.getAllText(page).text():
                        found.append(f"PDF document under {_name(window)}")
    board = QApplication.clipboard()
    for mode in (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection):
        if CANARY in board.text(mode):
            found.append(f"the clipboard ({mode.name})")
    return found


def _editors() -> list[QWidget]:
    return [
        w
        for w in QApplication.allWidgets()
        if isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit))
    ]


def _held(editor: QWidget) -> str:
    return editor.text() if isinstance(editor, QLineEdit) else editor.toPlainText()


def undo_history_found() -> list[str]:
    """Every editor that could still undo or redo, then what Ctrl+Z and Ctrl+Y bring back
    when pressed in each one, as a curious next person would."""
    _settle()
    found = []
    for editor in _editors():
        if isinstance(editor, QLineEdit):
            can = editor.isUndoAvailable() or editor.isRedoAvailable()
        else:
            document = editor.document()
            can = document.isUndoAvailable() or document.isRedoAvailable()
        if can:
            found.append(f"{_name(editor)}: undo or redo history kept")
    for editor in _editors():
        if editor.isReadOnly() if hasattr(editor, "isReadOnly") else False:
            continue
        for keys in UNDO_KEYS:
            QTest.keySequence(editor, QKeySequence(keys))
            if CANARY in _held(editor):
                found.append(
                    f"{_name(editor)}: {QKeySequence(keys).toString()} brought the canary back"
                )
                break
    return found


def assert_wiped() -> None:
    """Everything found, all named at once: the canary anywhere, undo or redo history
    anywhere, and the canary again after every editor was asked to undo and redo."""
    found = canary_found() + undo_history_found()
    found += [f"after Ctrl+Z/Ctrl+Y: {where}" for where in canary_found()]
    assert not found, "not wiped:\n" + "\n".join(found)


# -- the typing -----------------------------------------------------------------------------
def copy_from(edit: QLineEdit) -> None:
    """Select what a box holds and press Ctrl+C, as someone copying a name would."""
    window = edit.window()
    window.activateWindow()  # a person pressing Ctrl+C is in our window
    assert QTest.qWaitForWindowActive(window)
    edit.setFocus()
    edit.selectAll()
    QTest.keySequence(edit, QKeySequence(QKeySequence.StandardKey.Copy))
    assert CANARY in QApplication.clipboard().text()


def type_in_new_row(window, add_label: str, table_label: str, text: str) -> None:
    """Press the Add button, then type into the new row's first cell."""
    click(window, add_label)
    table = field(window, table_label)
    assert isinstance(table, QTableWidget)
    row = table.rowCount() - 1
    if table.state() != QAbstractItemView.State.EditingState:
        # Not already in the new row: move to its first cell and press F2, as a person
        # would with the keyboard.
        table.setFocus()
        table.setCurrentCell(row, 0)
        QTest.keyClick(table, Qt.Key.Key_F2)
    editors = [e for e in table.findChildren(QLineEdit) if e.isVisible()]
    assert editors, "no cell open for typing"
    editors[0].setFocus()
    type_text(editors[0], text)
    QTest.keyClick(editors[0], Qt.Key.Key_Return)
    QApplication.processEvents()  # the cell takes the text on a queued call
    assert text in table.item(row, 0).text()


def fill_with_canary(window, form, *, to_review: bool = True) -> None:
    click(window, "Next")
    assert form.current_step() is form.person
    type_into(window, "Name", f"Jade {CANARY}")
    copy_from(field(window, "Name"))
    type_into(window, "Other names or nicknames", f"JJ {CANARY}")
    type_into(window, "Date of birth", "02/03/2011")
    click(window, "Next")
    assert form.current_step() is form.happened
    type_into(window, "Where", f"The car park {CANARY}")
    type_text(field(window, "The young person's own words"), f"He said I owe him {CANARY}")
    type_text(field(window, "What you saw or heard"), f"A silver car {CANARY}")
    type_in_new_row(window, "Add a vehicle", "Vehicles", f"AB12{CANARY}")
    click(window, "Next")
    assert form.current_step() is form.checklist_step
    text = item(form, "T2-04").text
    tick_with_dates(window, text, "Not sure", "01/01/2026")
    type_into(window, f"Details: {text}", f"details {CANARY}")
    if not to_review:
        return
    click(window, "Next")
    assert form.current_step() is form.result
    click(window, "Next")
    assert form.current_step() is form.review
    assert CANARY in field(window, "The whole record").toPlainText()
    type_into(window, "Your name", f"Sam {CANARY}")


@pytest.fixture
def form(qtbot, ready, monkeypatch):
    from ui.core import wipe

    # Each test starts with the clipboard empty and not ours.
    monkeypatch.setattr(wipe, "_clipboard_is_ours", False)
    QApplication.clipboard().clear()
    return open_form(qtbot, ready, monkeypatch)


def test_the_canary_planted_is_found_by_the_walk(qtbot, form):
    # The walk is worth something only if it finds what was typed, undo included.
    window, concern_form = form
    fill_with_canary(window, concern_form)
    found = "\n".join(canary_found())
    for where in ("'Name'", "'Details: ", "'Vehicles'", "'The whole record'", "clipboard"):
        assert where in found, where
    name = concern_form.person.name
    name.clear()  # a program's clear, not the wipe: the undo history is still there
    assert any("'Name'" in line for line in undo_history_found())


def test_nothing_is_left_after_send_and_finish(qtbot, form, ready):
    window, concern_form = form
    # A volunteer looks something up in Help by the young person's name first.
    click(window, "Help")
    type_into(window, "Search help", f"Jade {CANARY}")
    click(window, "Record a concern")
    fill_with_canary(window, concern_form)
    click(window, "Send to the designated lead")
    assert concern_form.current_step() is concern_form.done_page
    click(window, "Finish and clear the form")
    assert window.pages.currentWidget() is window.home
    assert_wiped()


def test_nothing_is_left_after_discard(qtbot, form):
    window, concern_form = form
    fill_with_canary(window, concern_form)
    click(window, "Discard")
    press(message_box("Discard this concern?"), "Discard")
    assert_wiped()


def test_nothing_is_left_after_lock_now_with_a_half_typed_concern_and_records_open(
    qtbot, ready, monkeypatch
):
    from ui.core import wipe

    monkeypatch.setattr(wipe, "_clipboard_is_ours", False)
    QApplication.clipboard().clear()
    ready.seal_concern(
        Concern(
            id=new_reference(),
            checklist_version=1,
            created_at=datetime.now(UTC),
            young_person=YoungPerson(name=f"Bea {CANARY}"),
            computed_tier="2",
            own_words=f"words {CANARY}",
            vehicles=[Vehicle(f"CD34{CANARY}", "", "", "")],
            indicators=[IndicatorAnswer("T2-01")],
            recorder_name=f"Sam {CANARY}",
        )
    )
    window, concern_form = open_form(qtbot, ready, monkeypatch)
    # The lead opens the records and the concern, and starts a decision.
    unlock_through_dialog(qtbot, window, PASSPHRASE, via="Records")
    choose_tab(window, "All concerns")
    page = window.records_page
    page.table.selectRow(0)
    click(window, "Open the chosen concern")
    assert CANARY in field(window, "The chosen concern").toPlainText()
    choose_tab(window, "Decisions and follow-ups")
    type_into(window, "Their reference", f"REF {CANARY}")
    type_text(field(window, "Reason for the decision"), f"Reason {CANARY}")
    type_into(window, "Search the records", f"{CANARY}")
    click(window, "See everything about this young person")  # their page, left open
    person_page = window.records_page.person_button.dialog
    assert person_page is not None and CANARY in all_visible_text(person_page)
    # Looks something up in Help, by a name (words typed anywhere go on a lock too).
    click(window, "Help")
    type_into(window, "Search help", f"Bea {CANARY}")
    # Then goes to record a concern of their own, and is half way through it.
    click(window, "Record a concern")
    fill_with_canary(window, concern_form, to_review=False)
    click(window, "Lock now")
    assert not ready.is_unlocked
    assert_wiped()


def test_nothing_is_left_after_lock_now_with_the_referral_pack_open(qtbot, ready, monkeypatch):
    from PySide6.QtPdf import QPdfDocument

    from tests.drivers import dialog_titled

    reference = new_reference()
    ready.seal_concern(
        Concern(
            id=reference,
            checklist_version=1,
            created_at=datetime.now(UTC),
            young_person=YoungPerson(name=f"Bea {CANARY}"),
            computed_tier="2",
            own_words=f"words {CANARY}",
            indicators=[IndicatorAnswer("T2-01")],
            recorder_name="Sam Volunteer",
        )
    )
    window, _form = open_form(qtbot, ready, monkeypatch)
    unlock_through_dialog(qtbot, window, PASSPHRASE, via="Records")
    choose_tab(window, "All concerns")
    window.records_page.table.selectRow(0)
    click(window, "Open the chosen concern")
    click(window, "Referral pack…")
    dialog = dialog_titled("Referral pack")
    previews = [d for d in dialog.findChildren(QPdfDocument) if d.pageCount()]
    assert previews and any(
        CANARY in "".join(d.getAllText(p).text() for p in range(d.pageCount())) for d in previews
    ), "the walk would not see the preview"
    dialog.activateWindow()
    assert QTest.qWaitForWindowActive(dialog)
    QTest.keySequence(dialog, QKeySequence("Ctrl+L"))  # Lock now, with the pack in front
    assert not ready.is_unlocked
    assert_wiped()
