"""The intake's procedure: typed by code, name or field (no accents needed), chosen from the
suggestions with the arrows and Enter; choosing one shows its time, fee and checklist."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from counter.services import catalogue
from counter.services.catalogue import ProcedureInfo
from ui.labels import procedure_time
from ui.screens.intake.checklist import COL_GOT
from ui.tasks import Task


class ProcedurePicker:
    """Part of IntakeScreen: the procedure's box, its suggestions and the choice."""

    def _procedure_box(self) -> QGroupBox:
        self.procedure_edit = QLineEdit()
        self.procedure_edit.setPlaceholderText(
            self.tr("Gõ mã, tên, lĩnh vực hoặc chữ đầu (ks), không cần dấu; ↓ thủ tục hay dùng")
        )
        self.suggestions = QListWidget()
        self.suggestions.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.suggestions.setMaximumHeight(self.fontMetrics().height() * 8)
        self.suggestions.hide()
        self.procedure_info = QLabel()
        self.procedure_info.setWordWrap(True)
        procedure_box = QGroupBox(self.tr("Thủ tục hành chính"))
        pl = QVBoxLayout(procedure_box)
        pl.addWidget(self.procedure_edit)
        pl.addWidget(self.suggestions)
        pl.addWidget(self.procedure_info)
        self.procedure_edit.textEdited.connect(self._suggest)
        self.procedure_edit.returnPressed.connect(self._pick_suggestion)
        self.suggestions.itemClicked.connect(
            lambda item: self.choose(item.data(Qt.ItemDataRole.UserRole))
        )
        # Only while typing the procedure: elsewhere the arrows move in the checklist and lists.
        for key, step in ((Qt.Key.Key_Down, 1), (Qt.Key.Key_Up, -1)):
            arrow = QShortcut(QKeySequence(key), self.procedure_edit, lambda s=step: self._move(s))
            arrow.setContext(Qt.ShortcutContext.WidgetShortcut)
        return procedure_box

    def load_frequent(self) -> None:
        """The procedures this counter received most in the last 90 days, read off the GUI
        thread: ↓ in the empty procedure field offers them."""
        ctx = self.state.ctx
        since = (ctx.now() - timedelta(days=90)).strftime("%Y-%m-%d")

        def work() -> list[str]:
            with ctx.db.session() as session:
                return catalogue.most_received(session, since)

        Task(work, self).success(lambda codes: setattr(self, "frequent_codes", codes)).run()

    def _frequent(self) -> list[ProcedureInfo]:
        by_code = {p.code: p for p in self.procedures}
        codes = getattr(self, "frequent_codes", [])
        return [by_code[c] for c in codes if c in by_code] or self.procedures[:8]

    def _suggest(self, text: str) -> None:
        self.procedure = None
        matches = catalogue.complete(self.procedures, text, limit=12) if text.strip() else []
        self._offer(matches)

    def _offer(self, matches: list[ProcedureInfo]) -> None:
        self.suggestions.clear()
        for proc in matches:
            item = QListWidgetItem(f"{proc.name}  ·  {proc.field}  ·  {proc.code}")
            item.setData(Qt.ItemDataRole.UserRole, proc)
            item.setToolTip(proc.name)
            self.suggestions.addItem(item)
        self.suggestions.setVisible(bool(matches))
        if matches:
            self.suggestions.setCurrentRow(0)
        self._fill_checklist(None)

    def _move(self, step: int) -> None:
        if not self.suggestions.isVisible() and not self.procedure_edit.text().strip():
            self._offer(self._frequent())  # the empty field: the procedures received most
            return
        if self.suggestions.isVisible() and self.suggestions.count():
            row = (self.suggestions.currentRow() + step) % self.suggestions.count()
            self.suggestions.setCurrentRow(row)

    def _pick_suggestion(self) -> None:
        item = self.suggestions.currentItem()
        if self.suggestions.isVisible() and item is not None:
            self.choose(item.data(Qt.ItemDataRole.UserRole))
        elif self.procedure is not None:
            self.id_number.setFocus()

    def choose(self, proc: ProcedureInfo) -> None:
        """Take a procedure: its checklist, fee and due date; the cursor goes to the applicant."""
        self.procedure = proc
        self.procedure_edit.setText(proc.name)
        self.procedure_edit.setCursorPosition(0)  # long names: show their beginning
        self.suggestions.hide()
        self.procedure_info.setText(
            self.tr("{field} · Thời hạn: {time} · Phí, lệ phí: {fee}{result}").format(
                field=proc.field,
                time=procedure_time(proc),
                fee=proc.rule.describe(),
                result=self.tr(" · Kết quả: {name}").format(name=proc.result_name)
                if proc.result_name
                else "",
            )
        )
        self._show_fee(proc)
        self._fill_checklist(proc)
        self.checklist.setFocus() if self.checklist.rowCount() else self.id_number.setFocus()
        if self.checklist.rowCount():
            self.checklist.setCurrentCell(0, COL_GOT)
