"""The actions a clerk takes on a dossier as the window offers them: label, fields, shortcut
and the workflow service each calls. Which of them a dossier allows, and why not, is the core's
(counter.domain.actions); which form is printed after one is the forms registry's
(counter.domain.forms); the dialog that fills the fields is ui.dialogs.action_dialog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from counter.domain.actions import RULES, ActionKey, Refusal
from counter.domain.forms import printed_after
from counter.services import attachments, workflow
from counter.services.context import Context
from counter.services.views import DELIVERIES, PAYMENT_METHODS, SATISFACTION
from counter.services.workflow import ActionResult
from ui.labels import label as core_label


def _t(text: str) -> str:
    return QCoreApplication.translate("actions", text)


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    # line | text | lines | date | moment | money | choice | check (a leader's) | flag (anyone's)
    # | papers (a supplement's) | reason (a line offering the office's earlier and the common ones)
    # | pdf (a file's path) | pin (hidden as typed)
    kind: str = "line"
    choices: dict[Any, str] = field(default_factory=dict)
    default: Any = None
    ask: str = ""  # a choice's first entry, chosen by nobody: nothing is preselected


@dataclass(frozen=True)
class Action:
    """How the window offers one of the core's actions: its label, fields and shortcut."""

    key: ActionKey
    label: str  # with & mnemonic
    fields: tuple[Field, ...]
    run: Callable[[Context, str, dict[str, Any]], ActionResult]
    shortcut: str = ""

    @property
    def form(self) -> str | None:
        """The code of the form printed after it, if any: the registry's, for its event."""
        after = printed_after(RULES[self.key].event)
        return after.code if after is not None else None


# The usual reasons a dossier is late, offered after the office's own earlier ones. Not
# translated: the reason is printed in the Vietnamese letter (Mẫu 04).
COMMON_REASONS = (
    "Chờ kết quả xác minh của cơ quan khác",
    "Chờ ý kiến của cơ quan có thẩm quyền",
    "Hồ sơ cần xác minh thêm tại nơi cư trú",
    "Người có thẩm quyền đi công tác, chưa ký được kết quả",
    "Hệ thống phần mềm chuyên ngành gặp sự cố",
    "Số lượng hồ sơ tăng đột biến",
)


def _conflicts(ctx: Context, code: str) -> tuple[dict[str, str], ...]:
    from counter.services import queries

    view = queries.find_by_code(ctx, code)
    return view.conflicts if view else ()


ACTIONS: tuple[Action, ...] = (
    Action(
        ActionKey.TRANSFER,
        QT_TRANSLATE_NOOP("actions", "Chu&yển xử lý"),
        (
            Field("to_person", QT_TRANSLATE_NOOP("actions", "Người nhận")),
            Field("to_unit", QT_TRANSLATE_NOOP("actions", "Bộ phận")),
            Field(
                "outside",
                QT_TRANSLATE_NOOP("actions", "Liên thông (gửi cơ quan khác)"),
                "flag",
            ),
            Field("consignment", QT_TRANSLATE_NOOP("actions", "Số hiệu bưu gửi")),
            Field("note", QT_TRANSLATE_NOOP("actions", "Ghi chú")),
        ),
        lambda c, code, v: workflow.transfer(
            c,
            code,
            v["to_person"],
            v["to_unit"],
            v["note"],
            outside=v["outside"],
            consignment=v["consignment"],
        ),
        "F6",
    ),
    Action(
        ActionKey.TAKE_BACK,
        QT_TRANSLATE_NOOP("actions", "&Nhận lại hồ sơ"),
        (
            Field("from_person", QT_TRANSLATE_NOOP("actions", "Người giao")),
            Field("from_unit", QT_TRANSLATE_NOOP("actions", "Cơ quan, bộ phận giao")),
            Field(
                "outside",
                QT_TRANSLATE_NOOP("actions", "Nhận lại từ cơ quan liên thông"),
                "flag",
            ),
            Field("consignment", QT_TRANSLATE_NOOP("actions", "Số hiệu bưu gửi")),
            Field("note", QT_TRANSLATE_NOOP("actions", "Ghi chú")),
        ),
        lambda c, code, v: workflow.take_back(
            c,
            code,
            v["from_person"],
            v["note"],
            from_unit=v["from_unit"],
            outside=v["outside"],
            consignment=v["consignment"],
        ),
    ),
    Action(
        ActionKey.RESOLVE,
        QT_TRANSLATE_NOOP("actions", "Đã có &kết quả"),
        (
            Field(
                "approved",
                QT_TRANSLATE_NOOP("actions", "Kết quả"),
                "choice",
                {
                    True: QT_TRANSLATE_NOOP("actions", "Giải quyết"),
                    False: QT_TRANSLATE_NOOP("actions", "Không giải quyết"),
                },
            ),
            Field("note", QT_TRANSLATE_NOOP("actions", "Ghi chú kết quả")),
            Field("result_file", QT_TRANSLATE_NOOP("actions", "Kết quả điện tử (PDF)"), "pdf"),
            Field("pin", QT_TRANSLATE_NOOP("actions", "Mã PIN chữ ký số"), "pin"),
        ),
        lambda c, code, v: attachments.resolve_with_result(
            c, code, v["note"], v["approved"], v["result_file"], v["pin"]
        ),
    ),
    Action(
        ActionKey.REQUEST_SUPPLEMENT,
        QT_TRANSLATE_NOOP("actions", "Yêu cầu &bổ sung"),
        (
            Field(
                "missing",
                QT_TRANSLATE_NOOP("actions", "Giấy tờ cần bổ sung (mỗi dòng một giấy tờ)"),
                "lines",
            ),
            Field("reason", QT_TRANSLATE_NOOP("actions", "Lý do")),
        ),
        lambda c, code, v: workflow.request_supplement(c, code, v["missing"], v["reason"]),
    ),
    Action(
        ActionKey.RECEIVE_SUPPLEMENT,
        QT_TRANSLATE_NOOP("actions", "Nhận giấy tờ bổ &sung"),
        (
            Field(
                "documents",
                QT_TRANSLATE_NOOP("actions", "Giấy tờ đã nhận"),
                "papers",
            ),
        ),
        lambda c, code, v: workflow.receive_supplement(c, code, v["documents"]),
    ),
    Action(
        ActionKey.APOLOGISE,
        QT_TRANSLATE_NOOP("actions", "X&in lỗi, hẹn lại"),
        (
            Field("reason", QT_TRANSLATE_NOOP("actions", "Lý do quá hạn"), "reason"),
            Field("new_due", QT_TRANSLATE_NOOP("actions", "Hẹn trả mới"), "moment"),
            Field(
                "override",
                QT_TRANSLATE_NOOP("actions", "Lãnh đạo cho phép hẹn lại lần nữa"),
                "check",
            ),
        ),
        lambda c, code, v: workflow.apologise(
            c, code, v["reason"], v["new_due"], override=v["override"]
        ),
        "F7",
    ),
    Action(
        ActionKey.RETURN_RESULT,
        QT_TRANSLATE_NOOP("actions", "Trả kết &quả"),
        (
            Field("collected_by", QT_TRANSLATE_NOOP("actions", "Người nhận kết quả")),
            Field("method", QT_TRANSLATE_NOOP("actions", "Hình thức trả"), "choice", DELIVERIES),
            Field("note", QT_TRANSLATE_NOOP("actions", "Ghi chú")),
        ),
        lambda c, code, v: workflow.return_result(
            c, code, v["collected_by"], v["method"], v["note"]
        ),
        "F8",
    ),
    Action(
        ActionKey.RECORD_PAYMENT,
        QT_TRANSLATE_NOOP("actions", "Thu &phí, lệ phí"),
        (
            Field("amount", QT_TRANSLATE_NOOP("actions", "Số tiền (đồng)"), "money"),
            Field(
                "method",
                QT_TRANSLATE_NOOP("actions", "Hình thức thanh toán"),
                "choice",
                PAYMENT_METHODS,
            ),
            Field("receipt_no", QT_TRANSLATE_NOOP("actions", "Số biên lai")),
        ),
        lambda c, code, v: workflow.record_payment(
            c,
            code,
            v["amount"],
            v["method"],
            v["receipt_no"],
            allow_mismatch=bool(v.get("allow_mismatch")),
        ),
        "F9",
    ),
    Action(
        ActionKey.RECORD_SURVEY,
        QT_TRANSLATE_NOOP("actions", "Đánh giá hài &lòng"),
        (
            Field(
                "rating",
                QT_TRANSLATE_NOOP("actions", "Mức độ hài lòng"),
                "choice",
                SATISFACTION,
                ask=QT_TRANSLATE_NOOP("actions", "— Chọn theo lời công dân —"),
            ),
            Field("comment", QT_TRANSLATE_NOOP("actions", "Ý kiến")),
        ),
        lambda c, code, v: workflow.record_survey(c, code, v["rating"], v["comment"]),
    ),
    Action(
        ActionKey.STOP,
        QT_TRANSLATE_NOOP("actions", "&Dừng giải quyết"),
        (
            Field(
                "reason",
                QT_TRANSLATE_NOOP("actions", "Lý do dừng (theo đề nghị của công dân)"),
                "text",
            ),
        ),
        lambda c, code, v: workflow.stop(c, code, v["reason"]),
    ),
    Action(
        ActionKey.WITHDRAW,
        QT_TRANSLATE_NOOP("actions", "&Rút hồ sơ"),
        (Field("reason", QT_TRANSLATE_NOOP("actions", "Lý do rút hồ sơ"), "text"),),
        lambda c, code, v: workflow.withdraw(c, code, v["reason"]),
    ),
    Action(
        ActionKey.RESOLVE_CONFLICT,
        QT_TRANSLATE_NOOP("actions", "Xử lý x&ung đột"),
        (
            Field(
                "note",
                QT_TRANSLATE_NOOP("actions", "Cách xử lý (sau khi đối chiếu hồ sơ giấy)"),
                "text",
            ),
        ),
        lambda c, code, v: workflow.resolve_conflict(
            c, code, [x["event_id"] for x in _conflicts(c, code)], v["note"]
        ),
    ),
    Action(
        ActionKey.ADD_NOTE,
        QT_TRANSLATE_NOOP("actions", "&Ghi chú"),
        (Field("text", QT_TRANSLATE_NOOP("actions", "Nội dung"), "text"),),
        lambda c, code, v: workflow.add_note(c, code, v["text"]),
    ),
)
BY_KEY = {a.key: a for a in ACTIONS}


def reason(refused: Refusal) -> str:
    """The core's reason for a refusal, in the interface language."""
    return core_label(refused.template).format(**dict(refused.values))
