"""The intake's document checklist: a procedure's papers, each ticked "đã nhận" (Space) with
how many originals and copies came; optional papers ("nếu có") are marked so.

One Tab stop: the arrows move inside the list, Space ticks the current paper, Tab leaves (the
counts' boxes are reached by the mouse, not by Tab)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter.services.catalogue import ProcedureInfo
from counter.services.intake import ReceivedDocument

COL_GOT, COL_NAME, COL_ORIGINALS, COL_COPIES = range(4)
REUSED = " — tái sử dụng"


class DocumentChecklist(QTableWidget):
    """One row per paper of the procedure: tick, name, originals, copies."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels(
            [self.tr("Đã nhận"), self.tr("Giấy tờ"), self.tr("Bản chính"), self.tr("Bản sao")]
        )
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move inside it
        # A mandatory paper ticked or unticked by hand: Ctrl+D then keeps the clerk's ticks.
        self.touched = False
        self.itemChanged.connect(self._changed)

    def _changed(self, item: QTableWidgetItem) -> None:
        doc = self.item(item.row(), COL_NAME)
        if (
            item.column() == COL_GOT
            and doc is not None
            and doc.data(Qt.ItemDataRole.UserRole).mandatory
        ):
            self.touched = True

    # A digit typed once papers were ticked by hand: the applicant's ID number begins.
    typed_past = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Space ticks or unticks the current paper, whichever column the cursor is in. After
        ticks by hand (an incomplete dossier), a digit goes on to the ID number with the ticks
        kept; before, it does nothing (Ctrl+D says whether every paper came)."""
        row = self.currentRow()
        plain = not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        if self.touched and plain and event.text().isdigit():
            self.typed_past.emit(event.text())
            return
        if event.key() == Qt.Key.Key_Space and row >= 0 and not event.modifiers():
            got = self.item(row, COL_GOT)
            checked = got.checkState() == Qt.CheckState.Checked
            got.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
            return
        super().keyPressEvent(event)

    def fill(self, proc: ProcedureInfo | None) -> None:
        """The procedure's papers, none ticked (no procedure: no rows); no itemChanged meanwhile."""
        self.blockSignals(True)
        self.setRowCount(0)
        self.touched = False
        for doc in proc.documents if proc else ():
            row = self.rowCount()
            self.insertRow(row)
            got = QTableWidgetItem()
            got.setFlags(
                Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
            )
            got.setCheckState(Qt.CheckState.Unchecked)
            self.setItem(row, COL_GOT, got)
            optional = not doc.mandatory and "nếu có" not in doc.name
            name = QTableWidgetItem(doc.name + (self.tr(" (nếu có)") if optional else ""))
            name.setData(Qt.ItemDataRole.UserRole, doc)
            name.setToolTip(doc.name)
            self.setItem(row, COL_NAME, name)
            for column, value in ((COL_ORIGINALS, doc.originals), (COL_COPIES, doc.copies)):
                spin = QSpinBox()
                spin.setRange(0, 99)
                spin.setValue(value)
                spin.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # one Tab stop: the list
                # Centred at its own height: a name wrapped over several lines (1024×768)
                # does not stretch the box into a tall column.
                cell = QWidget()
                box = QVBoxLayout(cell)
                box.setContentsMargins(0, 0, 0, 0)
                box.addWidget(spin, 0, Qt.AlignmentFlag.AlignVCenter)
                self.setCellWidget(row, column, cell)
        self.resizeRowsToContents()
        self.blockSignals(False)

    def tick_mandatory(self) -> None:
        """Every mandatory paper ticked, the optional ones left as they are (no itemChanged)."""
        self.blockSignals(True)
        for row in range(self.rowCount()):
            doc = self.item(row, COL_NAME).data(Qt.ItemDataRole.UserRole)
            if doc.mandatory:
                self.item(row, COL_GOT).setCheckState(Qt.CheckState.Checked)
        self.blockSignals(False)

    def mark_reused(self, paper: str, reused: bool) -> bool:
        """Tick the paper's line as received by reuse of its digitised copy ("tái sử dụng"),
        or take the mark off; False when the procedure has no such line."""
        for row in range(self.rowCount()):
            name = self.item(row, COL_NAME)
            doc = name.data(Qt.ItemDataRole.UserRole)
            if doc.name != paper:
                continue
            base = name.text().removesuffix(REUSED)
            name.setText(base + REUSED if reused else base)
            if reused:  # not a tick by hand: Ctrl+D still ticks the other papers
                self.blockSignals(True)
                self.item(row, COL_GOT).setCheckState(Qt.CheckState.Checked)
                self.blockSignals(False)
            return True
        return False

    def reused_lines(self) -> set[str]:
        return {
            self.item(row, COL_NAME).data(Qt.ItemDataRole.UserRole).name
            for row in range(self.rowCount())
            if self.item(row, COL_NAME).text().endswith(REUSED)
        }

    def count(self, row: int, column: int) -> QSpinBox:
        """The box of originals (COL_ORIGINALS) or copies (COL_COPIES) of a paper."""
        spin = self.cellWidget(row, column).findChild(QSpinBox)
        assert spin is not None
        return spin

    def received(self) -> list[ReceivedDocument]:
        """The ticked papers with their counts."""
        documents = []
        for row in range(self.rowCount()):
            if self.item(row, COL_GOT).checkState() != Qt.CheckState.Checked:
                continue
            doc = self.item(row, COL_NAME).data(Qt.ItemDataRole.UserRole)
            originals = self.count(row, COL_ORIGINALS).value()
            copies = self.count(row, COL_COPIES).value()
            documents.append(ReceivedDocument(doc.name, originals, copies))
        return documents
