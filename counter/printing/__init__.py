"""Printed output: the official forms Mẫu 01–07 and the appointment slip, as PDF bytes."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from types import ModuleType

from counter.errors import ValidationError
from counter.printing.common import FormNotApplicable
from counter.services import workflow
from counter.services.context import Context

FORMS = ("01", "02", "03", "04", "05", "06", "slip")
FORM_TITLES = {
    "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "03": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "04": "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
    "05": "Thông báo dừng giải quyết hồ sơ",
    "06": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    "07": "Sổ theo dõi hồ sơ",
    "slip": "Phiếu hẹn trả kết quả",
}
# Forms 01–06 are A4 or A5 documents; the slip is a receipt-printer roll or a pocket card.
PAPERS: dict[str, tuple[str, ...]] = {form: ("a4", "a5") for form in FORMS if form != "slip"}
PAPERS["slip"] = ("80mm", "a6", "a5")

__all__ = ["FORMS", "FORM_TITLES", "PAPERS", "FormNotApplicable", "render", "render_register"]


_MODULES = {
    "01": "receipt",
    "02": "supplement",
    "03": "refusal",
    "04": "apology",
    "05": "stop_notice",
    "06": "control_sheet",
    "slip": "slip",
}


def _module(form: str) -> ModuleType:
    # Imported on first use: the window starts without loading reportlab.
    return importlib.import_module(f"counter.printing.{_MODULES[form]}")


def render(
    ctx: Context, code: str, form: str, *, paper: str | None = None, record: bool = True
) -> bytes:
    """PDF bytes of `form` for the dossier `code`.

    `paper` None takes the office's setting for the form. With `record`, the PRINTED event is
    stored first (so every paper that exists is in the log) and a reprint says so on the page.
    """
    from counter.printing.data import load

    if form not in FORMS:
        raise ValidationError(
            f"Mẫu in không hợp lệ: «{form}» (chọn một trong {', '.join(FORMS)}).", field="form"
        )
    data = load(ctx, code)
    module = _module(form)
    check: Callable[..., None] = module.check
    check(data)
    chosen = paper or data.office.paper.get(form) or PAPERS[form][0]
    if chosen not in PAPERS[form]:
        raise ValidationError(
            f"Khổ giấy «{chosen}» không dùng cho {FORM_TITLES[form].lower()} "
            f"(chọn {', '.join(PAPERS[form])}).",
            field="paper",
        )
    reprint = data.printed_before(form)
    if record:
        workflow.record_print(ctx, data.dossier.code, form, chosen)
    pdf: bytes = module.build(data, chosen, reprint)
    return pdf


def render_register(ctx: Context, start: date, end: date) -> bytes:
    """Mẫu 07, the register of dossiers received from `start` to `end` (A4 landscape)."""
    from counter.printing import register

    return register.build(ctx, start, end)
