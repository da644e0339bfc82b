"""`python -m app`: parse arguments, check for a display, hand over to ui/.

The composition root, and the one module in app/ allowed to import ui/ (and so Qt).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import TYPE_CHECKING

from app import APP_NAME, __version__
from app.core import host

if TYPE_CHECKING:
    from app.core.paths import AppPaths


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="cse-toolkit", description=APP_NAME)
    parser.add_argument("--data-dir", help="keep data, logs and settings in this folder")
    parser.add_argument(
        "--self-test", action="store_true", help="check the encrypted store works, then exit"
    )
    parser.add_argument(
        "--result-file",
        metavar="PATH",
        help="with --self-test: also write the result as JSON here (for scripts)",
    )
    parser.add_argument(
        "--enrol",
        metavar="FILE",
        help="make this PC (this account) a volunteer station with the lead's enrolment file",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--quit-after-first-paint", action="store_true", help=argparse.SUPPRESS
    )  # the start-up benchmark
    return parser.parse_args(argv)


def display_problem(environ: dict[str, str], platform: str = sys.platform) -> str | None:
    """One clear line when Qt would abort for want of a screen, else None."""
    if not platform.startswith(("linux", "freebsd", "openbsd")):
        return None
    qpa = environ.get("QT_QPA_PLATFORM", "")
    has_x, has_wayland = bool(environ.get("DISPLAY")), bool(environ.get("WAYLAND_DISPLAY"))
    if (qpa and not qpa.startswith(("xcb", "wayland"))) or (qpa.startswith("xcb") and has_x):
        return None
    if qpa.startswith("wayland") and has_wayland:
        return None
    if not qpa and (has_x or has_wayland):
        return None
    return (
        f"{APP_NAME} needs a screen: no display was found. Run it from a desktop session, "
        "or without one use 'xvfb-run -a make run' (or set QT_QPA_PLATFORM=offscreen)."
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse(argv)
    if args.self_test:
        from pathlib import Path

        from app.selftest import run as self_test

        return self_test(result_file=Path(args.result_file) if args.result_file else None)

    problem = display_problem(dict(os.environ))
    if problem:
        print(problem, file=sys.stderr)
        return 2

    from app.core import logs
    from app.core.paths import resolve

    paths = resolve(args.data_dir)
    problem = data_folder_problem(paths)
    if problem:
        print(problem, file=sys.stderr)
        return 3
    logs.configure(paths.log_file)
    logging.getLogger(__name__).info("starting %s %s", APP_NAME, __version__)

    # Before Qt, on purpose: once PySide6 is loaded it reads the source of every module
    # imported after it (looking for its __feature__ switches).
    import app.keys.session  # noqa: F401

    try:
        from ui.application import run
    except ImportError as exc:
        # Qt's own libraries load here; a PC without them fails before any window. Any
        # other ImportError is our bug and keeps its traceback.
        if not is_missing_library(exc):
            raise
        print(missing_library_message(exc), file=sys.stderr)
        logging.getLogger(__name__).error("Qt could not load: %s", type(exc).__name__)
        return 4

    # ui/ is outside the type gate, so `run` is untyped here; it returns the exit code.
    exit_code: int = run(
        paths,
        [sys.argv[0]],
        quit_after_first_paint=args.quit_after_first_paint,
        enrol_file=args.enrol,
    )
    return exit_code


def data_folder_problem(paths: AppPaths) -> str | None:
    """One plain line when the data folder cannot be ours, else None (folders made).

    A folder owned by another account is refused even where we could write to it: the
    records' safety rests on nobody else controlling the folder they live in.
    """
    folders = (paths.data, paths.logs, paths.backups)
    try:
        for folder in folders:
            # Windows: not checked. st_uid is always 0 there and os.getuid does not exist;
            # the folder's owner is in its ACL, which needs the Windows API to read.
            if host.posix() and folder.is_dir() and folder.stat().st_uid != os.getuid():
                return (
                    f"The data folder {folder} belongs to another user account, so the "
                    "toolkit will not use it. Start it from the account that set it up, "
                    "or choose a folder of your own with --data-dir."
                )
        paths.ensure()
        for folder in folders:
            if not os.access(folder, os.R_OK | os.W_OK | os.X_OK):
                raise PermissionError(folder)
    except OSError:
        return (
            f"The toolkit cannot write to its data folder {paths.data}. Check that it is a "
            "folder your account owns and can write to, or choose another with --data-dir."
        )
    return None


def is_missing_library(exc: ImportError) -> bool:
    text = str(exc)
    return ".so" in text or ".dll" in text.lower() or "DLL load failed" in text


def missing_library_message(exc: ImportError) -> str:
    """What to install when Qt cannot load, naming the library it asked for."""
    text = str(exc)
    missing = next((w.rstrip(":") for w in text.split() if ".so" in w or ".dll" in w), "")
    named = f" ({missing} is missing)" if missing else ""
    if sys.platform.startswith("linux"):
        fix = (
            "On Debian or Ubuntu install them with: sudo apt install libgl1 libegl1 "
            "libxkbcommon0 libfontconfig1 libdbus-1-3 libxkbcommon-x11-0 libxcb-cursor0"
        )
    else:
        fix = "Reinstall the toolkit, or ask whoever looks after this PC to."
    return (
        f"{APP_NAME} cannot start: a system graphics library it needs is not "
        f"installed{named}. {fix}"
    )


if __name__ == "__main__":
    sys.exit(main())
