"""Every piece of text the app draws has at least 4.5:1 contrast with what is behind it
(WCAG 2 AA): the application's palette as the app sets it up, the style sheet, every
colour written into ui/ (style sheets, HTML style attributes, QColor constants), and a
real selected row and placeholder as Fusion paints them. Disabled controls are left out,
as WCAG leaves them out."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLineEdit, QTableWidget, QTableWidgetItem

from ui.application import make_qapplication
from ui.core import keyboard
from ui.core.palette import contrast_ratio

ROOT = Path(__file__).resolve().parents[3]
AA = 4.5
Role = QPalette.ColorRole
PAIRS = [  # text on background
    (Role.WindowText, Role.Window),
    (Role.Text, Role.Base),
    (Role.Text, Role.AlternateBase),
    (Role.PlaceholderText, Role.Base),
    (Role.HighlightedText, Role.Highlight),
    (Role.ButtonText, Role.Button),
    (Role.ToolTipText, Role.ToolTipBase),
    (Role.Link, Role.Base),
    (Role.LinkVisited, Role.Base),
    (Role.Link, Role.Window),
]
GROUPS = {"active": QPalette.ColorGroup.Active, "inactive": QPalette.ColorGroup.Inactive}


@pytest.fixture(scope="module")
def palette(qapp) -> QPalette:
    """The palette the real app sets, made once for the module (a style sheet costs a
    tenth of a second each time); the application is then put back as it was found."""
    before, sheet = QPalette(qapp.palette()), qapp.styleSheet()
    had_model = qapp.findChild(keyboard.KeyboardModel) is not None
    make_qapplication([])
    made = QPalette(qapp.palette())
    qapp.setPalette(before)
    qapp.setStyleSheet(sheet)
    if not had_model:
        keyboard.uninstall(qapp)
    return made


@pytest.fixture
def app_as_run(qapp):
    """The application dressed as the real app dresses it, for tests that paint
    (the conftest puts it back afterwards)."""
    make_qapplication([])
    return qapp


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize(("text", "back"), PAIRS, ids=lambda r: r.name)
def test_the_palette_gives_every_text_4_5_to_1(palette, group, text, back):
    fore, behind = palette.color(GROUPS[group], text), palette.color(GROUPS[group], back)
    ratio = contrast_ratio(fore, behind)
    assert ratio >= AA, (
        f"{text.name} {fore.name(QColor.NameFormat.HexArgb)} on "
        f"{back.name} {behind.name()}: {ratio:.2f}"
    )


def _strings(path: Path) -> list[str]:
    """Every string written in a file, f-strings with their holes as 'X'."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node.value)
        elif isinstance(node, ast.JoinedStr):
            found.append(
                "".join(v.value if isinstance(v, ast.Constant) else "X" for v in node.values)
            )
    return found


RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")
STYLE_ATTR = re.compile(r"style=['\"]([^'\"]*)['\"]")
COLOUR = re.compile(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})")
BACKGROUND = re.compile(r"background(?:-color)?:\s*(#[0-9a-fA-F]{3,6})")


def written_colours() -> list[tuple[str, str, str | None, str | None]]:
    """(where, selector, text colour, background) for every rule or style attribute
    under ui/ and the HTML the app shows (app/help, app/intake/concern) that sets a colour."""
    found = []
    files = [
        *sorted((ROOT / "ui").rglob("*.py")),
        *sorted((ROOT / "app/help").rglob("*.py")),
        *sorted((ROOT / "app/intake/concern").rglob("*.py")),
    ]
    for path in files:
        for text in _strings(path):
            rules = [(sel.strip(), body) for sel, body in RULE.findall(text)]
            rules += [("", body) for body in STYLE_ATTR.findall(text)]
            if not rules and ("color:" in text or "background:" in text):
                rules = [("", text)]  # a widget's own setStyleSheet("color: …")
            backgrounds = {sel: BACKGROUND.search(body) for sel, body in rules}
            for selector, body in rules:
                colour, background = COLOUR.search(body), BACKGROUND.search(body)
                if background is None:  # inherited from an enclosing rule's selector
                    background = next(
                        (
                            m
                            for sel, m in backgrounds.items()
                            if m and sel and selector.startswith(sel + " ")
                        ),
                        None,
                    )
                if colour or background:
                    found.append(
                        (
                            str(path.relative_to(ROOT)),
                            selector,
                            colour and colour.group(1),
                            background and background.group(1),
                        )
                    )
    return found


def test_every_colour_written_in_the_code_gives_4_5_to_1(palette):
    found = written_colours()
    assert len(found) >= 8, "the scan found too few colours: it has gone wrong"
    active = QPalette.ColorGroup.Active
    problems = []
    for where, selector, colour, background in found:
        # What the app leaves unset comes from the palette: text on the window's grey or
        # on white (a text box, a help page), whichever is worse.
        fronts = (
            [QColor(colour)]
            if colour
            else [palette.color(active, Role.WindowText), palette.color(active, Role.Text)]
        )
        backs = (
            [QColor(background)]
            if background
            else [palette.color(active, Role.Window), palette.color(active, Role.Base)]
        )
        worst = min(contrast_ratio(f, b) for f in fronts for b in backs)
        if worst < AA:
            problems.append(f"{where} {selector!r}: {colour} on {background}: {worst:.2f}")
    assert not problems, "\n".join(problems)


def test_colours_painted_from_code_give_4_5_to_1(palette):
    from ui.core.keyboard import RING_COLOUR
    from ui.help.help_page import HIGHLIGHT
    from ui.screening.route_chart_view import SHADE

    text = palette.color(QPalette.ColorGroup.Active, Role.Text)
    assert contrast_ratio(text, HIGHLIGHT) >= AA  # a search word found in a help topic
    assert contrast_ratio(QColor("#000000"), SHADE) >= AA  # the route chart's grey boxes
    # ui/casework/audit_viewer.py: a problem entry is black on pale red, whatever the theme.
    assert contrast_ratio(QColor("#000000"), QColor("#fde2e1")) >= AA
    # ui/help/help_widgets.py: the link Tab is on in a help topic, white on the ring's blue.
    assert contrast_ratio(QColor("#ffffff"), QColor(RING_COLOUR)) >= AA
    checked = {"#ffe066", "#fde2e1", "#000000", "#ffffff"}
    source = "".join(p.read_text() for p in (ROOT / "ui").rglob("*.py"))
    literal = set(re.findall(r"QColor\(\"(#[0-9a-fA-F]{6})\"\)", source))
    assert literal <= checked, f"new colours {literal - checked}: check their contrast here too"


@pytest.mark.parametrize("focused", [True, False], ids=["active", "inactive"])
def test_a_selected_row_as_painted_is_readable(app_as_run, qtbot, focused):
    table = QTableWidget(1, 1)
    qtbot.addWidget(table)
    table.setItem(0, 0, QTableWidgetItem("Jade Example"))
    table.resize(300, 120)
    table.show()
    qtbot.waitExposed(table)
    table.selectRow(0)
    if focused:
        table.activateWindow()
        table.setFocus()
    else:
        table.clearFocus()
    # The row is painted with the Active or Inactive colours by the window's state.
    qtbot.waitUntil(lambda: table.hasFocus() == focused, timeout=2_000)
    rect = table.visualItemRect(table.item(0, 0))
    image = table.viewport().grab(rect).toImage()
    colours = {
        QColor(image.pixel(x, y)).rgb() for x in range(image.width()) for y in range(image.height())
    }
    group = QPalette.ColorGroup.Active if focused else QPalette.ColorGroup.Inactive
    highlight = app_as_run.palette().color(group, Role.Highlight)
    behind = QColor(image.pixel(1, image.height() // 2))
    assert behind == highlight or contrast_ratio(behind, highlight) < 1.2, "not selected"
    darkest_text = max(contrast_ratio(QColor(c), behind) for c in colours)
    assert darkest_text >= AA, f"{darkest_text:.2f}"


def test_a_placeholder_as_painted_is_readable(app_as_run, qtbot):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.setPlaceholderText("DD/MM/YYYY")
    edit.resize(200, 30)
    edit.show()
    qtbot.waitExposed(edit)
    image = edit.grab().toImage()
    base = app_as_run.palette().color(QPalette.ColorGroup.Active, Role.Base)
    colours = {
        image.pixel(x, y) for x in range(4, image.width() - 4) for y in range(4, image.height() - 4)
    }
    ratio = max(contrast_ratio(QColor(c), base) for c in colours)
    assert ratio >= AA, f"the placeholder's darkest pixel is {ratio:.2f}:1 on the box"
