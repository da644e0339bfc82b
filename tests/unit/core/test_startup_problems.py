"""Start-up problems a PC can have print one plain line naming the fix, and exit non-zero:
no traceback, nothing half-made."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[3]


def start(data_dir: Path | str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data_dir), "--quit-after-first-paint"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_plain_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode not in (0, 1), result.stderr  # 1 is Python's own crash code
    text = result.stderr.strip()
    assert text.count("\n") == 0, text
    assert "Traceback" not in text and "Error" not in text, text
    return text


def test_a_data_folder_owned_by_another_account_is_refused(tmp_path):
    if os.getuid() == 0:
        theirs = tmp_path / "theirs"
        theirs.mkdir(mode=0o755)
        os.chown(theirs, 65534, 65534)  # nobody
    else:
        theirs = Path("/usr/share")  # exists and belongs to root, not to us
    before = sorted(p.name for p in theirs.iterdir())
    text = one_plain_line(start(theirs, tmp_path))
    assert "belongs to another user account" in text and "--data-dir" in text
    assert sorted(p.name for p in theirs.iterdir()) == before  # nothing made in it
    if os.getuid() == 0:
        assert theirs.stat().st_mode & 0o777 == 0o755  # and not tightened either


def test_a_data_folder_that_cannot_be_made_is_explained(tmp_path):
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder")
    text = one_plain_line(start(in_the_way / "data", tmp_path))
    assert "cannot write to its data folder" in text and "--data-dir" in text


def test_missing_graphics_libraries_name_the_packages(tmp_path):
    # A stand-in PySide6 that fails exactly as a PC without libGL does.
    fake = tmp_path / "fake"
    (fake / "PySide6").mkdir(parents=True)
    (fake / "PySide6" / "__init__.py").write_text("")
    for module in ("QtCore", "QtGui", "QtWidgets"):
        (fake / "PySide6" / f"{module}.py").write_text(
            "raise ImportError('libGL.so.1: cannot open shared object file: "
            "No such file or directory')\n"
        )
    result = start(tmp_path / "data", tmp_path, PYTHONPATH=str(fake))
    text = one_plain_line(result)
    assert "libGL.so.1 is missing" in text and "sudo apt install libgl1" in text
    assert result.returncode == 4


def test_our_own_import_errors_keep_their_traceback():
    from app import __main__ as entry

    assert entry.is_missing_library(ImportError("libEGL.so.1: cannot open shared object"))
    assert entry.is_missing_library(ImportError("DLL load failed while importing QtGui"))
    assert not entry.is_missing_library(ImportError("cannot import name 'Thing' from 'ui.x'"))
