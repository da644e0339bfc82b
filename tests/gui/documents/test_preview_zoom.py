"""Zoom in the previews, driven through the real dialogs opened from the real app: Zoom
out, Zoom in and Fit to width, and Ctrl+plus, Ctrl+minus and Ctrl+0, change the size the
page is drawn at, say the new size, and step from the size shown (also when it was fitted
to the width). In Print handouts a portrait page is not fitted below a readable size, and
in a narrow window (150% text on a 1024x768 screen) the list goes above the page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

import ui.documents.pdf_preview as pdf_preview
from tests.drivers import click, click_item, field, open_print_handouts
from tests.gui.documents.test_referral_dialog import pack  # noqa: F401 (a fixture)
from tests.keys import focused
from ui.core.keyboard import install, uninstall

A4_HEIGHT_AT_100 = 841.89 * 96 / 72  # pixels, at the offscreen screen's 96 dpi
NARROW = (682, 512)  # what a 1024x768 screen leaves at 150% text, in the app's pixels
WIDE = (1040, 740)


def page_height(preview) -> float:
    """One page's height as QPdfView lays the pages out now: the height of everything
    there is to scroll through, less the margins and the gaps, shared by the pages."""
    QApplication.processEvents()
    pages = preview.page_count
    margins = preview.documentMargins()
    extent = preview.verticalScrollBar().maximum() + preview.viewport().height()
    assert preview.verticalScrollBar().maximum() > 0, "the pages must be taller than the view"
    return (extent - margins.top() - margins.bottom() - (pages - 1) * preview.pageSpacing()) / pages


def place(widget: QWidget) -> QRect:
    window = widget.window()
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def press(key: Qt.Key, modifier=Qt.KeyboardModifier.ControlModifier) -> None:
    QTest.keyClick(focused(), key, modifier)
    QApplication.processEvents()


@pytest.fixture
def said(monkeypatch):
    """What the dialogs asked a screen reader to say."""
    heard: list[str] = []
    real = pdf_preview.announce

    def recording(widget, text, **kw):
        heard.append(text)
        real(widget, text, **kw)

    monkeypatch.setattr(pdf_preview, "announce", recording)
    return heard


@pytest.fixture
def handouts(qtbot, ready):
    _window, dialog = open_print_handouts(qtbot, ready)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_narrow_handouts_put_the_list_above_a_readable_page(qtbot, handouts):
    dialog = handouts
    dialog.resize(*NARROW)
    QApplication.processEvents()
    choices, preview = field(dialog, "Handouts"), field(dialog, "Preview")
    assert place(choices).bottom() < place(preview).top(), "the list is not above the page"
    assert preview.width() >= dialog.width() - 40, "the page does not get the whole width"
    # The page is shown at a size that is easy to read (80%), not squeezed to fit.
    assert page_height(preview) >= 0.78 * A4_HEIGHT_AT_100
    assert "80%" in field(dialog, "Zoom level").text()

    # Landscape slides have big words: they are fitted to the width however narrow.
    click_item(choices, "Introductory slides, with speaker notes")
    assert "fitted to the width" in field(dialog, "Zoom level").text()

    dialog.resize(*WIDE)
    QApplication.processEvents()
    assert place(choices).right() < place(preview).left(), "the list is not beside the page"
    assert place(choices).top() < place(preview).center().y()
    assert "fitted to the width" in field(dialog, "Zoom level").text()


def test_handouts_zoom_by_buttons_and_keys(qtbot, handouts, said):
    dialog = handouts
    dialog.resize(*NARROW)
    QApplication.processEvents()
    preview, level = field(dialog, "Preview"), field(dialog, "Zoom level")
    fitted = page_height(preview)

    click(dialog, "Zoom in")
    bigger = page_height(preview)
    assert fitted * 1.05 < bigger < fitted * 1.3  # one step up from the size shown
    assert "90%" in level.text() and said[-1] == level.text()

    field(dialog, "Handouts").setFocus()  # the keys work wherever the focus is
    press(Qt.Key.Key_Plus)
    assert page_height(preview) > bigger
    assert "100%" in said[-1]
    press(Qt.Key.Key_Equal)  # Ctrl+plus without Shift, on a UK keyboard
    press(Qt.Key.Key_Minus)
    press(Qt.Key.Key_Minus)
    assert page_height(preview) == pytest.approx(bigger, abs=1)
    press(Qt.Key.Key_0)
    assert page_height(preview) == pytest.approx(fitted, abs=1)
    assert "80%" in said[-1]

    # Below the readable size only when the person asks for it.
    click(dialog, "Zoom out")
    smaller = page_height(preview)
    assert smaller < fitted * 0.95
    assert "67%" in level.text()
    preview.setFocus()
    press(Qt.Key.Key_Minus)
    assert page_height(preview) < smaller
    click(dialog, "Fit to width")
    assert page_height(preview) == pytest.approx(fitted, abs=1)
    assert level.text() in said[-1]


def test_the_size_chosen_stays_for_the_next_handout(qtbot, handouts):
    dialog = handouts
    level = field(dialog, "Zoom level")
    click(dialog, "Zoom in")
    click(dialog, "Zoom in")
    chosen = level.text()
    assert "fitted" not in chosen
    click_item(field(dialog, "Handouts"), "Leaflet for parents and carers")
    assert level.text() == chosen  # not fitted again behind words that say otherwise
    click(dialog, "Fit to width")
    assert "fitted" in level.text()


def test_the_handouts_dialog_by_keyboard_alone(qtbot, handouts):
    app = QApplication.instance()
    install(app)  # the focus ring, as ui/application.py installs it
    try:
        dialog = handouts
        dialog.resize(*NARROW)
        choices = field(dialog, "Handouts")
        field(dialog, "Preview").setFocus(Qt.FocusReason.TabFocusReason)  # the ring moves
        choices.setFocus(Qt.FocusReason.TabFocusReason)
        QApplication.processEvents()
        from ui.core.keyboard import KeyboardModel

        model = app.findChild(KeyboardModel)
        reached = []
        for _ in range(20):
            widget = focused()
            reached.append(widget.accessibleName() or widget.text().replace("&", ""))
            assert model.ring is not None and model.ring.widget() is widget, reached[-1]
            assert model.ring.isVisible(), reached[-1]
            press(Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
            if focused() is choices:
                break
        assert reached == [
            "Handouts",
            "Preview",
            "Zoom out",
            "Zoom in",
            "Fit to width",
            "Print…",
            "Save as PDF…",
            "Close",
        ]
        # The preview scrolls with the arrow keys once it has the focus.
        preview = field(dialog, "Preview")
        preview.setFocus(Qt.FocusReason.TabFocusReason)
        press(Qt.Key.Key_PageDown, Qt.KeyboardModifier.NoModifier)
        assert preview.verticalScrollBar().value() > 0
    finally:
        uninstall(app)


@pytest.fixture
def referral(pack):  # noqa: F811
    return pack[1]  # the Referral pack dialog, opened as test_referral_dialog.py opens it


def test_referral_zoom_steps_from_the_size_fitted_to_the_width(qtbot, referral, said):
    dialog = referral
    dialog.resize(*NARROW)
    preview, level = field(dialog, "Preview"), field(dialog, "Zoom level")
    fitted = page_height(preview)
    assert "fitted to the width" in level.text()  # the whole page, however small

    click(dialog, "Zoom in")  # once jumped from the fitted size straight to 125%
    assert fitted < page_height(preview) <= fitted * 1.3
    assert said[-1] == level.text()
    click(dialog, "Fit to width")
    assert page_height(preview) == pytest.approx(fitted, abs=1)
    click(dialog, "Zoom out")  # once made the page larger
    assert page_height(preview) < fitted
    press(Qt.Key.Key_0)
    assert page_height(preview) == pytest.approx(fitted, abs=1)
