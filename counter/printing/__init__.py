"""Printed output: the official forms Mẫu 01–07 and the appointment slip, as PDF bytes."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from types import ModuleType
from typing import TYPE_CHECKING

from counter.domain.forms import FORMS, Form, FormNotApplicable, check_paper, dossier_form

if TYPE_CHECKING:
    from counter.services.context import Context

__all__ = ["FORMS", "FormNotApplicable", "render", "render_register", "renderer"]


def renderer(form: Form) -> ModuleType:
    """The module that draws `form` (counter.printing.<form.module>): `check(data)` refuses a
    dossier the form does not fit, `build(data, paper, reprint)` returns the PDF bytes (the
    register: `build(ctx, start, end)`). Imported on first use: the window starts without
    loading reportlab."""
    return importlib.import_module(f"counter.printing.{form.module}")


def render(
    ctx: Context, code: str, form: str, *, paper: str | None = None, record: bool = True
) -> bytes:
    """PDF bytes of `form` for the dossier `code`.

    `paper` None takes the office's setting for the form. With `record`, the PRINTED event is
    stored first (so every paper that exists is in the log) and a reprint says so on the page.
    """
    from counter.printing.data import load
    from counter.services import workflow

    entry = dossier_form(form)
    data = load(ctx, code)
    module = renderer(entry)
    check: Callable[..., None] = module.check
    check(data)
    chosen = check_paper(entry, paper or data.office.paper.get(form) or entry.default_paper)
    reprint = data.printed_before(form)
    if record:
        workflow.record_print(ctx, data.dossier.code, form, chosen)
    pdf: bytes = module.build(data, chosen, reprint)
    return pdf


def render_register(ctx: Context, start: date, end: date) -> bytes:
    """Mẫu 07, the register of dossiers received from `start` to `end` (A4 landscape)."""
    pdf: bytes = renderer(FORMS["07"]).build(ctx, start, end)
    return pdf
