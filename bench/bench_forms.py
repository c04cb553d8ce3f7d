"""Time to build Mẫu 01 (two copies, barcode, VietQR) against a bare reportlab page of the same text.

Run: .venv/bin/python bench/bench_forms.py [runs]
"""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from counter.db.engine import Database
from counter.printing import receipt, render
from counter.printing.barcodes import qr_matrix
from counter.printing.data import load
from counter.printing.fonts import SERIF, ensure_fonts
from counter.services import catalogue, intake, office, users
from counter.services.context import Actor, Context


def setup(folder: Path) -> tuple[Context, str]:
    db = Database(folder / "bench.sqlite3")
    ctx = Context(
        db, Actor("motcua", "Trần Thị Thu Hà", "clerk"), now=lambda: datetime(2026, 3, 2, 9, 5)
    )
    with db.unit_of_work() as session:
        office.save_settings(
            session,
            office.OfficeSettings(
                identifier="000.00.12.H40",
                governing_body="UBND xã Tân Hưng",
                unit_name="Bộ phận tiếp nhận và trả kết quả",
                place_name="Tân Hưng",
                phone="0270 3851 234",
                address="Ấp 3, xã Tân Hưng, tỉnh Đồng Nai",
                bank_bin="970436",
                bank_account="0123456789",
                bank_account_name="UBND XA TAN HUNG",
            ),
        )
        catalogue.load_catalogue(session)
        users.create_user(session, "motcua", "Trần Thị Thu Hà", "clerk", "motcua123")
        proc = catalogue.get_procedure(session, "2.001035")
    docs = [intake.ReceivedDocument(d.name, d.originals, d.copies) for d in proc.documents]
    person = intake.ApplicantInput(
        "Nguyễn Thị Ngọc Ánh",
        id_number="079190012345",
        phone="0912 345 678",
        address="Số 12, ấp Bình Thạnh, xã Tân Hưng, tỉnh Đồng Nai",
    )
    code = intake.receive(ctx, intake.IntakeRequest("2.001035", person, docs)).dossier.code
    return ctx, code


def bare(pages: list[list[str]]) -> bytes:
    """The same lines with drawString, same fonts, same number of pages: reportlab's floor."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=SERIF)
    for lines in pages:
        y = A4[1] - 20 * mm
        for i, line in enumerate(lines):
            canvas.setFont(f"{SERIF}-Bold" if i % 4 == 0 else SERIF, 12)
            canvas.drawString(30 * mm, y, line)
            y -= 14
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def median_ms(work: object, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


@dataclass(frozen=True)
class FormTimes:
    form_median: float
    form_min: float
    bare_median: float
    bare_min: float
    render_median: float
    lines: int
    pages: int
    runs: int
    size_kb: float


def measure_receipt(runs: int) -> FormTimes:
    """Mẫu 01 built from loaded data, and the bare page of the same text, in the same run."""
    ensure_fonts()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ctx, code = setup(folder)
        data = load(ctx, code)
        pdf = receipt.build(data, "a4", False)
        (folder / "01.pdf").write_bytes(pdf)
        text = subprocess.run(
            ["pdftotext", "-layout", str(folder / "01.pdf"), "-"], capture_output=True, text=True
        ).stdout
        pages = [
            [line.strip() for line in page.splitlines() if line.strip()]
            for page in text.split("\f")
            if page.strip()
        ]
        for _ in range(5):  # warm up (imports, font caches)
            receipt.build(data, "a4", False)
            bare(pages)

        def build_cold() -> None:
            qr_matrix.cache_clear()  # measure the QR encoding every time, as a first print
            receipt.build(data, "a4", False)

        form_med, form_min = median_ms(build_cold, runs)
        bare_med, bare_min = median_ms(lambda: bare(pages), runs)
        qr_matrix.cache_clear()
        full_med, _ = median_ms(lambda: render(ctx, code, "01", record=False), max(10, runs // 3))
        ctx.db.close()
    return FormTimes(
        form_med,
        form_min,
        bare_med,
        bare_min,
        full_med,
        sum(len(p) for p in pages),
        len(pages),
        runs,
        len(pdf) / 1024,
    )


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    t = measure_receipt(runs)
    print(
        f"Mẫu 01, A4, 2 copies, Code 128 + VietQR: median {t.form_median:.1f} ms "
        f"(min {t.form_min:.1f}) over {t.runs} runs"
    )
    print(
        f"bare reportlab, same {t.lines} lines on {t.pages} pages: median {t.bare_median:.1f} ms "
        f"(min {t.bare_min:.1f})"
    )
    ratio = t.form_median / t.bare_median
    print(
        f"ratio form / bare: {ratio:.2f}x (target <= 1.5x: {'met' if ratio <= 1.5 else 'MISSED'}); "
        f"target < 40 ms: {'met' if t.form_median < 40 else 'MISSED'}"
    )
    print(
        f"render() with database load, no event, QR cached (preview then print): median {t.render_median:.1f} ms"
    )
    print(f"PDF size: {t.size_kb:.0f} KB")


if __name__ == "__main__":
    main()
