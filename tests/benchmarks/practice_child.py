"""Child for the practice benchmark: `python -m tests.benchmarks.practice_child WHICH DATA`.

Starts the app's main window on an already set-up data folder (records locked), as a
person sees Home, then clicks one of Home's buttons, as a person does, and times the
click to the first paint of what it opens: WHICH is "practice" (Practise with a
made-up case: the practice page with the made-up cases, its concern form built) or
"record" (Record a concern: the concern form, the same-run baseline). Prints
`opened-ms N`; for practice, then presses Start this case and prints `form-ms N` (to
the first paint of the practice form beside the story). A fresh process each time, so
the first open is measured cold, as it is the first time someone presses the button.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

BUTTONS = {
    "practice": "Practise with a made-up case",
    "record": "Record a concern",
    "start": "Start this case",
}


class _Painted(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.at: float | None = None

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and self.at is None:
            self.at = time.perf_counter()
        return False


def main() -> int:
    which, data = sys.argv[1], Path(sys.argv[2])
    app = QApplication(sys.argv[:1])
    from app.core.paths import resolve
    from app.keys.session import Session
    from ui.main_window import MainWindow

    session = Session(resolve(str(data)))
    window = MainWindow(session)
    window.resize(1000, 700)  # the size ui/application.py gives the real window
    window.show()
    for _ in range(20):  # Home painted and settled
        app.processEvents()
    (button,) = [
        b
        for b in window.home.findChildren(QPushButton)
        if b.text().replace("&", "") == BUTTONS[which] and b.isVisible()
    ]
    painted = _Painted()
    app.installEventFilter(painted)  # the new page's first paint, whichever widget it is
    start = time.perf_counter()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    page = window.practice_page if which == "practice" else window.record_page
    assert page is not None and page.isVisible(), "the page did not open"
    painted.at = None  # only paints after the page is up count
    while painted.at is None and time.perf_counter() - start < 10:
        app.processEvents()
    assert painted.at is not None, "nothing painted"
    print(f"opened-ms {(painted.at - start) * 1000:.3f}", flush=True)
    if which == "practice":  # then the first case, to the practice form shown
        page = window.practice_page
        assert page.case_list.count(), "no made-up cases to choose from"
        (start_button,) = [
            b
            for b in page.findChildren(QPushButton)
            if b.text().replace("&", "") == BUTTONS["start"]
        ]
        painted.at = None
        start = time.perf_counter()
        QTest.mouseClick(start_button, Qt.MouseButton.LeftButton)
        assert page.form is not None and page.form.isVisible(), "the form did not open"
        painted.at = None
        while painted.at is None and time.perf_counter() - start < 10:
            app.processEvents()
        assert painted.at is not None, "nothing painted"
        print(f"form-ms {(painted.at - start) * 1000:.3f}", flush=True)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
