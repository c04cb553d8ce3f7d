"""The settings tab of the procedure catalogue: the procedures with their time, fee and
checklist size, adding one and editing one with its checklist."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from counter.services.catalogue import ProcedureInfo
from ui import format as fmt
from ui.dialogs.procedure import ProcedureDialog
from ui.labels import procedure_time
from ui.screens.settings.table import append, table


class CatalogueTab:
    """Part of SettingsScreen: the procedures' list and their dialog."""

    procedures: QTableWidget
    _procedures: list[ProcedureInfo]

    def _catalogue_tab(self) -> QWidget:
        page = QWidget()
        self.procedures = table(
            [
                self.tr("Mã"),
                self.tr("Tên thủ tục"),
                self.tr("Thời hạn"),
                self.tr("Phí"),
                self.tr("Giấy tờ"),
                self.tr("Áp dụng"),
            ]
        )
        self.procedures.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.procedures.horizontalHeader().setStretchLastSection(False)
        self.procedures.doubleClicked.connect(lambda _index: self.edit_procedure())
        add = QPushButton(self.tr("Thêm &thủ tục…"))
        add.clicked.connect(lambda: self.add_procedure())
        edit = QPushButton(self.tr("&Sửa thủ tục và thành phần hồ sơ…"))
        edit.clicked.connect(lambda: self.edit_procedure())
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(edit)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.procedures, 1)
        layout.addLayout(row)
        return page

    def _show_procedures(self) -> None:
        self.procedures.setRowCount(0)
        for proc in self._procedures:
            append(
                self.procedures,
                [
                    proc.code,
                    proc.name,
                    procedure_time(proc),
                    self._fee(proc),
                    str(len(proc.documents)),
                    self.tr("có") if proc.active else self.tr("không"),
                ],
                proc.code,
            )

    def _fee(self, proc: ProcedureInfo) -> str:
        """The fee short: "2.000 đ/trang", "Miễn phí", a provincial rate not entered."""
        rule = proc.rule
        if rule.free:
            return self.tr("Miễn phí")
        if rule.provincial and not rule.amount:
            return self.tr("HĐND tỉnh (chưa nhập)")
        per = {"page": self.tr("/trang"), "copy": self.tr("/bản")}.get(rule.basis.value, "")
        return fmt.money(rule.amount) + per

    def selected_procedure(self) -> ProcedureInfo | None:
        row = self.procedures.currentRow()
        return self._procedures[row] if 0 <= row < len(self._procedures) else None

    def add_procedure(self) -> QDialog:
        fields = [p.field for p in self._procedures]
        dialog = self._open(
            ProcedureDialog(self.state, None, fields, self), self.tr("Đã thêm thủ tục {key}.")
        )
        return dialog

    def edit_procedure(self) -> QDialog | None:
        proc = self.selected_procedure()
        if proc is None:
            self.banner.show_message(self.tr("Hãy chọn một thủ tục trong danh sách."), "error")
            return None
        fields = [p.field for p in self._procedures]
        dialog = self._open(
            ProcedureDialog(self.state, proc, fields, self), self.tr("Đã lưu thủ tục {key}.")
        )
        return dialog
