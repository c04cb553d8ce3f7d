"""Odd text into every workflow action and the catalogue editor: a clear Vietnamese error with
nothing stored, or exactly one event whose text is clean NFC (hypothesis)."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from counter.db.models import EventRow, Procedure
from counter.errors import CounterError
from counter.services import backup, catalogue, workflow
from counter.services.context import Context
from tests.reliability.test_fuzz_input import FUZZ, _counts, odd_text
from tests.services.helpers import CERTIFY, receive

# Each action takes (ctx, code, text) and works on a dossier just received (status 2), of a
# procedure with a fee, so that a payment is allowed too.
ACTIONS: dict[str, Callable[[Context, str, str], object]] = {
    "transfer": lambda ctx, code, t: workflow.transfer(ctx, code, t, to_unit=t, note=t),
    "add_note": lambda ctx, code, t: workflow.add_note(ctx, code, t),
    "request_supplement": lambda ctx, code, t: workflow.request_supplement(ctx, code, [t], t),
    "request_financial": lambda ctx, code, t: workflow.request_financial(ctx, code, t),
    "stop": lambda ctx, code, t: workflow.stop(ctx, code, t),
    "withdraw": lambda ctx, code, t: workflow.withdraw(ctx, code, t),
    "record_payment": lambda ctx, code, t: workflow.record_payment(ctx, code, 2000, "cash", t),
    "resolve": lambda ctx, code, t: workflow.resolve(ctx, code, t),
}


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _last_payload(ctx: Context) -> dict[str, object]:
    with ctx.db.session() as session:
        row = session.scalars(select(EventRow).order_by(EventRow.seq.desc()).limit(1)).one()
        payload = row.payload
    return json.loads(payload) if isinstance(payload, str) else dict(payload)


@pytest.mark.parametrize("action", sorted(ACTIONS))
@FUZZ
@given(text=odd_text)
def test_every_action_with_odd_text(ctx: Context, action: str, text: str) -> None:
    code = receive(ctx, CERTIFY).dossier.code
    before = _counts(ctx)
    try:
        ACTIONS[action](ctx, code, text)
    except CounterError as exc:
        assert exc.message and exc.message == unicodedata.normalize("NFC", exc.message)
        assert _counts(ctx) == before, "a refused action left something behind"
        return
    assert _counts(ctx) == (before[0], before[1] + 1)
    for value in _strings(_last_payload(ctx)):
        assert value == unicodedata.normalize("NFC", value)
        assert all(ord(ch) >= 32 for ch in value), f"control character stored: {value!r}"


@FUZZ
@given(code=odd_text, name=odd_text, field=odd_text, doc=odd_text, amount=st.integers(-5, 400))
def test_catalogue_editing_with_odd_text(
    ctx: Context, code: str, name: str, field: str, doc: str, amount: int
) -> None:
    with ctx.db.session() as session:
        before = session.scalars(select(Procedure.code).order_by(Procedure.code)).all()
    data = catalogue.ProcedureInput(
        code,
        name,
        field,
        amount,
        "working_days",
        documents=[catalogue.RequiredDocument(doc, 1, 0, True)],
    )
    try:
        with ctx.db.unit_of_work() as session:
            saved = catalogue.save_procedure(session, data)
    except CounterError as exc:
        assert exc.message
        with ctx.db.session() as session:
            after = session.scalars(select(Procedure.code).order_by(Procedure.code)).all()
        assert after == before, "a refused procedure was partly stored"
        return
    assert saved.code and saved.name and all(d.name for d in saved.documents)
    assert len(saved.code) <= 30 and len(saved.name) <= 400
    for value in (saved.code, saved.name, saved.field, *(d.name for d in saved.documents)):
        assert value == unicodedata.normalize("NFC", value)
        assert all(ord(ch) >= 32 for ch in value), f"control character stored: {value!r}"


@FUZZ
@given(content=st.one_of(st.binary(max_size=4096), st.just(b"SQLite format 3\x00" + b"\x00" * 200)))
def test_any_file_offered_as_a_backup_is_refused_or_verified(
    tmp_path_factory: pytest.TempPathFactory, content: bytes
) -> None:
    path: Path = tmp_path_factory.mktemp("bk") / "counter-backup.sqlite3"
    path.write_bytes(content)
    with pytest.raises(CounterError) as caught:
        backup.verify(path)
    assert caught.value.message
