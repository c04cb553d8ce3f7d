"""The internal process of a procedure in its dialog: each step, its body and its share of the
time allowed (counter.domain.process checks them when the procedure is saved)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter.domain.calendar import TimeUnit
from counter.domain.process import Step, default_steps

COL_STEP, COL_BODY, COL_SHARE = range(3)


class StepsEditor(QGroupBox):
    """The steps as a table; empty means the default process for the time allowed."""

    def __init__(
        self, time_allowed: Callable[[], tuple[int, TimeUnit]], parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Quy trình nội bộ (các bước và thời gian của từng bước)"), parent)
        self.time_allowed = time_allowed
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Bước"), self.tr("Cơ quan, bộ phận thực hiện"), self.tr("Thời gian")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_STEP, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_BODY, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_SHARE, QHeaderView.ResizeMode.ResizeToContents)
        self.add = QPushButton(self.tr("Thêm &bước"))
        self.remove = QPushButton(self.tr("Xóa bước"))
        self.defaults = QPushButton(self.tr("Quy trình &mặc định"))
        self.add.clicked.connect(lambda: self.add_step())
        self.remove.clicked.connect(self.remove_step)
        self.defaults.clicked.connect(self.fill_defaults)
        self.total = QLabel()
        self.total.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add, self.remove, self.defaults):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.total)
        self.table.itemChanged.connect(lambda _item: self.show_total())

    def set_steps(self, steps: tuple[Step, ...] | list[Step]) -> None:
        self.table.setRowCount(0)
        for step in steps:
            self.add_step(step)
        self.show_total()

    def add_step(self, step: Step | None = None) -> int:
        step = step or Step("", "", 0)
        row = self.table.rowCount()
        blocked = self.table.blockSignals(True)  # the total is shown once the row is whole
        self.table.insertRow(row)
        self.table.setItem(row, COL_STEP, QTableWidgetItem(step.name))
        self.table.setItem(row, COL_BODY, QTableWidgetItem(step.body))
        share = QTableWidgetItem()
        share.setData(Qt.ItemDataRole.EditRole, float(step.share))  # a decimal spin box
        share.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.setItem(row, COL_SHARE, share)
        self.table.blockSignals(blocked)
        if not step.name:
            self.table.setCurrentCell(row, COL_STEP)
            self.table.editItem(self.table.item(row, COL_STEP))
        return row

    def remove_step(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.show_total()

    def fill_defaults(self) -> None:
        amount, unit = self.time_allowed()
        self.set_steps(default_steps(amount, unit))

    def steps(self) -> list[Step] | None:
        """The steps entered; None when there are none (the default process is stored)."""
        found = []
        for row in range(self.table.rowCount()):
            share = self.table.item(row, COL_SHARE).data(Qt.ItemDataRole.EditRole)
            found.append(
                Step(
                    self.table.item(row, COL_STEP).text(),
                    self.table.item(row, COL_BODY).text(),
                    float(share or 0),
                )
            )
        return found or None

    def show_total(self) -> None:
        amount, unit = self.time_allowed()
        steps = self.steps()
        if steps is None:
            self.total.setText(self.tr("Để trống: dùng quy trình mặc định theo thời hạn."))
        elif unit is TimeUnit.SAME_DAY:
            self.total.setText(self.tr("Thủ tục trả trong ngày: mọi bước có hạn trong ngày."))
        else:
            total = f"{sum(s.share for s in steps):g}".replace(".", ",")
            self.total.setText(
                self.tr("Tổng thời gian các bước: {total} / thời hạn giải quyết {amount}.").format(
                    total=total, amount=amount
                )
            )
