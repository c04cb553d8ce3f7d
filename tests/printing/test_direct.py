"""The direct layout engine of Mẫu 01: line breaking, ties and justification."""

from __future__ import annotations

import io
import re

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from counter.printing.direct import (
    BOLD,
    NBSP,
    REGULAR,
    draw_lines,
    keep_together,
    runs,
    wrap,
)
from counter.printing.fonts import ensure_fonts

TEXT = (
    "Thủ tục chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, "
    "quyền sử dụng đất, nhà ở"
)


def line_text(line: object) -> str:
    return "".join(text for text, _ in line.chunks)  # type: ignore[attr-defined]


def test_lines_fit_the_width_and_keep_every_word_in_order() -> None:
    ensure_fonts()
    for width in (60.0, 120.0, 200.0, 400.0):
        lines = wrap(runs("Nội dung: ", (TEXT, BOLD)), 13, width)
        for line in lines:
            measured = sum(stringWidth(t, f, 13) for t, f in line.chunks)
            assert abs(measured - line.width) < 0.01
            assert line.width <= width + 0.01 or " " not in line_text(line)
        assert " ".join(line_text(line) for line in lines).split() == f"Nội dung: {TEXT}".split()
    # Faces are kept: the label regular, the procedure bold.
    first = wrap(runs("Nội dung: ", (TEXT, BOLD)), 13, 400)[0]
    assert first.chunks[0] == ("Nội dung:", REGULAR) and first.chunks[1][1] == BOLD


def test_tied_words_never_part() -> None:
    ensure_fonts()
    tied = keep_together("09 giờ 05 phút, ngày 04/03/2026")
    assert " " not in tied and tied.replace(NBSP, " ") == "09 giờ 05 phút, ngày 04/03/2026"
    for width in (80.0, 150.0, 250.0):
        lines = wrap(runs("5. Thời gian trả kết quả: ", (tied, BOLD)), 13, width)
        assert sum(tied in line_text(line) for line in lines) == 1
    # Only after the colon: "Nội dung:" may end a line, the transfer note stays whole.
    note = keep_together("Nội dung: LEPHI 2603020001", after=":")
    assert note == f"Nội dung: LEPHI{NBSP}2603020001"


def test_justified_lines_end_at_the_right_margin_but_the_last() -> None:
    ensure_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    lines = wrap(runs(TEXT * 2), 12, 200)
    assert len(lines) > 2
    draw_lines(canvas, lines, 0, 800, 200, 12, 14.4, "justify")
    code = "\n".join(canvas._code)
    # Word spacing set for every line but the last, then reset.
    stretches = [float(v) for v in re.findall(r"([-\d.]+) Tw", code) if float(v)]
    assert len(stretches) == len(lines) - 1
    for line, stretch in zip(lines, stretches, strict=False):
        assert abs(line.width + stretch * line.gaps - 200) < 0.01
