"""Print preview of one form (QtPdf), with print, reprint and save-as-PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter.errors import CounterError
from ui import printing
from ui.operations import dossier as dossier_ops
from ui.state import AppState
from ui.widgets import Banner


class PrintPreviewDialog(QDialog):
    printed = Signal(str)  # the form

    def __init__(
        self,
        state: AppState,
        code: str,
        form: str,
        pdf: bytes,
        parent: QWidget | None = None,
        *,
        record: bool = True,
    ) -> None:
        """`record`: a print of a dossier's form is an event; a register's (Mẫu 07, a period
        named by `code`) is not."""
        super().__init__(parent)
        self.state = state
        self.record = record
        self.code = code
        self.form = form
        self.pdf = pdf
        self.setWindowTitle(
            self.tr("Xem trước: {title} – {code}").format(
                title=printing.form_title(form), code=code
            )
        )
        self.document, self._buffer = printing.load_pdf(pdf, self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        # FitInView in multi-page mode can loop forever: a scroll bar appears, the page
        # shrinks, the bar disappears, the page grows… Fit the width and keep the vertical bar.
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.banner = Banner()
        self.print_button = QPushButton(self.tr("&In (Ctrl+P)"))
        self.print_button.setDefault(True)
        self.save_button = QPushButton(self.tr("&Lưu PDF…"))
        self.close_button = QPushButton(self.tr("Đóng (Esc)"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.print_button.clicked.connect(self.print_now)
        self.save_button.clicked.connect(lambda: self.save_pdf())
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_now)
        # Ctrl+S again (the clerk's habit after «Lưu và in»): the dossier is saved already; no
        # file dialog pops up over the form to be printed.
        QShortcut(QKeySequence.StandardKey.Save, self, self._saved_already)
        self.file_dialog: QFileDialog | None = None
        screen = self.screen().availableGeometry()
        self.resize(int(screen.width() * 0.6), int(screen.height() * 0.85))
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def print_now(self) -> bool:
        """Print on this form's printer; on failure say why and offer «In lại»."""
        try:
            paper = printing.paper_of(self.state.ctx, self.form)
            printer = printing.make_printer(self.form, paper)
            printing.print_document(self.document, printer)
        except CounterError as exc:
            self._failed(exc)
            return False
        if not self.record:
            self._printed(None)
            return True
        record = dossier_ops.record_print(self, self.state, self.code, self.form)
        record.success(self._printed).failure(self._failed).run()
        return True

    def _printed(self, _result: None) -> None:
        self.printed.emit(self.form)
        self.accept()

    def _failed(self, error: CounterError) -> None:
        self.banner.show_message(error.message, "error")
        self.print_button.setText(self.tr("&In lại (Ctrl+P)"))

    def _saved_already(self) -> None:
        self.banner.show_message(
            self.tr("Hồ sơ đã được lưu. Ctrl+P: in; Esc: đóng; Alt+L: lưu biểu mẫu thành tệp PDF."),
            "info",
        )

    def save_pdf(self, path: str | None = None) -> bool:
        """Print to a PDF file (the same bytes the printer gets). Without a path: ask where
        (`file_dialog`, in Vietnamese, starting in the user's Documents folder)."""
        if not path:
            self._ask_file()
            return False
        try:
            Path(path).write_bytes(self.pdf)
        except OSError as exc:
            self.banner.show_message(
                self.tr("Không ghi được tệp {path}: {why}").format(
                    path=path, why=exc.strerror or exc
                ),
                "error",
            )
            return False
        saved = self.tr("Đã lưu {path}.").format(path=path)
        if not self.record:
            self.banner.show_message(saved, "ok")
            return True
        record = dossier_ops.record_print(self, self.state, self.code, self.form)
        record.success(lambda _r: self.banner.show_message(saved, "ok"))
        record.failure(lambda error: self.banner.show_message(error.message, "error")).run()
        return True

    def _ask_file(self) -> None:
        folder = Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            or Path.home()
        )
        try:
            folder.mkdir(parents=True, exist_ok=True)  # never the program's folder instead
        except OSError:
            folder = Path.home()
        dialog = QFileDialog(
            self, self.tr("Lưu biểu mẫu thành tệp PDF"), str(folder), self.tr("Tệp PDF (*.pdf)")
        )
        dialog.selectFile(f"{self.code}-mau-{self.form}.pdf")
        # Qt's own dialog, labelled in Vietnamese (the system's may speak another language).
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        for label, text in (
            (QFileDialog.DialogLabel.LookIn, self.tr("Thư mục:")),
            (QFileDialog.DialogLabel.FileName, self.tr("Tên tệp:")),
            (QFileDialog.DialogLabel.FileType, self.tr("Loại tệp:")),
            (QFileDialog.DialogLabel.Accept, self.tr("Lưu")),
            (QFileDialog.DialogLabel.Reject, self.tr("Hủy")),
        ):
            dialog.setLabelText(label, text)
        dialog.fileSelected.connect(self.save_pdf)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.file_dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "file_dialog", None))
        dialog.open()


def open_preview(state: AppState, code: str, form: str, parent: QWidget) -> PrintPreviewDialog:
    """Render the form and open its preview (non-blocking); raises PrintError with a reason."""
    pdf = printing.render_form(state.ctx, code, form)
    dialog = PrintPreviewDialog(state, code, form, pdf, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
