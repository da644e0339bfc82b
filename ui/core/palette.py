"""Colours every volunteer can read: at least 4.5:1 contrast (WCAG AA) for all text.

Qt's own palette gives placeholder text 4.0:1 (half-transparent text on white) and a
selected row 3.7:1 (white on #308cc6); both are darkened here, in the active and the
inactive groups, so a selected row stays readable when its window loses focus.
"""

from __future__ import annotations

import copy

from PySide6.QtGui import QColor, QPalette

# Role: colour. Placeholders stay lighter than typed text, but readable (6.4:1 on white).
COLOURS = {
    QPalette.ColorRole.PlaceholderText: "#5c5c5c",
    QPalette.ColorRole.Highlight: "#0b4f9c",  # white on it: 8.3:1
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#0645ad",
    QPalette.ColorRole.LinkVisited: "#5a2d91",  # Qt's magenta is 3.1:1 on white
}


def readable_palette(palette: QPalette) -> QPalette:
    """`palette` with the colours above in the active and inactive groups (disabled
    controls keep Qt's greyed look: WCAG does not ask for contrast there)."""
    changed = copy.copy(palette)  # QPalette(palette)'s overloads would build QtCore.Qt
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for role, colour in COLOURS.items():
            changed.setColor(group, role, QColor(colour))
    return changed


def relative_luminance(colour: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * channel(colour.blue())
    )


def contrast_ratio(one: QColor, other: QColor) -> float:
    """WCAG 2 contrast ratio of `one` drawn on `other`, 1 to 21. A see-through `one` (Qt's
    own placeholder is half-transparent black) is mixed with `other` first."""
    alpha = one.alphaF()
    if alpha < 1:
        one = QColor.fromRgbF(
            *(
                alpha * a + (1 - alpha) * b
                for a, b in zip(
                    (one.redF(), one.greenF(), one.blueF()),
                    (other.redF(), other.greenF(), other.blueF()),
                    strict=True,
                )
            )
        )
    light, dark = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
