"""Baseline child for the start-up benchmark: a bare QMainWindow, quit on its first paint.

Run as a script by startup.py; prints `peak-rss-kb N` before exiting.
"""

from __future__ import annotations

import sys
import time

from peak_memory import peak_rss_kb  # beside this script (run as a script)
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class _QuitOnFirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print(f"first-paint-epoch {time.time():.6f}", flush=True)
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    watcher = _QuitOnFirstPaint()
    window.installEventFilter(watcher)
    window.resize(1000, 700)  # the same size ui/application.py gives the real window
    window.show()
    code = app.exec()
    print(f"peak-rss-kb {peak_rss_kb()}", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
