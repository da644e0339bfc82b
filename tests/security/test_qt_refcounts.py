"""Guard against the PySide6 6.12.0 bug that made Python abort (none_dealloc).

That release dropped a reference to None on every call of a Qt method returning
nothing; on Python 3.11, None's count ran out after a few thousand screen updates and
the app died. The locked PySide6 must keep None's count steady.
"""

import sys

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel


def test_void_qt_calls_keep_nones_reference_count(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    thing = QObject()
    before = sys.getrefcount(None)
    for _ in range(2000):
        thing.setObjectName("x")
        label.setText("y")
        label.update()
    assert abs(sys.getrefcount(None) - before) < 50
