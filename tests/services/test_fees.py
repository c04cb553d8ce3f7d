"""Fees at intake: computed from the counts by the procedure's rule, corrected only with a
reason, collected as computed, and a payment other than the fee refused unless confirmed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from counter.db.events import events_of
from counter.db.models import Dossier, EventRow
from counter.domain.dossier import EventType
from counter.domain.fees import FeeBasis
from counter.errors import ValidationError
from counter.services import catalogue, queries, workflow
from counter.services.context import Context
from tests.services.helpers import CERTIFY, LAND, receive

RESIDENCE = "1.004222"  # 20.000 đ, 10.000 đ online
HOUSEHOLD_BUSINESS = "1.001612"


def _intake_fee(ctx: Context, code: str) -> dict[str, object]:
    with ctx.db.session() as s:
        row = s.scalar(select(Dossier).where(Dossier.code == code))
        assert row is not None
        (received,) = [e for e in events_of(s, row.id) if e.type == EventType.RECEIVED]
    return dict(received.payload["fee"])


@pytest.mark.parametrize(
    ("pages", "copies", "expected"),
    [(1, 1, 2000), (2, 1, 4000), (5, 1, 7000), (40, 1, 42_000), (1, 5, 10_000), (300, 2, 400_000)],
)
def test_certified_copies_are_charged_by_pages_and_copies(
    ctx: Context, pages: int, copies: int, expected: int
) -> None:
    result = receive(ctx, CERTIFY, fee_pages=pages, fee_copies=copies)
    assert result.dossier.fee == expected
    fee = _intake_fee(ctx, result.dossier.code)
    assert fee == {
        "amount": expected,
        "computed": expected,
        "pages": pages,
        "copies": copies,
        "rule": "2.000 đồng/trang; từ trang thứ 3 trở lên 1.000 đồng/trang,"
        " tối đa không quá 200.000 đồng/bản",
    }


def test_a_corrected_fee_needs_a_reason_and_is_kept_with_it(ctx: Context) -> None:
    with pytest.raises(ValidationError, match="nhập lý do sửa") as caught:
        receive(ctx, CERTIFY, fee_pages=5, fee_amount=5000)
    assert caught.value.field == "fee_reason"
    with ctx.db.session() as s:  # nothing half-saved
        assert s.scalar(select(func.count()).select_from(EventRow)) == 0
    result = receive(
        ctx,
        CERTIFY,
        fee_pages=5,
        fee_amount=5000,
        fee_reason="Hai trang là bản dịch, không chứng thực",
        payment_method="cash",
        receipt_no="0001234",
    )
    assert result.dossier.fee == result.dossier.paid_amount == 5000
    fee = _intake_fee(ctx, result.dossier.code)
    assert fee["amount"] == 5000 and fee["computed"] == 7000
    assert fee["reason"] == "Hai trang là bản dịch, không chứng thực"
    _, events = queries.dossier_events(ctx, result.dossier.code)
    (paid,) = [e for e in events if e.type == EventType.PAYMENT_RECORDED]
    assert paid.payload["amount"] == 5000 and paid.payload["receipt_no"] == "0001234"


def test_the_same_amount_typed_needs_no_reason(ctx: Context) -> None:
    result = receive(ctx, CERTIFY, fee_pages=2, fee_amount=4000)
    assert "reason" not in _intake_fee(ctx, result.dossier.code)


@pytest.mark.parametrize(("pages", "copies"), [(0, 1), (1, 0), (10_001, 1)])
def test_counts_out_of_range_are_refused(ctx: Context, pages: int, copies: int) -> None:
    with pytest.raises(ValidationError):
        receive(ctx, CERTIFY, fee_pages=pages, fee_copies=copies)


def test_online_residence_is_charged_the_online_amount(ctx: Context) -> None:
    assert receive(ctx, RESIDENCE, name="A", id_number="").dossier.fee == 20_000
    online = receive(ctx, RESIDENCE, name="B", id_number="", channel="online")
    assert online.dossier.fee == 10_000


def test_land_and_household_business_are_not_marked_free(ctx: Context) -> None:
    with ctx.db.session() as s:
        land = catalogue.get_procedure(s, LAND)
        business = catalogue.get_procedure(s, HOUSEHOLD_BUSINESS)
    assert land.rule.provincial and land.rule.basis is FeeBasis.CASE
    assert business.rule.provincial and business.rule.compute() == 100_000
    assert business.rule.compute(online=True) == 0


def test_a_payment_other_than_the_fee_is_refused_unless_confirmed(ctx: Context) -> None:
    code = receive(ctx, CERTIFY, fee_pages=1).dossier.code  # 2.000 đ
    with pytest.raises(ValidationError) as caught:
        workflow.record_payment(ctx, code, 7000, "cash", "BL-7")
    assert caught.value.field == "amount"
    assert "7.000 đ khác số phí, lệ phí còn phải nộp 2.000 đ" in caught.value.message
    assert queries.find_by_code(ctx, code).paid_amount == 0  # type: ignore[union-attr]
    workflow.record_payment(ctx, code, 7000, "cash", "BL-7", allow_mismatch=True)
    assert queries.find_by_code(ctx, code).paid_amount == 7000  # type: ignore[union-attr]


def test_the_rule_survives_a_catalogue_edit(ctx: Context) -> None:
    with ctx.db.unit_of_work() as s:
        proc = catalogue.get_procedure(s, CERTIFY)
        catalogue.save_procedure(
            s,
            catalogue.ProcedureInput(
                code=proc.code,
                name=proc.name,
                field=proc.field,
                time_amount=proc.time_amount,
                time_unit=proc.time_unit.value,
                fee=proc.fee,
                fee_note=proc.fee_note,
                fee_rule=proc.rule,
            ),
        )
    with ctx.db.session() as s:
        assert catalogue.get_procedure(s, CERTIFY).rule.compute(40, 1) == 42_000
