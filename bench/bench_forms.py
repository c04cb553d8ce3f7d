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
from xml.etree import ElementTree

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from counter.db.engine import Database
from counter.printing import receipt, render
from counter.printing.barcodes import qr_matrix
from counter.printing.data import load
from counter.printing.fonts import SERIF, ensure_fonts
from counter.printing.samples import OFFICE
from counter.services import catalogue, intake, office, users
from counter.services.context import Actor, Context


def setup(folder: Path) -> tuple[Context, str]:
    db = Database(folder / "bench.sqlite3")
    ctx = Context(
        db, Actor("motcua", "Trần Thị Thu Hà", "clerk"), now=lambda: datetime(2026, 3, 2, 9, 5)
    )
    with db.unit_of_work() as session:
        office.save_settings(session, OFFICE)  # the office of the docs/forms samples
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


Fragment = tuple[float, float, float, list[tuple[str, str]]]  # x, baseline, size, (text, face)


def text_fragments(pdf: Path) -> list[list[Fragment]]:
    """Every piece of text on every page of `pdf` as poppler reads it back (pdftohtml -xml):
    where it starts, its size, and its runs with the face each is set in (<b>, <i>)."""
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", "-zoom", "1", str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    root = ElementTree.fromstring(xml.split("\n", 2)[2])  # without the DOCTYPE line
    sizes = {spec.get("id"): float(spec.get("size", 0)) for spec in root.iter("fontspec")}
    faces = {(False, False): SERIF, (True, False): f"{SERIF}-Bold"}
    faces |= {(False, True): f"{SERIF}-Italic", (True, True): f"{SERIF}-BoldItalic"}
    pages: list[list[Fragment]] = []
    for page in root.iter("page"):
        height = float(page.get("height", 0))
        fragments: list[Fragment] = []
        for item in page.iter("text"):
            runs: list[tuple[str, str]] = []
            _walk(item, False, False, runs, faces)
            top = float(item.get("top", 0)) + float(item.get("height", 0))
            size = sizes[item.get("font")]
            fragments.append((float(item.get("left", 0)), height - top, size, runs))
        pages.append(fragments)
    return pages


def _walk(
    node: ElementTree.Element,
    bold: bool,
    italic: bool,
    runs: list[tuple[str, str]],
    faces: dict[tuple[bool, bool], str],
) -> None:
    if node.text:
        runs.append((node.text, faces[bold, italic]))
    for child in node:
        _walk(child, bold or child.tag == "b", italic or child.tag == "i", runs, faces)
        if child.tail:
            runs.append((child.tail, faces[bold, italic]))


def bare(pages: list[list[Fragment]]) -> bytes:
    """reportlab's floor for the same text: every fragment of every page of the form (both
    copies), at its place, in its size and faces, with nothing else (no rules, table, barcode,
    QR, layout or measuring)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=SERIF)
    for fragments in pages:
        for x, y, size, runs in fragments:
            text = canvas.beginText(x, y)
            for run, face in runs:
                text.setFont(face, size)
                text.textOut(run)
            canvas.drawText(text)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def bare_two_faces(pages: list[list[str]]) -> bytes:
    """The baseline used until Nov 2026, kept for comparison: the pdftotext lines with
    drawString, regular with every fourth line bold. It leaves out the italic face the form
    uses (dateline, signature notes, copy marker), so it embeds one font fewer than the form."""
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


@dataclass(frozen=True)
class FormTimes:
    form_median: float
    form_min: float
    bare_median: float
    bare_min: float
    two_faces_median: float
    render_median: float
    fragments: int
    pages: int
    runs: int
    size_kb: float


def words_of(pdf: bytes, folder: Path) -> list[str]:
    path = folder / "words.pdf"
    path.write_bytes(pdf)
    pages = text_fragments(path)
    return sorted(
        w for page in pages for *_, runs in page for text, _ in runs for w in text.split()
    )


def interleaved(works: list[object], runs: int) -> list[list[float]]:
    """Milliseconds of each work, run in turn: a burst of load on this shared machine falls on
    all of them alike instead of on whichever happened to be measured then."""
    times: list[list[float]] = [[] for _ in works]
    for _ in range(runs):
        for work, samples in zip(works, times, strict=True):
            start = time.perf_counter()
            work()  # type: ignore[operator]
            samples.append((time.perf_counter() - start) * 1000)
    return times


def measure_receipt(runs: int) -> FormTimes:
    """Mẫu 01 built from loaded data, and the bare pages of the same text, in the same run."""
    ensure_fonts()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ctx, code = setup(folder)
        data = load(ctx, code)
        pdf = receipt.build(data, "a4", False)
        (folder / "01.pdf").write_bytes(pdf)
        fragments = text_fragments(folder / "01.pdf")
        # The baseline sets exactly the form's words, no fewer.
        if words_of(bare(fragments), folder) != words_of(pdf, folder):
            raise SystemExit("the bare page does not carry the same text as the form")
        text = subprocess.run(
            ["pdftotext", "-layout", str(folder / "01.pdf"), "-"], capture_output=True, text=True
        ).stdout
        lines = [
            [line.strip() for line in page.splitlines() if line.strip()]
            for page in text.split("\f")
            if page.strip()
        ]
        for _ in range(5):  # warm up (imports, font caches)
            receipt.build(data, "a4", False)
            bare(fragments)
            bare_two_faces(lines)

        def build_cold() -> None:
            qr_matrix.cache_clear()  # measure the QR encoding every time, as a first print
            receipt.build(data, "a4", False)

        form, floor, two_faces = interleaved(
            [build_cold, lambda: bare(fragments), lambda: bare_two_faces(lines)], runs
        )
        qr_matrix.cache_clear()
        full = interleaved([lambda: render(ctx, code, "01", record=False)], max(10, runs // 3))[0]
        ctx.db.close()
    return FormTimes(
        statistics.median(form),
        min(form),
        statistics.median(floor),
        min(floor),
        statistics.median(two_faces),
        statistics.median(full),
        sum(len(p) for p in fragments),
        len(fragments),
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
        f"bare reportlab, same {t.fragments} text fragments in the same faces on {t.pages} pages: "
        f"median {t.bare_median:.1f} ms (min {t.bare_min:.1f})"
    )
    ratio = t.form_median / t.bare_median
    print(
        f"ratio form / bare: {ratio:.2f}x (target <= 1.5x: {'met' if ratio <= 1.5 else 'MISSED'}); "
        f"target < 40 ms: {'met' if t.form_median < 40 else 'MISSED'}"
    )
    print(
        f"(old baseline, regular and bold only, no italic: median {t.two_faces_median:.1f} ms, "
        f"ratio {t.form_median / t.two_faces_median:.2f}x)"
    )
    print(
        f"render() with database load, no event, QR cached (preview then print): median {t.render_median:.1f} ms"
    )
    print(f"PDF size: {t.size_kb:.0f} KB")


if __name__ == "__main__":
    main()
