"""How a report reads, the same in the window, the PDF and the workbook: its groupings, figure
columns, quality indicators and number formats."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from counter.domain.amount import format_money
from counter.domain.numbers import format_count, format_decimal
from counter.domain.text import procedure_title
from counter.reports.figures import GROUPS, Figures, Report

GROUPINGS = dict(zip(GROUPS, ("Toàn bộ", "Lĩnh vực", "Thủ tục"), strict=True))


@dataclass(frozen=True)
class Column:
    """A figure column of the report table: its group header, header and kind of value."""

    key: str  # attribute of Figures
    group: str
    header: str
    kind: str = "count"  # count | percent | decimal

    def value(self, figures: Figures) -> int | float | None:
        return getattr(figures, self.key)  # type: ignore[no-any-return]

    def text(self, figures: Figures) -> str:
        value = self.value(figures)
        if self.kind == "percent":
            return format_percent(value)
        if self.kind == "decimal":
            return format_decimal(value)
        return format_count(int(value or 0))


_IN = "Số hồ sơ nhận giải quyết"
_DONE = "Số hồ sơ đã giải quyết"
_OPEN = "Số hồ sơ đang giải quyết"
_ENDED = "Không tiếp tục giải quyết"
_OTHER = "Kết quả khác"
COLUMNS = (
    Column("handled", _IN, "Tổng số"),
    Column("carried_over", _IN, "Kỳ trước chuyển qua"),
    Column("received_direct", _IN, "Mới nhận trực tiếp"),
    Column("received_postal", _IN, "Mới nhận qua bưu chính"),
    Column("received_online", _IN, "Mới nhận trực tuyến"),
    Column("resolved", _DONE, "Tổng số"),
    Column("resolved_ahead", _DONE, "Trước hạn"),
    Column("resolved_on_time", _DONE, "Đúng hạn"),
    Column("resolved_late", _DONE, "Quá hạn"),
    Column("open", _OPEN, "Tổng số"),
    Column("open_in_time", _OPEN, "Trong hạn"),
    Column("open_overdue", _OPEN, "Quá hạn"),
    Column("refused", _ENDED, "Từ chối"),
    Column("stopped", _ENDED, "Dừng"),
    Column("withdrawn", _ENDED, "Rút"),
    Column("returned", _OTHER, "Đã trả kết quả"),
    Column("apologies", _OTHER, "Văn bản xin lỗi"),
    Column("on_time_rate", _OTHER, "Tỷ lệ đúng hạn", "percent"),
    Column("average_processing_days", _OTHER, "Thời gian xử lý TB (ngày)", "decimal"),
)


@dataclass(frozen=True)
class Indicator:
    """A line of the quality indicators (QĐ 766/QĐ-TTg) the counter can compute."""

    label: str
    value: int | float | None
    kind: str  # count | percent | decimal | money
    note: str = ""
    missing: str = "—"  # shown when there is nothing to compute from

    def text(self) -> str:
        if self.value is None:
            return self.missing
        if self.kind == "percent":
            return format_percent(self.value)
        if self.kind == "decimal":
            return format_decimal(self.value)
        if self.kind == "money":
            return format_money(int(self.value or 0))
        return format_count(int(self.value or 0))


def indicators(report: Report) -> list[Indicator]:
    f = report.total.figures
    return [
        Indicator(
            "Tỷ lệ hồ sơ giải quyết đúng hạn (đã giải quyết và đang giải quyết)",
            f.on_time_rate,
            "percent",
            "(trước hạn + đúng hạn + đang trong hạn) / (đã giải quyết + đang giải quyết)",
        ),
        Indicator(
            "Tỷ lệ hồ sơ đã giải quyết trước hạn, đúng hạn",
            f.resolved_on_time_rate,
            "percent",
        ),
        Indicator("Số hồ sơ quá hạn", f.late, "count", "đã giải quyết quá hạn + đang quá hạn"),
        Indicator("Số văn bản xin lỗi (Mẫu 04) đã phát hành", f.apologies, "count"),
        Indicator(
            "Số hồ sơ quá hạn chưa có văn bản xin lỗi",
            f.late_without_apology,
            "count",
            "danh sách mã hồ sơ kèm theo",
        ),
        Indicator("Tỷ lệ hồ sơ tiếp nhận trực tuyến", f.online_share, "percent"),
        Indicator("Tỷ lệ hồ sơ tiếp nhận qua bưu chính công ích", f.postal_share, "percent"),
        Indicator(
            "Thời gian xử lý trung bình (ngày làm việc)",
            f.average_processing_days,
            "decimal",
            "từ ngày tiếp nhận đến ngày giải quyết xong",
        ),
        Indicator("Phí, lệ phí đã thu", f.fees_collected, "money"),
        Indicator(
            "Tỷ lệ thanh toán không dùng tiền mặt (theo số tiền)",
            f.cashless_amount_share,
            "percent",
        ),
        Indicator(
            "Tỷ lệ hồ sơ nộp phí không dùng tiền mặt",
            f.cashless_paying_share,
            "percent",
            f"{format_count(f.cashless_paying)}/{format_count(f.paying)} hồ sơ có nộp phí",
        ),
        Indicator("Tỷ lệ hồ sơ thanh toán trực tuyến", f.online_paying_share, "percent"),
        Indicator(
            "Tỷ lệ hài lòng",
            f.satisfaction_rate,
            "percent",
            f"{format_count(f.satisfied)}/{format_count(f.surveys)} phiếu hài lòng, rất hài lòng",
        ),
        Indicator(
            "Tỷ lệ số hóa hồ sơ",
            f.digitised_share,
            "percent",
            f"{format_count(f.digitised)}/{format_count(f.received_direct + f.received_postal)}"
            " hồ sơ nộp trực tiếp, qua bưu chính có thành phần được số hóa",
        ),
        Indicator("Số thành phần hồ sơ đã số hóa", f.digitised_components, "count"),
        Indicator(
            "Tỷ lệ bản số hóa có chữ ký số",
            f.signed_share,
            "percent",
            f"{format_count(f.signed_components)}/{format_count(f.digitised_components)} bản"
            " được người số hóa ký số; bản không ký được đếm riêng",
        ),
        Indicator(
            "Tỷ lệ hồ sơ có kết quả điện tử",
            f.electronic_result_share,
            "percent",
            f"{format_count(f.electronic_results)}/{format_count(f.resolved)} hồ sơ đã giải"
            f" quyết có kết quả điện tử ({format_count(f.signed_results)} có chữ ký số)",
        ),
        Indicator(
            "Tỷ lệ tái sử dụng kết quả số hóa",
            f.reuse_share,
            "percent",
            f"{format_count(f.reused_components)}/{format_count(f.digitised_components)}"
            " thành phần dùng lại bản đã số hóa thay cho yêu cầu nộp bản giấy",
        ),
    ]


# --- formatting ----------------------------------------------------------------------------


def format_percent(value: float | None, digits: int = 1) -> str:
    """0.9876 → '98,8 %'; None (nothing to divide by) → '—'."""
    if value is None:
        return "—"
    return f"{value * 100:.{digits}f}".replace(".", ",") + " %"


def short_procedure_name(name: str, limit: int) -> str:
    """A procedure's name for a narrow place: without "Thủ tục", cut to `limit` characters."""
    text = procedure_title(name)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def procedure_label(name: str, width: int, lines: int) -> str:
    """A procedure's name for a chart's bar: without "Thủ tục", its first clause (what comes
    after a ";" only details it), wrapped on up to `lines` lines of `width` characters; "…"
    only where its words still do not fit, never a label of "…" alone."""
    head = short_procedure_name(name, 10_000).split(";")[0].strip()
    wrapped = textwrap.wrap(head, max(width, 8)) or [head]
    if len(wrapped) > lines:
        last = " ".join(wrapped[lines - 1 :])
        wrapped = [*wrapped[: lines - 1], textwrap.shorten(last, max(width, 8), placeholder="…")]
    return "\n".join(wrapped)
