"""The referral route chart on screen, drawn with QPainter from the shared layout.

Everything is vector: at each zoom the chart is laid out again with the text measured at
the size it is drawn, so it stays sharp and no text escapes its box. Black on white; the
999 box stands out by its heavy border, the outcomes by light grey shading and their
bold headings, never by colour alone.
"""

from __future__ import annotations

import math
from functools import cache

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QImage,
    QPaintDevice,
    QPainter,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.core.paths import resource_dir
from app.documents.charts import route_chart

ACCESSIBLE_NAME = "Referral route chart"
BASE_WIDTH = 760  # pixels across at zoom 1
BASE_POINT_SIZE = 10.5  # text size at zoom 1, in points
MIN_ZOOM, MAX_ZOOM = 0.5, 4.0
IMAGE_DPI = 96
SHADE = QColor(235, 235, 235)  # light grey for the outcome boxes; the text stays black


@cache
def _family() -> str:
    """DejaVu Sans from resources/fonts (the same face as on paper), else the default."""
    family = ""
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        font_id = QFontDatabase.addApplicationFont(str(resource_dir() / "fonts" / name))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = family or (families[0] if families else "")
    return family or QFont().family()


class _Fonts:
    """Fonts sized in device pixels for one paint device, and a measure() for the layout."""

    def __init__(self, device: QPaintDevice) -> None:
        self._dpi = device.logicalDpiY() or IMAGE_DPI
        self._device = device
        self._fonts: dict[tuple[float, bool], QFont] = {}
        self._metrics: dict[tuple[float, bool], QFontMetricsF] = {}

    def font(self, size: float, bold: bool) -> QFont:
        key = (size, bold)
        if key not in self._fonts:
            font = QFont(_family())
            font.setPointSizeF(size * 72 / self._dpi)
            font.setBold(bold)
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            self._fonts[key] = font
            self._metrics[key] = QFontMetricsF(font, self._device)
        return self._fonts[key]

    def measure(self, text: str, size: float, bold: bool) -> float:
        self.font(size, bold)
        return self._metrics[(size, bold)].horizontalAdvance(text)


def chart_layout(device: QPaintDevice, width_px: float, zoom: float) -> route_chart.ChartLayout:
    """The shared layout, in `device`'s pixels, for a chart `width_px` wide at zoom 1."""
    fonts = _Fonts(device)
    size = BASE_POINT_SIZE * zoom * (device.logicalDpiY() or IMAGE_DPI) / 72
    # A narrow space gets smaller text (down to 60 %) rather than no chart at all; past
    # that the chart is drawn wider than asked and the page scrolls sideways.
    width = width_px * zoom
    for scale in (1.0, 0.9, 0.8, 0.7, 0.6):
        try:
            return route_chart.layout(width, fonts.measure, size * scale)
        except route_chart.ChartError:
            continue
    while True:
        width *= 1.25
        try:
            return route_chart.layout(width, fonts.measure, size * 0.6)
        except route_chart.ChartError:
            continue


def paint_chart(painter: QPainter, layout: route_chart.ChartLayout, device: QPaintDevice) -> None:
    """Draw `layout` with its top left at the painter's origin."""
    fonts = _Fonts(device)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    black = QColor(0, 0, 0)
    for box in layout.boxes:
        pen = QPen(black, box.line_width)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        shaded = box.kind == "outcome"
        painter.setBrush(QBrush(SHADE if shaded else QColor(255, 255, 255)))
        rect = QRectF(box.x, box.y, box.w, box.h)
        if box.kind == "start":
            painter.drawRoundedRect(rect, layout.corner_radius, layout.corner_radius)
        elif box.kind == "decision":
            painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in box.outline(layout.point)]))
        else:
            painter.drawRect(rect)
        painter.setPen(black)
        for line in box.lines:
            painter.setFont(fonts.font(layout.font_size, line.bold))
            painter.drawText(QPointF(line.x, line.baseline), line.text)

    pen = QPen(black, layout.line_width * 1.4)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    for arrow in layout.arrows:
        shaft, head = route_chart.arrow_parts(arrow, layout.arrow_head)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in shaft]))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(black))
        painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in head]))
        painter.setPen(black)
        for line in arrow.label:
            painter.setFont(fonts.font(layout.font_size, line.bold))
            painter.drawText(QPointF(line.x, line.baseline), line.text)


def render_chart_image(width_px: int, zoom: float) -> QImage:
    """The chart as an image `width_px * zoom` pixels wide, e.g. for a help page.

    Needs a QGuiApplication. The height follows from the text.
    """
    zoom = _clamp(zoom)
    probe = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
    _set_dpi(probe)
    layout = chart_layout(probe, width_px, zoom)
    image = QImage(
        math.ceil(layout.width), math.ceil(layout.height), QImage.Format.Format_ARGB32_Premultiplied
    )
    _set_dpi(image)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    try:
        paint_chart(painter, layout, image)
    finally:
        painter.end()
    return image


def _set_dpi(image: QImage) -> None:
    dots_per_metre = round(IMAGE_DPI / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)


def _clamp(zoom: float) -> float:
    return min(MAX_ZOOM, max(MIN_ZOOM, float(zoom)))


class RouteChartView(QWidget):
    """Shows the chart at a zoom factor; put it in a QScrollArea for large zooms."""

    def __init__(self, parent: QWidget | None = None, zoom: float = 1.0) -> None:
        super().__init__(parent)
        self._zoom = _clamp(zoom)
        self._layout: route_chart.ChartLayout | None = None
        self.setAccessibleName(ACCESSIBLE_NAME)
        self.setAccessibleDescription(" ".join(route_chart.outline()))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to press: a picture
        self.setSizePolicy(QSizePolicy.Policy.MinimumExpanding, QSizePolicy.Policy.Minimum)
        self.setAutoFillBackground(False)

    def zoom(self) -> float:
        return self._zoom

    def setZoom(self, zoom: float) -> None:
        zoom = _clamp(zoom)
        if zoom == self._zoom:
            return
        self._zoom = zoom
        self._layout = None
        self.updateGeometry()
        self.update()

    def chart_layout(self) -> route_chart.ChartLayout:
        if self._layout is None:
            self._layout = chart_layout(self, BASE_WIDTH, self._zoom)
        return self._layout

    def sizeHint(self) -> QSize:
        layout = self.chart_layout()
        return QSize(math.ceil(layout.width), math.ceil(layout.height))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event) -> None:
        layout = self.chart_layout()
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor(255, 255, 255))
            painter.translate(max(0.0, (self.width() - layout.width) / 2), 0)
            paint_chart(painter, layout, self)
        finally:
            painter.end()
