"""The bundled fonts: present with their licence, full Vietnamese coverage, embedded in PDFs."""

from __future__ import annotations

import subprocess
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFontFile

from counter.paths import get_asset
from counter.printing import render
from counter.services.context import Context
from tests.printing.conftest import Dossiers

VIETNAMESE = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
FILES = (
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf",
    "LiberationSans-Regular.ttf",
    "LiberationSans-Bold.ttf",
)


def test_bundled_fonts_cover_vietnamese() -> None:
    assert "SIL OPEN FONT LICENSE Version 1.1" in get_asset(
        "fonts", "LICENSE-Liberation.txt"
    ).read_text(encoding="utf-8")
    letters = VIETNAMESE + VIETNAMESE.upper()
    for name in FILES:
        cmap = TTFontFile(str(get_asset("fonts", name))).charToGlyph
        missing = [ch for ch in letters if ord(ch) not in cmap]
        assert missing == [], name


def test_forms_embed_the_bundled_fonts(
    bank_ctx: Context, dossiers: Dossiers, tmp_path: Path
) -> None:
    for form, family in (("01", "LiberationSerif"), ("slip", "LiberationSans")):
        path = tmp_path / f"{form}.pdf"
        path.write_bytes(render(bank_ctx, dossiers.accepted, form, record=False))
        fonts = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert fonts and all(" yes yes " in line for line in fonts)  # embedded, subset
        assert any(family in line for line in fonts)
