"""Run slow core work (key derivation, store creation) off the GUI thread.

Workers never touch widgets: the result comes back through a queued signal and the
callbacks run on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn, self.relay = fn, relay

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # handed to the GUI thread, which shows or logs it
            self.relay.failed.emit(exc)
            return
        self.relay.succeeded.emit(result)


_live: set[_Relay] = set()


def run_in_background(
    fn: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> None:
    relay = _Relay()
    _live.add(relay)  # keep the relay alive until it has reported

    def done(callback: Callable[[Any], None], value: Any) -> None:
        _live.discard(relay)
        relay.deleteLater()
        callback(value)

    relay.succeeded.connect(lambda value: done(on_success, value))
    relay.failed.connect(lambda exc: done(on_error, exc))
    QThreadPool.globalInstance().start(_Job(fn, relay))


def wait_for_background(timeout_ms: int = 30_000) -> bool:
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


def all_reported() -> bool:
    """Every job started has handed its result back on the GUI thread (tests wait on
    this rather than on a fixed pause)."""
    return not _live
