"""Tamper evidence: each device's events form a hash chain; verification reports any break."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from counter.db.models import EventRow
from counter.services.context import Context
from counter.services.eventstore import chain_hash, to_event


@dataclass(frozen=True)
class ChainBreak:
    device: str
    event_id: str
    seq: int
    reason: str


@dataclass(frozen=True)
class AuditReport:
    events: int
    devices: int
    breaks: tuple[ChainBreak, ...]

    @property
    def ok(self) -> bool:
        return not self.breaks


def verify_chain(ctx: Context) -> AuditReport:
    """Walk every device's events in arrival order and check each link and each hash."""
    heads: dict[str, str] = defaultdict(str)
    breaks: list[ChainBreak] = []
    count = 0
    with ctx.db.session() as session:
        rows = session.execute(
            select(EventRow).order_by(EventRow.seq).execution_options(yield_per=2000)
        ).scalars()
        for row in rows:
            count += 1
            if row.prev_hash != heads[row.device]:
                breaks.append(
                    ChainBreak(
                        row.device,
                        row.id,
                        row.seq,
                        "Mắt xích bị đứt: sự kiện trước đó đã bị xóa hoặc thay đổi.",
                    )
                )
            if row.hash != chain_hash(row.prev_hash, to_event(row), row.payload):
                breaks.append(
                    ChainBreak(
                        row.device, row.id, row.seq, "Nội dung sự kiện đã bị sửa sau khi ghi."
                    )
                )
            heads[row.device] = row.hash
    return AuditReport(count, len(heads), tuple(breaks))
