"""Forms to paper: render through counter.printing, preview with QtPdf, print with QPrinter.

The dossier is always stored before anything is printed, so a print failure only costs a
reprint: it is reported in plain words and the preview stays open with "In lại".
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QRect,
    QSettings,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from counter.domain.forms import FORMS, PAPERS
from counter.errors import CounterError
from counter.services import office, workflow
from counter.services.context import Context

log = logging.getLogger(__name__)

# lupdate cannot read the core: the forms' names (counter.domain.forms labels) are listed
# here once more for translation; a test checks that the list holds every one of them.
FORM_LABELS = (
    QT_TRANSLATE_NOOP("forms", "Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
    QT_TRANSLATE_NOOP("forms", "Mẫu 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
    QT_TRANSLATE_NOOP("forms", "Mẫu 03 – Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
    QT_TRANSLATE_NOOP("forms", "Mẫu 04 – Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"),
    QT_TRANSLATE_NOOP("forms", "Mẫu 05 – Thông báo dừng giải quyết hồ sơ"),
    QT_TRANSLATE_NOOP("forms", "Mẫu 06 – Phiếu kiểm soát quá trình giải quyết hồ sơ"),
    QT_TRANSLATE_NOOP("forms", "Mẫu 07 – Sổ theo dõi hồ sơ"),
    QT_TRANSLATE_NOOP("forms", "Phiếu hẹn (khổ nhỏ)"),
    QT_TRANSLATE_NOOP("forms", "Biên lai thu phí, lệ phí"),
)


def form_title(form: str) -> str:
    """A form's name in the interface language."""
    entry = FORMS.get(form)
    return QCoreApplication.translate("forms", entry.label) if entry else form


class PrintError(CounterError):
    """Printing did not happen; the message says why in words a clerk can act on."""


def printing_module() -> Any:
    """counter.printing, or a PrintError while that part is not installed."""
    try:
        from counter import printing
    except ImportError as exc:  # pragma: no cover - the package itself always exists
        raise PrintError(
            QCoreApplication.translate("printing", "Chưa có mô-đun in biểu mẫu.")
        ) from exc
    if not hasattr(printing, "render"):
        raise PrintError(
            QCoreApplication.translate(
                "printing",
                "Chức năng in biểu mẫu chưa được cài đặt trong phiên bản này. "
                "Hồ sơ đã được lưu; có thể in lại sau từ màn hình hồ sơ.",
            )
        )
    return printing


def render_form(ctx: Context, code: str, form: str) -> bytes:
    """The form's PDF, without recording a print (the preview is not a print)."""
    printing = printing_module()
    try:
        return bytes(printing.render(ctx, code, form, record=False))
    except CounterError:
        raise
    except Exception as exc:
        not_applicable = getattr(printing, "FormNotApplicable", None)
        if not_applicable is not None and isinstance(exc, not_applicable):
            raise PrintError(str(exc)) from exc
        log.exception("rendering form %s of %s failed", form, code)
        raise PrintError(
            QCoreApplication.translate(
                "printing", "Không tạo được biểu mẫu để in. Hồ sơ vẫn được lưu."
            )
        ) from exc


def paper_of(ctx: Context, form: str) -> str:
    with ctx.db.session() as session:
        return office.get_settings(session).paper.get(form) or FORMS[form].default_paper


def printer_name(form: str) -> str:
    """Printers are per machine, so they live in this PC's settings, not in the database."""
    return str(QSettings().value(f"printers/{form}", "") or "")


def set_printer_name(form: str, name: str) -> None:
    QSettings().setValue(f"printers/{form}", name)


def load_pdf(data: bytes, parent=None) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument over the bytes (keep the buffer alive as long as the document)."""
    document = QPdfDocument(parent)
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise PrintError(
            QCoreApplication.translate(
                "printing", "Tệp biểu mẫu bị lỗi, không mở được để xem trước."
            )
        )
    return document, buffer


def page_image(document: QPdfDocument, page: int, dpi: float) -> QImage:
    """One page rendered onto white (QtPdf leaves the background transparent)."""
    points = document.pagePointSize(page)
    size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
    rendered = document.render(page, size)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return image


def make_printer(form: str, paper: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    name = printer_name(form)
    if name:
        if name not in QPrinterInfo.availablePrinterNames():
            raise PrintError(
                QCoreApplication.translate(
                    "printing",
                    "Không tìm thấy máy in «{name}». Hãy bật máy in, kiểm tra cáp, hoặc chọn máy "
                    "in khác trong Cài đặt. Hồ sơ đã được lưu; bấm «In lại» khi máy in sẵn sàng.",
                ).format(name=name)
            )
        printer.setPrinterName(name)
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QPageSize

    width, height = PAPERS[paper].size_mm if paper in PAPERS else PAPERS["a4"].size_mm
    printer.setPageSize(QPageSize(QSizeF(width, height), QPageSize.Unit.Millimeter))
    printer.setFullPage(True)
    return printer


def print_document(document: QPdfDocument, printer: QPrinter) -> None:
    """Paint every page onto white at the printer's resolution, one sheet each."""
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(
            QCoreApplication.translate(
                "printing",
                "Máy in không sẵn sàng (chưa bật, hết giấy hoặc chưa kết nối). Hồ sơ đã được "
                "lưu; bấm «In lại» khi máy in sẵn sàng.",
            )
        )
    try:
        dpi = printer.resolution()
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            image = page_image(document, page, dpi)
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), scaled), image)
    finally:
        painter.end()


def record_print(ctx: Context, code: str, form: str) -> None:
    workflow.record_print(ctx, code, form, paper_of(ctx, form))
