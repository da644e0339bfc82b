"""Drive the real widgets the way a person does: by the labels they can see."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QWidget,
)


def gone(widget: QWidget) -> bool:
    """Closed, or closed and deleted (the app deletes dialogs that held typed text)."""
    import shiboken6

    return not shiboken6.isValid(widget) or not widget.isVisible()


def settle_layout() -> None:
    """Carry out the layout work that showing or hiding widgets has queued, so a picture
    taken next shows the dialog as a person sees it (no fixed pause needed: grab() paints
    at once, and the queued layout requests are the only thing it could miss)."""
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def _plain(text: str) -> str:
    return text.replace("&", "").strip()


def field(root: QWidget, label: str) -> QWidget:
    """The visible widget whose accessible name (its visible label) is `label`."""
    found = [w for w in root.findChildren(QWidget) if w.accessibleName() == label and w.isVisible()]
    assert found, f"no visible field labelled {label!r}"
    assert len(found) == 1, f"{len(found)} fields labelled {label!r}"
    return found[0]


def problem(root: QWidget, label: str) -> QWidget:
    """The message line under the field labelled `label` (it is read out as
    "<label>: <the problem>", and the field carries the problem in its description)."""
    found = [w for w in root.findChildren(QWidget) if w.property("problem_for") == label]
    assert found, f"no message line for a field labelled {label!r}"
    assert len(found) == 1, f"{len(found)} message lines for {label!r}"
    return found[0]


def heard(widget: QWidget) -> str:
    """What a screen reader reads for `widget`: its accessible name, then description."""
    from PySide6.QtGui import QAccessible

    face = QAccessible.queryAccessibleInterface(widget)
    assert face is not None, f"{widget!r} is not accessible"
    said = (face.text(QAccessible.Text.Name), face.text(QAccessible.Text.Description))
    return " ".join(x for x in said if x)


def unlock_refusal(dialog: QWidget) -> str:
    """The unlock dialog's refusal as shown, checked to be read out with the field the
    cursor is back in (a fixed name on the message once hid it from screen readers)."""
    from PySide6.QtWidgets import QLabel

    shown = [
        w
        for w in dialog.findChildren(QLabel)
        if w.property("role") == "field-error" and w.isVisible() and w.text()
    ]
    assert len(shown) == 1, f"{len(shown)} messages shown"
    focused = dialog.focusWidget()
    assert isinstance(focused, QLineEdit), f"the cursor is on {focused!r}, not in the field"
    assert shown[0].text() in heard(focused)
    return shown[0].text()


def button(root: QWidget, text: str) -> QAbstractButton:
    found = [
        b for b in root.findChildren(QAbstractButton) if _plain(b.text()) == text and b.isVisible()
    ]
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


def scroll_to(widget: QWidget) -> None:
    """Scroll every scroll area around `widget` to it, as a person scrolls down to a
    button before clicking (a click lands on whatever is at its place in the window)."""
    from PySide6.QtWidgets import QScrollArea

    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 0, 0)
        parent = parent.parentWidget()


def click(root: QWidget, text: str) -> None:
    target = button(root, text)
    assert target.isEnabled(), f"button {text!r} is disabled"
    scroll_to(target)
    QTest.mouseClick(target, Qt.MouseButton.LeftButton)


def click_item(view, text: str) -> None:
    """Click the list entry whose visible text is `text`, scrolled into view first."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    (item,) = view.findItems(text, Qt.MatchFlag.MatchExactly)
    view.scrollToItem(item)
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualItemRect(item).center()
    )


def open_dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def dialog_titled(title: str) -> QDialog:
    found = [d for d in open_dialogs() if d.windowTitle() == title]
    assert found, f"no open dialog {title!r}; open: {[d.windowTitle() for d in open_dialogs()]}"
    return found[-1]


def open_print_handouts(qtbot, session) -> tuple[QWidget, QDialog]:
    """The main window shown, and Print handouts opened from Help, as a person does."""
    from ui.main_window import MainWindow

    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    click(window, "Help")
    click(window, "Print handouts…")
    return window, dialog_titled("Print handouts")


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


def walk_wizard_to_recovery_code(
    wizard, *, name: str, passphrase: str, lead: str = "Sam Okafor", area: str = "Northamptonshire"
):
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


def run_setup_wizard(
    qtbot,
    wizard,
    *,
    name: str,
    passphrase: str,
    lead: str = "Sam Okafor",
    area: str = "Northamptonshire",
) -> str:
    """Walk the setup wizard page by page; return the recovery code it showed."""
    walk_wizard_to_recovery_code(wizard, name=name, passphrase=passphrase, lead=lead, area=area)
    code_label = [
        w
        for w in wizard.findChildren(QWidget)
        if w.accessibleName().startswith("Recovery code ") and w.isVisible()
    ]
    assert code_label, "the recovery code is not on screen"
    code = code_label[0].text()
    assert not button(wizard, "Finish").isEnabled(), "Finish must wait for the tick-box"
    field(wizard, "I have the recovery code stored safely").setChecked(True)
    click(wizard, "Finish")
    qtbot.waitUntil(lambda: gone(wizard), timeout=20_000)
    return code


def unlock_through_dialog(
    qtbot, window, passphrase: str, *, via: str = "Settings", who: str = ""
) -> None:
    """Press Records or Settings, choose who is unlocking by its label in the list, e.g.
    "Sam Okafor (designated lead)" (not needed with one account: it is chosen already),
    type the passphrase into the unlock dialog, wait."""
    click(window, via)
    dialog = dialog_titled("Unlock the records")
    if who:
        click(dialog, who)
    type_into(dialog, "Passphrase", passphrase)
    click(dialog, "Unlock")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)


def tick(root, text: str) -> None:
    """Tick the visible tick box that reads `text`."""
    boxes = [b for b in root.findChildren(QCheckBox) if b.text() == text and b.isVisible()]
    assert boxes, f"no tick box {text!r}"
    boxes[0].setChecked(True)


def fill_concern_to_review(window, form, canary: str, *, name: str = "", dob: str = "02/03/2011"):
    """Walk the concern form from step 1 to Check and send, with `canary` in the text."""
    name = name or f"Jade {canary}"
    click(window, "Next")  # nobody in danger now
    assert form.current_step() is form.person
    type_into(window, "Name", name)
    type_into(window, "Other names or nicknames", "JJ")
    type_into(window, "Date of birth", dob)
    type_into(window, "School or college", "Riverside Academy")
    click(window, "Next")
    assert form.current_step() is form.happened
    type_into(window, "Where", f"The car park behind the hall {canary}")
    type_text(field(window, "The young person's own words"), f"He said I owe him {canary}")
    type_text(field(window, "What you saw or heard"), "A silver car waited for 20 minutes.")
    form.happened.vehicles.add_row(["AB12 CDE", "Ford", "Silver", "tinted windows"])
    form.happened.people.add_row(["Dan", "D", "man in his twenties", "25"])
    form.happened.contacts.add_row(["07700 900123", ""])
    click(window, "Next")
    assert form.current_step() is form.checklist_step
    tick(window, form.checklist.indicators[20].text)  # any item
    click(window, "Next")
    assert form.current_step() is form.result
    result_text = field(window, "Checklist result").toPlainText()
    assert "does not replace talking to your designated lead" in result_text
    click(window, "Next")
    assert form.current_step() is form.review
    record = field(window, "The whole record").toPlainText()
    assert "He said I owe him" in record and "AB12 CDE" in record
    type_into(window, "Your name", "Sam Volunteer")
    type_into(window, "Your role", "Volunteer")


def choose_tab(root, text: str) -> None:
    """Open the tab whose label reads `text` (as clicking it would)."""
    from PySide6.QtWidgets import QTabWidget

    for tabs in root.findChildren(QTabWidget):
        for index in range(tabs.count()):
            if _plain(tabs.tabText(index)) == text and tabs.isVisible():
                tabs.setCurrentIndex(index)
                return
    raise AssertionError(f"no visible tab {text!r}")


def contents_item(tree, title: str):
    """Help's Contents: the topic titled `title`, under whichever chapter holds it."""
    for i in range(tree.topLevelItemCount()):
        chapter = tree.topLevelItem(i)
        for j in range(chapter.childCount()):
            if chapter.child(j).text(0) == title:
                return chapter.child(j)
    raise AssertionError(f"no topic {title!r} in the contents")
