"""Intake: a dossier, its code and its first event in one transaction."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from counter.db.models import Applicant, Dossier, EventRow
from counter.domain.dossier import Status
from counter.errors import NotFoundError, ValidationError
from counter.services import intake, office
from counter.services.context import Context
from tests.conftest import Clock
from tests.services.helpers import CERTIFY, LAND, MARITAL, all_documents, receive


def _counts(ctx: Context) -> tuple[int, int, int]:
    with ctx.db.session() as s:
        return (
            s.scalar(select(func.count()).select_from(Dossier)) or 0,
            s.scalar(select(func.count()).select_from(EventRow)) or 0,
            s.scalar(select(func.count()).select_from(Applicant)) or 0,
        )


def test_complete_dossier_is_accepted_with_code_due_date_and_event(ctx: Context) -> None:
    result = receive(ctx, MARITAL)  # Monday 02/03/2026 09:00, 3 working days
    assert result.outcome == "accepted" and result.form == "01"
    d = result.dossier
    assert d.code == "000.00.12.H40-260302-0001"
    assert d.status is Status.ACCEPTED
    assert d.received_at == datetime(2026, 3, 2, 9, 0)
    assert d.due_at == d.original_due_at == datetime(2026, 3, 5, 9, 0)
    assert d.applicant_name == "Nguyễn Văn Đức"
    assert _counts(ctx) == (1, 1, 1)
    with ctx.db.session() as s:
        event = s.scalar(select(EventRow))
        assert (
            event is not None and event.type == "received" and event.hash and event.prev_link == b""
        )


def test_codes_follow_each_other_and_restart_each_day(ctx: Context, clock: Clock) -> None:
    first = receive(ctx).dossier.code
    second = receive(ctx, name="Lê Thị Hoa", id_number="").dossier.code
    clock.set(datetime(2026, 3, 3, 8, 0))
    third = receive(ctx, name="Phạm Văn Nam", id_number="").dossier.code
    assert (first[-11:], second[-11:], third[-11:]) == ("260302-0001", "260302-0002", "260303-0001")


def test_two_counters_issue_different_codes_the_same_day(tmp_path, clock: Clock) -> None:
    from counter.db.engine import Database
    from tests.conftest import TEST_OFFICE

    codes = set()
    for number in (1, 2):
        db = Database(tmp_path / f"counter{number}.sqlite3")
        ctx = Context(db, now=clock.now)
        with db.unit_of_work() as s:
            office.save_settings(s, TEST_OFFICE)
            from counter.services import catalogue

            catalogue.load_catalogue(s)
        office.set_counter_number(ctx, number)
        for _ in range(3):
            codes.add(receive(ctx, id_number="").dossier.code)
    assert sorted(c[-4:] for c in codes) == ["0001", "0002", "0003", "1001", "1002", "1003"]


def test_incomplete_dossier_gets_a_supplement_request(ctx: Context) -> None:
    docs = all_documents(ctx, MARITAL)[:1]
    result = intake.receive(
        ctx, intake.IntakeRequest(MARITAL, intake.ApplicantInput("Trần Thị Hồng"), docs)
    )
    assert result.outcome == "supplement" and result.form == "02"
    assert result.dossier.status is Status.SUPPLEMENT
    assert result.dossier.due_at is None
    assert len(result.missing) >= 1
    assert all(m not in [d.name for d in docs] for m in result.missing)


def test_refused_dossier(ctx: Context) -> None:
    result = receive(ctx, refuse_reason="Không thuộc thẩm quyền của UBND xã.")
    assert result.outcome == "refused" and result.form == "03"
    assert result.dossier.status is Status.REFUSED


def test_documents_match_ignoring_accents_and_case(ctx: Context) -> None:
    docs = [
        intake.ReceivedDocument(d.name.upper().replace("Đ", "D"), d.originals, d.copies)
        for d in all_documents(ctx, MARITAL)
    ]
    result = intake.receive(ctx, intake.IntakeRequest(MARITAL, intake.ApplicantInput("A B"), docs))
    assert result.outcome == "accepted"


def test_due_date_explains_tet(ctx: Context, clock: Clock) -> None:
    clock.set(datetime(2026, 2, 13, 10, 0))  # Friday before Tết
    result = receive(ctx, MARITAL)
    assert result.dossier.due_at == datetime(2026, 2, 25, 10, 0)  # 23, 24, 25 February
    assert "14/02–22/02" in result.due_explanation and "Tết" in result.due_explanation


def test_same_day_after_cut_off_is_due_next_working_day(ctx: Context, clock: Clock) -> None:
    clock.set(datetime(2026, 3, 6, 15, 30))  # Friday after 15:00
    assert receive(ctx, CERTIFY).dossier.due_at == datetime(2026, 3, 9, 17, 0)


def test_nfd_input_is_stored_nfc_and_found_by_search(ctx: Context) -> None:
    from counter.services.queries import search

    name = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Nhung")
    result = intake.receive(
        ctx,
        intake.IntakeRequest(
            MARITAL,
            intake.ApplicantInput(name, address=unicodedata.normalize("NFD", "Thôn Đông Hà")),
            all_documents(ctx, MARITAL),
        ),
    )
    assert result.dossier.applicant_name == "Nguyễn Thị Hồng Nhung"
    with ctx.db.session() as s:
        applicant = s.scalar(select(Applicant))
        assert applicant is not None and applicant.address == "Thôn Đông Hà"
    assert [d.code for d in search(ctx, "nguyen thi hong nhung")] == [result.dossier.code]


def test_applicant_is_reused_and_prefilled_by_id_number(ctx: Context) -> None:
    intake.receive(
        ctx,
        intake.IntakeRequest(
            MARITAL,
            intake.ApplicantInput(
                "Nguyễn Văn Đức", "079 090 001 234", phone="0912345678", address="Thôn 2"
            ),
            all_documents(ctx, MARITAL),
        ),
    )
    receive(ctx, MARITAL, "Nguyễn Văn Đức", "079090001234")
    assert _counts(ctx)[2] == 1
    prefill = intake.find_applicant(ctx, "079090001234")
    assert prefill is not None and prefill.phone == "0912345678" and prefill.address == "Thôn 2"
    assert intake.find_applicant(ctx, "001099999999") is None


def test_id_number_mismatch_warns_but_does_not_block(ctx: Context) -> None:
    result = intake.receive(
        ctx,
        intake.IntakeRequest(
            MARITAL,
            intake.ApplicantInput(
                "Nguyễn Văn Đức", "079090001234", birth_date=date(1991, 1, 1), male=True
            ),
            all_documents(ctx, MARITAL),
        ),
    )
    assert result.outcome == "accepted"
    assert any("1990" in w and "1991" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"procedure_code": "9.999999"}, "procedure_code"),
        ({"applicant": intake.ApplicantInput("   ")}, "applicant.full_name"),
        ({"applicant": intake.ApplicantInput("A", "12345")}, "id_number"),
        ({"applicant": intake.ApplicantInput("A", phone="09x1")}, "applicant.phone"),
        ({"applicant": intake.ApplicantInput("A", email="khong-co-a-còng")}, "applicant.email"),
        (
            {"applicant": intake.ApplicantInput("A", birth_date=date(2030, 1, 1))},
            "applicant.birth_date",
        ),
        ({"applicant": intake.ApplicantInput("A" * 201)}, "applicant.full_name"),
        ({"channel": "fax"}, "channel"),
        ({"delivery": "drone"}, "delivery"),
        ({"sets": 0}, "sets"),
        ({"received_at": datetime(2026, 3, 3, 9, 0)}, "received_at"),
        ({"documents": [intake.ReceivedDocument("Tờ khai", -1, 0)]}, "documents"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(ctx: Context, change: dict, field: str) -> None:
    values = {
        "procedure_code": MARITAL,
        "applicant": intake.ApplicantInput("Nguyễn Văn Đức"),
        "documents": all_documents(ctx, MARITAL),
    }
    values.update(change)
    with pytest.raises((ValidationError, NotFoundError)) as info:
        intake.receive(ctx, intake.IntakeRequest(**values))
    assert info.value.field == field
    assert info.value.message  # a Vietnamese sentence for the clerk
    assert _counts(ctx) == (0, 0, 0)


def test_a_failure_inside_the_transaction_leaves_nothing(
    ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    from counter.services import eventstore

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk unplugged")

    monkeypatch.setattr(intake, "append", broken)
    with pytest.raises(RuntimeError):
        receive(ctx)
    assert _counts(ctx) == (0, 0, 0)
    monkeypatch.setattr(intake, "append", eventstore.append)
    # The sequence number was rolled back too: the next code is still 0001.
    assert receive(ctx).dossier.code.endswith("-0001")


TEMPORARY_RESIDENCE = "1.004194"  # 15.000 đ


def _paying(ctx: Context, *, complete: bool = True) -> intake.IntakeRequest:
    return intake.IntakeRequest(
        TEMPORARY_RESIDENCE,
        intake.ApplicantInput("Nguyễn Văn Đức"),
        documents=all_documents(ctx, TEMPORARY_RESIDENCE) if complete else [],
        payment_method="cash",
    )


def test_the_fee_collected_at_intake_is_stored_with_the_dossier(ctx: Context) -> None:
    request = _paying(ctx)
    result = intake.receive(ctx, request)
    assert result.outcome == "accepted"
    # The view returned is the dossier as stored with its payment: nothing to read back.
    assert result.dossier.fee == result.dossier.paid_amount == 15_000
    assert result.dossier.payment_method == "cash"
    with ctx.db.session() as s:
        kinds = s.scalars(select(EventRow.type).order_by(EventRow.hlc)).all()
    assert kinds == ["received", "payment_recorded"]


def test_a_failure_in_the_payment_leaves_no_dossier_stored(
    ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    from counter.services import eventstore

    def payment_fails(session, ctx_, dossier_id, kind, payload):  # type: ignore[no-untyped-def]
        if kind == "payment_recorded":
            raise RuntimeError("disk unplugged")
        return eventstore.append(session, ctx_, dossier_id, kind, payload)

    request = _paying(ctx)
    monkeypatch.setattr(intake, "append", payment_fails)
    with pytest.raises(RuntimeError):
        intake.receive(ctx, request)
    assert _counts(ctx) == (0, 0, 0)  # no dossier without its payment, no half intake
    monkeypatch.setattr(intake, "append", eventstore.append)
    assert intake.receive(ctx, request).dossier.code.endswith("-0001")


def test_no_payment_is_recorded_for_a_free_or_incomplete_dossier(ctx: Context) -> None:
    free = intake.IntakeRequest(
        LAND,
        intake.ApplicantInput("Nguyễn Văn Đức"),
        documents=all_documents(ctx, LAND),
        payment_method="cash",
    )
    assert intake.receive(ctx, free).dossier.paid_amount == 0
    # No papers: a supplement request, nothing collected yet.
    incomplete = _paying(ctx, complete=False)
    result = intake.receive(ctx, incomplete)
    assert result.outcome == "supplement" and result.dossier.paid_amount == 0


def test_land_procedure_counts_twenty_working_days_over_30_4(ctx: Context, clock: Clock) -> None:
    clock.set(datetime(2026, 4, 20, 14, 0))
    # Working days after Mon 20/4: 21,22,23,24 (4); 27/4 is Giỗ Tổ's compensatory day;
    # 28,29 (6); 30/4 and 1/5 off; 4..8/5 (11); 11..15/5 (16); 18,19,20,21 (20) → Thu 21/5.
    result = receive(ctx, LAND)
    assert result.dossier.due_at == datetime(2026, 5, 21, 14, 0)
    assert "Giỗ Tổ" in result.due_explanation and "30/04" in result.due_explanation


# --- The whole address --------------------------------------------------------------------------


def _received_payload(ctx: Context, code: str) -> dict[str, object]:
    import json

    with ctx.db.session() as s:
        payload = s.scalar(
            select(EventRow.payload)
            .join(Dossier, Dossier.id == EventRow.dossier_id)
            .where(Dossier.code == code, EventRow.type == "received")
        )
    assert payload is not None
    return json.loads(payload)


def _with_address(ctx: Context, address: str, commune: str, province: str) -> str:
    person = intake.ApplicantInput(
        "Trần Thị Lan",
        id_number="068190001234",
        address=address,
        commune=commune,
        province=province,
    )
    request = intake.IntakeRequest(MARITAL, person, all_documents(ctx, MARITAL))
    return intake.receive(ctx, request).dossier.code


def test_the_dossier_carries_the_whole_address(ctx: Context) -> None:
    from counter.services import queries

    code = _with_address(ctx, "Số 5, thôn 2", "Xã Hàm Thuận Nam", "Tỉnh Lâm Đồng")
    whole = "Số 5, thôn 2, xã Hàm Thuận Nam, tỉnh Lâm Đồng"
    applicant = _received_payload(ctx, code)["applicant"]
    assert isinstance(applicant, dict) and applicant["address"] == whole
    assert queries.details(ctx, code).address == whole
    # The applicant keeps the parts apart, to prefill the box and the pickers next time.
    known = intake.find_applicant(ctx, "068190001234")
    assert known is not None
    assert (known.address, known.commune, known.province) == (
        "Số 5, thôn 2",
        "Xã Hàm Thuận Nam",
        "Tỉnh Lâm Đồng",
    )


def test_a_whole_typed_address_is_not_repeated(ctx: Context) -> None:
    # What an ID card's QR gives: the commune and province are already in the text.
    code = _with_address(
        ctx, "Số 5, thôn 2, Xã Hàm Thuận Nam, Tỉnh Lâm Đồng", "Xã Hàm Thuận Nam", "Tỉnh Lâm Đồng"
    )
    applicant = _received_payload(ctx, code)["applicant"]
    assert isinstance(applicant, dict)
    assert applicant["address"] == "Số 5, thôn 2, Xã Hàm Thuận Nam, Tỉnh Lâm Đồng"


def test_no_address_stays_empty_with_only_the_default_province(ctx: Context) -> None:
    code = _with_address(ctx, "", "", "Tỉnh Lâm Đồng")
    applicant = _received_payload(ctx, code)["applicant"]
    assert isinstance(applicant, dict) and applicant["address"] == ""


def test_the_register_lists_the_whole_address(ctx: Context) -> None:
    from counter.reports.register import register_lines

    _with_address(ctx, "Số 5, thôn 2", "Xã Hàm Thuận Nam", "Tỉnh Lâm Đồng")
    (line,) = register_lines(ctx, "2026-03")
    assert line.address == "Số 5, thôn 2, xã Hàm Thuận Nam, tỉnh Lâm Đồng"


def test_an_old_dossier_with_a_street_only_address_still_reads(ctx: Context) -> None:
    """Dossiers received before the address was composed hold only what was typed (the
    street part, no commune or province in the payload): shown as is."""
    from counter.services import queries

    code = _with_address(ctx, "Số 5, thôn 2", "", "")
    assert queries.details(ctx, code).address == "Số 5, thôn 2"
    assert queries.details(ctx, "000.00.12.H40-260302-9999") is None


def test_what_the_server_would_refuse_is_never_stored(ctx: Context) -> None:
    """The event checks the server runs on every push run on every local write too: a reason
    longer than the protocol allows is refused at the counter, with the field named, instead
    of being stored and then stopping every push of this counter."""
    with pytest.raises(ValidationError, match=r"payload\.supplement_reason"):
        receive(ctx, complete=False, supplement_reason="Thiếu giấy tờ. " * 1_000)
    assert _counts(ctx) == (0, 0, 0)
