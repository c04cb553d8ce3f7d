"""Digitisation: time from a scanner's A4 page image to a signed, stored PDF on the dossier,
and the PDF's size at 200 dpi, grey and colour (issue 18). `python -m bench.bench_scan`.

The page: an A4 administrative page drawn at 200 dpi (a heading, 40 lines of body text, a
table, a red seal) with scanner-like grain — what SANE hands over after a scan. The baseline
from the same run: the same page stored unsigned (PDF made, stored, recorded; no token)."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from counter.db.engine import Database
from counter.domain.dossier import OTHER_LINE, Status
from counter.paths import get_asset
from counter.services import attachments, signing
from counter.services.context import SYSTEM, Context
from counter.services.scanning import Page

DPI = 200
A4 = (1654, 2339)


def page_image(colour: bool, seed: int = 1) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("RGB", A4, (246, 244, 238))
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(get_asset("fonts", "LiberationSerif-Regular.ttf")), 36)
    bold = ImageFont.truetype(str(get_asset("fonts", "LiberationSerif-Bold.ttf")), 40)
    draw.text((420, 150), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=bold, fill=(20, 20, 20))
    draw.text((560, 210), "Độc lập - Tự do - Hạnh phúc", font=font, fill=(20, 20, 20))
    draw.text((470, 330), "TỜ KHAI ĐĂNG KÝ KHAI SINH", font=bold, fill=(20, 20, 20))
    words = [
        "họ",
        "tên",
        "ngày",
        "sinh",
        "nơi",
        "cư",
        "trú",
        "số",
        "định",
        "dành",
        "cá",
        "nhân",
        "quan",
        "hệ",
        "với",
        "người",
        "được",
        "khai",
        "sinh",
    ]
    y = 430
    for _ in range(40):
        line = " ".join(rng.choice(words) for _ in range(12))
        draw.text((160, y), line[:78], font=font, fill=(25, 25, 25))
        y += 38
    for row in range(6):
        top = 1980 + row * 45
        draw.line((160, top, 1500, top), fill=(40, 40, 40), width=2)
    if colour:
        draw.ellipse((1150, 1880, 1450, 2180), outline=(200, 30, 30), width=10)
        draw.text((1200, 2010), "UBND XÃ TÂN HƯNG", font=font, fill=(200, 30, 30))
    image = image.filter(ImageFilter.GaussianBlur(0.6))  # optics
    noise = Image.effect_noise(A4, 6).convert("RGB")  # paper grain and sensor noise
    image = Image.blend(image, noise, 0.06)
    return image if colour else image.convert("L")


@dataclass(frozen=True)
class ScanTiming:
    signed_ms: float
    unsigned_ms: float
    grey_kb: float
    colour_kb: float
    colour_signed_ms: float


def _ctx(work: Path) -> tuple[Context, str]:
    from counter import demo

    ctx = Context(Database(work / "scan.sqlite3"), SYSTEM)
    demo.generate(ctx, 20, end=datetime(2026, 3, 2, 9, 0))
    with ctx.db.session() as session:
        from sqlalchemy import select

        from counter.db.models import Dossier

        code = session.scalar(
            select(Dossier.code)
            .where(Dossier.status.notin_([int(Status.REGISTERED), int(Status.REFUSED)]))
            .limit(1)
        )
    assert code is not None
    return ctx, code


def _time(
    ctx: Context, code: str, image: Image.Image, colour: bool, pin: str, n: int
) -> tuple[float, int]:
    samples, size = [], 0
    for i in range(n):
        page = Page(image, origin="bench", dpi=DPI)
        page.image = image.copy() if i else image  # one fresh buffer per scan, as a scanner's
        started = time.perf_counter()
        added = attachments.digitise(ctx, code, OTHER_LINE, [page], colour=colour, pin=pin)
        samples.append((time.perf_counter() - started) * 1000)
        size = added.size
    return statistics.median(samples), size


def measure_scan(repeat: int = 5) -> ScanTiming:
    from tests.scan.softhsm import make_token

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ctx, code = _ctx(work)
        grey, colour = page_image(False), page_image(True)
        unsigned_ms, _ = _time(ctx, code, grey, False, "", repeat)
        token = make_token(work / "softhsm")
        signing.configure_token(ctx, token.module, token.label)
        signed_ms, grey_size = _time(ctx, code, grey, False, token.pin, repeat)
        colour_ms, colour_size = _time(ctx, code, colour, True, token.pin, repeat)
        ctx.db.close()
    return ScanTiming(signed_ms, unsigned_ms, grey_size / 1024, colour_size / 1024, colour_ms)


if __name__ == "__main__":
    t = measure_scan()
    print(
        f"A4 page → signed stored PDF: {t.signed_ms:.0f} ms grey, {t.colour_signed_ms:.0f} ms colour "
        f"(unsigned baseline {t.unsigned_ms:.0f} ms); size {t.grey_kb:.0f} KB grey, "
        f"{t.colour_kb:.0f} KB colour at {DPI} dpi"
    )
