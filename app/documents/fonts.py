"""DejaVu, Noto Naskh Arabic and WenQuanYi Micro Hei from resources/fonts, so names in any
script print as written (Noto Naskh Arabic has the Urdu letters DejaVu lacks: ہ, ے, ۓ;
WenQuanYi covers Chinese, Japanese and Korean). All are embedded (subset) in the PDF, so
a name prints on a PC with no such fonts of its own.

DejaVu Sans Mono (a dotted zero, so 0 is never read as O) sets what must be copied
exactly: references, record digests, phone numbers, registrations, usernames. DejaVu
Serif sets a young person's own words: its capital I has serifs, so "I" is not read as
"l" or "|" on a fax."""

from __future__ import annotations

from functools import cache

from app.core.paths import resource_dir

REGULAR, BOLD, MONO_BOLD = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono-Bold"
MONO, SERIF = "DejaVuSansMono", "DejaVuSerif"
ARABIC, ARABIC_BOLD = "NotoNaskhArabic-Regular", "NotoNaskhArabic-Bold"
CJK = "WenQuanYiMicroHei"


@cache
def register() -> None:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = resource_dir() / "fonts"
    for name in (REGULAR, BOLD, MONO_BOLD, MONO, SERIF, ARABIC, ARABIC_BOLD):
        pdfmetrics.registerFont(TTFont(name, str(folder / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)
    pdfmetrics.registerFontFamily(
        ARABIC, normal=ARABIC, bold=ARABIC_BOLD, italic=ARABIC, boldItalic=ARABIC_BOLD
    )


@cache
def register_cjk() -> str:
    """Loaded only when a document holds Chinese, Japanese or Korean: the file is 5 MB."""
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = resource_dir() / "fonts" / "wqy-microhei.ttc"
    pdfmetrics.registerFont(TTFont(CJK, str(path), subfontIndex=0))
    pdfmetrics.registerFontFamily(CJK, normal=CJK, bold=CJK, italic=CJK, boldItalic=CJK)
    return CJK
