"""Drive the real widgets the way a person does: by the labels they can see."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QWidget,
)


def _plain(text: str) -> str:
    return text.replace("&", "").strip()


def field(root: QWidget, label: str) -> QWidget:
    """The visible widget whose accessible name (its visible label) is `label`."""
    found = [w for w in root.findChildren(QWidget)
             if w.accessibleName() == label and w.isVisible()]
    assert found, f"no visible field labelled {label!r}"
    assert len(found) == 1, f"{len(found)} fields labelled {label!r}"
    return found[0]


def button(root: QWidget, text: str) -> QAbstractButton:
    found = [b for b in root.findChildren(QAbstractButton)
             if _plain(b.text()) == text and b.isVisible()]
    visible = [_plain(b.text()) for b in root.findChildren(QAbstractButton) if b.isVisible()]
    assert found, f"no visible button {text!r}; have {visible}"
    return found[0]


def type_into(root: QWidget, label: str, text: str) -> None:
    edit = field(root, label)
    assert isinstance(edit, QLineEdit), f"{label!r} is not a text box"
    edit.setFocus()
    edit.selectAll()
    QTest.keyClick(edit, Qt.Key.Key_Delete)
    type_text(edit, text)


def type_text(widget: QWidget, text: str) -> None:
    """Key presses for every character, including ones QTest's ASCII table lacks."""
    for ch in text:
        if ch.isascii():
            QTest.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def choose(root: QWidget, label: str, item_text: str) -> None:
    combo = field(root, label)
    assert isinstance(combo, QComboBox)
    index = combo.findText(item_text)
    assert index >= 0, f"{item_text!r} is not in {label!r}"
    combo.setCurrentIndex(index)


def click(root: QWidget, text: str) -> None:
    target = button(root, text)
    assert target.isEnabled(), f"button {text!r} is disabled"
    QTest.mouseClick(target, Qt.MouseButton.LeftButton)


def open_dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def dialog_titled(title: str) -> QDialog:
    found = [d for d in open_dialogs() if d.windowTitle() == title]
    assert found, f"no open dialog {title!r}; open: {[d.windowTitle() for d in open_dialogs()]}"
    return found[-1]


def all_visible_text(root: QWidget) -> str:
    """Everything a widget tree shows or holds as text, for canary searches."""
    from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit

    parts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, (QLineEdit, QLabel, QAbstractButton)):
            parts.append(widget.text())
        elif isinstance(widget, (QTextEdit, QPlainTextEdit)):
            parts.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            parts.extend(widget.itemText(i) for i in range(widget.count()))
            parts.append(widget.currentText())
        parts.append(widget.accessibleName())
        parts.append(widget.toolTip())
        parts.append(widget.windowTitle())
    return "\n".join(parts)


def walk_wizard_to_recovery_code(wizard, *, name: str, passphrase: str,
                                 lead: str = "Sam Okafor", area: str = "Northamptonshire"):
    """Fill in every page of the setup wizard up to the recovery code."""
    click(wizard, "Next")  # welcome
    type_into(wizard, "Organisation name", name)
    choose(wizard, "Area", area)
    click(wizard, "Next")
    assert field(wizard, "Children's social care: phone").text()  # filled from the area
    click(wizard, "Next")
    type_into(wizard, "Designated lead: name", lead)
    type_into(wizard, "Designated lead: role", "Youth Leader")
    type_into(wizard, "Designated lead: phone", "01604 555 0101")
    click(wizard, "Next")
    type_into(wizard, "Passphrase", passphrase)
    type_into(wizard, "Passphrase again", passphrase)
    click(wizard, "Next")


def run_setup_wizard(qtbot, wizard, *, name: str, passphrase: str, lead: str = "Sam Okafor",
                     area: str = "Northamptonshire") -> str:
    """Walk the setup wizard page by page; return the recovery code it showed."""
    walk_wizard_to_recovery_code(wizard, name=name, passphrase=passphrase, lead=lead, area=area)
    code_label = [w for w in wizard.findChildren(QWidget)
                  if w.accessibleName().startswith("Recovery code ") and w.isVisible()]
    assert code_label, "the recovery code is not on screen"
    code = code_label[0].text()
    assert not button(wizard, "Finish").isEnabled(), "Finish must wait for the tick-box"
    field(wizard, "I have the recovery code stored safely").setChecked(True)
    click(wizard, "Finish")
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=20_000)
    return code


def unlock_through_dialog(qtbot, window, passphrase: str, *, via: str = "Settings") -> None:
    """Press Records or Settings, type the passphrase into the unlock dialog, wait."""
    click(window, via)
    dialog = dialog_titled("Unlock the records")
    type_into(dialog, "Passphrase", passphrase)
    click(dialog, "Unlock")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
