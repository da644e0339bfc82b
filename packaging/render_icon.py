"""Render the app icon, resources/icons/cse-toolkit.svg, to the PNG sizes each platform
wants and to a multi-size Windows .ico.

    .venv/bin/python packaging/render_icon.py [FOLDER]   # default: resources/icons

The results are committed (resources/icons/): the app sets its window icon from a PNG,
because loading QtSvg at start-up would slow every start for a picture that never
changes. Run this again only after editing the SVG.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window: runs in CI and over ssh

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
NAME = "cse-toolkit"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG images (read by Windows Vista and later): a 6-byte
    header, a 16-byte entry per image, then the images. 256 is written as 0."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, images = b"", b""
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + entries + images


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else ICONS  # another folder: to compare, in tests
    out.mkdir(parents=True, exist_ok=True)
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / f"{NAME}.svg"))
    if not renderer.isValid():
        print(f"cannot read {ICONS / f'{NAME}.svg'}", file=sys.stderr)
        return 1
    pngs = {size: render_png(renderer, size) for size in SIZES}
    for size, png in pngs.items():
        (out / f"{NAME}-{size}.png").write_bytes(png)
    (out / f"{NAME}.ico").write_bytes(ico(pngs))
    print(f"wrote {len(pngs)} PNGs and {NAME}.ico into {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
