"""Mẫu 07, the register: A4 landscape, many pages, the header row on every page."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from counter.errors import ValidationError
from counter.printing import render_register
from counter.services import intake
from counter.services.context import Context
from tests.conftest import Clock
from tests.printing.conftest import MARITAL, documents, page_size, pdf_text

A4_LANDSCAPE = (841.89, 595.28)


def test_register_runs_over_pages_with_the_header_repeated(
    ctx: Context, clock: Clock, tmp_path: Path
) -> None:
    docs = documents(ctx, MARITAL)
    codes = []
    start = datetime(2026, 3, 2, 8, 0)
    for i in range(45):
        clock.set(start + timedelta(minutes=10 * i))
        result = intake.receive(
            ctx, intake.IntakeRequest(MARITAL, intake.ApplicantInput(f"Nguyễn Văn Đức {i}"), docs)
        )
        codes.append(result.dossier.code)
    # One outside the period must not appear.
    clock.set(datetime(2026, 3, 4, 9, 0))
    outside = intake.receive(
        ctx, intake.IntakeRequest(MARITAL, intake.ApplicantInput("Lý Thị Ngoài"), docs)
    ).dossier.code
    pdf = render_register(ctx, date(2026, 3, 1), date(2026, 3, 3))
    assert page_size(pdf, tmp_path) == pytest.approx(A4_LANDSCAPE, abs=0.1)
    pages = pdf_text(pdf, tmp_path, layout=False)
    assert len(pages) >= 2
    joined = " ".join(" ".join(p.split()) for p in pages)
    assert "SỔ THEO DÕI HỒ SƠ" in joined
    assert "Từ ngày 01/03/2026 đến ngày 03/03/2026 (45 hồ sơ)" in joined
    for number, page in enumerate(pages, 1):
        flat = " ".join(page.split())
        for heading in (
            "Số thứ tự",
            "Mã hồ sơ",
            "Tên thủ tục hành chính",
            "Hẹn trả kết quả",
            "Ký nhận",
        ):
            assert heading in flat
        assert f"Trang {number}" in flat
    # Every dossier of the period once, in order of receipt; codes break after the prefix.
    tails = [c.split("-", 1)[1] for c in codes]
    lines = [line for page in pdf_text(pdf, tmp_path) for line in page.splitlines()]
    positions = [next(i for i, line in enumerate(lines) if tail in line) for tail in tails]
    assert positions == sorted(positions)
    assert all(joined.count(tail) == 1 for tail in tails)
    assert outside.split("-", 1)[1] not in joined
    assert "Nguyễn Văn Đức 44" in joined


def test_register_of_an_empty_period_and_bad_ranges(ctx: Context, tmp_path: Path) -> None:
    pdf = render_register(ctx, date(2026, 1, 1), date(2026, 1, 31))
    assert "Không có hồ sơ nào trong thời gian này." in " ".join(
        pdf_text(pdf, tmp_path, layout=False)[0].split()
    )
    with pytest.raises(ValidationError, match="Ngày kết thúc"):
        render_register(ctx, date(2026, 2, 1), date(2026, 1, 1))
    with pytest.raises(ValidationError, match="tối đa một năm"):
        render_register(ctx, date(2025, 1, 1), date(2026, 6, 1))
