"""The command line: paths, the no-display message, the self-test, the redacted log."""

import os
import subprocess
import sys
from pathlib import Path

from app import __main__ as entry
from app.core.errors import WrongPassphrase
from app.core.logs import redacted_traceback
from app.core.paths import ENV_HOME, resolve

ROOT = Path(__file__).parents[3]


def test_one_folder_moves_everything(tmp_path):
    paths = resolve(environ={ENV_HOME: str(tmp_path)})
    assert paths.data == tmp_path and paths.logs == tmp_path / "logs"
    assert resolve(str(tmp_path / "x"), environ={ENV_HOME: str(tmp_path)}).data == tmp_path / "x"
    default = resolve(environ={})
    assert "cse-toolkit" in str(default.data)


def test_display_problem_cases():
    linux = "linux"
    assert entry.display_problem({}, linux)
    assert entry.display_problem({"QT_QPA_PLATFORM": "xcb"}, linux)
    assert entry.display_problem({}, linux).count("\n") == 0
    assert entry.display_problem({"DISPLAY": ":0"}, linux) is None
    assert entry.display_problem({"WAYLAND_DISPLAY": "wayland-0"}, linux) is None
    assert entry.display_problem({"QT_QPA_PLATFORM": "offscreen"}, linux) is None
    assert entry.display_problem({}, "win32") is None


def test_no_display_prints_one_line_and_exits_non_zero(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "xvfb-run" in result.stderr and "Aborted" not in result.stderr


def test_self_test_passes_and_leaves_nothing(tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "app", "--self-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SQLCipher 4." in result.stdout
    assert "TEMP_STORE=2" in result.stdout
    assert "self-test passed" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_traceback_in_the_log_withholds_library_messages():
    canary = "CANARY-name-in-an-exception"
    try:
        raise ValueError(f"could not parse {canary}")
    except ValueError as exc:
        text = redacted_traceback(type(exc), exc, exc.__traceback__)
    assert canary not in text
    assert "ValueError" in text and "test_startup.py" in text
    try:
        raise WrongPassphrase(1)
    except WrongPassphrase as exc:
        assert "did not unlock" in redacted_traceback(type(exc), exc, exc.__traceback__)


def test_full_log_is_moved_aside_at_start(tmp_path):
    from app.core.logs import rotate

    log = tmp_path / "cse-toolkit.log"
    for generation in range(5):
        log.write_bytes(b"x" * 50 + str(generation).encode())
        rotate(log, max_bytes=10, keep=3)
    assert not log.exists()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["cse-toolkit.log.1", "cse-toolkit.log.2", "cse-toolkit.log.3"]
    assert (tmp_path / "cse-toolkit.log.1").read_bytes().endswith(b"4")
    log.write_bytes(b"small")
    rotate(log, max_bytes=10, keep=3)
    assert log.read_bytes() == b"small"


def test_a_logged_exception_is_written_redacted_whoever_logs_it(tmp_path):
    import logging

    from app.core.logs import configure

    log_file = tmp_path / "logs" / "cse-toolkit.log"
    root = logging.getLogger()
    before = (list(root.handlers), root.level)
    configure(log_file)
    canary = "CANARY-Zebedee-in-a-library-message"
    try:
        raise OSError(f"cannot open /home/sam/{canary}.pdf")
    except OSError:
        logging.getLogger("ui.anywhere").exception("saving failed")
    for handler in root.handlers:
        handler.flush()
        handler.close()
    root.handlers[:], root.level = before
    written = log_file.read_text()
    assert "saving failed" in written and "builtins.OSError: (message withheld)" in written
    assert canary not in written
