"""Technical log: events and ids only, never names, notes or anything typed.

Tracebacks keep their frames (file, line, function) but drop the exception's message
unless it is one of our own AppErrors, whose messages are fixed text: a message from a
library can quote the data it choked on.
"""

from __future__ import annotations

import contextlib
import logging
import os
import traceback
from pathlib import Path
from types import TracebackType

from app.core.errors import AppError

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
KEEP = 3


def rotate(log_file: Path, max_bytes: int = MAX_BYTES, keep: int = KEEP) -> None:
    """At start-up, move a full log aside (log.1 … log.3). One session's log is small, so
    rotating between sessions is enough, and it spares start-up logging.handlers."""
    try:
        if log_file.stat().st_size < max_bytes:
            return
    except FileNotFoundError:
        return
    for n in range(keep - 1, 0, -1):
        older = log_file.with_name(f"{log_file.name}.{n}")
        if older.exists():
            os.replace(older, log_file.with_name(f"{log_file.name}.{n + 1}"))
    os.replace(log_file, log_file.with_name(f"{log_file.name}.1"))


def configure(log_file: Path, level: int = logging.INFO) -> None:
    log_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        rotate(log_file)
    if not log_file.exists():
        os.close(os.open(log_file, os.O_CREAT | os.O_WRONLY, 0o600))
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(RedactingFormatter(FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)


def redacted_traceback(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    lines = ["Traceback (most recent call last):"]
    for frame in traceback.extract_tb(tb):
        lines.append(f'  File "{Path(frame.filename).name}", line {frame.lineno}, in {frame.name}')
    detail = str(exc) if isinstance(exc, AppError) else "(message withheld)"
    lines.append(f"{exc_type.__module__}.{exc_type.__qualname__}: {detail}")
    return "\n".join(lines)


class RedactingFormatter(logging.Formatter):
    """Any traceback logged (log.exception, exc_info=True) is written redacted, so a
    library's message that quotes data never reaches the file whoever wrote the call."""

    def formatException(  # logging's own name
        self,
        ei: tuple[type[BaseException], BaseException, TracebackType | None]
        | tuple[None, None, None],
    ) -> str:
        exc_type, exc, tb = ei
        if exc_type is None or exc is None:
            return ""
        return redacted_traceback(exc_type, exc, tb)


def log_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    logging.getLogger("app.crash").error(
        "unhandled error\n%s", redacted_traceback(exc_type, exc, tb)
    )
