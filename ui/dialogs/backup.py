"""Backups from the window (admins only): back up now, the list, check one, restore one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter.paths import backups_dir
from counter.services import backup
from counter.services.backup import KEEP, BackupInfo, RestoreLosses
from ui.autobackup import backup_and_copy, second_folder, set_second_folder
from ui.labels import label as core_label
from ui.operations import Op
from ui.tasks import Task
from ui.widgets import Banner, heading

if TYPE_CHECKING:
    from ui.state import AppState


def size_label(size: int) -> str:
    """Vietnamese decimal comma: "12,5 MB", "840 KB"."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
    return f"{max(size, 1024) / 1024:.0f} KB"


def count_label(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class BackupDialog(QDialog):
    """Non-modal. Restoring is the window's job (it closes and reopens the database): the
    dialog asks for confirmation and emits `restore_requested`."""

    restore_requested = Signal(object)  # BackupInfo

    def __init__(
        self, state: AppState, parent: QWidget | None = None, *, directory: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.directory = directory
        self.busy = False
        self.backups: list[BackupInfo] = []
        self.checked: dict[Path, str] = {}  # path → result of a check made in this dialog
        self.confirm: QMessageBox | None = None
        self.sync_registered = False  # set by the window: restoring a synced counter says more
        self.setWindowTitle(self.tr("Sao lưu và khôi phục"))

        folder = directory or backups_dir()
        self.where = QLabel(
            self.tr(
                "Thư mục sao lưu: {folder}\nPhần mềm tự sao lưu mỗi ngày và giữ {keep} bản mới "
                "nhất. Mỗi bản được kiểm tra toàn vẹn ngay sau khi ghi."
            ).format(folder=folder, keep=KEEP)
        )
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A second place for every backup: the first dies with the PC's disk.
        self.second = QLabel()
        self.second.setWordWrap(True)
        self.second.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.second_button = QPushButton(self.tr("Chọn &nơi lưu thứ hai…"))
        self.second_button.clicked.connect(self.choose_second_folder)
        self.second_clear = QPushButton(self.tr("Bỏ nơi lưu thứ hai"))
        self.second_clear.clicked.connect(lambda: self.set_second_folder(None))
        self._show_second()

        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Thời điểm sao lưu"), self.tr("Dung lượng"), self.tr("Kiểm tra")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.banner = Banner()

        self.backup_button = QPushButton(self.tr("&Sao lưu ngay"))
        self.backup_button.clicked.connect(self.backup_now)
        self.verify_button = QPushButton(self.tr("&Kiểm tra bản đã chọn"))
        self.verify_button.clicked.connect(self.verify_selected)
        self.restore_button = QPushButton(self.tr("&Khôi phục bản đã chọn…"))
        self.restore_button.clicked.connect(self.ask_restore)
        self.close_button = QPushButton(self.tr("Đó&ng"))
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.verify_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Sao lưu và khôi phục dữ liệu"), self, 1.3))
        layout.addWidget(self.where)
        second_row = QHBoxLayout()
        second_row.addWidget(self.second, 1)
        second_row.addWidget(self.second_button)
        second_row.addWidget(self.second_clear)
        layout.addLayout(second_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.banner)
        layout.addLayout(buttons)
        self.setTabOrder(self.table, self.backup_button)
        self.setTabOrder(self.backup_button, self.verify_button)
        self.setTabOrder(self.verify_button, self.restore_button)
        self.setTabOrder(self.restore_button, self.close_button)
        self.setMinimumSize(
            self.fontMetrics().averageCharWidth() * 90, self.fontMetrics().height() * 24
        )
        self.refresh()

    # --- the list ---------------------------------------------------------------------------

    def refresh(self) -> None:
        self.backups = backup.list_backups(self.directory)
        self.table.setRowCount(0)
        for info in self.backups:
            row = self.table.rowCount()
            self.table.insertRow(row)
            verdict = self.checked.get(info.path) or self.tr("đã kiểm tra khi sao lưu")
            for column, text in enumerate(
                (info.taken_at.strftime("%d/%m/%Y %H:%M"), size_label(info.size), verdict)
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                if column == 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        if self.backups:
            self.table.selectRow(0)
        else:
            self.banner.show_message(
                self.tr("Chưa có bản sao lưu nào. Bấm «Sao lưu ngay» để tạo bản đầu tiên."),
                "info",
            )
        self._selection_changed()

    def selected(self) -> BackupInfo | None:
        row = self.table.currentRow()
        return self.backups[row] if 0 <= row < len(self.backups) else None

    def _selection_changed(self) -> None:
        chosen = self.selected() is not None and not self.busy
        self.verify_button.setEnabled(chosen)
        self.restore_button.setEnabled(chosen)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        self.backup_button.setEnabled(not busy)
        if busy:
            self.banner.show_message(text, "info")
        self._selection_changed()

    # --- acting -----------------------------------------------------------------------------

    def backup_now(self) -> bool:
        if self.busy:
            return False
        directory, folder = self.directory, second_folder()
        self._set_busy(True, self.tr("Đang sao lưu…"))
        # On the writer thread: the copy is taken between two writes, never across one.
        op = Op(
            self,
            self.state,
            lambda ctx: backup_and_copy(
                lambda: backup.backup_database(ctx, directory=directory), folder
            ),
        )
        op.success(self._backed_up).failure(lambda error: self._failed(error.message)).run()
        return True

    def _backed_up(self, info: BackupInfo) -> None:
        self._set_busy(False)
        self.checked[info.path] = self.tr("tốt · {n} hồ sơ").format(n=count_label(info.dossiers))
        self.refresh()
        text = self.tr("Đã sao lưu {n} hồ sơ lúc {when} ({size}).").format(
            n=count_label(info.dossiers),
            when=info.taken_at.strftime("%H:%M %d/%m/%Y"),
            size=size_label(info.size),
        )
        folder = second_folder()
        if folder is not None:
            text += " " + self.tr("Đã chép thêm một bản vào {folder}.").format(folder=folder)
        self.banner.show_message(text)

    # --- the second place -------------------------------------------------------------------

    def choose_second_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Chọn nơi lưu thứ hai (ổ đĩa khác, USB)"), str(second_folder() or "")
        )
        if chosen:
            self.set_second_folder(Path(chosen))

    def set_second_folder(self, folder: Path | None) -> None:
        set_second_folder(folder)
        self._show_second()

    def _show_second(self) -> None:
        folder = second_folder()
        if folder is None:
            self.second.setText(
                self.tr(
                    "Nơi lưu thứ hai: chưa chọn. Nên chọn một ổ đĩa khác hoặc USB, để còn bản sao "
                    "lưu khi ổ đĩa của máy hỏng."
                )
            )
        else:
            self.second.setText(
                self.tr(
                    "Nơi lưu thứ hai: {folder} (mỗi bản sao lưu được chép thêm vào đây)."
                ).format(folder=folder)
            )
        self.second_clear.setVisible(folder is not None)

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        self.banner.show_message(core_label(message), "error")

    def verify_selected(self) -> bool:
        info = self.selected()
        if info is None or self.busy:
            return False
        self._set_busy(True, self.tr("Đang kiểm tra bản sao lưu…"))
        path = info.path

        def checked(count: int) -> None:
            self._set_busy(False)
            self.checked[path] = self.tr("tốt · {n} hồ sơ").format(n=count_label(count))
            self.refresh()
            self.banner.show_message(
                self.tr("Bản sao lưu nguyên vẹn, có {n} hồ sơ.").format(n=count_label(count))
            )

        def broken(message: str) -> None:
            self._set_busy(False)
            self.checked[path] = self.tr("HỎNG")
            self.refresh()
            self.banner.show_message(message, "error")

        Task(lambda: backup.verify(path), owner=self).success(checked).failure(broken).run()
        return True

    def ask_restore(self) -> QMessageBox | None:
        """A clear confirmation (default: cancel); on yes the window restores."""
        info = self.selected()
        if info is None or self.busy:
            return None
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Khôi phục dữ liệu"))
        box.setText(
            self.tr("Khôi phục dữ liệu về bản sao lưu lúc {when}?").format(
                when=info.taken_at.strftime("%H:%M %d/%m/%Y")
            )
        )
        if self.sync_registered:
            text = self.tr(
                "Quầy này đã đăng ký đồng bộ: ngay sau khi khôi phục, phần mềm tự đồng bộ để lấy "
                "lại từ máy chủ những hồ sơ và thay đổi quầy đã gửi lên sau thời điểm đó. Những "
                "gì chưa kịp gửi lên máy chủ sẽ không còn trong phần mềm. Nếu lúc đó không kết "
                "nối được máy chủ, hãy đồng bộ trước khi tiếp nhận hồ sơ mới, để không cấp trùng "
                "mã hồ sơ."
            )
        else:
            text = self.tr(
                "Mọi hồ sơ và thay đổi trên máy này sau thời điểm đó sẽ không còn trong phần mềm."
            )
        text += "\n\n" + self.tr(
            "Dữ liệu hiện tại được giữ lại thành một tệp riêng bên cạnh cơ sở dữ liệu. Sau khi "
            "khôi phục, mọi người phải đăng nhập lại."
        )
        # What would be lost is counted off the GUI thread (a second on a large database);
        # «Khôi phục» waits for the count, so nobody confirms without reading it.
        box.setInformativeText(self.tr("Đang đếm những gì sẽ mất…") + "\n\n" + text)
        self.restore_yes = box.addButton(
            self.tr("Khôi phục"), QMessageBox.ButtonRole.DestructiveRole
        )
        self.restore_yes.setEnabled(False)
        yes = self.restore_yes

        def counted(found: RestoreLosses) -> None:
            box.setInformativeText(self._losses_text(found) + "\n\n" + text)
            yes.setEnabled(True)

        def not_counted(message: str) -> None:
            box.setInformativeText(
                self.tr("Không đếm được những gì sẽ mất: {m}").format(m=message) + "\n\n" + text
            )
            yes.setEnabled(True)

        db_path, chosen = self.state.ctx.db.path, info.path
        Task(lambda: backup.losses(db_path, chosen), owner=box).success(counted).failure(
            not_counted
        ).run()
        cancel = box.addButton(self.tr("Hủy"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.buttonClicked.connect(
            lambda button: self._confirmed(info) if button is self.restore_yes else None
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.confirm = box
        box.open()
        return box

    def _losses_text(self, found: RestoreLosses) -> str:
        """What restoring takes away, in counts, one line each (none when nothing)."""
        if found.nothing:
            return self.tr(
                "Không có gì mới hơn bản sao lưu này: không mất hồ sơ, người dùng hay cài đặt nào."
            )
        lines = [
            (found.dossiers, self.tr("{n} hồ sơ tiếp nhận sau thời điểm đó")),
            (
                found.changed,
                self.tr("những gì ghi thêm trên {n} hồ sơ khác (chuyển, trả kết quả…)"),
            ),
            (found.apologies, self.tr("{n} văn bản xin lỗi (Mẫu 04)")),
            (found.users, self.tr("{n} người dùng mới hoặc đã sửa")),
            (found.settings, self.tr("{n} thay đổi trong cài đặt (cơ quan, ngày nghỉ, thủ tục)")),
        ]
        shown = [f"• {text.format(n=count_label(n))}" for n, text in lines if n]
        return "\n".join([self.tr("Sẽ mất:"), *shown])

    def _confirmed(self, info: BackupInfo) -> None:
        self.confirm = None
        self.restore_requested.emit(info)
        self.close()
