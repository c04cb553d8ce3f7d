"""The internal process through the services: steps edited in the catalogue (as reference data),
each hand-over's step deadline, liên thông records, and the late steps by official and body."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from counter.db.models import EventRow
from counter.domain.process import Step
from counter.errors import ValidationError
from counter.reports.excel import write_xlsx
from counter.reports.figures import build_report
from counter.reports.pdf import render_pdf
from counter.services import catalogue, process, queries, reference_log, workflow
from counter.services.context import Actor, Context
from tests.conftest import Clock
from tests.services.helpers import receive

BURIAL = "1.001731"  # trợ cấp mai táng: 5 working days
STEPS = [
    Step("Tiếp nhận, chuyển hồ sơ", "Bộ phận Một cửa", 0.5),
    Step("Thẩm định hồ sơ", "Công chức Văn hóa - Xã hội", 3),
    Step("Ký duyệt", "Lãnh đạo UBND cấp xã", 1),
    Step("Trả kết quả", "Bộ phận Một cửa", 0.5),
]


def admin(ctx: Context) -> Context:
    return ctx.as_user(Actor("admin", "Nguyễn Quản Trị", "admin"))


def set_steps(ctx: Context, code: str, steps: list[Step]) -> catalogue.ProcedureInfo:
    with ctx.db.unit_of_work() as session:
        info = catalogue.get_procedure(session, code)
        data = catalogue.ProcedureInput(
            info.code, info.name, info.field, info.time_amount, info.time_unit.value,
            info.fee, info.fee_note, info.resolving_unit, info.result_name,
            list(info.documents), steps=steps,
        )  # fmt: skip
        return catalogue.save_procedure(session, data, ctx=admin(ctx))


def test_bundled_procedures_have_a_default_process(ctx: Context) -> None:
    with ctx.db.session() as session:
        for info in catalogue.list_procedures(session):
            assert info.steps, info.code
            assert info.steps[0].body == "Bộ phận Một cửa"


def test_steps_are_edited_as_reference_data(ctx: Context) -> None:
    info = set_steps(ctx, BURIAL, STEPS)
    assert info.steps == tuple(STEPS)
    with ctx.db.session() as session:
        latest = reference_log.latest(session, [reference_log.procedure_key(BURIAL)])
        payload = json.loads(latest[reference_log.procedure_key(BURIAL)].payload)
    assert payload["steps"][1] == ["Thẩm định hồ sơ", "Công chức Văn hóa - Xã hội", 3]
    assert reference_log.valid(latest[reference_log.procedure_key(BURIAL)])


def test_steps_that_do_not_add_up_are_refused_and_nothing_is_saved(ctx: Context) -> None:
    with pytest.raises(ValidationError, match="phải bằng thời hạn giải quyết"):
        set_steps(ctx, BURIAL, [*STEPS[:3], replace(STEPS[3], share=2)])
    with ctx.db.session() as session:
        assert catalogue.get_procedure(session, BURIAL).steps[1].name == "Thẩm định, xử lý hồ sơ"


def test_each_hand_over_starts_a_step_with_its_own_deadline(ctx: Context, clock: Clock) -> None:
    set_steps(ctx, BURIAL, STEPS)
    clock.set(datetime(2026, 3, 5, 9, 0))  # Thursday
    code = receive(ctx, BURIAL).dossier.code
    view = queries.find_by_code(ctx, code)
    assert view is not None
    assert (view.step, view.step_name) == (1, "Tiếp nhận, chuyển hồ sơ")
    assert view.step_due_at == datetime(2026, 3, 5, 15, 0)  # half a day
    clock.set(datetime(2026, 3, 5, 10, 0))
    moved = workflow.transfer(ctx, code, "Lê Văn Đạt", "Công chức Văn hóa - Xã hội").dossier
    # 3.5 working days from Thursday 09:00 over the weekend: Fri, Mon, Tue 09:00, then 4 h.
    assert (moved.step, moved.step_body) == (2, "Công chức Văn hóa - Xã hội")
    assert moved.step_due_at == datetime(2026, 3, 10, 15, 0)
    # The leader's step names the office's own body, not the catalogue's "UBND cấp xã".
    clock.set(datetime(2026, 3, 9, 10, 0))
    signed = workflow.transfer(ctx.as_user(Actor("chuyenvien", "Lê Văn Đạt", "specialist")),
                               code, "Phạm Minh Đức").dossier  # fmt: skip
    assert (signed.step, signed.step_body) == (3, "Lãnh đạo UBND xã Tân Hưng")
    assert signed.step_due_at == datetime(2026, 3, 11, 15, 0)


def test_late_steps_by_official_and_body(ctx: Context, clock: Clock) -> None:
    set_steps(ctx, BURIAL, STEPS)
    clock.set(datetime(2026, 3, 2, 9, 0))
    late = receive(ctx, BURIAL).dossier.code
    on_time = receive(ctx, BURIAL, "Trần Văn Bình", "079090001235").dossier.code
    clock.set(datetime(2026, 3, 2, 9, 30))
    workflow.transfer(ctx, late, "Lê Văn Đạt", "Công chức Văn hóa - Xã hội")
    workflow.transfer(ctx, on_time, "Lê Văn Đạt", "Công chức Văn hóa - Xã hội")
    clock.set(datetime(2026, 3, 5, 16, 0))  # the specialist's step was due 05/03 15:00
    workflow.take_back(ctx, on_time, "Lê Văn Đạt")
    idle = receive(
        ctx, BURIAL, "Lý Thị Cúc", "079090001236"
    ).dossier.code  # its first step due 06/03 10:00
    with ctx.db.session() as session:
        steps = process.late_steps(session, datetime(2026, 3, 6, 8, 0))
        assert [s.code for s in steps] == [late]
        assert (steps[0].step_name, steps[0].body, steps[0].official) == (
            "Thẩm định hồ sơ", "Công chức Văn hóa - Xã hội", "Lê Văn Đạt",
        )  # fmt: skip
        assert steps[0].step_due_at == datetime(2026, 3, 5, 15, 0)
        later = process.late_steps(session, datetime(2026, 3, 6, 14, 0))
    assert {s.code for s in later} == {late, idle}
    # The clerk's own step, still at the counter: her name, not her login.
    by_official = process.group_late(later, "official")
    assert [(g.name, g.count) for g in by_official] == [("Lê Văn Đạt", 1), ("Trần Thị Thu Hà", 1)]
    by_body = process.group_late(later, "body")
    assert {g.name for g in by_body} == {"Công chức Văn hóa - Xã hội", "Bộ phận Một cửa"}


def by_post_and_back(ctx: Context, clock: Clock, sent: str = "EE123456789VN") -> str:
    """A dossier sent to the tax office by post on 02/03 14:00 and back on 04/03 10:15."""
    code = receive(ctx, BURIAL).dossier.code
    clock.set(datetime(2026, 3, 2, 14, 0))
    workflow.transfer(
        ctx, code, "Bưu điện xã Tân Hưng", "Chi cục Thuế khu vực XV",
        outside=True, consignment=sent,
    )  # fmt: skip
    clock.set(datetime(2026, 3, 4, 10, 15))
    workflow.take_back(
        ctx, code, "Bưu điện xã Tân Hưng", from_unit="Chi cục Thuế khu vực XV",
        outside=True, consignment="EE987654321VN",
    )  # fmt: skip
    return code


def test_liaison_records_the_consignment_and_the_dates_out_and_back(
    ctx: Context, clock: Clock
) -> None:
    code = by_post_and_back(ctx, clock, sent="ee 123 456 789 vn")  # typed loosely
    with ctx.db.session() as session:
        rows = [
            json.loads(r.payload)
            for r in session.query(EventRow).filter(EventRow.type == "transferred")
        ]
    out, back = sorted(rows, key=lambda p: p["at"])
    assert (out["outside"], out["consignment"], out["at"]) == (
        True, "EE123456789VN", "2026-03-02 14:00:00",
    )  # fmt: skip
    assert (back["from_unit"], back["consignment"], back["at"]) == (
        "Chi cục Thuế khu vực XV", "EE987654321VN", "2026-03-04 10:15:00",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="Hãy ghi cơ quan nhận hồ sơ liên thông"):
        workflow.transfer(ctx, code, "Bưu điện", outside=True)
    with pytest.raises(ValidationError, match="Số hiệu bưu gửi chỉ ghi khi"):
        workflow.transfer(ctx, code, "Lê Văn Đạt", consignment="EE1")


def test_the_leaders_report_lists_late_steps_by_official_and_body(
    ctx: Context, clock: Clock, tmp_path: Path
) -> None:
    set_steps(ctx, BURIAL, STEPS)
    clock.set(datetime(2026, 3, 2, 9, 0))
    code = receive(ctx, BURIAL).dossier.code
    clock.set(datetime(2026, 3, 2, 9, 30))
    workflow.transfer(ctx, code, "Lê Văn Đạt", "Công chức Văn hóa - Xã hội")
    clock.set(datetime(2026, 3, 6, 8, 0))
    report = build_report(ctx, "2026-Q1")  # (one month alone trips the line chart)
    data = report.to_json()
    assert data["late_steps_by_official"] == [{"name": "Lê Văn Đạt", "count": 1, "codes": (code,)}]
    assert data["late_steps_by_body"][0]["name"] == "Công chức Văn hóa - Xã hội"
    assert data["late_steps"][0]["step_due_at"] == "2026-03-05 15:00:00"
    xlsx = tmp_path / "r.xlsx"
    write_xlsx(report, xlsx)
    sheet = load_workbook(xlsx)["Chậm theo bước"]
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "Lê Văn Đạt" in values and "Công chức Văn hóa - Xã hội" in values
    assert code in values and "2. Thẩm định hồ sơ" in values
    pdf = tmp_path / "r.pdf"
    render_pdf(report, pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "V. HỒ SƠ CHẬM Ở TỪNG BƯỚC XỬ LÝ (QUY TRÌNH NỘI BỘ)" in text
    assert re.search(r"Lê Văn Đạt\s+1\s+Công chức Văn hóa - Xã hội\s+1", text)
