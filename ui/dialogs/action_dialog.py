"""The dialog in which a clerk fills one action's fields and runs it; the actions themselves
(labels, fields, the service each calls) are declared in ui.dialogs.actions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, QTime, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QStyle,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from counter.domain.amount import format_money
from counter.domain.fees import payment_mismatch
from counter.errors import CounterError
from counter.services import office, workflow
from counter.services.queries import RequestedPaper
from counter.services.views import SATISFACTION, DossierView
from counter.services.workflow import ActionResult, SuppliedPaper
from ui import format as fmt
from ui.dialogs.actions import COMMON_REASONS, Action, Field, _t
from ui.fields import DayEdit, fold_completion, unfinished_day
from ui.labels import label as core_label
from ui.operations import dossier as dossier_ops
from ui.printing import form_title
from ui.state import AppState
from ui.widgets import Banner, dialog_buttons


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


_MISMATCH_TITLE = QT_TRANSLATE_NOOP("actions", "Số tiền khác phí, lệ phí")
_MISMATCH = QT_TRANSLATE_NOOP(
    "actions",
    "Số tiền thu {amount} khác số phí, lệ phí còn phải nộp {owed} (phí, lệ phí {fee}). "
    "Vẫn ghi nhận số tiền này?",
)
_MISMATCH_YES = QT_TRANSLATE_NOOP("actions", "Vẫn thu số tiền này")
_MISMATCH_BACK = QT_TRANSLATE_NOOP("actions", "Sửa số tiền")
_UNPAID = QT_TRANSLATE_NOOP(
    "actions",
    "Chưa thu đủ phí, lệ phí: còn {m}. Hãy thu (F9) trước khi trả kết quả, nếu công dân chưa nộp.",
)


_CHOOSE = QT_TRANSLATE_NOOP("actions", "Hãy chọn «{what}».")
_RATED = QT_TRANSLATE_NOOP(
    "actions", "Đã ghi nhận «{rating}». Ghi nhận lần này sẽ thay cho đánh giá trước."
)


class MomentEdit(QWidget):
    """A day and a time of day, side by side: what a new due moment (Mẫu 04) needs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date_edit = DayEdit()
        self.time_edit = QTimeEdit()
        self.time_edit.setDisplayFormat("HH:mm")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date_edit, 1)
        row.addWidget(QLabel(_t(_AT)))
        row.addWidget(self.time_edit)
        self.setFocusProxy(self.date_edit)

    def moment(self) -> datetime:
        d, t = self.date_edit.date(), self.time_edit.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())

    def set_moment(self, value: date | datetime) -> None:
        self.date_edit.setDate(QDate(value.year, value.month, value.day))
        if isinstance(value, datetime):
            self.time_edit.setTime(QTime(value.hour, value.minute))


_REQUESTED = QT_TRANSLATE_NOOP("actions", "Giấy tờ đã yêu cầu bổ sung (Space: đã nhận)")
_NONE_REQUESTED = QT_TRANSLATE_NOOP("actions", "Không tìm thấy danh sách giấy tờ đã yêu cầu.")
_ORIGINALS = QT_TRANSLATE_NOOP("actions", "Bản chính")
_COPIES = QT_TRANSLATE_NOOP("actions", "Bản sao")
_OTHER = QT_TRANSLATE_NOOP("actions", "Giấy tờ khác (nếu có), gõ tên")


class SupplementPapers(QWidget):
    """The papers a supplement request asked for, each ticked "đã nhận" with how many
    originals and copies came, and one line for any other paper. Tab walks tick, originals,
    copies, next row; Space ticks; changing a count ticks its row."""

    def __init__(self, requested: list[RequestedPaper], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(0, 1)
        grid.addWidget(QLabel(_t(_REQUESTED)), 0, 0)
        for column, text in ((1, _ORIGINALS), (2, _COPIES)):
            grid.addWidget(QLabel(_t(text)), 0, column, Qt.AlignmentFlag.AlignCenter)
        self.rows: list[tuple[QCheckBox, QSpinBox, QSpinBox]] = []
        limit = self.fontMetrics().averageCharWidth() * 80
        for paper in requested:
            shown = self.fontMetrics().elidedText(paper.name, Qt.TextElideMode.ElideRight, limit)
            box = QCheckBox(shown)
            box.setToolTip(paper.name)
            box.setProperty("paper", paper.name)
            box.setMinimumWidth(box.sizeHint().width())  # the name shown whole or elided
            originals, copies = self._spin(paper.originals), self._spin(paper.copies)
            for spin in (originals, copies):
                spin.valueChanged.connect(lambda _v, b=box: b.setChecked(True))
            row = grid.rowCount()
            grid.addWidget(box, row, 0)
            grid.addWidget(originals, row, 1)
            grid.addWidget(copies, row, 2)
            self.rows.append((box, originals, copies))
        if not requested:
            grid.addWidget(QLabel(_t(_NONE_REQUESTED)), grid.rowCount(), 0)
        self.other = QLineEdit()
        self.other.setPlaceholderText(_t(_OTHER))
        self.other_originals, self.other_copies = self._spin(1), self._spin(0)
        row = grid.rowCount()
        grid.addWidget(self.other, row, 0)
        grid.addWidget(self.other_originals, row, 1)
        grid.addWidget(self.other_copies, row, 2)
        self.setFocusProxy(self.rows[0][0] if self.rows else self.other)

    @staticmethod
    def _spin(value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, 99)
        spin.setValue(value)
        return spin

    def papers(self) -> list[SuppliedPaper]:
        """The ticked papers and the typed one, with their counts."""
        out = [
            SuppliedPaper(str(box.property("paper")), originals.value(), copies.value())
            for box, originals, copies in self.rows
            if box.isChecked()
        ]
        if self.other.text().strip():
            out.append(
                SuppliedPaper(
                    self.other.text(), self.other_originals.value(), self.other_copies.value()
                )
            )
        return out


_AT = QT_TRANSLATE_NOOP("actions", "lúc")
_CURRENT_DUE = QT_TRANSLATE_NOOP("actions", "Hẹn trả hiện tại")
_LATE = QT_TRANSLATE_NOOP("actions", "{due} (đã quá hạn)")
_STEP = QT_TRANSLATE_NOOP("actions", "Quy trình")
_STEP_NOW = QT_TRANSLATE_NOOP("actions", "Đang ở bước {n}: {name}, hạn {due}")
_STEP_NEXT = QT_TRANSLATE_NOOP("actions", "Chuyển sang bước {n}: {name} ({body}), hạn {due}")
_WILL_PRINT = QT_TRANSLATE_NOOP("actions", "Sau khi ghi nhận sẽ in: {form}.")
_OK = QT_TRANSLATE_NOOP("actions", "Ghi nhận")
_REASON_HINT = QT_TRANSLATE_NOOP("actions", "Gõ vài chữ, ↓ chọn lý do đã dùng")
_CANCEL = QT_TRANSLATE_NOOP("actions", "Hủy")


class ActionDialog(QDialog):
    """Fill the action's fields and run it; a refusal is shown here and the dialog stays."""

    performed = Signal(object, object)  # Action, ActionResult

    def __init__(
        self, state: AppState, view: DossierView, action: Action, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.ctx = ctx = state.ctx
        self.view = view
        self.action = action
        self.setWindowTitle(f"{_t(action.label).replace('&', '')} – {view.code}")
        self.banner = Banner()
        self.inputs: dict[str, QWidget] = {}
        form = QFormLayout()
        self.current_due: QLabel | None = None
        self.step_note: QLabel | None = None
        self._proposed_unit = ""
        if action.key in ("transfer", "take_back"):
            self._show_step(form)
        for spec in action.fields:
            if spec.kind == "moment":
                # The new due moment is chosen against the current one.
                due = fmt.moment(view.due_at) or "—"
                if view.due_at is not None and view.due_at < ctx.now():
                    due = _t(_LATE).format(due=due)
                self.current_due = QLabel(due)
                form.addRow(_t(_CURRENT_DUE), self.current_due)
            widget = self._input(spec)
            self.inputs[spec.name] = widget
            if isinstance(widget, SupplementPapers):
                form.addRow(widget)  # its own heading says what the rows are
            else:
                form.addRow(_t(spec.label), widget)
        # The printed form is an official letter to the citizen: say it before it comes out.
        self.print_note = QLabel(
            _t(_WILL_PRINT).format(form=form_title(action.form)) if action.form else ""
        )
        self.print_note.setWordWrap(True)
        self.print_note.setVisible(bool(action.form))
        self.buttons = dialog_buttons(
            self, _t(_OK), _t(_CANCEL), QDialogButtonBox.StandardButton.Ok
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.print_note)
        layout.addWidget(self.banner)
        if "rating" in self.inputs and view.satisfaction is not None:
            rated = core_label(SATISFACTION.get(view.satisfaction, ""))
            self.banner.show_message(_t(_RATED).format(rating=rated), "info")
        owed = view.fee - view.paid_amount
        if action.key == "return_result" and owed > 0:
            # Not refused (some fees are paid elsewhere), but never handed over unnoticed.
            self.banner.show_message(_t(_UNPAID).format(m=format_money(owed)), "error")
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    def showEvent(self, event: QShowEvent) -> None:
        # The style sheet's font comes with the first show: grow to fit the papers' names.
        super().showEvent(event)
        self.resize(self.size().expandedTo(self.minimumSizeHint()))

    def _input(self, spec: Field) -> QWidget:
        if spec.kind == "papers":
            from counter.services import queries

            return SupplementPapers(queries.requested_papers(self.ctx, self.view.code))
        if spec.kind in ("text", "lines"):
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(edit.fontMetrics().height() * 5)
            return edit
        if spec.kind == "date":
            edit = DayEdit()
            due = self.view.due_at.date() if self.view.due_at else self.ctx.now().date()
            start = max(due, self.ctx.now().date())
            edit.setDate(QDate(start.year, start.month, start.day).addDays(3))
            return edit
        if spec.kind == "moment":
            moment = MomentEdit()
            moment.set_moment(self._default_new_due())
            return moment
        if spec.kind == "money":
            spin = QSpinBox()
            spin.setRange(0, 2_000_000_000)
            spin.setSingleStep(1000)
            spin.setGroupSeparatorShown(True)
            spin.setSuffix(" đ")
            spin.setValue(max(self.view.fee - self.view.paid_amount, 0))
            return spin
        if spec.kind == "check":
            box = QCheckBox()
            box.setEnabled(self.ctx.actor.has_role("leader"))
            return box
        if spec.kind == "flag":
            return QCheckBox()
        if spec.kind == "choice":
            combo = QComboBox()
            if spec.ask:
                combo.addItem(_t(spec.ask), None)
            for key, label in spec.choices.items():
                shown = _t(label)
                combo.addItem(core_label(label) if shown == label else shown, key)
            if spec.default is not None:
                combo.setCurrentIndex(max(combo.findData(spec.default), 0))
            return combo
        line = QLineEdit()
        if spec.kind == "reason":
            self._offer_reasons(line)
        elif spec.kind == "pin":
            line.setEchoMode(QLineEdit.EchoMode.Password)
            line.setPlaceholderText(self.tr("Khi đã cấu hình chữ ký số"))
        elif spec.kind == "pdf":
            line.setPlaceholderText(self.tr("Để trống nếu không có bản điện tử"))
            choose = line.addAction(
                self.style().standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton),
                QLineEdit.ActionPosition.TrailingPosition,
            )
            choose.setToolTip(self.tr("Chọn tệp PDF…"))
            choose.triggered.connect(lambda: self._choose_pdf(line))
        if spec.name == "collected_by":
            line.setText(self.view.applicant_name)
        elif spec.name in ("to_person", "from_person"):
            self._offer_staff(line)
            if spec.name == "from_person":
                line.setText(self.view.holder)  # taken back from whoever holds it now
        elif spec.name == "to_unit":
            line.setText(self._proposed_unit)
        return line

    def _choose_pdf(self, line: QLineEdit) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn kết quả điện tử"), "", self.tr("Tệp PDF (*.pdf)")
        )
        if path:
            line.setText(path)

    def _show_step(self, form: QFormLayout) -> None:
        """The internal process: the step the dossier is at and the one this hand-over starts,
        each with its deadline; the receiving unit proposed from the step's body."""
        plan = workflow.dossier_plan(self.ctx, self.view.code)
        if not plan.steps:
            return
        target = plan.step(len(plan.steps)) if self.action.key == "take_back" else plan.next
        lines = []
        now = plan.step(plan.current)
        if now is not None:
            due = fmt.moment(now.due_at)
            if now.due_at < self.ctx.now():
                due = _t(_LATE).format(due=due)
            lines.append(_t(_STEP_NOW).format(n=now.number, name=now.step.name, due=due))
        if target is not None:
            lines.append(
                _t(_STEP_NEXT).format(
                    n=target.number,
                    name=target.step.name,
                    body=target.body,
                    due=fmt.moment(target.due_at),
                )
            )
            if self.action.key == "transfer":
                self._proposed_unit = target.body
        self.step_note = QLabel("\n".join(lines))
        self.step_note.setWordWrap(True)
        form.addRow(_t(_STEP), self.step_note)

    def _offer_reasons(self, line: QLineEdit) -> None:
        """The reasons this office gave before (the most given first), then the common ones:
        a few letters of any word, accents or not, offer them; ↓ Enter takes one."""
        from counter.services import queries

        offered = queries.earlier_reasons(self.ctx)
        offered += [r for r in COMMON_REASONS if r not in offered]
        line.setPlaceholderText(_t(_REASON_HINT))
        line.setMinimumWidth(line.fontMetrics().averageCharWidth() * 55)  # a reason, whole
        fold_completion(line, offered)

    def _offer_staff(self, line: QLineEdit) -> None:
        """The office's people as completion (a few letters of any part of the name); choosing
        one to hand over to fills their unit when it is still empty."""
        from counter.services import users

        with self.ctx.db.session() as session:
            staff = [u for u in users.list_users(session) if u.active]
        titles = {u.full_name: u.title for u in staff}
        completer = fold_completion(line, [u.full_name for u in staff])

        def chosen(name: str) -> None:
            unit = self.inputs.get("to_unit")
            proposed = unit.text().strip() in ("", self._proposed_unit) if unit else False
            if isinstance(unit, QLineEdit) and proposed and titles.get(name):
                unit.setText(titles[name])

        completer.activated.connect(chosen)

    def _default_new_due(self) -> datetime:
        """Three working days after the later of the current due date and today, at the time
        of day of the current due moment (moved into office hours)."""
        now = self.ctx.now()
        with self.ctx.db.session() as session:
            cal = office.calendar(session)
        due = self.view.due_at
        day = max(due.date() if due else now.date(), now.date())
        for _ in range(3):
            day = cal.next_working_day(day)
        at = cal.hours.clamp(due.time()) if due else cal.hours.closing
        return datetime.combine(day, at.replace(second=0, microsecond=0))

    def set_value(self, name: str, value: Any) -> None:
        widget = self.inputs[name]
        if isinstance(widget, MomentEdit):
            widget.set_moment(value)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(str(value))
        elif isinstance(widget, QDateEdit):
            widget.setDate(QDate(value.year, value.month, value.day))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(widget.findData(value), 0))
        elif isinstance(widget, QLineEdit):
            widget.setText(str(value))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for spec in self.action.fields:
            widget = self.inputs[spec.name]
            if isinstance(widget, SupplementPapers):
                out[spec.name] = widget.papers()
            elif isinstance(widget, MomentEdit):
                out[spec.name] = widget.moment()
            elif isinstance(widget, QCheckBox):
                out[spec.name] = widget.isChecked()
            elif isinstance(widget, QPlainTextEdit):
                text = widget.toPlainText()
                out[spec.name] = _lines(text) if spec.kind == "lines" else text
            elif isinstance(widget, QDateEdit):
                d = widget.date()
                out[spec.name] = date(d.year(), d.month(), d.day())
            elif isinstance(widget, QSpinBox):
                out[spec.name] = widget.value()
            elif isinstance(widget, QComboBox):
                out[spec.name] = widget.currentData()
            elif isinstance(widget, QLineEdit):
                out[spec.name] = widget.text()
        return out

    def submit(self) -> None:
        """Run the action in the background; a second press meanwhile does nothing. A payment
        other than what is owed asks first (`ask_mismatch`)."""
        if not self.buttons.isEnabled():
            return
        for widget in self.inputs.values():
            day = widget.date_edit if isinstance(widget, MomentEdit) else widget
            if isinstance(day, DayEdit) and day.unfinished():
                day.setFocus()
                self.banner.show_message(unfinished_day(), "error")
                return
        for spec in self.action.fields:
            widget = self.inputs[spec.name]
            if spec.ask and isinstance(widget, QComboBox) and widget.currentData() is None:
                widget.setFocus()
                self.banner.show_message(_t(_CHOOSE).format(what=_t(spec.label)), "error")
                return
        values = self.values()
        if self.action.key == "record_payment":
            if self.mismatch_confirmed:
                values["allow_mismatch"] = True
            elif payment_mismatch(self.view.fee, self.view.paid_amount, values["amount"]):
                self.ask_mismatch(values["amount"])
                return
        self.buttons.setEnabled(False)
        op = dossier_ops.act(self, self.state, self.action, self.view.code, values)
        op.success(self._performed).failure(self._refused).run()

    mismatch_confirmed = False
    mismatch_box: QMessageBox | None = None

    def ask_mismatch(self, amount: int) -> QMessageBox:
        """A payment other than the fee: say both sums and take it only on an explicit yes
        (default: go back and correct the amount)."""
        owed = max(self.view.fee - self.view.paid_amount, 0)
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_t(_MISMATCH_TITLE))
        box.setText(
            _t(_MISMATCH).format(
                amount=format_money(amount),
                owed=format_money(owed),
                fee=format_money(self.view.fee),
            )
        )
        self.mismatch_yes = box.addButton(_t(_MISMATCH_YES), QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(_t(_MISMATCH_BACK), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.buttonClicked.connect(self._mismatch_answered)
        self.mismatch_box = box
        box.open()
        return box

    def _mismatch_answered(self, button: Any) -> None:
        if button is self.mismatch_yes:
            self.mismatch_confirmed = True
            self.submit()
        else:
            self.inputs["amount"].setFocus()

    def _performed(self, result: ActionResult) -> None:
        self.performed.emit(self.action, result)
        self.accept()

    def _refused(self, error: CounterError) -> None:
        self.buttons.setEnabled(True)
        self.banner.show_message(error.message, "error")
