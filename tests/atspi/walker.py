"""Walk the toolkit's accessibility tree as a screen reader sees it (AT-SPI, what Orca
reads), screen by screen. Run with the SYSTEM python3 (it has pyatspi; the venv does
not), inside `dbus-run-session`, by tests/gui/access/test_atspi_walk.py:

    dbus-run-session -- /usr/bin/python3 tests/atspi/walker.py VENV_PYTHON

It starts the accessibility bus, then Xvfb, then the app (tests/atspi/app_driver.py) with
QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 (Qt registers only if the bus is already up). At each
screen the driver names, it checks every control on view and prints one JSON line per
screen, then `RESULT {json}` with every problem found. Exit status 0 when the walk ran
(the test judges the problems), 2 when it could not run.

A problem is:
- an unnamed control: a focusable object, or any button, tick box, option, text box,
  list, table, tab or scroll area, with no accessible name;
- a label's text that no label on view carries in its name or description (a fixed
  name hiding a changing message is what this catches);
- text the focused control must be read with, missing from its name and description;
- two controls of one kind with the same name on one screen, unless the driver says they
  are the same action.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEADLINE_S = 50

NAMED_ROLES = {
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "combo box",
    "text",
    "password text",
    "entry",
    "spin button",
    "table",
    "tree",
    "tree table",
    "list",
    "list box",
    "page tab",
    "page tab list",
    "slider",
    "scroll pane",
    "menu item",
    "link",
    "tool bar",
    "document frame",
    "dialog",
    "frame",
}
# Parts of a named whole: a table's cells and headers and a list's items are read by
# their own content, which may rightly be empty (a blank cell).
PARTS = {
    "table cell",
    "column header",
    "row header",
    "table row",
    "list item",
    "table column header",
    "table row header",
    "tree item",
    "scroll bar",
    "filler",
    "panel",
    "layered pane",
    "label",
    "unknown",
    "redundant object",
    "section",
    "paragraph",
    "heading",
    "static",
    "image",
    "separator",
}
LABEL_ROLES = {"label", "static", "heading", "paragraph"}
# Controls whose names must not repeat on one screen (unless the same action).
DISTINCT_ROLES = {
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "combo box",
    "text",
    "password text",
    "entry",
    "spin button",
    "table",
    "list",
    "scroll pane",
    "link",
}


def norm(text: str) -> str:
    return " ".join(text.replace("&", "").replace("\u00a0", " ").split())


LAUNCHERS = ("/usr/libexec/at-spi-bus-launcher", "/usr/lib/at-spi2-core/at-spi-bus-launcher")


def start_bus() -> subprocess.Popen:
    launcher = next((p for p in LAUNCHERS if Path(p).exists()), LAUNCHERS[0])
    bus = subprocess.Popen(
        [launcher, "--launch-immediately"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    probe = [
        "dbus-send",
        "--session",
        "--print-reply",
        "--dest=org.a11y.Bus",
        "/org/a11y/bus",
        "org.a11y.Bus.GetAddress",
    ]
    for _ in range(100):
        if shutil.which("dbus-send") is None:
            time.sleep(0.5)
            break
        if subprocess.run(probe, capture_output=True, check=False).returncode == 0:
            break
        time.sleep(0.1)
    return bus


def start_xvfb() -> tuple[subprocess.Popen, str]:
    """Xvfb on the first free display from :90, once its socket is there."""
    for number in range(90, 140):
        if Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
            continue
        xvfb = subprocess.Popen(
            ["Xvfb", f":{number}", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                return xvfb, f":{number}"
            if xvfb.poll() is not None:
                break  # taken meanwhile: try the next
            time.sleep(0.05)
        if xvfb.poll() is None:
            xvfb.kill()
            xvfb.wait()
    raise RuntimeError("Xvfb did not start")


class Walk:
    def __init__(self, app_pid: int) -> None:
        import pyatspi

        self.pyatspi = pyatspi
        self.app_pid = app_pid

    def application(self):
        desktop = self.pyatspi.Registry.getDesktop(0)
        for index in range(desktop.childCount):
            app = desktop.getChildAtIndex(index)
            try:
                if app is not None and app.get_process_id() == self.app_pid:
                    return app
            except Exception:  # an application that went away meanwhile
                continue
        return None

    def nodes(self):
        """(role, name, description, states, path) of every object on view."""
        pyatspi = self.pyatspi
        app = self.application()
        for _ in range(50):  # Qt registers once its event loop runs: give it 5 s
            if app is not None:
                break
            time.sleep(0.1)
            app = self.application()
        if app is None:
            raise RuntimeError("the app is not on the accessibility bus")
        app.clearCache()
        found = []

        def visit(node, path, depth):
            if node is None or depth > 60:
                return
            try:
                states = node.getState()
                role = node.getRoleName()
                name = node.name or ""
                description = node.description or ""
                count = node.childCount
            except Exception:
                return  # gone while we looked
            if not states.contains(pyatspi.STATE_SHOWING):  # a closed window too
                return
            here = f"{path} > {role} {name!r}"[-160:]
            if role == "dialog" and not name:  # which one: say what it holds
                here += " holding " + repr([c.name for c in node][:6])
            found.append(
                {
                    "role": role,
                    "name": name,
                    "description": description,
                    "focusable": states.contains(pyatspi.STATE_FOCUSABLE),
                    "focused": states.contains(pyatspi.STATE_FOCUSED),
                    "path": here,
                }
            )
            if role in {"table", "tree table", "list"} and count > 400:
                count = 400  # a long table's cells are alike; the table itself is checked
            for index in range(count):
                try:
                    child = node.getChildAtIndex(index)
                except Exception:
                    continue
                visit(child, here, depth + 1)

        for index in range(app.childCount):
            visit(app.getChildAtIndex(index), "", 1)
        return found

    def check(self, screen: dict) -> tuple[list[str], int]:
        nodes = self.nodes()
        return problems_in(screen, nodes), len(nodes)


def problems_in(screen: dict, nodes: list[dict]) -> list[str]:
    """What a screen reader user would miss on `screen`, given the objects on view."""
    where = screen["name"]
    problems = []
    for node in nodes:
        role, name = node["role"], norm(node["name"])
        if name:
            continue
        if (
            role in NAMED_ROLES
            or (node["focusable"] and role not in PARTS)
            or (node["focusable"] and role in {"filler", "panel", "label", "unknown"})
        ):
            problems.append(f"{where}: unnamed {role} at {node['path']}")
    # Read from the label itself, not only from somewhere else (a field's description):
    # a reader moving through the page meets the label, and must hear its words.
    labels = [n for n in nodes if n["role"] in LABEL_ROLES]
    said = [norm(n["name"]) for n in labels] + [norm(n["description"]) for n in labels]
    for text in screen["shown"]:
        if not any(norm(text) in s for s in said if s):
            problems.append(f"{where}: shown but not read by a screen reader: {text!r}")
    focused = [n for n in nodes if n["focused"]]
    for text in screen["focus_has"]:
        heard = " ".join(norm(n["name"]) + " " + norm(n["description"]) for n in focused)
        if norm(text) not in heard:
            got = [(n["role"], n["name"][:60], n["description"][:60]) for n in focused]
            problems.append(f"{where}: the focus is not read with {text!r}; focus: {got}")
    seen: dict[tuple[str, str], int] = {}
    for node in nodes:
        if node["role"] in DISTINCT_ROLES and norm(node["name"]):
            key = (node["role"], norm(node["name"]))
            seen[key] = seen.get(key, 0) + 1
    for (role, name), count in seen.items():
        if count > 1 and name not in screen["same_action"]:
            problems.append(f"{where}: {count} controls ({role}) named {name!r}")
    return problems


def main() -> int:
    python = sys.argv[1]
    started = time.monotonic()
    bus = start_bus()
    xvfb = None
    app = None
    log = tempfile.TemporaryFile()  # noqa: SIM115 - read back in `finally`
    result = {"screens": [], "problems": [], "error": None}
    try:
        xvfb, display = start_xvfb()
        env = dict(
            os.environ,
            DISPLAY=display,
            QT_QPA_PLATFORM="xcb",
            QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
            QT_ACCESSIBILITY="1",
        )
        env.pop("QT_SCALE_FACTOR", None)
        app = subprocess.Popen(
            [python, str(HERE / "app_driver.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            env=env,
        )
        walk = Walk(app.pid)
        while True:
            if time.monotonic() - started > DEADLINE_S:
                result["error"] = f"the walk took more than {DEADLINE_S} s"
                break
            ready, _, _ = select.select([app.stdout], [], [], 30)
            if not ready:
                result["error"] = "the app said nothing for 30 s"
                break
            line = app.stdout.readline()
            if not line:
                result["error"] = "the app stopped before the end of the walk"
                break
            if line.startswith("DONE"):
                break
            if line.startswith("FAILED "):
                result["error"] = "the driver failed: " + json.loads(line[7:])
                break
            if not line.startswith("SCREEN "):
                continue
            screen = json.loads(line[7:])
            found, objects = walk.check(screen)
            result["screens"].append(screen["name"])
            result["problems"].extend(found)
            print(
                json.dumps(
                    {
                        "screen": screen["name"],
                        "objects": objects,
                        "labels": len(screen["shown"]),
                        "problems": len(found),
                    }
                ),
                flush=True,
            )
            app.stdin.write("next\n")
            app.stdin.flush()
    except Exception as exc:
        result["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        if app is not None:
            if app.poll() is None:
                try:
                    app.stdin.write("quit\n")
                    app.stdin.flush()
                    app.wait(10)
                except (OSError, subprocess.TimeoutExpired):
                    app.kill()
                    app.wait()
            log.seek(0)
            result["app_log"] = log.read().decode(errors="replace")[-3000:]
        for process in (xvfb, bus):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    process.kill()
    result["seconds"] = round(time.monotonic() - started, 1)
    print("RESULT " + json.dumps(result), flush=True)
    return 2 if result["error"] else 0


if __name__ == "__main__":
    sys.exit(main())
