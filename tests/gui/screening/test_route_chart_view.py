"""The referral route chart on screen: shown, named for screen readers, sharp at any zoom."""

from PySide6.QtGui import QColor, QImage

from ui.screening.route_chart_view import ACCESSIBLE_NAME, RouteChartView, render_chart_image


def _dark_pixels(image: QImage, step: int = 3) -> int:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    return sum(
        1
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
        if QColor(image.pixel(x, y)).lightness() < 100
    )


def test_view_shows_with_its_accessible_name_and_paints_the_chart(qtbot):
    view = RouteChartView()
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    assert view.isVisible()
    assert view.accessibleName() == ACCESSIBLE_NAME == "Referral route chart"
    assert "Is a child in danger right now?" in view.accessibleDescription()
    assert view.sizeHint().width() >= 600 and view.sizeHint().height() > 300
    shot = view.grab().toImage()
    assert shot.size() == view.size()
    assert _dark_pixels(shot) > 200  # boxes, arrows and text were drawn
    corner = QColor(shot.pixel(1, shot.height() - 2))
    assert corner.lightness() == 255  # on white


def test_zoom_makes_the_chart_and_its_text_larger(qtbot):
    view = RouteChartView()
    qtbot.addWidget(view)
    before = view.sizeHint()
    small_font = view.chart_layout().font_size
    view.setZoom(2.0)
    assert view.zoom() == 2.0
    after = view.sizeHint()
    assert after.width() >= 1.9 * before.width()
    assert after.height() >= 1.5 * before.height()
    assert view.chart_layout().font_size == 2 * small_font
    view.resize(after)
    view.show()
    qtbot.waitExposed(view)
    assert view.grab().size().width() >= 1.9 * before.width()
    view.setZoom(100)
    assert view.zoom() <= 4.0  # clamped, not a million pixels wide


def test_render_chart_image_scales_with_zoom(qtbot):
    one = render_chart_image(600, 1.0)
    two = render_chart_image(600, 2.0)
    assert not one.isNull() and not two.isNull()
    assert one.width() == 600 and two.width() == 1200
    assert 1.6 < two.height() / one.height() < 2.4
    assert _dark_pixels(one) > 200
    assert QColor(one.pixel(0, 0)).lightness() == 255


def test_a_narrow_image_still_holds_every_box(qtbot):
    image = render_chart_image(400, 1.0)
    assert image.width() == 400 and image.height() > render_chart_image(900, 1.0).height()
