"""The reports screen's «Chậm theo bước» tab: dossiers late at their current step of the internal
process, counted by official and by body, then one line each (as the PDF and Excel say)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter.reports.figures import Report
from ui import format as fmt


def _table(headers: list[str], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class LateStepsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.by_official = _table([self.tr("Người xử lý"), self.tr("Số hồ sơ")], 0)
        self.by_body = _table([self.tr("Cơ quan, bộ phận"), self.tr("Số hồ sơ")], 0)
        self.steps = _table(
            [
                self.tr("Mã hồ sơ"),
                self.tr("Bước"),
                self.tr("Cơ quan, bộ phận"),
                self.tr("Người xử lý"),
                self.tr("Hạn của bước"),
            ],
            1,
        )
        groups = QHBoxLayout()
        groups.addWidget(self.by_official)
        groups.addWidget(self.by_body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(groups, 1)
        layout.addWidget(self.steps, 2)

    def fill(self, report: Report) -> None:
        made = report.generated_at
        self.summary.setText(
            self.tr("{n} hồ sơ đã quá hạn của bước đang xử lý, tính đến {time}.").format(
                n=len(report.late_steps), time=fmt.moment(made)
            )
        )
        for table, by in ((self.by_official, "official"), (self.by_body, "body")):
            groups = report.late_by(by)
            table.setRowCount(len(groups))
            for r, group in enumerate(groups):
                table.setItem(r, 0, QTableWidgetItem(group.name))
                table.setItem(r, 1, QTableWidgetItem(str(group.count)))
        self.steps.setRowCount(len(report.late_steps))
        for r, step in enumerate(report.late_steps):
            cells = [
                step.code,
                f"{step.step}. {step.step_name}",
                step.body,
                step.official,
                fmt.moment(step.step_due_at),
            ]
            for c, text in enumerate(cells):
                self.steps.setItem(r, c, QTableWidgetItem(text))
