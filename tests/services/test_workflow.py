"""Workflow actions: each checks role and state, then stores one event."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from counter.db.models import EventRow
from counter.domain.dossier import Status
from counter.errors import PermissionDenied, TransitionError, ValidationError
from counter.services import queries, workflow
from counter.services.context import Actor, Context
from counter.services.views import Timeliness
from tests.conftest import Clock
from tests.services.helpers import CERTIFY, MARITAL, receive

SPECIALIST = Actor("chuyenvien", "Lê Văn Đạt", "specialist")
LEADER = Actor("lanhdao", "Phạm Minh Đức", "leader")


def _event_count(ctx: Context) -> int:
    with ctx.db.session() as s:
        return s.scalar(select(func.count()).select_from(EventRow)) or 0


def test_the_whole_day_of_a_dossier(ctx: Context, clock: Clock) -> None:
    code = receive(ctx, MARITAL).dossier.code  # due Thu 05/03 09:00
    workflow.record_print(ctx, code, "01", "a4")
    workflow.transfer(ctx, code, "Lê Văn Đạt", "Tư pháp - Hộ tịch")
    clock.set(datetime(2026, 3, 4, 10, 0))
    specialist = ctx.as_user(SPECIALIST)
    workflow.resolve(specialist, code, "Đã cấp giấy xác nhận")
    workflow.transfer(specialist, code, "Trần Thị Thu Hà", "Bộ phận Một cửa")
    clock.set(datetime(2026, 3, 5, 8, 0))
    result = workflow.return_result(ctx, code, "Nguyễn Văn Đức")
    workflow.record_survey(ctx, code, 3)
    d = queries.find_by_code(ctx, code)
    assert d is not None
    assert d.status is Status.RETURNED
    assert d.timeliness is Timeliness.AHEAD  # resolved 04/03, due 05/03
    assert d.returned_at == datetime(2026, 3, 5, 8, 0)
    assert d.satisfaction == 3
    assert result.dossier.code == code
    labels = [e.label for e in queries.timeline(ctx, code)]
    assert labels == [
        "Tiếp nhận hồ sơ",
        "In phiếu",
        "Bàn giao hồ sơ",
        "Đã xử lý xong",
        "Bàn giao hồ sơ",
        "Trả kết quả",
        "Ghi nhận đánh giá hài lòng",
    ]


def test_an_action_the_state_forbids_is_refused_before_anything_is_stored(ctx: Context) -> None:
    code = receive(ctx).dossier.code
    before = _event_count(ctx)
    with pytest.raises(TransitionError, match="Trả kết quả"):
        workflow.return_result(ctx, code, "Nguyễn Văn Đức")
    with pytest.raises(TransitionError):
        workflow.receive_supplement(ctx, code)
    assert _event_count(ctx) == before
    d = queries.find_by_code(ctx, code)
    assert d is not None and not d.conflict


def test_the_services_refuse_what_the_window_does_not_offer(ctx: Context) -> None:
    """The core's table of actions, the same words as the window shows; nothing is stored."""
    accepted = receive(ctx, CERTIFY).dossier.code  # 2.000 đ
    free = receive(ctx, MARITAL, name="Lê Thị Hoa", id_number="").dossier.code
    before = _event_count(ctx)
    refused = {
        # At the counter still: there is nobody to take it back from.
        "«Nhận lại hồ sơ» không hợp lệ khi hồ sơ đang ở trạng thái «Được tiếp nhận».": (
            lambda: workflow.take_back(ctx, accepted, "Lê Văn Đạt")
        ),
        "Thủ tục này không thu phí, lệ phí.": (
            lambda: workflow.record_payment(ctx, free, 2000, "cash")
        ),
        "«Ghi nhận đánh giá hài lòng» không hợp lệ khi hồ sơ đang ở trạng thái «Được tiếp nhận».": (
            lambda: workflow.record_survey(ctx, accepted, 3)
        ),
        "Hồ sơ này không có xung đột dữ liệu.": (
            lambda: workflow.resolve_conflict(ctx, accepted, ["x"], "Đã đối chiếu")
        ),
    }
    for message, act in refused.items():
        with pytest.raises(TransitionError) as caught:
            act()
        assert caught.value.message == message
    assert _event_count(ctx) == before

    workflow.record_payment(ctx, accepted, 2000, "cash")
    with pytest.raises(TransitionError, match=r"Đã thu đủ phí, lệ phí \(2\.000 đ\)"):
        workflow.record_payment(ctx, accepted, 2000, "cash")
    workflow.resolve(ctx, accepted, "Đã ký")
    workflow.return_result(ctx, accepted, "Nguyễn Văn Đức")
    workflow.record_survey(ctx, accepted, 3)
    # A second answer corrects the first (issue 17): the dossier holds the latest, so the
    # satisfaction figures count the citizen once.
    workflow.record_survey(ctx, accepted, 1)
    assert queries.find_by_code(ctx, accepted).satisfaction == 1
    withdrawn = receive(ctx, CERTIFY, name="Trần Văn An", id_number="").dossier.code
    workflow.withdraw(ctx, withdrawn, "Công dân rút hồ sơ")
    with pytest.raises(TransitionError, match="Công dân yêu cầu rút hồ sơ"):
        workflow.record_payment(ctx, withdrawn, 2000, "cash")


def test_an_apology_while_waiting_for_the_citizen(ctx: Context, clock: Clock) -> None:
    waiting = receive(ctx).dossier.code
    workflow.request_supplement(ctx, waiting, ["Giấy xác nhận cư trú"], "Thiếu giấy tờ")
    owing = receive(ctx, name="Lê Thị Hoa", id_number="").dossier.code
    workflow.request_financial(ctx, owing, "Nộp lệ phí trước bạ")
    clock.set(datetime(2026, 3, 6, 9, 0))
    for code in (waiting, owing):
        workflow.apologise(ctx, code, "Chờ xác minh", date(2026, 3, 12))
        assert queries.find_by_code(ctx, code).apology_count == 1  # type: ignore[union-attr]


def test_supplement_during_processing_restarts_the_clock(ctx: Context, clock: Clock) -> None:
    code = receive(ctx, MARITAL).dossier.code
    workflow.transfer(ctx, code, "Lê Văn Đạt")
    with pytest.raises(ValidationError):
        workflow.request_supplement(ctx, code, ["  "], "thiếu")
    workflow.request_supplement(ctx, code, ["Giấy xác nhận cư trú"], "Cần xác minh nơi cư trú")
    assert queries.find_by_code(ctx, code).status is Status.SUPPLEMENT  # type: ignore[union-attr]
    clock.set(datetime(2026, 3, 9, 14, 0))  # Monday
    workflow.receive_supplement(ctx, code, ["Giấy xác nhận cư trú"])
    d = queries.find_by_code(ctx, code)
    assert d is not None and d.status is Status.IN_PROGRESS
    assert d.due_at == d.original_due_at == datetime(2026, 3, 12, 14, 0)


def test_completing_an_intake_supplement_accepts_the_dossier(ctx: Context, clock: Clock) -> None:
    code = receive(ctx, MARITAL, complete=False).dossier.code
    clock.set(datetime(2026, 3, 3, 8, 30))
    workflow.receive_supplement(ctx, code, ["Tờ khai"])
    d = queries.find_by_code(ctx, code)
    assert d is not None and d.status is Status.ACCEPTED
    assert d.received_at == datetime(2026, 3, 3, 8, 30)
    assert d.due_at == datetime(2026, 3, 6, 8, 30)


def _supplement_payload(ctx: Context, code: str) -> list[object]:
    _view, events = queries.dossier_events(ctx, code)
    return [e.payload["documents"] for e in events if e.type == "supplement_received"]


def test_a_supplement_keeps_the_counts_of_each_paper(ctx: Context) -> None:
    code = receive(ctx, MARITAL, complete=False).dossier.code
    workflow.receive_supplement(
        ctx,
        code,
        [workflow.SuppliedPaper(" Tờ khai ", 2, 1), workflow.SuppliedPaper("Bản sao sổ", 0, 3)],
    )
    assert _supplement_payload(ctx, code) == [
        [
            {"name": "Tờ khai", "originals": 2, "copies": 1},
            {"name": "Bản sao sổ", "originals": 0, "copies": 3},
        ]
    ]


def test_a_supplement_given_as_names_is_one_original_each(ctx: Context) -> None:
    code = receive(ctx, MARITAL, complete=False).dossier.code
    workflow.receive_supplement(ctx, code, ["Tờ khai", "  "])
    assert _supplement_payload(ctx, code) == [[{"name": "Tờ khai", "originals": 1, "copies": 0}]]
    assert queries.find_by_code(ctx, code).status is Status.ACCEPTED  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("documents", "message"),
    [
        (None, "ít nhất một giấy tờ"),
        (["  "], "ít nhất một giấy tờ"),
        ([workflow.SuppliedPaper("Tờ khai", 0, 0)], "ít nhất một bản chính hoặc một bản sao"),
        ([workflow.SuppliedPaper("Tờ khai", 100, 0)], "từ 0 đến 99"),
    ],
)
def test_an_empty_supplement_is_refused_and_nothing_stored(
    ctx: Context, documents: list[object] | None, message: str
) -> None:
    code = receive(ctx, MARITAL, complete=False).dossier.code
    before = _event_count(ctx)
    with pytest.raises(ValidationError, match=message):
        workflow.receive_supplement(ctx, code, documents)  # type: ignore[arg-type]
    assert _event_count(ctx) == before
    assert queries.find_by_code(ctx, code).status is Status.SUPPLEMENT  # type: ignore[union-attr]


def test_apology_once_then_only_with_a_leader(ctx: Context, clock: Clock) -> None:
    code = receive(ctx, MARITAL).dossier.code  # due 05/03 09:00
    workflow.transfer(ctx, code, "Lê Văn Đạt")
    clock.set(datetime(2026, 3, 4, 16, 0))
    with pytest.raises(ValidationError, match="sau ngày hẹn"):
        workflow.apologise(ctx, code, "Chờ xác minh", date(2026, 3, 4))
    with pytest.raises(ValidationError, match="ngày nghỉ"):
        workflow.apologise(ctx, code, "Chờ xác minh", date(2026, 3, 7))  # Saturday
    with pytest.raises(ValidationError, match="Lý do"):
        workflow.apologise(ctx, code, " ", date(2026, 3, 10))
    workflow.apologise(ctx, code, "Chờ xác minh tại xã khác", date(2026, 3, 10))
    d = queries.find_by_code(ctx, code)
    assert d is not None
    assert d.due_at == datetime(2026, 3, 10, 17, 0) and d.original_due_at == datetime(
        2026, 3, 5, 9, 0
    )
    assert d.apology_count == 1
    with pytest.raises(TransitionError, match="lãnh đạo"):
        workflow.apologise(ctx, code, "Lần hai", date(2026, 3, 12))
    with pytest.raises(PermissionDenied):
        workflow.apologise(ctx, code, "Lần hai", date(2026, 3, 12), override=True)
    workflow.apologise(ctx.as_user(LEADER), code, "Lần hai", date(2026, 3, 12), override=True)
    d = queries.find_by_code(ctx, code)
    assert d is not None and d.apology_count == 2 and not d.conflict


def test_apology_with_a_time_of_day(ctx: Context, clock: Clock) -> None:
    code = receive(ctx, MARITAL).dossier.code  # due 05/03 09:00
    clock.set(datetime(2026, 3, 4, 16, 0))
    before = len(queries.timeline(ctx, code))
    with pytest.raises(ValidationError, match="ngoài giờ làm việc"):
        workflow.apologise(ctx, code, "Chờ xác minh", datetime(2026, 3, 10, 12, 15))  # lunch
    with pytest.raises(ValidationError, match="ngoài giờ làm việc"):
        workflow.apologise(ctx, code, "Chờ xác minh", datetime(2026, 3, 10, 18, 0))
    with pytest.raises(ValidationError, match="sau ngày hẹn"):
        workflow.apologise(ctx, code, "Chờ xác minh", datetime(2026, 3, 5, 8, 0))
    assert len(queries.timeline(ctx, code)) == before  # nothing saved
    workflow.apologise(ctx, code, "Chờ xác minh", datetime(2026, 3, 10, 9, 0, 42))
    d = queries.find_by_code(ctx, code)
    assert d is not None and d.due_at == datetime(2026, 3, 10, 9, 0)
    assert queries.timeline(ctx, code)[-1].detail.startswith("Hẹn lại 09:00 ngày 10/03/2026.")


def test_late_dossier_stays_late_after_an_apology(ctx: Context, clock: Clock) -> None:
    code = receive(ctx, MARITAL).dossier.code  # due 05/03 09:00
    workflow.transfer(ctx, code, "Lê Văn Đạt")
    clock.set(datetime(2026, 3, 5, 10, 0))
    workflow.apologise(ctx, code, "Quá tải", date(2026, 3, 9))
    clock.set(datetime(2026, 3, 9, 9, 0))
    workflow.resolve(ctx, code)
    d = queries.find_by_code(ctx, code)
    assert d is not None and d.timeliness is Timeliness.LATE


def test_stop_and_withdraw(ctx: Context) -> None:
    first = receive(ctx).dossier.code
    second = receive(ctx, name="Lê Thị Hoa", id_number="").dossier.code
    workflow.stop(ctx, first, "Công dân đề nghị dừng")
    workflow.withdraw(ctx, second, "Công dân rút hồ sơ")
    assert queries.find_by_code(ctx, first).status is Status.STOPPED  # type: ignore[union-attr]
    assert queries.find_by_code(ctx, second).status is Status.WITHDRAWN  # type: ignore[union-attr]
    with pytest.raises(TransitionError):
        workflow.resolve(ctx, first)


def test_payment_and_its_validation(ctx: Context) -> None:
    code = receive(ctx, CERTIFY).dossier.code
    for amount, method in ((0, "cash"), (-5, "cash"), (2000, "bitcoin")):
        with pytest.raises(ValidationError):
            workflow.record_payment(ctx, code, amount, method)
    # A sum other than the fee (2.000 đ for a one-page copy) is refused, and nothing is kept,
    # unless the clerk confirmed it.
    with pytest.raises(ValidationError, match=r"4\.000 đ khác số phí, lệ phí còn phải nộp 2\.000 đ"):
        workflow.record_payment(ctx, code, 4000, "transfer")
    assert queries.find_by_code(ctx, code).paid_amount == 0  # type: ignore[union-attr]
    workflow.record_payment(ctx, code, 4000, "transfer", allow_mismatch=True)
    d = queries.find_by_code(ctx, code)
    assert d is not None and d.paid_amount == 4000 and d.payment_method == "transfer"


def test_survey_rating_must_be_known(ctx: Context) -> None:
    code = receive(ctx).dossier.code
    with pytest.raises(ValidationError):
        workflow.record_survey(ctx, code, 7)


def test_second_print_of_a_form_is_a_reprint(ctx: Context) -> None:
    code = receive(ctx).dossier.code
    workflow.record_print(ctx, code, "01")
    workflow.record_print(ctx, code, "slip")
    workflow.record_print(ctx, code, "01")
    workflow.record_print(ctx, code, "BL")
    details = [e.detail for e in queries.timeline(ctx, code) if e.kind == "printed"]
    # The slip and the receipt by their names (the history once read «Mẫu slip»).
    assert details == [
        "Mẫu 01", "Phiếu hẹn trả kết quả", "Mẫu 01 (bản in lại)", "Biên lai thu phí, lệ phí",
    ]  # fmt: skip


def test_roles_are_enforced_in_the_services(ctx: Context) -> None:
    code = receive(ctx).dossier.code
    viewer = ctx.as_user(Actor("khach", "Khách", "guest"))
    with pytest.raises(PermissionDenied):
        workflow.transfer(viewer, code, "Lê Văn Đạt")
    with pytest.raises(PermissionDenied):
        workflow.resolve_conflict(ctx.as_user(SPECIALIST), code, ["x"], "y")


def test_unknown_code_is_a_clear_message(ctx: Context) -> None:
    from counter.errors import NotFoundError

    with pytest.raises(NotFoundError, match="Không tìm thấy hồ sơ"):
        workflow.resolve(ctx, "000.00.12.H40-260302-9999")


def test_events_are_chained_per_device(ctx: Context) -> None:
    from counter.db.codec import link_of
    from counter.db.wire import chain_hash, from_row

    code = receive(ctx).dossier.code
    workflow.add_note(ctx, code, "Công dân hẹn chiều quay lại")
    workflow.record_print(ctx, code, "01")
    with ctx.db.session() as s:
        rows = s.scalars(select(EventRow).order_by(EventRow.seq)).all()
    prev = ""
    for row in rows:
        assert row.prev_link == link_of(prev) and len(row.prev_link) == (4 if prev else 0)
        assert row.hash == chain_hash(prev, from_row(row))
        prev = row.hash


def test_event_log_is_append_only(ctx: Context) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError, OperationalError

    receive(ctx)
    with pytest.raises((IntegrityError, OperationalError)), ctx.db.unit_of_work() as s:
        s.execute(text("UPDATE events SET actor = 'someone-else'"))
    with pytest.raises((IntegrityError, OperationalError)), ctx.db.unit_of_work() as s:
        s.execute(text("DELETE FROM events"))
    assert _event_count(ctx) == 1
