"""`python -m app`: parse arguments, check for a display, hand over to ui/.

The composition root, and the one module in app/ allowed to import ui/ (and so Qt).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from app import APP_NAME, __version__


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="cse-toolkit", description=APP_NAME)
    parser.add_argument("--data-dir", help="keep data, logs and settings in this folder")
    parser.add_argument(
        "--self-test", action="store_true", help="check the encrypted store works, then exit"
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
        from app.selftest import run as self_test

        return self_test()

    problem = display_problem(dict(os.environ))
    if problem:
        print(problem, file=sys.stderr)
        return 2

    from app import logs
    from app.paths import resolve

    paths = resolve(args.data_dir)
    paths.ensure()
    logs.configure(paths.log_file)
    logging.getLogger(__name__).info("starting %s %s", APP_NAME, __version__)

    from ui.application import run

    return run(paths, [sys.argv[0]], quit_after_first_paint=args.quit_after_first_paint)


if __name__ == "__main__":
    sys.exit(main())
