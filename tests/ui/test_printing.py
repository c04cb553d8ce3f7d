"""Print preview (QtPdf), printing through QPrinter, printing to PDF, and print failures."""

from __future__ import annotations

import io
import sys
import types

import pytest
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrinter

from counter.services import queries
from tests.ui.helpers import save_intake, settle, shortcut
from tests.ui.test_dossier_flows import _receive
from ui import printing
from ui.dialogs.print_preview import PrintPreviewDialog

pytestmark = pytest.mark.gui


def sample_pdf(pages: int = 2) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for n in range(pages):
        pdf.setFont("Helvetica", 24)
        pdf.drawString(72, 760, f"GIAY TIEP NHAN HO SO - trang {n + 1}")
        pdf.rect(72, 600, 200, 100, fill=1)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


@pytest.fixture
def fake_printing(monkeypatch):
    """A stand-in for counter.printing that records how the window calls render (form, and
    whether the print is recorded) and refuses Mẫu 05; the other tests use the real module."""
    module = types.ModuleType("counter.printing")
    calls: list[tuple[str, str, bool]] = []

    class FormNotApplicable(Exception):
        pass

    def render(ctx, code, form, *, paper=None, record=True):
        calls.append((code, form, record))
        if form == "05":
            raise FormNotApplicable("Hồ sơ này không có thông báo dừng giải quyết.")
        return sample_pdf()

    module.render = render
    module.FormNotApplicable = FormNotApplicable
    module.calls = calls
    monkeypatch.setitem(sys.modules, "counter.printing", module)
    import counter

    monkeypatch.setattr(counter, "printing", module, raising=False)
    return module


def _printed_forms(ctx, code: str) -> list[str]:
    return [e.detail for e in queries.timeline(ctx, code) if e.kind == "printed"]


def test_pages_render_onto_white(qtbot) -> None:
    document, _buffer = printing.load_pdf(sample_pdf(1))
    assert document.pageCount() == 1
    image = printing.page_image(document, 0, 36)
    assert QColor(image.pixel(2, 2)) == QColor("white")  # not transparent black
    assert image.width() == round(595.27 * 36 / 72)


def test_broken_pdf_is_reported_in_words(qtbot) -> None:
    with pytest.raises(printing.PrintError, match="bị lỗi"):
        printing.load_pdf(b"not a pdf")


def test_preview_prints_to_a_pdf_file_and_records_the_print(qtbot, window, tmp_path) -> None:
    ctx = window.state.ctx
    code = _receive(ctx)
    dialog = PrintPreviewDialog(window.state, code, "01", sample_pdf(), window)
    qtbot.addWidget(dialog)
    assert dialog.document.pageCount() == 2
    target = tmp_path / "phieu.pdf"
    assert dialog.save_pdf(str(target))
    settle(qtbot)
    assert target.read_bytes().startswith(b"%PDF")
    assert _printed_forms(ctx, code) == ["Mẫu 01"]
    assert dialog.save_pdf(str(target))
    settle(qtbot)
    assert _printed_forms(ctx, code) == ["Mẫu 01", "Mẫu 01 (bản in lại)"]


def test_qprinter_output_to_pdf(qtbot, tmp_path) -> None:
    document, _buffer = printing.load_pdf(sample_pdf(2))
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "qprinter.pdf"
    printer.setOutputFileName(str(out))
    printing.print_document(document, printer)
    data = out.read_bytes()
    assert (
        data.startswith(b"%PDF") and data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") >= 1
    )


def test_print_failure_keeps_the_dossier_and_offers_a_reprint(qtbot, window) -> None:
    ctx = window.state.ctx
    code = _receive(ctx)
    printing.set_printer_name("01", "Máy in không tồn tại")
    try:
        dialog = PrintPreviewDialog(window.state, code, "01", sample_pdf(), window)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.print_now() is False
        assert "Không tìm thấy máy in" in dialog.banner.text()
        assert "đã được lưu" in dialog.banner.text()
        assert dialog.isVisible() and "In lại" in dialog.print_button.text()
        assert queries.find_by_code(ctx, code) is not None
        assert _printed_forms(ctx, code) == []  # nothing printed, nothing recorded
    finally:
        printing.set_printer_name("01", "")


def test_saving_an_intake_opens_the_preview(qtbot, window, fake_printing) -> None:
    from ui.main_window import INTAKE

    window.go(INTAKE)
    intake = window.intake
    intake.choose(next(p for p in intake.procedures if p.documents))
    intake.mark_all_received()
    intake.full_name.setText("Hồ Thị Lan")
    result = save_intake(qtbot, intake)
    assert fake_printing.calls == [(result.dossier.code, "01", False)]
    preview = window.preview
    assert isinstance(preview, PrintPreviewDialog) and preview.isVisible()
    assert preview.form == "01" and preview.code == result.dossier.code
    preview.reject()
    # «In lại phiếu vừa lưu» brings it back.
    intake.reprint_button.click()
    assert window.preview is not preview and window.preview.isVisible()
    window.preview.reject()


def test_form_not_applicable_is_said_plainly(qtbot, window, fake_printing) -> None:
    code = _receive(window.state.ctx)
    window.open_dossier(code)
    screen = window.dossier
    screen.form_choice.setCurrentIndex(screen.form_choice.findData("05"))
    screen.print_button.click()
    assert "không có thông báo dừng" in screen.banner.text()
    assert window.preview is None


def test_every_form_is_named_for_translation_and_the_dossier_lists_its_forms(window) -> None:
    from counter.domain.forms import DOSSIER_FORMS, FORMS

    assert {form.label for form in FORMS.values()} == set(printing.FORM_LABELS)
    choice = window.dossier.form_choice
    assert [choice.itemData(i) for i in range(choice.count())] == [f.code for f in DOSSIER_FORMS]
    assert choice.itemText(0) == "Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
    assert choice.itemText(choice.count() - 2) == "Phiếu hẹn (khổ nhỏ)"
    assert choice.itemText(choice.count() - 1) == "Biên lai thu phí, lệ phí"


def test_ctrl_p_on_the_list_opens_the_selected_dossier_and_prints_it(
    qtbot, window, fake_printing
) -> None:
    from ui.main_window import DOSSIER, DOSSIERS

    window.go(DOSSIERS)
    model = window.dossiers.model
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() > 0)
    window.dossiers.table.selectRow(0)
    code = model.view_at(0).code
    window.dossiers.table.setFocus()
    shortcut(qtbot, window, "Ctrl+P")
    assert window.pages.currentIndex() == DOSSIER
    assert window.dossier.view is not None and window.dossier.view.code == code
    assert window.preview is not None and window.preview.code == code
    window.preview.reject()
