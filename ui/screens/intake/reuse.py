"""Papers and results already digitised for the applicant's ID number (TT 01/2023 Điều 4):
the clerk ticks one to reuse it instead of asking for the paper again. Its checklist line is
ticked "tái sử dụng"; the reuse is recorded once the dossier is saved."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from counter.domain.cccd import normalize_id_number
from counter.errors import ValidationError
from counter.services import attachments
from counter.services.attachments import Reusable
from counter.services.context import Context
from ui import format as fmt


class ReusablePapers(QGroupBox):
    """A checkable list, hidden while there is nothing to reuse."""

    toggled = Signal(object, bool)  # Reusable, ticked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Giấy tờ đã số hóa của người nộp (tái sử dụng)"), parent)
        self.hint = QLabel(
            self.tr(
                "Đánh dấu giấy tờ dùng lại bản đã số hóa thay cho yêu cầu công dân nộp bản giấy."
            )
        )
        self.hint.setWordWrap(True)
        self.list = QListWidget()
        self.list.setMaximumHeight(self.list.fontMetrics().height() * 7)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.list)
        self.list.itemChanged.connect(self._changed)
        self._for = ""
        self.hide()

    def show_for(self, ctx: Context, id_number: str) -> None:
        try:
            number = normalize_id_number(id_number)
        except ValidationError:  # an ID number half typed: nothing to offer yet
            number = ""
        if number == self._for:
            return
        self._for = number
        self.list.blockSignals(True)
        self.list.clear()
        for found in attachments.reusable(ctx, number) if number else []:
            item = QListWidgetItem(self._text(found))
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, found)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.setVisible(self.list.count() > 0)

    def _text(self, found: Reusable) -> str:
        a = found.attachment
        when = fmt.moment(_moment(a.wall_time)) or a.wall_time
        signed = self.tr(", đã ký số") if a.signed else ""
        return self.tr("{paper} — hồ sơ {code}, số hóa {when}{signed}").format(
            paper=a.line_label, code=found.dossier_code, when=when, signed=signed
        )

    def _changed(self, item: QListWidgetItem) -> None:
        found = item.data(Qt.ItemDataRole.UserRole)
        self.toggled.emit(found, item.checkState() == Qt.CheckState.Checked)

    def chosen(self) -> list[Reusable]:
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def clear(self) -> None:
        self._for = ""
        self.list.clear()
        self.hide()


def _moment(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
