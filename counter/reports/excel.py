"""The period report as an Excel workbook (openpyxl): summary, indicators, months, late dossiers."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from counter.domain.agency import real_body
from counter.domain.codes import DEMO_NOTE
from counter.domain.dossier import Status
from counter.domain.register import number_text
from counter.reports.figures import Report
from counter.reports.presentation import COLUMNS, GROUPINGS, indicators
from counter.reports.register import RegisterLine
from counter.services.views import DELIVERIES

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")
_FORMATS = {
    "count": "#,##0",
    "percent": "0.0%",
    "decimal": "0.0",
    "money": '#,##0 "đ"',
    "moment": "dd/mm/yyyy hh:mm",
}


def write_xlsx(
    report: Report, target: Path | BytesIO, register: list[RegisterLine] | None = None
) -> None:
    """Write the workbook to a path or a buffer; with `register`, add the Mẫu 07 sheet."""
    book = Workbook()
    _summary(book.active, report)
    _indicators(book.create_sheet("Chỉ số"), report)
    _months(book.create_sheet("Theo tháng"), report)
    _late(book.create_sheet("Hồ sơ quá hạn"), report)
    _late_steps(book.create_sheet("Chậm theo bước"), report)
    if register is not None:
        _register(book.create_sheet("Sổ theo dõi (Mẫu 07)"), report, register)
    book.save(target)


def print_setup(sheet: Worksheet, *, header_rows: tuple[int, int], landscape: bool) -> None:
    """How the sheet prints, as a leader hands it in: A4, fitted to the page's width (as many
    pages down as it takes), the table's header rows on every page, the print area the filled
    cells, page numbers in the footer. Call it once the sheet is filled."""
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # 0: no limit down the pages
    first, last = header_rows
    sheet.print_title_rows = f"{first}:{last}"
    sheet.print_area = f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"
    sheet.print_options.horizontalCentered = True
    # Inches: 15 mm at the sides, 20 mm top and bottom (room for the footer).
    sheet.page_margins = PageMargins(left=0.6, right=0.6, top=0.8, bottom=0.8, footer=0.3)
    sheet.oddFooter.left.text = sheet.title
    sheet.oddFooter.center.text = "Trang &P/&N"


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _heading(sheet: Worksheet, report: Report, title: str, width: int) -> int:
    """Office, title, period and as-of lines; returns the next free row."""
    lines = [
        # The office with its governing body, as the PDF heads it (one line: the rows below
        # keep their places for whoever reads the sheet by position).
        (" – ".join(t for t in (report.governing_body.upper(), report.office_name) if t), _BOLD),
        (title, _TITLE),
        (report.period.label, _BOLD),
        (
            f"Số liệu tính đến {report.as_of:%H:%M ngày %d/%m/%Y}"
            + ("" if report.complete else " (kỳ báo cáo chưa kết thúc)")
            # On the same line: the rows keep their places for whoever reads them by position.
            + (f" – {DEMO_NOTE}" if report.demo else ""),
            Font(italic=True, bold=report.demo, color="B22222" if report.demo else None),
        ),
    ]
    for row, (text, font) in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = font
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell.alignment = Alignment(horizontal="center")
    return len(lines) + 2


def _header_cell(sheet: Worksheet, row: int, column: int, text: str | None) -> None:
    cell = sheet.cell(row=row, column=column, value=text)
    cell.font = _BOLD
    cell.fill = _HEADER_FILL
    cell.alignment = _WRAP
    cell.border = _BOX


def _summary(sheet: Worksheet, report: Report) -> None:
    sheet.title = "Tổng hợp"
    width = 2 + len(COLUMNS)
    top = _heading(sheet, report, "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", width)
    # Two header rows: the group over its columns, then each column's own header.
    for column, text in ((1, "STT"), (2, GROUPINGS[report.by])):
        _header_cell(sheet, top, column, text)
        _header_cell(sheet, top + 1, column, None)
        sheet.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
    start = 3
    for i, col in enumerate(COLUMNS):
        column = 3 + i
        _header_cell(sheet, top + 1, column, col.header)
        _header_cell(sheet, top, column, col.group)
        last_of_group = i + 1 == len(COLUMNS) or COLUMNS[i + 1].group != col.group
        if last_of_group:
            if column > start:
                sheet.merge_cells(start_row=top, start_column=start, end_row=top, end_column=column)
            start = column + 1
    sheet.row_dimensions[top + 1].height = 60
    rows = [*report.rows, report.total] if report.by else [report.total]
    for n, item in enumerate(rows, start=1):
        r = top + 1 + n
        is_total = item is report.total
        sheet.cell(row=r, column=1, value=None if is_total else n)
        sheet.cell(row=r, column=2, value=item.label)
        for i, col in enumerate(COLUMNS):
            cell = sheet.cell(row=r, column=3 + i, value=col.value(item.figures))
            cell.number_format = _FORMATS[col.kind]
        for c in range(1, width + 1):
            cell = sheet.cell(row=r, column=c)
            cell.border = _BOX
            if is_total:
                cell.font = _BOLD
                cell.fill = _TOTAL_FILL
    sheet.freeze_panes = sheet.cell(row=top + 2, column=3)
    sheet.column_dimensions["A"].width = 5
    # Narrow figures with wrapped headers: 21 columns fitted to an A4 landscape page stay
    # readable (~70 %); 12 characters each printed them at half size.
    sheet.column_dimensions["B"].width = 36
    for i in range(len(COLUMNS)):
        sheet.column_dimensions[get_column_letter(3 + i)].width = 9
    notes = top + 3 + len(rows)
    sheet.cell(
        row=notes,
        column=1,
        value="Cách tính từng chỉ tiêu: xem mục «Reports» trong README của phần mềm.",
    ).font = Font(italic=True)
    print_setup(sheet, header_rows=(top, top + 1), landscape=True)


def _table(
    sheet: Worksheet,
    top: int,
    headers: list[tuple[str, float]],
    rows: list[list[object]],
    formats: list[str | None],
    *,
    borders: bool = True,
) -> None:
    for c, (text, width) in enumerate(headers, start=1):
        _header_cell(sheet, top, c, text)
        sheet.column_dimensions[get_column_letter(c)].width = width
    for r, values in enumerate(rows, start=top + 1):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if borders:
                cell.border = _BOX
            fmt = formats[c - 1]
            if fmt:
                cell.number_format = _FORMATS[fmt]
    sheet.freeze_panes = sheet.cell(row=top + 1, column=1)


def _indicators(sheet: Worksheet, report: Report) -> None:
    top = _heading(sheet, report, "CÁC CHỈ SỐ CHẤT LƯỢNG (QĐ 766/QĐ-TTg)", 3)
    rows: list[list[object]] = []
    for item in indicators(report):
        # A missing value stays a word ("Chưa ghi nhận"), never a 0 that reads as a result.
        rows.append([item.label, item.value if item.value is not None else item.text(), item.note])
    _table(sheet, top, [("Chỉ số", 60), ("Giá trị", 16), ("Ghi chú", 60)], rows, [None] * 3)
    for r, item in enumerate(indicators(report), start=top + 1):
        if item.value is not None:
            sheet.cell(row=r, column=2).number_format = _FORMATS[item.kind]
        sheet.cell(row=r, column=2).alignment = Alignment(horizontal="right")
        sheet.cell(row=r, column=3).alignment = Alignment(wrap_text=True, vertical="top")
    print_setup(sheet, header_rows=(top, top), landscape=True)


def _months(sheet: Worksheet, report: Report) -> None:
    top = _heading(sheet, report, "SỐ LIỆU THEO THÁNG", 9)

    def line(label: str, counts: list[int]) -> list[object]:
        direct, postal, online, resolved, in_time, late = counts
        rate = in_time / resolved if resolved else None
        return [
            label,
            direct,
            postal,
            online,
            direct + postal + online,
            resolved,
            in_time,
            late,
            rate,
        ]

    points = [
        [
            m.received_direct,
            m.received_postal,
            m.received_online,
            m.resolved,
            m.resolved_in_time,
            m.late,
        ]
        for m in report.months
    ]
    rows = [line(m.label, p) for m, p in zip(report.months, points, strict=True)]
    rows.append(line("Tổng cộng", [sum(column) for column in zip(*points, strict=True)] or [0] * 6))
    _table(
        sheet,
        top,
        [
            ("Tháng", 12),
            ("Nhận trực tiếp", 12),
            ("Nhận qua bưu chính", 12),
            ("Nhận trực tuyến", 12),
            ("Tổng số nhận", 12),
            ("Đã giải quyết", 12),
            ("Trước hạn, đúng hạn", 12),
            ("Quá hạn", 12),
            ("Tỷ lệ đúng hạn", 12),
        ],
        rows,
        [None, *["count"] * 7, "percent"],
    )
    sheet.row_dimensions[top].height = 32
    for c in range(1, 10):
        cell = sheet.cell(row=top + len(rows), column=c)
        cell.font = _BOLD
        cell.fill = _TOTAL_FILL
    print_setup(sheet, header_rows=(top, top), landscape=False)


def _late(sheet: Worksheet, report: Report) -> None:
    top = _heading(sheet, report, "DANH SÁCH HỒ SƠ QUÁ HẠN", 8)
    rows: list[list[object]] = [
        [
            n,
            d.code,
            d.procedure_name,
            d.applicant_name,
            _moment(d.received_at),
            _moment(d.legal_due_at),
            _moment(d.resolved_at) if d.resolved_at else "Đang giải quyết",
            "Đã có" if d.apology_count else "Chưa có",
        ]
        for n, d in enumerate(report.late_dossiers, start=1)
    ]
    _table(
        sheet,
        top,
        [
            ("STT", 5),
            ("Mã hồ sơ", 28),
            ("Thủ tục", 50),
            ("Người nộp", 24),
            ("Ngày tiếp nhận", 17),
            ("Hạn trả theo quy định", 17),
            ("Ngày giải quyết xong", 17),
            ("Văn bản xin lỗi", 12),
        ],
        rows,
        [None, None, None, None, "moment", "moment", "moment", None],
    )
    sheet.row_dimensions[top].height = 32
    print_setup(sheet, header_rows=(top, top), landscape=True)


def _register(sheet: Worksheet, report: Report, lines: list[RegisterLine]) -> None:
    top = _heading(sheet, report, "SỔ THEO DÕI HỒ SƠ", 12)
    rows: list[list[object]] = [
        [
            # The entry given at intake, as Mẫu 01 and the printed register show it.
            f"{number_text(line.register_no)} ({line.register_book})" if line.register_no else "",
            line.code,
            line.procedure_name,
            line.applicant_name,
            ", ".join(part for part in (line.address, line.phone) if part),
            real_body(line.resolving_unit, report.governing_body),
            _moment(line.received_at),
            _moment(line.due_at),
            _moment(line.resolved_at),
            _moment(line.returned_at),
            DELIVERIES.get(line.delivery, line.delivery) if line.returned_at else "",
            Status(line.status).label,
        ]
        for line in lines
    ]
    _table(
        sheet,
        top,
        [
            ("Số thứ tự (Quyển số)", 15),
            ("Mã hồ sơ", 26),
            ("Tên thủ tục hành chính", 45),
            ("Tên cá nhân, tổ chức", 24),
            ("Địa chỉ, số điện thoại", 40),
            ("Cơ quan chủ trì giải quyết", 24),
            ("Ngày, giờ nhận hồ sơ", 17),
            ("Ngày, giờ hẹn trả kết quả", 17),
            ("Ngày, giờ giải quyết xong", 17),
            ("Ngày, giờ trả kết quả", 17),
            ("Phương thức nhận kết quả", 24),
            ("Trạng thái", 22),
        ],
        rows,
        [None] * 6 + ["moment"] * 4 + [None, None],
        # A quarter is ~10,000 lines: a border object per cell would take seconds.
        borders=False,
    )
    sheet.row_dimensions[top].height = 32
    print_setup(sheet, header_rows=(top, top), landscape=True)  # Mẫu 07: A4 landscape


def _late_steps(sheet: Worksheet, report: Report) -> None:
    """The dossiers late at their current step (internal process), by official and by body,
    then one line each."""
    top = _heading(sheet, report, "HỒ SƠ CHẬM Ở TỪNG BƯỚC XỬ LÝ (QUY TRÌNH NỘI BỘ)", 8)
    made = report.generated_at
    sheet.cell(row=top, column=1, value=f"Tính đến {made:%H:%M} ngày {made:%d/%m/%Y}")
    top += 2
    for by, title in (("official", "Người xử lý"), ("body", "Cơ quan, bộ phận")):
        _header_cell(sheet, top, 1, title)
        _header_cell(sheet, top, 2, "Số hồ sơ")
        for group in report.late_by(by):
            top += 1
            sheet.cell(row=top, column=1, value=group.name).border = _BOX
            sheet.cell(row=top, column=2, value=group.count).border = _BOX
        top += 2
    rows: list[list[object]] = [
        [
            n,
            s.code,
            s.procedure_name,
            f"{s.step}. {s.step_name}",
            s.body,
            s.official,
            s.step_due_at,
            s.due_at,
        ]
        for n, s in enumerate(report.late_steps, start=1)
    ]
    _table(
        sheet,
        top,
        [
            ("STT", 6),
            ("Mã hồ sơ", 28),
            ("Thủ tục", 48),
            ("Bước", 28),
            ("Cơ quan, bộ phận", 30),
            ("Người đang xử lý", 24),
            ("Hạn của bước", 17),
            ("Hạn trả kết quả", 17),
        ],
        rows,
        [None, None, None, None, None, None, "moment", "moment"],
    )
    print_setup(sheet, header_rows=(top, top), landscape=True)
