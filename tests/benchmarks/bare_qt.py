"""Baseline child for the start-up benchmark: a bare QMainWindow, quit on its first paint.

Run as a script by startup.py; prints `peak-rss-kb N` before exiting.
"""

from __future__ import annotations

import resource
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def peak_rss_kb() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS, KB on Linux


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
