"""The forms registry: every printed form, its title, the papers it may go on, when it applies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from counter.domain.dossier import Event, EventType
from counter.errors import CounterError, ValidationError

# Read by the settings (which paper each form goes on), printing, the window's print menu and
# `workflow.record_print`. A rule of the domain (which paper, after which step, printed before?),
# so it imports no reportlab: the services read it and the window lists the forms without
# loading the PDF machinery; `counter.printing.renderer(form)` loads the module that draws one.


class FormNotApplicable(CounterError):
    """The form does not fit the dossier's state (an apology for a dossier that is not late…)."""


@dataclass(frozen=True)
class Paper:
    key: str  # as stored in the office settings and the PRINTED event
    label: str  # as the settings name it
    size_mm: tuple[int, int]  # width, height; the roll's height is what a driver is given


PAPERS: dict[str, Paper] = {
    paper.key: paper
    for paper in (
        Paper("a4", "A4", (210, 297)),
        Paper("a5", "A5", (148, 210)),
        Paper("a6", "A6", (105, 148)),
        # The slip is cut after its content; a driver still wants a page length.
        Paper("80mm", "Giấy cuộn 80 mm", (80, 200)),
    )
}


@dataclass(frozen=True)
class Form:
    code: str  # "01" … "07" as the forms are numbered (TT 03/2025), "slip"
    title: str  # the legal title, as printed
    papers: tuple[str, ...]  # the papers it may be printed on, the default first
    module: str  # counter.printing.<module> draws it
    # What the counter has just done when it prints this form: event types, and for the
    # intake (RECEIVED) its outcome as "received:<outcome>".
    after: tuple[str, ...] = ()
    per_dossier: bool = True  # False: printed for a period (the register), not for one dossier
    short: str = ""  # the window's name for it when not "Mẫu NN – title"

    @property
    def default_paper(self) -> str:
        return self.papers[0]

    @property
    def label(self) -> str:
        """How menus and settings name the form."""
        return self.short or f"Mẫu {self.code} – {self.title}"


_LETTER = ("a4", "a5")  # forms 01–06 are A4 documents, A5 where an office saves paper
FORMS: dict[str, Form] = {
    form.code: form
    for form in (
        Form(
            "01",
            "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            _LETTER,
            "receipt",
            ("received:accepted", EventType.SUPPLEMENT_RECEIVED),
        ),
        Form(
            "02",
            "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
            _LETTER,
            "supplement",
            ("received:supplement", EventType.SUPPLEMENT_REQUESTED),
        ),
        Form(
            "03",
            "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
            _LETTER,
            "refusal",
            ("received:refused", EventType.REFUSED),
        ),
        Form(
            "04",
            "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
            _LETTER,
            "apology",
            (EventType.APOLOGY_ISSUED,),
        ),
        Form(
            "05",
            "Thông báo dừng giải quyết hồ sơ",
            _LETTER,
            "stop_notice",
            (EventType.STOPPED,),
        ),
        Form(
            "06",
            "Phiếu kiểm soát quá trình giải quyết hồ sơ",
            _LETTER,
            "control_sheet",
            (EventType.TRANSFERRED,),
        ),
        # The register is A4 landscape only: a period's lines in a table as wide as the page.
        Form("07", "Sổ theo dõi hồ sơ", ("a4",), "register", per_dossier=False),
        # The appointment slip: a receipt-printer roll or a pocket card.
        Form(
            "slip",
            "Phiếu hẹn trả kết quả",
            ("80mm", "a6", "a5"),
            "slip",
            short="Phiếu hẹn (khổ nhỏ)",
        ),
        # The fee receipt (biên lai thu phí, lệ phí) with the number typed with the payment.
        Form(
            "BL",
            "Biên lai thu phí, lệ phí",
            ("a5", "a4"),
            "fee_receipt",
            (EventType.PAYMENT_RECORDED,),
            short="Biên lai thu phí, lệ phí",
        ),
    )
}
DOSSIER_FORMS: tuple[Form, ...] = tuple(f for f in FORMS.values() if f.per_dossier)


def dossier_form(code: str) -> Form:
    """The form `code` printed for one dossier, or a ValidationError naming the choices."""
    form = FORMS.get(code)
    if form is None or not form.per_dossier:
        choices = ", ".join(f.code for f in DOSSIER_FORMS)
        raise ValidationError(
            f"Mẫu in không hợp lệ: «{code}» (chọn một trong {choices}).", field="form"
        )
    return form


def check_paper(form: Form, paper: str) -> str:
    """`paper` when `form` may be printed on it, else a ValidationError saying which it takes."""
    if paper not in form.papers:
        named = f"Mẫu {form.code} ({form.title})" if form.code.isdigit() else form.title
        *others, last = form.papers
        choices = f"{', '.join(others)} hoặc {last}" if others else last
        raise ValidationError(
            f"Khổ giấy «{paper}» không dùng cho {named}: chọn {choices}.", field="paper"
        )
    return paper


def printed_after(done: EventType, outcome: str = "") -> Form | None:
    """The form the counter prints after `done` (an intake: with its outcome), if any."""
    trigger = f"{done}:{outcome}" if done == EventType.RECEIVED else str(done)
    return next((f for f in FORMS.values() if trigger in f.after), None)


def printed_before(events: Iterable[Event], form: str) -> bool:
    """Whether `form` was printed already for the dossier whose events these are: the next
    print is then a reprint (bản in lại), on the page and in its PRINTED event."""
    return any(e.type == EventType.PRINTED and e.payload.get("form") == form for e in events)
