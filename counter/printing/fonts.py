"""The bundled Liberation fonts, registered with reportlab once per process."""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from counter.paths import get_asset

# Times-like serif for the official forms (Liberation Serif is metric-compatible with Times New
# Roman, the font NĐ 30/2020 prescribes), a sans for the small-print appointment slip.
SERIF = "CounterSerif"
SANS = "CounterSans"

_FILES = {
    SERIF: "LiberationSerif-Regular.ttf",
    f"{SERIF}-Bold": "LiberationSerif-Bold.ttf",
    f"{SERIF}-Italic": "LiberationSerif-Italic.ttf",
    f"{SERIF}-BoldItalic": "LiberationSerif-BoldItalic.ttf",
    SANS: "LiberationSans-Regular.ttf",
    f"{SANS}-Bold": "LiberationSans-Bold.ttf",
}
_lock = threading.Lock()
_registered = False


def ensure_fonts() -> None:
    """Register the fonts and their bold/italic mapping (idempotent, thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(get_asset("fonts", filename))))
        # <b> and <i> in paragraphs pick the right face.
        for bold, italic, suffix in (
            (0, 0, ""),
            (1, 0, "-Bold"),
            (0, 1, "-Italic"),
            (1, 1, "-BoldItalic"),
        ):
            addMapping(SERIF, bold, italic, f"{SERIF}{suffix}")
        for bold, italic in ((0, 0), (0, 1)):
            addMapping(SANS, bold, italic, SANS)
        for bold, italic in ((1, 0), (1, 1)):
            addMapping(SANS, bold, italic, f"{SANS}-Bold")
        _registered = True
