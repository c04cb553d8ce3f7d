"""Odd input from clerks and scanners: a clear error or a correct result, never a crash or a
partial write (hypothesis)."""

from __future__ import annotations

import json
import unicodedata
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from counter.cli.dossiers import _parse_intake
from counter.db.models import Dossier, EventRow
from counter.domain.text import clean
from counter.errors import CounterError, ValidationError
from counter.services import intake, queries, workflow
from counter.services.context import Context
from tests.services.helpers import MARITAL, all_documents

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

odd_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Mn"]), max_size=50),
    st.builds(
        lambda s: unicodedata.normalize("NFD", s),
        st.text(alphabet="ăâđêôơưĂÂĐÊÔƠƯáàảãạ Nguyễn", max_size=60),
    ),
    st.just("A" * 5000),
    st.just("Nguyễn\x00Văn\rĐức\n"),
)


def _counts(ctx: Context) -> tuple[int, int]:
    with ctx.db.session() as s:
        return (
            s.scalar(select(func.count()).select_from(Dossier)) or 0,
            s.scalar(select(func.count()).select_from(EventRow)) or 0,
        )


@FUZZ
@given(
    name=odd_text,
    id_number=odd_text,
    phone=odd_text,
    address=odd_text,
    doc=odd_text,
    birth=st.one_of(st.none(), st.dates(min_value=date(1800, 1, 1), max_value=date(2100, 1, 1))),
)
def test_intake_with_odd_text(
    ctx: Context, name: str, id_number: str, phone: str, address: str, doc: str, birth: date | None
) -> None:
    before = _counts(ctx)
    documents = [*all_documents(ctx, MARITAL), intake.ReceivedDocument(doc or "x", 1, 0)]
    try:
        result = intake.receive(
            ctx,
            intake.IntakeRequest(
                MARITAL,
                intake.ApplicantInput(
                    name, id_number, birth_date=birth, phone=phone, address=address
                ),
                documents,
            ),
        )
    except CounterError as exc:
        assert exc.message and exc.message == unicodedata.normalize("NFC", exc.message)
        assert _counts(ctx) == before
        return
    stored = result.dossier.applicant_name
    assert stored == clean(name) and stored == unicodedata.normalize("NFC", stored)
    assert all(ord(ch) >= 32 for ch in stored)
    assert _counts(ctx) == (before[0] + 1, before[1] + 1)


@FUZZ
@given(query=odd_text)
def test_search_never_fails(ctx: Context, query: str) -> None:
    assert isinstance(queries.search(ctx, query), list)
    assert queries.find_by_code(ctx, query) is None


@FUZZ
@given(reason=odd_text, new_due=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_apology_with_odd_input(ctx: Context, reason: str, new_due: date) -> None:
    code = intake.receive(
        ctx,
        intake.IntakeRequest(
            MARITAL, intake.ApplicantInput("Nguyễn Văn Đức"), all_documents(ctx, MARITAL)
        ),
    ).dossier.code
    before = _counts(ctx)
    try:
        workflow.apologise(ctx, code, reason, new_due)
    except CounterError:
        assert _counts(ctx) == before
    else:
        assert _counts(ctx) == (before[0], before[1] + 1)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), odd_text),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(odd_text, children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(
    data=st.one_of(
        json_values,
        st.fixed_dictionaries(
            {
                "procedure_code": json_values,
                "applicant": json_values,
                "documents": json_values,
                "received_at": json_values,
                "sets": json_values,
            }
        ),
    )
)
def test_intake_json_parser_gives_a_clear_error_or_a_request(data: object) -> None:
    try:
        request = _parse_intake(json.loads(json.dumps(data)))
    except CounterError as exc:
        assert exc.message
    else:
        assert isinstance(request, intake.IntakeRequest)


@pytest.mark.parametrize("received", [datetime(2000, 1, 3, 8, 0), datetime(2026, 3, 2, 3, 0)])
def test_odd_receipt_moments(ctx: Context, received: datetime) -> None:
    result = intake.receive(
        ctx,
        intake.IntakeRequest(
            MARITAL, intake.ApplicantInput("A"), all_documents(ctx, MARITAL), received_at=received
        ),
    )
    assert result.dossier.due_at is not None and result.dossier.due_at > received


def test_a_receipt_before_2000_is_refused(ctx: Context) -> None:
    # 1900-01-01 made the code …-000101-… and a due date in 1900 (issue #15), and an event the
    # server would refuse to share.
    with pytest.raises(ValidationError, match="từ năm 2000"):
        intake.receive(
            ctx,
            intake.IntakeRequest(
                MARITAL,
                intake.ApplicantInput("A"),
                all_documents(ctx, MARITAL),
                received_at=datetime(1999, 12, 31, 8, 0),
            ),
        )
