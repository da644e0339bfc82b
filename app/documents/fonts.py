"""DejaVu and Noto Naskh Arabic fonts from resources/fonts, so names in any script print
as written (Noto Naskh Arabic has the Urdu letters DejaVu lacks: ہ, ے, ۓ)."""

from __future__ import annotations

from functools import cache

from app.paths import resource_dir

REGULAR, BOLD, MONO_BOLD = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono-Bold"
ARABIC, ARABIC_BOLD = "NotoNaskhArabic-Regular", "NotoNaskhArabic-Bold"


@cache
def register() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = resource_dir() / "fonts"
    for name in (REGULAR, BOLD, MONO_BOLD, ARABIC, ARABIC_BOLD):
        pdfmetrics.registerFont(TTFont(name, str(folder / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)
    pdfmetrics.registerFontFamily(ARABIC, normal=ARABIC, bold=ARABIC_BOLD, italic=ARABIC,
                                  boldItalic=ARABIC_BOLD)
