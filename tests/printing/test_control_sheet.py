"""Mẫu 06 read back: each hand-over judged against its own step, the office's bodies named,
the coordinating body and the liên thông consignment."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from counter.printing import render
from counter.services import workflow
from counter.services.context import Actor, Context
from tests.conftest import Clock
from tests.printing.conftest import pdf_text
from tests.services.helpers import receive
from tests.services.test_process import BURIAL, STEPS, by_post_and_back, set_steps


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_hand_over_on_day_one_of_five_is_judged_against_its_step(
    ctx: Context, clock: Clock, tmp_path: Path
) -> None:
    set_steps(ctx, BURIAL, STEPS)
    clock.set(datetime(2026, 3, 2, 9, 0))  # Monday; due Monday 09/03
    code = receive(ctx, BURIAL).dossier.code
    clock.set(datetime(2026, 3, 2, 10, 30))  # day 1 of 5: the counter's half day ends 15:00
    workflow.transfer(ctx, code, "Lê Văn Đạt", "Công chức Văn hóa - Xã hội")
    specialist = ctx.as_user(Actor("chuyenvien", "Lê Văn Đạt", "specialist"))
    clock.set(datetime(2026, 3, 4, 16, 0))  # the specialist's 3 days end Thursday 15:00
    workflow.transfer(specialist, code, "Phạm Minh Đức")
    clock.set(datetime(2026, 3, 9, 8, 30))  # the leader's day ended Friday 15:00
    workflow.take_back(ctx, code, "Phạm Minh Đức")
    text = pdf_text(render(ctx, code, "06", record=False), tmp_path)[0]
    rows = {n: next(line for line in text.splitlines() if f"{n}. Giao" in line) for n in (1, 2, 3)}
    assert "Đúng hạn" in rows[1] and "Trước hạn" not in rows[1]
    assert "Trước hạn" in rows[2]
    assert "Quá hạn" in rows[3]
    whole = flat(pdf_text(render(ctx, code, "06", record=False), tmp_path, layout=False)[0])
    assert "1. Giao: Bộ phận Một cửa" in whole  # the body may wrap in its narrow column
    assert "Nhận: Công chức Văn hóa" in whole
    # The catalogue's "Lãnh đạo UBND cấp xã" and "Chủ tịch UBND cấp xã", as the office's.
    assert "Nhận: Lãnh đạo UBND xã Tân Hưng – Phạm Minh Đức" in whole
    assert "Cơ quan (bộ phận) giải quyết hồ sơ: Chủ tịch UBND xã Tân Hưng" in whole
    assert "10 giờ 30 phút, ngày 02 tháng 03 năm 2026" in whole
    assert "Bước 2, hạn 15:00 05/03/2026" in whole
    assert "Trong hạn" not in whole and "cấp xã" not in whole


def test_liaison_names_the_coordinating_body_and_the_consignment(
    ctx: Context, clock: Clock, tmp_path: Path
) -> None:
    code = by_post_and_back(ctx, clock)
    pdf = render(ctx, code, "06", record=False)
    whole = flat(pdf_text(pdf, tmp_path, layout=False)[0])
    assert "Cơ quan phối hợp giải quyết hồ sơ: Chi cục Thuế khu vực XV" in whole
    assert "Liên thông, bưu gửi EE123456789VN" in whole
    assert "EE987654321VN" in whole
    assert "14 giờ 00 phút, ngày 02 tháng 03 năm 2026" in whole  # out
    assert "10 giờ 15 phút, ngày 04 tháng 03 năm 2026" in whole  # back


def test_a_long_name_signs_on_one_line(ctx: Context, clock: Clock, tmp_path: Path) -> None:
    """A name split over two lines of the signing cell reads as two people: a point or two
    less type keeps it whole."""
    clock.set(datetime(2026, 3, 2, 9, 0))
    code = receive(ctx, BURIAL).dossier.code
    clock.set(datetime(2026, 3, 2, 10, 30))
    workflow.transfer(ctx, code, "Nguyễn Thị Thúy", "Công chức Văn hóa - Xã hội")
    text = pdf_text(render(ctx, code, "06", record=False), tmp_path)[0]
    signing = [line for line in text.splitlines() if "Nguyễn Thị Thúy" in line and "–" not in line]
    assert signing, text  # (a four-word name needs more than 2 points less: it still wraps)


def test_a_four_word_name_fits_its_signing_cell_on_a4_and_a5(
    ctx: Context, clock: Clock, tmp_path: Path
) -> None:
    """A typical Vietnamese full name has four words («Nguyễn Thị Ánh Tuyết»): on either
    paper each signer's name stays on one line of its half of the signing cell."""
    clerk = ctx.as_user(Actor("tuyet", "Nguyễn Thị Ánh Tuyết", "clerk"))
    clock.set(datetime(2026, 3, 2, 9, 0))
    code = receive(clerk, BURIAL).dossier.code
    clock.set(datetime(2026, 3, 2, 10, 30))
    workflow.transfer(clerk, code, "Trương Thị Ngọc Hường", "Công chức Văn hóa - Xã hội")
    for paper in ("a4", "a5"):
        pdf = render(ctx, code, "06", paper=paper, record=False)
        (tmp_path / f"mau06-{paper}.pdf").write_bytes(pdf)
        lines = pdf_text(pdf, tmp_path)[0].splitlines()
        # The signing row: both names whole, side by side on one line.
        assert any(
            "Nguyễn Thị Ánh Tuyết" in line and "Trương Thị Ngọc Hường" in line for line in lines
        ), (paper, "\n".join(lines))
