"""`counter demo-data --scans N`: digitised papers on the demo dossiers received on paper, as
`attachments.attach` records them (events folded into the dossiers' counters), the dossiers
themselves the same as without them (benchmarks compare the two)."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from counter import demo
from counter.db.engine import Database
from counter.db.models import Dossier, EventRow
from counter.domain.dossier import PAYLOADS, EventType
from counter.services import attachments
from counter.services.context import Context

END = datetime(2026, 3, 2, 9, 0)


def _rows(ctx: Context) -> list[tuple[str, str, str, int, int]]:
    """Per dossier: its code less the office (the copy may hold the demo office), name,
    channel, status and attachments."""
    with ctx.db.session() as session:
        return [
            (d.code.split("-", 1)[1], d.applicant_name, d.channel, d.status, d.attachments)
            for d in session.scalars(select(Dossier).order_by(Dossier.code))
        ]


def test_scans_on_paper_dossiers_only_and_the_dossiers_unchanged(
    ctx: Context, tmp_path: Path
) -> None:
    plain_path = tmp_path / "plain.sqlite3"
    shutil.copyfile(ctx.db.path, plain_path)  # migrated; the office's settings may be in the WAL
    plain = Context(Database(plain_path), ctx.actor, now=ctx.now)
    demo.generate(plain, 120, end=END)
    demo.generate(ctx, 120, end=END, scans=4)
    with_scans, without = _rows(ctx), _rows(plain)
    assert [r[:4] for r in with_scans] == [r[:4] for r in without]
    assert all(r[4] == 0 for r in without)
    assert all(r[4] == 0 for r in with_scans if r[2] == "online")
    assert all(r[4] in (4, 5) for r in with_scans if r[2] != "online")
    total = sum(r[4] for r in with_scans)
    assert 3.4 * 120 < total < 4.6 * 120
    with ctx.db.session() as session:
        events = session.scalars(
            select(EventRow).where(EventRow.type == EventType.ATTACHMENT_ADDED)
        ).all()
        signed = sum(d.signed_attachments for d in session.scalars(select(Dossier)))
    assert len(events) == total
    payloads = [json.loads(e.payload) for e in events]
    for payload in payloads:
        PAYLOADS[EventType.ATTACHMENT_ADDED].check(payload, "payload")
    assert signed == sum(p["signed"] for p in payloads)
    assert len({p["file"] for p in payloads}) == total  # one file each, not written
    assert attachments.verify_files(ctx).problems  # the audit sees the files are missing
    plain.db.close()
