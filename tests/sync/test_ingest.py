"""events.ingest: idempotent, order-independent, and the bulk projection equals the fold."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from counter.db.events import ingest
from counter.db.models import EventRow
from counter.db.wire import from_row
from counter.demo import generate
from counter.services import audit
from tests.sync.conftest import dossier_rows, new_counter


def test_pages_in_any_order_give_the_origin_dossiers(tmp_path: Path) -> None:
    origin = new_counter(tmp_path / "origin.sqlite3")
    generate(origin.ctx, 120, seed=3, end=datetime(2026, 3, 2, 17, 0))
    with origin.ctx.db.session() as session:
        rows = list(session.scalars(select(EventRow).order_by(EventRow.seq)))
    events = [(from_row(r), r.hash, r.payload) for r in rows]
    expected = dossier_rows(origin)

    # In order, in pages: the chain continues, the audit passes, a replay changes nothing.
    copy = new_counter(tmp_path / "copy.sqlite3")
    for start in range(0, len(events), 97):
        page = events[start : start + 97]
        with copy.ctx.db.unit_of_work() as session:
            ingest(
                session,
                [e for e, _, _ in page],
                {e.id: h for e, h, _ in page},
                {e.id: t for e, _, t in page},
            )
    assert dossier_rows(copy) == expected
    assert audit.verify_chain(copy.ctx).ok
    with copy.ctx.db.unit_of_work() as session:
        assert ingest(session, [e for e, _, _ in events]) == []

    # Shuffled pages (later events before the intake, earlier ones after): the same dossiers.
    rng = random.Random(5)
    shuffled = [e for e, _, _ in events]
    rng.shuffle(shuffled)
    other = new_counter(tmp_path / "other.sqlite3")
    start = 0
    while start < len(shuffled):
        size = rng.randint(1, 300)
        with other.ctx.db.unit_of_work() as session:
            ingest(session, shuffled[start : start + size])
        start += size
    assert dossier_rows(other) == expected
