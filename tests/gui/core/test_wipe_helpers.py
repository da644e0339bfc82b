"""ui/core/wipe.py on its own: each kind of box typed into with key presses, then wiped, then
Ctrl+Z and Ctrl+Y pressed; a tree's models, completers and selections emptied while a
combo's own choices stay; the clipboard emptied only when we put what is on it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableView,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.core import wipe as wipe_module
from ui.core.wipe import forget_history, wipe, wipe_our_clipboard, wipe_tree

CANARY = "CANARYxHelperx9"
KEYS = ("Ctrl+Z", "Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y")


def _text(box) -> str:
    if isinstance(box, QComboBox):
        return box.currentText()
    if isinstance(box, QLineEdit):
        return box.text()
    if isinstance(box, QSpinBox):
        return box.text()
    return box.toPlainText()


def _editor(box):
    return box.lineEdit() if isinstance(box, (QComboBox, QSpinBox)) else box


@pytest.fixture
def screen(qtbot):
    root = QWidget()
    layout = QVBoxLayout(root)
    line, plain, rich = QLineEdit(), QPlainTextEdit(), QTextEdit()
    combo = QComboBox()
    combo.setEditable(True)
    spin = QSpinBox()
    spin.setRange(0, 99999)
    for widget in (line, plain, rich, combo, spin):
        layout.addWidget(widget)
    qtbot.addWidget(root)
    root.show()
    return root, line, plain, rich, combo, spin


def test_wipe_leaves_no_history_in_any_kind_of_box(qtbot, screen):
    _root, *boxes = screen
    for box in boxes:
        box.setFocus()
        QTest.keyClicks(_editor(box), "731" if isinstance(box, QSpinBox) else CANARY)
        wipe(box)
        assert _text(box) in ("", "0"), type(box).__name__
        assert (
            not _editor(box).isUndoAvailable()
            if isinstance(_editor(box), QLineEdit)
            else not box.document().isUndoAvailable()
        )
        for keys in KEYS:
            QTest.keySequence(_editor(box), QKeySequence(keys))
            assert CANARY not in _text(box) and "731" not in _text(box), type(box).__name__


def test_a_plain_clear_keeps_history_which_is_why_this_exists(qtbot, screen):
    _root, line, *_ = screen
    QTest.keyClicks(line, CANARY)
    line.clear()
    QTest.keySequence(line, QKeySequence("Ctrl+Z"))
    assert line.text() == CANARY  # Qt's own clear() is undoable


def test_wipe_to_a_default_keeps_only_the_default(qtbot, screen):
    _root, line, *_ = screen
    QTest.keyClicks(line, CANARY)
    wipe(line, "02/12/2026")
    QTest.keySequence(line, QKeySequence("Ctrl+Z"))
    assert line.text() == "02/12/2026" and not line.isUndoAvailable()


def test_forget_history_keeps_the_text_and_drops_the_undo(qtbot, screen):
    root, line, plain, *_ = screen
    QTest.keyClicks(line, "keep")
    QTest.keyClicks(plain, "keep")
    forget_history(root)
    assert line.text() == "keep" and plain.toPlainText() == "keep"
    assert not line.isUndoAvailable() and not plain.document().isUndoAvailable()


def test_wipe_tree_empties_models_completers_and_selections_but_not_choices(qtbot):
    root = QWidget()
    layout = QVBoxLayout(root)
    model = QStandardItemModel(0, 1, root)
    model.appendRow(QStandardItem(CANARY))
    view = QTableView()
    view.setModel(model)
    view.selectRow(0)
    names = QLineEdit()
    names.setCompleter(QCompleter(QStringListModel([CANARY], root), root))
    choices = QComboBox()  # a fixed list of answers: the screen's own words
    choices.addItems(["Yes", "No"])
    settings = QLineEdit("Riverside Youth Club")
    for widget in (view, names, choices, settings):
        layout.addWidget(widget)
    qtbot.addWidget(root)
    root.show()
    wipe_tree(root, keep=(settings,))
    assert model.rowCount() == 0 and not view.selectionModel().hasSelection()
    assert names.completer().model().rowCount() == 0
    assert [choices.itemText(i) for i in range(choices.count())] == ["Yes", "No"]
    assert settings.text() == "Riverside Youth Club"


def test_the_clipboard_is_emptied_only_when_we_put_the_text_there(qtbot, monkeypatch):
    wipe_module.watch_clipboard()
    board = QApplication.clipboard()
    window = QLineEdit()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    QTest.keyClicks(window, CANARY)
    window.selectAll()
    QTest.keySequence(window, QKeySequence(QKeySequence.StandardKey.Copy))
    assert board.text() == CANARY
    wipe_our_clipboard()
    assert board.text() == ""
    # Copied in another program (no window of ours has the focus): left alone.
    window.clearFocus()
    window.hide()
    QApplication.processEvents()
    monkeypatch.setattr(QApplication, "focusWidget", staticmethod(lambda: None))
    board.setText("someone else's text")
    wipe_our_clipboard()
    assert board.text() == "someone else's text"
    board.clear()


def test_a_cell_being_typed_in_is_closed_without_keeping_the_text(qtbot):
    from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

    table = QTableWidget(1, 1)
    table.setItem(0, 0, QTableWidgetItem(""))
    qtbot.addWidget(table)
    table.show()
    table.setFocus()
    table.setCurrentCell(0, 0)
    QTest.keyClick(table, Qt.Key.Key_F2)
    editor = table.findChild(QLineEdit)
    QTest.keyClicks(editor, CANARY)
    wipe_tree(table)
    QApplication.processEvents()
    assert table.rowCount() == 0
    assert not [e for e in table.findChildren(QLineEdit) if e.isVisible()]


def test_a_cleared_message_line_forgets_what_it_said_in_what_a_screen_reader_reads(qtbot):
    """A status line carries its text in its accessible description, and a field's error
    line puts its problem in the field's: clear() (Qt's own skips setText) empties both."""
    from ui.core.widgets import ProblemLabel, StatusLabel

    status = StatusLabel()
    qtbot.addWidget(status)
    status.setAccessibleName("Young person details")
    status.setText(f"Jade {CANARY}, born 02/03/2011")
    assert CANARY in status.accessibleDescription()
    status.clear()
    assert status.text() == "" and CANARY not in status.accessibleDescription()

    box = QLineEdit()
    qtbot.addWidget(box)
    problem = ProblemLabel("Name", box, "As they give it.")
    qtbot.addWidget(problem)
    problem.setText(f"{CANARY} is not a name we can take.")
    assert CANARY in box.accessibleDescription() and CANARY in problem.accessibleName()
    problem.clear()
    assert CANARY not in box.accessibleDescription() + problem.accessibleName()
    assert box.accessibleDescription() == "As they give it."
