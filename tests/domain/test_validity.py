"""The compiled predicate of each payload schema answers as its checks do, on the demo's
payloads of every kind and on each of them with one field made wrong."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from counter.db.models import EventRow
from counter.demo import generate
from counter.domain.dossier import PAYLOADS, EventType
from counter.domain.validity import MAX_ITEMS, MAX_TEXT, REFERENCE_PAYLOADS, Invalid, Schema
from counter.services.context import Context

# Values that break some check or other (type, bound, date window, time zone, size).
WRONG: list[Any] = [
    None,
    True,
    0,
    -(10**16),
    10**16,
    1.5,
    float("nan"),
    "",
    "x" * (MAX_TEXT + 1),
    "2026-03-02 09:00",
    "2026-03-02",
    "2026-02-30",
    "2026-03-02T09:00:00+07:00",
    "1999-12-31 10:00:00",
    "1899-01-01",
    "2101-01-01 00:00:00",
    "0" * 64,
    "A" * 64,
    [],
    ["tờ khai"],
    [1],
    [["a", "b", 1]],
    [["a", "b", -1]],
    ["x"] * (MAX_ITEMS + 1),
    {},
    {"name": "Tờ khai"},
    {"name": "Tờ khai", "copies": "2"},
    {"amount": 1},
]


REFERENCE: dict[str, list[Any]] = {
    "ref.office": [{"identifier": "000.00.12.H40", "sequence_slice": 3, "place_name": "Tân Hưng"}],
    "ref.procedure": [
        {
            "code": "2.000815",
            "name": "Chứng thực bản sao",
            "field": "Chứng thực",
            "time_amount": 1,
            "time_unit": "working_days",
            "fee": 2000,
            "fee_note": "",
            "resolving_unit": "UBND xã",
            "result_name": "Bản sao",
            "active": True,
            "documents": [["Bản chính", 1, 0, True]],
            "steps": [["Tiếp nhận", "Bộ phận một cửa", 0.5]],
        }
    ],
    "ref.day": [{"day": "2026-04-30", "kind": "day_off", "note": "Lễ"}],
    "ref.user": [
        {
            "username": "motcua",
            "full_name": "Trần Thị Thu Hà",
            "title": "",
            "role": "clerk",
            "password_hash": "$argon2id$...",
            "active": True,
        }
    ],
}


def _slow(schema: Schema, value: Any, monkeypatch: pytest.MonkeyPatch) -> bool:
    """The checks one by one (no compiled predicate anywhere in the schema)."""
    with monkeypatch.context() as m:
        m.setattr(Schema, "passes", lambda self, value: False)
        try:
            schema(value)
        except Invalid:
            return False
        return True


def _variants(payload: Any) -> list[Any]:
    """The payload with one field (at any depth) replaced by each wrong value or removed, and
    with an unknown field added."""
    found: list[Any] = []
    if isinstance(payload, dict):
        found.append({**payload, "khác": "x"})
        for key, value in payload.items():
            without = dict(payload)
            del without[key]
            found.append(without)
            for wrong in [*WRONG, *_variants(value)]:
                found.append({**payload, key: wrong})
    elif isinstance(payload, list) and payload:
        for index, value in enumerate(payload[:2]):
            for wrong in [*WRONG, *_variants(value)]:
                changed = copy.copy(payload)
                changed[index] = wrong
                found.append(changed)
    return found


def test_predicates_answer_as_the_checks(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx.now = lambda: datetime(2026, 3, 2, 17, 0)
    generate(ctx, 60, seed=3, end=datetime(2026, 3, 2, 17, 0))
    with ctx.db.session() as session:
        rows = session.execute(select(EventRow.type, EventRow.payload)).all()
    samples: dict[str, list[Any]] = {}
    for kind, text in rows:
        if len(samples.setdefault(kind, [])) < 3:
            samples[kind].append(json.loads(text))
    samples.update(REFERENCE)
    schemas: dict[str, Schema] = {k.value: s for k, s in PAYLOADS.items()}
    schemas.update({k: s for k, (s, _) in REFERENCE_PAYLOADS.items()})
    assert {EventType.RECEIVED, EventType.PAYMENT_RECORDED, EventType.TRANSFERRED} <= set(samples)
    compared = 0
    for kind, payloads in samples.items():
        schema = schemas[kind]
        for payload in payloads:
            assert schema.passes(payload)
            for variant in _variants(payload):
                assert schema.passes(variant) == _slow(schema, variant, monkeypatch), (
                    kind,
                    variant,
                )
                compared += 1
    # Every schema also against every other kind's payloads (wrong shapes throughout).
    for schema in schemas.values():
        for payloads in samples.values():
            for payload in payloads[:1]:
                assert schema.passes(payload) == _slow(schema, payload, monkeypatch)
    assert compared > 1000
