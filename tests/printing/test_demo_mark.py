"""Paper from the demo office says so on every page; a real office's never does (issue 14)."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from counter import demo
from counter.db.engine import Database
from counter.db.models import Dossier
from counter.domain.codes import DEMO_NOTE
from counter.domain.forms import DOSSIER_FORMS, FormNotApplicable
from counter.printing import render, render_register
from counter.reports.excel import write_xlsx
from counter.reports.figures import build_report
from counter.reports.pdf import render_pdf
from counter.services.context import Context
from tests.conftest import Clock
from tests.printing.conftest import Dossiers, pdf_text, scan

END = datetime(2026, 3, 20, 16, 0)


@pytest.fixture
def demo_ctx(tmp_path: Path) -> Context:
    ctx = Context(Database(tmp_path / "demo.sqlite3"), now=Clock(END).now)
    demo.generate(ctx, 40, end=END)
    return ctx


def _every_form(ctx: Context) -> dict[str, bytes]:
    """Each dossier form, printed for the first dossier it fits."""
    with ctx.db.session() as session:
        codes = list(session.scalars(select(Dossier.code).order_by(Dossier.received_at.desc())))
    printed = {}
    for form in DOSSIER_FORMS:
        for code in codes:
            try:
                printed[form.code] = render(ctx, code, form.code, record=False)
                break
            except FormNotApplicable:
                continue
    return printed


def test_every_page_printed_for_the_demo_office_is_marked(
    demo_ctx: Context, tmp_path: Path
) -> None:
    printed = _every_form(demo_ctx)
    assert {"01", "02", "06", "slip"} <= set(printed)
    printed["07"] = render_register(demo_ctx, date(2026, 3, 1), date(2026, 3, 20))
    for form, pdf in printed.items():
        for page in pdf_text(pdf, tmp_path, layout=False):
            assert DEMO_NOTE in " ".join(page.split()), (form, page[:200])
    # The mark lies over the codes: the slip's barcode and QR still scan at 300 dpi.
    symbols = scan(printed["slip"], tmp_path)
    assert any(s.startswith("CODE-128:000.21.36.H36-") for s in symbols)
    assert any(s.startswith("QR-Code:") for s in symbols)


def test_the_demo_offices_reports_say_so(demo_ctx: Context, tmp_path: Path) -> None:
    report = build_report(demo_ctx, "2026-Q1")
    assert report.demo and report.to_json()["demo"] is True
    pdf = io.BytesIO()
    render_pdf(report, pdf)
    for page in pdf_text(pdf.getvalue(), tmp_path, layout=False):
        assert DEMO_NOTE in " ".join(page.split())
    book = io.BytesIO()
    write_xlsx(report, book)
    sheet = load_workbook(io.BytesIO(book.getvalue())).active
    assert DEMO_NOTE in str(sheet.cell(row=4, column=1).value)


def test_a_real_offices_paper_carries_no_demo_mark(
    dossiers: Dossiers, bank_ctx: Context, tmp_path: Path
) -> None:
    for form in ("01", "slip"):
        pdf = render(bank_ctx, dossiers.accepted, form, record=False)
        assert all("DỮ LIỆU MẪU" not in page for page in pdf_text(pdf, tmp_path))
    assert not build_report(bank_ctx, "2026-Q1").demo
