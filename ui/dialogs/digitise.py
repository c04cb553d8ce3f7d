"""«Số hóa»: a paper of the dossier scanned (or taken from the scan folder or from files), its
pages put in order, attached to its checklist line, signed and saved (TT 01/2023 Điều 8)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import ImageOps
from PySide6.QtCore import QSettings, QSize, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter.domain.dossier import OTHER_LINE
from counter.errors import CounterError
from counter.services import attachments, scanning, signing
from counter.services.scanning import FileSource, FolderSource, Page, PageList, ScanSource
from ui.operations import digitise as digitise_ops
from ui.state import AppState
from ui.tasks import Task
from ui.widgets import Banner

SCANNER, FOLDER, FILES = "scanner", "folder", "files"
FOLDER_KEY = "digitise/folder"  # the copier's scan folder, remembered on this PC
THUMB = 160


def _thumbnail(page: Page) -> bytes:
    """A small PNG of the page as turned (made off the GUI thread)."""
    image = page.rotated().copy()
    image.thumbnail((THUMB - 2, THUMB - 2))
    image = image.convert("RGB" if image.mode not in ("L", "RGB") else image.mode)
    # A grey edge, so a white page shows where it ends.
    image = ImageOps.expand(image, border=1, fill="gray")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


class DigitiseDialog(QDialog):
    saved = Signal(object)  # the Attachment

    def __init__(
        self, state: AppState, code: str, lines: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.code = code
        self.pages = PageList()
        self.thumbs: list[bytes] = []
        self.setWindowTitle(self.tr("Số hóa hồ sơ {code}").format(code=code))
        self.banner = Banner()

        self.source = QComboBox()
        self.source.addItem(self.tr("Máy quét"), SCANNER)
        self.source.addItem(self.tr("Thư mục quét (máy photocopy)"), FOLDER)
        self.source.addItem(self.tr("Tệp ảnh hoặc PDF"), FILES)
        self.device = QComboBox()
        self.device.setPlaceholderText(self.tr("Đang tìm máy quét…"))
        self.folder = QLineEdit(str(QSettings().value(FOLDER_KEY, "") or ""))
        self.folder.setPlaceholderText(self.tr("Thư mục máy quét lưu tệp vào"))
        folder_pick = QPushButton(self.tr("Chọn…"))
        folder_pick.clicked.connect(self._pick_folder)
        self.files: list[Path] = []
        self.files_label = QLabel(self.tr("Chưa chọn tệp."))
        files_pick = QPushButton(self.tr("Chọn tệp…"))
        files_pick.clicked.connect(self._pick_files)
        self.source_detail = QStackedWidget()
        for widgets in ((self.device,), (self.folder, folder_pick), (self.files_label, files_pick)):
            row = QWidget()
            box = QHBoxLayout(row)
            box.setContentsMargins(0, 0, 0, 0)
            for w in widgets:
                box.addWidget(w, 1 if w is widgets[0] else 0)
            self.source_detail.addWidget(row)
        self.source.currentIndexChanged.connect(self.source_detail.setCurrentIndex)
        self.colour = QCheckBox(self.tr("Quét màu (giấy có dấu đỏ, ảnh màu)"))
        self.acquire_button = QPushButton(self.tr("&Lấy trang"))
        self.acquire_button.clicked.connect(lambda: self.acquire())

        self.page_list = QListWidget()
        self.page_list.setViewMode(QListWidget.ViewMode.IconMode)
        self.page_list.setIconSize(QSize(THUMB, THUMB))
        self.page_list.setMovement(QListWidget.Movement.Static)
        self.page_list.setGridSize(QSize(THUMB + 40, THUMB + 44))
        self.page_list.setSpacing(4)
        self.page_list.setMinimumHeight(THUMB + 60)
        self.page_list.setWordWrap(True)
        buttons = QHBoxLayout()
        self.edit_buttons: dict[str, QPushButton] = {}
        for key, text in (
            ("left", self.tr("◀ Lên trước")),
            ("right", self.tr("Ra sau ▶")),
            ("rotate", self.tr("Xoay ↻")),
            ("remove", self.tr("Bỏ trang")),
            ("rescan", self.tr("Quét lại trang")),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, k=key: self.edit(k))
            self.edit_buttons[key] = button
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.line = QComboBox()
        for name in lines:
            self.line.addItem(name, name)
        self.line.addItem(attachments.OTHER_LABEL, OTHER_LINE)
        with state.ctx.db.session() as session:
            self.token = signing.token_settings(session)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(self.tr("Mã PIN của chữ ký số"))
        self.sign_note = QLabel(
            self.tr("Ký bằng chữ ký số của người số hóa; nhập mã PIN.")
            if self.token.configured
            else self.tr(
                "Quầy chưa cấu hình chữ ký số: bản số hóa được lưu KHÔNG ký và được đếm riêng."
            )
        )
        self.sign_note.setWordWrap(True)
        self.pin.setVisible(self.token.configured)
        self.save_button = QPushButton(self.tr("&Lưu bản số hóa"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(self.tr("Đóng"))
        cancel.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Nguồn"), self.source)
        form.addRow("", self.source_detail)
        form.addRow("", self.colour)
        form.addRow("", self.acquire_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Các trang (theo thứ tự lưu):")))
        layout.addWidget(self.page_list, 1)
        layout.addLayout(buttons)
        bottom = QFormLayout()
        bottom.addRow(self.tr("Thuộc giấy tờ"), self.line)
        bottom.addRow(self.tr("Chữ ký số"), self.sign_note)
        bottom.addRow("", self.pin)
        layout.addLayout(bottom)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(cancel)
        actions.addWidget(self.save_button)
        layout.addLayout(actions)
        self.resize(760, 640)
        self.busy = False
        self.folder_source: FolderSource | None = None
        self._refresh_buttons()
        Task(scanning.scanners, owner=self).success(self._scanners).failure(
            lambda message: self.device.setPlaceholderText(message)
        ).run()

    # --- sources ----------------------------------------------------------------------------

    def _scanners(self, found: list[tuple[str, str]]) -> None:
        for name, label in found:
            self.device.addItem(label, name)
        if not found:
            self.device.setPlaceholderText(self.tr("Không thấy máy quét nào."))

    def _pick_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Thư mục quét"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _pick_files(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Chọn tệp ảnh hoặc PDF"),
            "",
            self.tr("Ảnh, PDF (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)"),
        )
        self.set_files([Path(c) for c in chosen])

    def set_files(self, paths: list[Path]) -> None:
        self.files = paths
        self.files_label.setText(", ".join(p.name for p in paths) or self.tr("Chưa chọn tệp."))

    def current_source(self) -> ScanSource | None:
        kind = self.source.currentData()
        if kind == SCANNER:
            device = self.device.currentData()
            if not device:
                self.banner.show_message(self.tr("Chưa chọn máy quét."), "error")
                return None
            return scanning.default_scanner(device, self.colour.isChecked())
        if kind == FOLDER:
            folder = self.folder.text().strip()
            if not folder or not Path(folder).is_dir():
                self.banner.show_message(self.tr("Chọn thư mục máy quét lưu tệp vào."), "error")
                return None
            QSettings().setValue(FOLDER_KEY, folder)
            # One source per folder for the dialog's life: what it took is held until saved.
            if self.folder_source is None or self.folder_source.folder != Path(folder):
                self.folder_source = FolderSource(Path(folder))
            return self.folder_source
        if not self.files:
            self.banner.show_message(self.tr("Chưa chọn tệp ảnh hoặc PDF."), "error")
            return None
        return FileSource(list(self.files))

    def acquire(self, replace_at: int | None = None) -> Task | None:
        """Take pages from the source (off the GUI thread); `replace_at`: a rescan."""
        source = self.current_source()
        if source is None or self.busy:
            return None
        self.busy = True
        self._refresh_buttons()
        self.banner.show_message(self.tr("Đang lấy trang…"), "info")

        def work() -> tuple[list[Page], list[bytes]]:
            pages = source.acquire()
            return pages, [_thumbnail(p) for p in pages]

        return (
            Task(work, owner=self)
            .success(lambda got: self._acquired(got, replace_at))
            .failure(self._failed)
            .run()
        )

    def _acquired(self, got: tuple[list[Page], list[bytes]], replace_at: int | None) -> None:
        self.busy = False
        pages, thumbs = got
        if not pages:
            self.banner.show_message(self.tr("Không có trang mới nào."), "info")
        else:
            if replace_at is None:
                self.pages.add(pages)
                self.thumbs.extend(thumbs)
            else:
                self.pages.replace(replace_at, pages)
                self.thumbs[replace_at : replace_at + 1] = thumbs
            self.banner.show_message(self.tr("Đã lấy {n} trang.").format(n=len(pages)), "ok")
        self._show_pages()

    def _failed(self, message: str) -> None:
        self.busy = False
        self.banner.show_message(message, "error")
        self._refresh_buttons()

    # --- pages ------------------------------------------------------------------------------

    def _show_pages(self, select: int | None = None) -> None:
        current = self.page_list.currentRow() if select is None else select
        self.page_list.clear()
        for n, (page, thumb) in enumerate(zip(self.pages.pages, self.thumbs, strict=True), 1):
            image = QImage.fromData(thumb)
            item = QListWidgetItem(QIcon(QPixmap.fromImage(image)), f"{n}. {page.origin}")
            item.setToolTip(page.origin)
            self.page_list.addItem(item)
        if self.pages.pages:
            self.page_list.setCurrentRow(max(0, min(current, len(self.pages.pages) - 1)))
        self._refresh_buttons()

    def edit(self, key: str) -> None:
        row = self.page_list.currentRow()
        if row < 0 or row >= len(self.pages.pages):
            return
        if key == "rescan":
            self.acquire(replace_at=row)
            return
        if key in ("left", "right"):
            to = row - 1 if key == "left" else row + 1
            if not 0 <= to < len(self.pages.pages):
                return
            self.pages.move(row, to)
            self.thumbs.insert(to, self.thumbs.pop(row))
            self._show_pages(to)
        elif key == "rotate":
            self.pages.rotate(row)
            self.thumbs[row] = _thumbnail(self.pages.pages[row])
            self._show_pages(row)
        elif key == "remove":
            self.pages.remove(row)
            del self.thumbs[row]
            self._show_pages(row)

    def _refresh_buttons(self) -> None:
        has = bool(self.pages.pages) and not self.busy
        for button in self.edit_buttons.values():
            button.setEnabled(has)
        self.acquire_button.setEnabled(not self.busy)
        self.save_button.setEnabled(has)

    # --- saving -----------------------------------------------------------------------------

    def save(self) -> None:
        if not self.pages.pages or self.busy:
            return
        if self.token.configured and not self.pin.text():
            self.banner.show_message(self.tr("Nhập mã PIN của chữ ký số để ký."), "error")
            self.pin.setFocus()
            return
        self.busy = True
        self._refresh_buttons()
        self.banner.show_message(self.tr("Đang lưu và ký…"), "info")
        digitise_ops.save(
            self,
            self.state,
            self.code,
            self.line.currentData(),
            self.pages.pages,
            colour=self.colour.isChecked(),
            pin=self.pin.text(),
            source=str(self.source.currentData()),
        ).success(self._saved).failure(self._save_failed).run()

    def _saved(self, added: attachments.Attachment) -> None:
        self.busy = False
        if self.folder_source is not None:
            self.folder_source.release()  # saved: the copier's files move to «đã lấy»
        self.saved.emit(added)
        self.accept()

    def _save_failed(self, error: CounterError) -> None:
        self.pin.clear()
        self._failed(error.message)
