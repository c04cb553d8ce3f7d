"""The forms' fonts, registered with reportlab once per process: Times New Roman when the
system has it, else the bundled Liberation fonts."""

from __future__ import annotations

import os
import threading
from pathlib import Path

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
# Times New Roman's four faces as Windows, the msttcorefonts package and macOS name them.
TIMES_FACES = {
    SERIF: ("times.ttf", "Times_New_Roman.ttf", "Times New Roman.ttf"),
    f"{SERIF}-Bold": ("timesbd.ttf", "Times_New_Roman_Bold.ttf", "Times New Roman Bold.ttf"),
    f"{SERIF}-Italic": (
        "timesi.ttf",
        "Times_New_Roman_Italic.ttf",
        "Times New Roman Italic.ttf",
    ),
    f"{SERIF}-BoldItalic": (
        "timesbi.ttf",
        "Times_New_Roman_Bold_Italic.ttf",
        "Times New Roman Bold Italic.ttf",
    ),
}
# Letters a face must have to print Vietnamese (old Times New Roman files lack some).
_PROBE = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐ"
_lock = threading.Lock()
_registered = False


def font_dirs() -> list[Path]:
    """Where the system keeps its fonts (Windows, Debian's msttcorefonts, macOS, the user's)."""
    windir = os.environ.get("WINDIR", r"C:\Windows")
    dirs = [
        Path(windir) / "Fonts",
        Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft" / "Windows" / "Fonts",
        Path("/usr/share/fonts/truetype/msttcorefonts"),
        Path("/usr/share/fonts/TTF"),
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts/Supplemental"),
        Path.home() / ".fonts",
        Path.home() / ".local/share/fonts",
    ]
    return [d for d in dirs if str(d) not in ("", ".")]


def times_new_roman(dirs: list[Path]) -> dict[str, Path] | None:
    """Times New Roman's four faces found in `dirs`, each covering Vietnamese; None when one is
    missing (a form in two families would look careless)."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    found: dict[str, Path] = {}
    for face, names in TIMES_FACES.items():
        path = next((d / n for d in dirs for n in names if (d / n).is_file()), None)
        if path is None:
            return None
        try:
            cmap = TTFontFile(str(path)).charToGlyph
        except Exception:  # a damaged or unreadable font file: the bundled font serves
            return None
        if any(ord(ch) not in cmap for ch in _PROBE + _PROBE.upper()):
            return None
        found[face] = path
    return found


def serif_files() -> dict[str, Path]:
    """The files of the forms' serif: Times New Roman when the system has it (NĐ 30/2020),
    else the bundled Liberation Serif, metric-compatible with it. COUNTER_FONTS=bundled keeps
    the bundled one (the tests: the same PDF on every machine)."""
    bundled = {name: get_asset("fonts", _FILES[name]) for name in TIMES_FACES}
    if os.environ.get("COUNTER_FONTS") == "bundled":
        return bundled
    return times_new_roman(font_dirs()) or bundled


def ensure_fonts() -> None:
    """Register the fonts and their bold/italic mapping (idempotent, thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        files = {name: get_asset("fonts", filename) for name, filename in _FILES.items()}
        files.update(serif_files())
        for name, path in files.items():
            pdfmetrics.registerFont(TTFont(name, str(path)))
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
