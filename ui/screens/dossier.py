"""One dossier: its data, the timeline of its events, the actions its state allows, reprints."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QUrl, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter.domain.actions import ActionKey, allowed_actions, refusal
from counter.domain.dossier import CLOSED
from counter.domain.forms import DOSSIER_FORMS
from counter.domain.text import procedure_title
from counter.errors import CounterError
from counter.services import attachments, queries
from counter.services.views import (
    CHANNELS,
    DELIVERIES,
    PAYMENT_METHODS,
    SATISFACTION,
    DossierView,
    Timeliness,
)
from ui import format as fmt
from ui.dialogs.action_dialog import ActionDialog
from ui.dialogs.actions import ACTIONS, BY_KEY, Action, _t, reason
from ui.labels import label as core_label
from ui.navigation import ScreenDefaults
from ui.operations import dossier as dossier_ops
from ui.printing import form_title
from ui.state import AppState
from ui.tasks import Task
from ui.widgets import Banner, ButtonGrid, heading

if TYPE_CHECKING:
    from ui.dialogs.digitise import DigitiseDialog

_CONFLICT = QBrush(QColor("#b3261e"))
_BLANK = "—"  # a field with nothing in it yet, so an empty row does not look like a fault


class DossierScreen(QWidget, ScreenDefaults):
    back = Signal()
    print_requested = Signal(str, str)  # code, form

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.view: DossierView | None = None
        self.quick_return = False  # «Trả kết quả» takes Enter, for the applicant
        # «Quầy trả kết quả»: Enter on a return counting down records it at once (ui.return_mode).
        self.commit_pending: Callable[[str], bool] | None = None
        self.survey_offered = False  # the result was just handed over: the survey takes Enter
        self.dialog: ActionDialog | None = None

        self.code_label = heading("", self, 1.5)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel()
        self.banner = Banner()
        self.back_button = QPushButton(self.tr("← Quay lại (Esc)"))

        # Every late dossier must get an apology (Mẫu 04): said in words, above everything else.
        self.apology_warning = Banner()
        warning_font = self.apology_warning.font()
        warning_font.setBold(True)
        self.apology_warning.setFont(warning_font)

        # The procedure name can be 300 characters long: it gets the whole width, not a column.
        self.procedure_label = QLabel()
        self.procedure_label.setWordWrap(True)
        self.procedure_label.setTextFormat(Qt.TextFormat.PlainText)
        self.procedure_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        procedure_font = self.procedure_label.font()
        procedure_font.setPointSizeF(procedure_font.pointSizeF() * 1.1)
        procedure_font.setBold(True)
        self.procedure_label.setFont(procedure_font)

        self.fields: dict[str, QLabel] = {"procedure": self.procedure_label}
        details = QWidget()
        form = QFormLayout(details)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for key, label in (
            ("applicant", QT_TRANSLATE_NOOP("DossierScreen", "Người nộp")),
            ("id_number", QT_TRANSLATE_NOOP("DossierScreen", "Số định danh")),
            ("address", QT_TRANSLATE_NOOP("DossierScreen", "Địa chỉ")),
            ("phone", QT_TRANSLATE_NOOP("DossierScreen", "Điện thoại")),
            ("channel", QT_TRANSLATE_NOOP("DossierScreen", "Hình thức nộp")),
            ("delivery", QT_TRANSLATE_NOOP("DossierScreen", "Nhận kết quả")),
            ("received", QT_TRANSLATE_NOOP("DossierScreen", "Tiếp nhận lúc")),
            ("due", QT_TRANSLATE_NOOP("DossierScreen", "Hẹn trả")),
            ("resolved", QT_TRANSLATE_NOOP("DossierScreen", "Có kết quả lúc")),
            ("returned", QT_TRANSLATE_NOOP("DossierScreen", "Trả kết quả lúc")),
            ("fee", QT_TRANSLATE_NOOP("DossierScreen", "Phí, lệ phí")),
            ("holder", QT_TRANSLATE_NOOP("DossierScreen", "Đang giữ hồ sơ")),
            ("survey", QT_TRANSLATE_NOOP("DossierScreen", "Đánh giá")),
        ):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = value
            form.addRow(self.tr(label), value)
        # Scrolls rather than pushing the actions off a 125 % screen.
        details_scroll = QScrollArea()
        details_scroll.setWidgetResizable(True)
        details_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        details_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        details_scroll.setWidget(details)
        details_scroll.viewport().setAutoFillBackground(False)
        details.setAutoFillBackground(False)
        details_box = QGroupBox(self.tr("Thông tin hồ sơ"))
        QVBoxLayout(details_box).addWidget(details_scroll)
        # Room for a label and a short address line; from the font, so 125 % stays readable.
        details_box.setMinimumWidth(self.fontMetrics().averageCharWidth() * 46)

        self.timeline = QTreeWidget()
        self.timeline.setHeaderLabels(
            [
                self.tr("Thời điểm"),
                self.tr("Sự kiện"),
                self.tr("Người thực hiện"),
                self.tr("Chi tiết"),
            ]
        )
        self.timeline.setRootIsDecorated(False)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.timeline.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.timeline.header().setStretchLastSection(True)
        timeline_box = QGroupBox(self.tr("Quá trình giải quyết"))
        QVBoxLayout(timeline_box).addWidget(self.timeline)

        self.documents = QTreeWidget()
        self.documents.setHeaderLabels(
            [self.tr("Giấy tờ"), self.tr("Bản chính"), self.tr("Bản sao"), self.tr("Số hóa")]
        )
        self.documents.setRootIsDecorated(False)
        self.documents.setAlternatingRowColors(True)
        self.documents.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.documents.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.documents.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.documents.itemDoubleClicked.connect(self.open_scan)
        documents_box = QGroupBox(self.tr("Giấy tờ đã nhận"))
        QVBoxLayout(documents_box).addWidget(self.documents)

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(timeline_box)
        right.addWidget(documents_box)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        splitter = QSplitter()
        splitter.addWidget(details_box)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)

        self.action_buttons: dict[str, QPushButton] = {}
        actions_box = QGroupBox(self.tr("Thao tác"))
        # Six a row, fewer when the window is narrow (1024×768 at 125 %): none is hidden.
        grid = ButtonGrid(actions_box, columns=6)
        for action in ACTIONS:
            text = _t(action.label)
            if action.shortcut:
                text += f" ({action.shortcut})"
                QShortcut(QKeySequence(action.shortcut), self, lambda a=action: self.start(a.key))
            button = QPushButton(text)
            button.setProperty("label", text)
            button.clicked.connect(lambda _=False, a=action: self._pressed(a.key))
            self.action_buttons[action.key] = button
            grid.addWidget(button)

        self.form_choice = QComboBox()
        for form in DOSSIER_FORMS:
            self.form_choice.addItem(form_title(form.code), form.code)
            index = self.form_choice.count() - 1
            self.form_choice.setItemData(index, form_title(form.code), Qt.ItemDataRole.ToolTipRole)
        # A long form title is cut on a narrow window (the list shows it whole, and its tooltip).
        self.form_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.form_choice.setMinimumContentsLength(16)
        self.form_choice.currentTextChanged.connect(self.form_choice.setToolTip)
        self.form_choice.setToolTip(self.form_choice.currentText())
        self.print_button = QPushButton(self.tr("In / In lại (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_current)
        # Digitising the papers received (issue 18): its own dialog, not an action dialog.
        self.digitise_button = QPushButton(self.tr("Số hó&a (Ctrl+Shift+D)"))
        self.digitise_button.clicked.connect(self.start_digitise)
        QShortcut(QKeySequence("Ctrl+Shift+D"), self, self.start_digitise)
        self.digitise_dialog: DigitiseDialog | None = None
        print_row = QHBoxLayout()
        print_row.addWidget(self.digitise_button)
        print_row.addWidget(QLabel(self.tr("Biểu mẫu:")))
        print_row.addWidget(self.form_choice, 1)
        print_row.addWidget(self.print_button)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.code_label)
        top.addStretch(1)
        top.addWidget(self.status_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.apology_warning)
        layout.addWidget(self.procedure_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(actions_box)
        layout.addLayout(print_row)

        self.back_button.clicked.connect(self.back.emit)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.back.emit)
        state.bridge.dossier_changed.connect(self._changed)
        self.setAcceptDrops(True)  # image or PDF files dropped on the dossier are digitised

    # --- showing ----------------------------------------------------------------------------

    def show_code(self, code: str) -> bool:
        """Load and show a dossier by code (what a scan does); False when there is none."""
        view = queries.find_by_code(self.state.ctx, code)
        if view is None:
            return False
        self.banner.clear_message()
        self.survey_offered = False
        self.show_view(view)
        return True

    def refresh(self) -> None:
        self.reload()

    def print_failed(self, message: str) -> None:
        self.report_error(message)

    def reload(self) -> None:
        if self.view is not None:
            view = queries.find_by_code(self.state.ctx, self.view.code)
            if view is not None:
                self.show_view(view)

    def show_view(self, view: DossierView) -> None:
        self.view = view
        details = queries.details(self.state.ctx, view.code)
        self.code_label.setText(view.code)
        status = core_label(view.status_label)
        if view.timeliness.label:
            status += f" · {core_label(view.timeliness.label)}"
        if view.apology_count:
            status += self.tr(" · đã xin lỗi {n} lần").format(n=view.apology_count)
        if view.conflict:
            status += self.tr(" · CÓ XUNG ĐỘT")
        self.status_label.setText(status)
        colour = "#b3261e" if view.late or view.conflict else "#1f3b63"
        self.status_label.setStyleSheet(f"font-weight:bold;color:{colour};")
        self._show_apology_warning(view)
        self.procedure_label.setText(
            self.tr("Thủ tục: {name} ({code})").format(
                name=procedure_title(view.procedure_name), code=view.procedure_code
            )
        )
        due = fmt.moment(view.due_at)
        if view.original_due_at and view.due_at != view.original_due_at:
            due += self.tr(" (hạn ban đầu {d})").format(d=fmt.moment(view.original_due_at))
        fee = fmt.money(view.fee) if view.fee else self.tr("Miễn phí")
        if details and details.fee_basis:
            fee += f" ({details.fee_basis})"
        if view.paid_amount:
            fee += self.tr(" · đã thu {m} ({how})").format(
                m=fmt.money(view.paid_amount),
                how=core_label(PAYMENT_METHODS.get(view.payment_method, view.payment_method)),
            )
        if details and details.receipts:
            fee += self.tr(" · biên lai số {numbers}").format(numbers=", ".join(details.receipts))
        values = {
            "applicant": view.applicant_name,
            "id_number": view.id_number,
            "address": details.address if details else "",
            "phone": details.phone if details else "",
            "channel": core_label(CHANNELS.get(view.channel, view.channel)),
            "delivery": core_label(DELIVERIES.get(view.delivery, view.delivery)),
            "received": fmt.moment(view.received_at),
            "due": due,
            "resolved": fmt.moment(view.resolved_at),
            "returned": fmt.moment(view.returned_at),
            "fee": fee,
            # A closed dossier (returned, refused, stopped, withdrawn) is with nobody any more.
            "holder": "" if view.status in CLOSED else (details.holder if details else view.holder),
            "survey": core_label(SATISFACTION.get(view.satisfaction or 0, "")),
        }
        for key, value in values.items():
            self.fields[key].setText(value or _BLANK)
        self._fill_timeline(view.code)
        self._fill_documents(details)
        # The core says what the dossier allows; a state that forbids an action needs no
        # words, a further condition (the fee is paid, already rated) is said beside it.
        refusals = allowed_actions(view)
        for action in ACTIONS:
            button = self.action_buttons[action.key]
            refused = refusals[action.key]
            button.setEnabled(refused is None)
            button.setToolTip(reason(refused) if refused and not refused.by_status else "")
            if action.key == "resolve_conflict":
                button.setVisible(refused is None)
        attach_refused = refusals[ActionKey.ATTACH]
        self.digitise_button.setEnabled(attach_refused is None)
        self._offer_hand_over(view, refusals[ActionKey.RETURN_RESULT] is None)
        self._offer_survey(refusals[ActionKey.RECORD_SURVEY] is None)

    def _offer_hand_over(self, view: DossierView, allowed: bool) -> None:
        """A result ready at the counter, paid in full: «Trả kết quả» names the applicant and
        takes Enter (the dossier opens with it focused), recording them as the collector; F8
        still opens the whole dialog (another collector, a note)."""
        button = self.action_buttons[ActionKey.RETURN_RESULT]
        self.quick_return = allowed and view.delivery == "counter" and view.fee <= view.paid_amount
        button.setAutoDefault(self.quick_return)
        button.setText(
            self.tr("{action} cho {name} (Enter)").format(
                action=_t(BY_KEY[ActionKey.RETURN_RESULT].label), name=view.applicant_name
            )
            if self.quick_return
            else str(button.property("label"))
        )

    def _offer_survey(self, allowed: bool) -> None:
        """Right after the result is handed over the citizen is still at the counter: the
        survey button takes the focus and Enter (its dialog preselects nothing)."""
        button = self.action_buttons[ActionKey.RECORD_SURVEY]
        offered = self.survey_offered and allowed
        button.setAutoDefault(offered)
        if offered:
            button.setFocus()

    def take_focus(self) -> None:
        """The screen as it opens: on «Trả kết quả» when a result waits for its applicant."""
        if self.quick_return:
            self.action_buttons[ActionKey.RETURN_RESULT].setFocus()
        else:
            self.setFocus()

    def _pressed(self, key: str) -> None:
        if key == ActionKey.RETURN_RESULT and self.quick_return and self.view is not None:
            if self.commit_pending is not None and self.commit_pending(self.view.code):
                return
            self.hand_over()
        else:
            self.start(key)

    def hand_over(self) -> None:
        """The result to the applicant named on the button, at the counter."""
        if self.view is None:
            return
        action = BY_KEY[ActionKey.RETURN_RESULT]
        values = {"collected_by": self.view.applicant_name, "method": "counter", "note": ""}
        button = self.action_buttons[action.key]
        button.setEnabled(False)
        op = dossier_ops.act(self, self.state, action, self.view.code, values)
        op.success(lambda result: self._performed(action, result))
        op.failure(lambda error: self._hand_over_refused(error.message)).run()

    def returned(self, result) -> None:
        """A return recorded by «Quầy trả kết quả» on this dossier: said as Enter says it, and
        the survey (asked after a return) one Enter away."""
        self._performed(BY_KEY[ActionKey.RETURN_RESULT], result)
        self.reload()
        survey = self.action_buttons[ActionKey.RECORD_SURVEY]
        if survey.isEnabled() and self.isVisible():
            survey.setAutoDefault(True)  # Enter opens it, as Space does
            survey.setFocus()

    def _hand_over_refused(self, message: str) -> None:
        self.action_buttons[ActionKey.RETURN_RESULT].setEnabled(True)
        self.banner.show_message(message, "error")

    def _show_apology_warning(self, view: DossierView) -> None:
        # A same-day dossier is due from its receipt: that is the day's work, not a late one.
        # Any other dossier due today or on the next working day, unresolved, owes the letter.
        today = self.state.ctx.now().date()
        same_day = (
            view.due_at is not None
            and view.received_at is not None
            and view.received_at.date() == view.due_at.date() == today
        )
        if not view.needs_apology or (view.timeliness is not Timeliness.LATE and same_day):
            self.apology_warning.clear_message()
            return
        if view.timeliness is Timeliness.LATE:
            text = self.tr("Hồ sơ quá hạn, chưa có văn bản xin lỗi (Mẫu 04). Nhấn F7 để lập.")
        else:
            text = self.tr(
                "Hồ sơ đến hạn trả lúc {due} mà chưa có kết quả, chưa có văn bản xin lỗi "
                "(Mẫu 04). Nhấn F7 để lập."
            ).format(due=fmt.moment(view.due_at))
        self.apology_warning.show_message(text, "error")

    def _fill_timeline(self, code: str) -> None:
        self.timeline.clear()
        for entry in queries.timeline(self.state.ctx, code):
            label = core_label(entry.label)
            item = QTreeWidgetItem([fmt.moment(entry.at), label, entry.actor, entry.detail])
            item.setToolTip(3, entry.detail)
            if entry.in_conflict:
                for column in range(4):
                    item.setForeground(column, _CONFLICT)
                item.setText(1, self.tr("{label} (xung đột)").format(label=label))
            self.timeline.addTopLevelItem(item)
            if entry.kind == "survey_recorded" and not entry.in_conflict and entry.detail:
                # The latest rating stands (a correction supersedes), with the citizen's words.
                self.fields["survey"].setText(entry.detail)
                self.fields["survey"].setToolTip(entry.detail)

    def _fill_documents(self, details: queries.DossierDetails | None) -> None:
        self.documents.clear()
        scans: dict[str, list[attachments.Attachment]] = {}
        if self.view is not None:
            for added in attachments.attachments_of(self.state.ctx, self.view.code):
                scans.setdefault(added.line, []).append(added)
        for paper in details.documents if details else ():
            name = paper.name
            if paper.supplement_at is not None:
                name = self.tr("{name} (nộp bổ sung {day})").format(
                    name=paper.name, day=fmt.day(paper.supplement_at)
                )
            counts = [str(paper.originals or 0), str(paper.copies or 0)]
            line_scans = scans.pop(paper.name, [])
            item = QTreeWidgetItem([name, *counts, self._scans_text(line_scans)])
            self._link_scan(item, line_scans)
            item.setToolTip(0, name)
            for column in (1, 2):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignCenter)
            self.documents.addTopLevelItem(item)
        for added in scans.values():  # «other» papers, or lines renamed since
            item = QTreeWidgetItem([added[0].line_label, "", "", self._scans_text(added)])
            self._link_scan(item, added)
            self.documents.addTopLevelItem(item)
        if self.documents.topLevelItemCount() == 0:
            self.documents.addTopLevelItem(
                QTreeWidgetItem([self.tr("Chưa ghi nhận giấy tờ nào."), "", "", ""])
            )

    def _link_scan(self, item: QTreeWidgetItem, added: list[attachments.Attachment]) -> None:
        """A line with scans opens its latest one on a double click."""
        if added:
            item.setData(3, Qt.ItemDataRole.UserRole, added[-1].file)
            item.setToolTip(3, self.tr("Nhấp đúp để mở bản số hóa"))

    def open_scan(self, item: QTreeWidgetItem, _column: int = 0) -> bool:
        file_hash = item.data(3, Qt.ItemDataRole.UserRole)
        if not file_hash:
            return False
        ctx = self.state.ctx
        if not attachments.store(ctx).has(file_hash):
            # Scanned on another counter: fetched from the server off the GUI thread, then opened.
            self.banner.show_message(self.tr("Đang tải bản số hóa từ máy chủ…"), "info")
            from counter.sync import files as sync_files  # httpx: imported at first use

            Task(lambda: sync_files.fetch(ctx, file_hash)).success(
                lambda _report: self._open_copy(file_hash)
            ).failure(self._not_fetched).run()
            return False
        return self._open_copy(file_hash)

    def _open_copy(self, file_hash: str) -> bool:
        self.banner.clear_message()
        try:
            path = attachments.open_copy(self.state.ctx, file_hash)
        except CounterError as exc:  # damaged or altered here: said, never a traceback
            self.banner.show_message(
                self.tr("Không mở được bản số hóa: {why} Hãy báo quản trị kiểm tra máy này "
                        "(counter audit verify).").format(why=exc.message),
                "error",
            )  # fmt: skip
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _not_fetched(self, message: str) -> None:
        self.banner.show_message(
            self.tr("Bản số hóa này do quầy khác lưu, chưa tải được về máy này: {why}").format(
                why=message
            ),
            "error",
        )

    def _scans_text(self, added: list[attachments.Attachment]) -> str:
        if not added:
            return ""
        pages = sum(a.pages for a in added)
        signed = sum(1 for a in added if a.signed)
        if signed == len(added):
            how = self.tr("đã ký số")
        elif signed:  # mixed: "chưa ký" would hide the signed ones from whoever checks
            how = self.tr("{signed}/{n} bản đã ký số").format(signed=signed, n=len(added))
        else:
            how = self.tr("chưa ký")
        text = self.tr("{n} trang, {how}").format(n=pages, how=how)
        reused = sorted({a.reused_code for a in added if a.reused})
        if reused:
            text += self.tr(", tái sử dụng từ hồ sơ {codes}").format(codes=", ".join(reused))
        return text

    def _changed(self, code: str) -> None:
        if self.view is not None and code == self.view.code and self.isVisible():
            self.reload()

    # --- acting -----------------------------------------------------------------------------

    def start(self, key: str) -> ActionDialog | None:
        """Open the action's dialog (non-blocking); the result comes back in `_performed`."""
        if self.view is None:
            return None
        action = BY_KEY[key]
        refused = refusal(action.key, self.view)
        if refused is not None and not refused.by_status:
            self.banner.show_message(reason(refused), "info")
            return None
        if refused is not None:
            self.banner.show_message(
                self.tr("Hồ sơ đang «{status}»: không thể {action}.").format(
                    status=core_label(self.view.status_label),
                    action=_t(action.label).replace("&", "").lower(),
                ),
                "error",
            )
            return None
        self.dialog = ActionDialog(self.state, self.view, action, self)
        self.dialog.performed.connect(self._performed)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        return self.dialog

    def _performed(self, action: Action, result) -> None:
        """The action is stored; the screen itself is drawn again once, when the bridge says
        this dossier changed (as for a change made anywhere else)."""
        self.dialog = None
        done = self.tr("Đã ghi nhận: {action}.").format(action=_t(action.label).replace("&", ""))
        self.survey_offered = action.key == ActionKey.RETURN_RESULT
        if self.survey_offered:
            done += " " + self.tr("Mời công dân đánh giá mức độ hài lòng (Enter).")
        self.banner.show_message(done, "ok")
        if action.form:
            index = self.form_choice.findData(action.form)
            self.form_choice.setCurrentIndex(max(index, 0))
            self.print_requested.emit(result.dossier.code, action.form)

    def start_digitise(self) -> DigitiseDialog | None:
        """«Số hóa»: the dialog that scans a paper of this dossier and saves it."""
        if self.view is None:
            return None
        refused = refusal(ActionKey.ATTACH, self.view)
        if refused is not None:
            self.banner.show_message(reason(refused), "error")
            return None
        from ui.dialogs.digitise import DigitiseDialog  # PIL, scanning: at first use

        lines = attachments.checklist(self.state.ctx, self.view.code)
        self.digitise_dialog = DigitiseDialog(self.state, self.view.code, lines, self)
        self.digitise_dialog.saved.connect(self._digitised)
        self.digitise_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.digitise_dialog.open()
        return self.digitise_dialog

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and self.digitise_button.isEnabled():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Files dropped on the dossier open «Số hóa» with their pages already taken."""
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths:
            return
        dialog = self.start_digitise()
        if dialog is not None:
            event.acceptProposedAction()
            dialog.source.setCurrentIndex(dialog.source.findData("files"))
            dialog.set_files(paths)
            dialog.acquire()

    def _digitised(self, added: attachments.Attachment) -> None:
        self.digitise_dialog = None
        self.banner.show_message(
            self.tr("Đã lưu bản số hóa «{line}» ({n} trang{signed}).").format(
                line=added.line_label,
                n=added.pages,
                signed=self.tr(", đã ký số") if added.signed else self.tr(", chưa ký"),
            ),
            "ok",
        )

    def print_current(self) -> None:
        if self.view is not None:
            self.print_requested.emit(self.view.code, self.form_choice.currentData())

    def report_error(self, message: str) -> None:
        """A print problem after a saved action: keep the «saved» line, add why it did not print."""
        if self.banner.kind == "ok" and self.banner.isVisible():
            self.banner.show_message(f"{self.banner.text()}\n{message}", "info")
        else:
            self.banner.show_message(message, "error")
