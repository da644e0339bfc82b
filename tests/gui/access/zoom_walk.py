"""Walk the real app at a large text size and report what a person could not reach or read.

Run as its own process, under a real X server (xvfb-run), because QT_SCALE_FACTOR must be
set before the QApplication exists:

    QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=1.5 xvfb-run -a -s "-screen 0 1024x768x24" \
        python -m tests.gui.access.zoom_walk REPORT.json [SHOTS_FOLDER]

It walks home, every concern step (and the 999 page), Sent, Unlock, Records, Settings and
Help (and Print handouts). On each screen, every visible control must be on the screen,
or inside a scroll area that scrolls it there (scrolled with ensureWidgetVisible, then its
rectangle is clipped by every parent and by the screen), and no label's text may be cut
(a word-wrapped label needs its heightForWidth, any other its sizeHint), and no tree's
entry may be cut or run past its visible width. The report is a JSON list of problems.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStyle,
    QTabBar,
    QTextEdit,
    QTreeWidget,
    QWidget,
)

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QAbstractSpinBox,
    QComboBox,
    QPlainTextEdit,
    QTextEdit,
    QAbstractItemView,
    QTabBar,
)
PASSPHRASE = "kettle orange bicycle lantern"


def describe(widget: QWidget) -> str:
    words = ""
    for getter in ("text", "accessibleName", "title", "objectName"):
        value = getattr(widget, getter, None)
        value = value() if callable(value) else ""
        if isinstance(value, str) and value.strip():
            words = value.replace("&", "").replace("\n", " ")[:70]
            break
    return f"{type(widget).__name__} {words!r}"


def is_part_of_another(widget: QWidget) -> bool:
    """Pieces Qt builds inside a control (a spin box's editor, a tab bar's arrows, a
    table's header and corner button, a scroll bar's own parts): checked with their
    control, not on their own."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QAbstractSpinBox, QComboBox, QTabBar, QAbstractItemView)):
            return True
        parent = parent.parentWidget()
    return isinstance(widget, QHeaderView)


def scroll_areas(widget: QWidget) -> list[QScrollArea]:
    found = []
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            found.append(parent)
        parent = parent.parentWidget()
    return found


def global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def shown_part(widget: QWidget) -> QRect:
    """The part of `widget` on screen: clipped by every parent and by the screen."""
    rect = global_rect(widget)
    child, parent = widget, widget.parentWidget()
    while parent is not None and not child.isWindow():  # a dialog is not clipped by its owner
        rect = rect.intersected(global_rect(parent))
        child, parent = parent, parent.parentWidget()
    return rect.intersected(widget.screen().availableGeometry())


def needed_part(widget: QWidget) -> QRect:
    """What must show: the whole widget, or as much of it as its scroll area's viewport
    can hold (a tall text box shows its top; the rest scrolls inside it)."""
    width, height = widget.width(), widget.height()
    areas = scroll_areas(widget)
    if areas:
        viewport = areas[0].viewport().size()
        width, height = min(width, viewport.width()), min(height, viewport.height())
    screen = widget.screen().availableGeometry()
    width, height = min(width, screen.width()), min(height, screen.height())
    return QRect(widget.mapToGlobal(QPoint(0, 0)), QRect(0, 0, width, height).size())


def bring_into_view(widget: QWidget) -> None:
    """Scroll each scroll area around `widget`, the innermost first, as a person would.

    ensureWidgetVisible shows a text box's cursor rather than the box, so the widget's
    own rectangle (as much as the viewport holds) is then scrolled to with ensureVisible.
    """
    for area in scroll_areas(widget):
        area.ensureWidgetVisible(widget, 0, 0)
        viewport = area.viewport().size()
        top_left = widget.mapTo(area.widget(), QPoint(0, 0))
        width = min(widget.width(), viewport.width())
        height = min(widget.height(), viewport.height())
        area.ensureVisible(
            top_left.x() + width // 2, top_left.y() + height // 2, width // 2, height // 2
        )
    QApplication.processEvents()


def unreachable(widget: QWidget) -> str:
    bring_into_view(widget)
    need = needed_part(widget)
    shown = shown_part(widget)
    if need.isEmpty():
        return "has no size"
    # One pixel is let go at each edge: at 1.5x, logical pixels round either way.
    if not shown.adjusted(-1, -1, 1, 1).contains(need):
        return (
            f"off screen or clipped: needs {need.getRect()}, shows "
            f"{shown.getRect() if not shown.isEmpty() else 'nothing'}"
        )
    return ""


def cut_label(label: QLabel) -> str:
    if not label.text().strip() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return ""
    if label.wordWrap():
        wanted = label.heightForWidth(label.width())
        if wanted > label.height() + 1:
            return f"word-wrapped text cut: needs {wanted} px high, has {label.height()}"
        return ""
    hint = label.sizeHint()
    if hint.width() > label.width() + 1 or hint.height() > label.height() + 1:
        return (
            f"text cut: needs {hint.width()}x{hint.height()}, has {label.width()}x{label.height()}"
        )
    return ""


def cut_button(button: QAbstractButton) -> str:
    """A button narrower than its words shows them cut."""
    if isinstance(button, QAbstractButton) and button.text():
        hint = button.minimumSizeHint() if button.minimumSizeHint().isValid() else QRect()
        if hint.width() > button.width() + 1:
            return f"words cut: needs {hint.width()} px wide, has {button.width()}"
    return ""


def cut_titles(tree: QTreeWidget) -> str:
    """A tree's entries are read whole: each fits its row (wrapped if need be) and the
    row fits the visible width, with no sideways scrolling to read the end of it."""
    metrics = tree.fontMetrics()
    seen = tree.viewport().rect()
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    for item in items:
        items.extend(item.child(j) for j in range(item.childCount()))
        rect = tree.visualItemRect(item)
        if rect.isEmpty():
            continue  # folded away
        text = item.text(0)
        # Less the style's margin each side of an entry's text (QCommonStyle's textMargin).
        margin = tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1
        room = QRect(0, 0, rect.width() - 2 * margin, 100_000)
        need = metrics.boundingRect(room, int(Qt.TextFlag.TextWordWrap), text)
        if rect.right() > seen.right() + 1:
            return f"title {text!r} runs past the visible {seen.width()} px: {rect.getRect()}"
        if need.height() > rect.height():
            return f"title {text!r} cut: needs {need.width()}x{need.height()}, has {rect.getRect()}"
    return ""


def geometry(top: QWidget) -> list[QRect]:
    """Where the window and everything visible in it sit now."""
    shown = [w.geometry() for w in top.findChildren(QWidget) if w.isVisible()]
    return [top.frameGeometry(), *shown]


def settle(top: QWidget, timeout_ms: int = 3_000) -> None:
    """Wait until the layouts have settled: the queued layout work done, and nothing in the
    window moving or resizing for three looks in a row (the X server answers a resize
    later, on the event loop)."""
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    end = time.monotonic() + timeout_ms / 1000
    last, still = geometry(top), 0
    while still < 3 and time.monotonic() < end:
        QTest.qWait(20)
        now = geometry(top)
        still = still + 1 if now == last else 0
        last = now


def check_screen(name: str, top: QWidget, problems: list[str]) -> None:
    settle(top)
    window_rect = top.frameGeometry()
    screen = top.screen().availableGeometry()
    if not screen.contains(window_rect):
        problems.append(
            f"{name}: window {window_rect.getRect()} is bigger than or off the "
            f"screen {screen.getRect()}"
        )
    checked = 0
    for widget in top.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not top:
            continue
        if isinstance(widget, QLabel):
            problem = cut_label(widget) or unreachable(widget)
        elif isinstance(widget, CONTROLS) and not is_part_of_another(widget):
            problem = unreachable(widget) or cut_button(widget)
            if isinstance(widget, QTreeWidget):
                problem = problem or cut_titles(widget)
            checked += 1
        else:
            continue
        if problem:
            problems.append(f"{name}: {describe(widget)}: {problem}")
    if checked == 0:
        problems.append(f"{name}: no controls found: the walk went wrong")


class Walk:
    def __init__(self, shots: Path | None) -> None:
        self.problems: list[str] = []
        self.shots = shots

    def check(self, name: str, top: QWidget) -> None:
        settle(top)  # a dialog just opened is laid out at its final size first
        check_screen(name, top, self.problems)
        if self.shots is not None:
            for area in top.findChildren(QScrollArea):
                area.verticalScrollBar().setValue(0)
            settle(top)
            top.grab().save(str(self.shots / f"{name}.png"))


def main(walk: Walk) -> int:
    from app.core.paths import resolve
    from app.keys.kdf import FAST_FOR_TESTS
    from app.keys.session import Session
    from tests.drivers import (
        choose,
        choose_tab,
        click,
        dialog_titled,
        field,
        gone,
        open_dialogs,
        tick,
        type_into,
        type_text,
    )
    from tests.security.leak_scenario import Waiter
    from ui.application import make_qapplication, show_main_window
    from ui.main_window import MainWindow

    app = make_qapplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        paths = resolve(tmp)
        paths.ensure()
        session = Session(paths, kdf_params=lambda: FAST_FOR_TESTS)
        window = MainWindow(session)
        show_main_window(window)
        QTest.qWaitForWindowExposed(window)
        # Setting up, as a lead does on the old office PC.
        window.start_setup()
        wizard = window.wizard
        QTest.qWaitForWindowExposed(wizard)
        walk.check("setup-1", wizard)
        click(wizard, "Next")
        type_into(wizard, "Organisation name", "Riverside Youth Club")
        choose(wizard, "Area", "Northamptonshire")
        walk.check("setup-2", wizard)
        click(wizard, "Next")
        walk.check("setup-3", wizard)
        click(wizard, "Next")
        type_into(wizard, "Designated lead: name", "Sam Okafor")
        type_into(wizard, "Designated lead: role", "Youth Leader")
        type_into(wizard, "Designated lead: phone", "01604 555 0101")
        type_into(wizard, "Deputy lead: phone (optional)", "01604 555 0202")
        walk.check("setup-4", wizard)
        click(wizard, "Next")
        type_into(wizard, "Passphrase", PASSPHRASE)
        type_into(wizard, "Passphrase again", PASSPHRASE)
        walk.check("setup-5", wizard)
        click(wizard, "Next")
        walk.check("setup-6", wizard)
        field(wizard, "I have the recovery code stored safely").setChecked(True)
        click(wizard, "Finish")
        Waiter.waitUntil(lambda: gone(wizard), 20_000)
        walk.check("home-after-setup", window)  # with the status line saying what next
        window.lock_now()
        walk.check("home", window)

        click(window, "Record a concern")
        form = window.record_page
        walk.check("concern-1", window)
        tick(window, next(iter(form.danger.boxes.values())).text())
        click(window, "Next")
        walk.check("concern-999", window)
        field(window, "I have called 999").setChecked(True)
        click(window, "Continue, and record what happened")
        walk.check("concern-2", window)
        type_into(window, "Name", "Jade Example")
        type_into(window, "Date of birth", "02/03/2012")
        click(window, "Next")
        walk.check("concern-3", window)
        type_into(window, "Where", "The car park behind the hall")
        type_text(field(window, "The young person's own words"), "He said I owe him.")
        form.happened.vehicles.add_row(["AB12 CDE", "Ford", "Silver", "tinted windows"])
        click(window, "Next")
        walk.check("concern-4", window)
        tick(window, form.checklist.indicator("T2-02").text)
        walk.check("concern-4-ticked", window)
        click(window, "Next")
        walk.check("concern-5", window)
        click(window, "Next")
        walk.check("concern-6", window)
        type_into(window, "Your name", "Sam Volunteer")
        click(window, "Send to the designated lead")
        walk.check("concern-sent", window)
        click(window, "Finish and clear the form")

        # Practice mode: the story beside the form, or above it when narrow, on every
        # step; then hidden by the person's choice.
        click(window, "Practise with a made-up case")
        walk.check("practice-choose", window)
        click(window, "Start this case")
        walk.check("practice-1", window)
        for step in range(2, 7):
            click(window, "Next")
            walk.check(f"practice-{step}", window)
        click(window, "Hide the story")
        walk.check("practice-6-story-hidden", window)
        click(window, "Finish practice")
        walk.check("practice-feedback", window)
        click(window, "Done")

        click(window, "Records")
        unlock = dialog_titled("Unlock the records")
        walk.check("unlock", unlock)
        type_into(unlock, "Passphrase", PASSPHRASE)
        click(unlock, "Unlock")
        title = "Since the records were last opened"
        Waiter.waitUntil(lambda: any(d.windowTitle() == title for d in open_dialogs()))
        walk.check("records-notice", dialog_titled(title))
        dialog_titled(title).accept()
        walk.check("records-to-do", window)
        choose_tab(window, "All concerns")
        walk.check("records-all", window)
        window.records_page.table.selectRow(0)
        window.records_page.open_selected()
        walk.check("records-concern", window)
        # The lead's dialogs from an open concern, each as it opens, then closed again.
        for button, title in (
            ("Referral pack…", "Referral pack"),
            ("Correct this record…", "Correct this record"),
            ("See everything about this young person", "Young person"),
        ):
            click(window, button)
            Waiter.waitUntil(lambda t=title: any(d.windowTitle() == t for d in open_dialogs()))
            dialog = dialog_titled(title)
            walk.check(f"dialog: {title}", dialog)
            dialog.reject()
            Waiter.waitUntil(lambda d=dialog: gone(d))
        choose_tab(window, "Decisions and follow-ups")
        walk.check("records-decisions", window)
        click(window, "Settings")
        walk.check("settings", window)
        click(window, "Back up now…")
        backup = dialog_titled("Back up the records")
        walk.check("dialog: Back up the records", backup)
        backup.reject()
        click(window, "Help")
        walk.check("help", window)
        window.help_page.open_topic("signs")
        walk.check("help-topic", window)
        click(window, "Print handouts…")
        Waiter.waitUntil(lambda: any(d.windowTitle() == "Print handouts" for d in open_dialogs()))
        handouts = dialog_titled("Print handouts")
        walk.check("dialog: Print handouts", handouts)
        handouts.reject()
        click(window, "About this toolkit")
        Waiter.waitUntil(
            lambda: any(d.windowTitle() == "About the toolkit" for d in open_dialogs())
        )
        about = dialog_titled("About the toolkit")
        walk.check("dialog: About the toolkit", about)
        choose_tab(about, "Third-party notices")
        walk.check("dialog: About the toolkit, notices", about)
        about.reject()
        click(window, "Spot the signs quiz…")
        Waiter.waitUntil(lambda: any(d.windowTitle() == "Spot the signs" for d in open_dialogs()))
        quiz = dialog_titled("Spot the signs")
        walk.check("dialog: Spot the signs", quiz)
        click(quiz, "Large text for a projector")
        walk.check("dialog: Spot the signs, projector", quiz)
        quiz.reject()
        window.lock_now()
        window.close()
        app.processEvents()
    return 0


if __name__ == "__main__":
    found = Walk(Path(sys.argv[2]) if len(sys.argv) > 2 else None)
    try:
        sys.exit(main(found))
    except BaseException as exc:
        if not isinstance(exc, SystemExit):
            found.problems.append(f"the walk stopped: {type(exc).__name__}: {exc}")
        raise
    finally:
        Path(sys.argv[1]).write_text(json.dumps(found.problems, indent=1))
