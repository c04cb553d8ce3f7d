"""Tamper evidence: each device's events form a hash chain; verification reports any break."""

from __future__ import annotations

import zlib
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import LargeBinary, cast, func, select
from sqlalchemy.orm import Session

from counter.db.codec import link_of, payload_out
from counter.db.models import EventRow, Setting
from counter.db.wire import FIELDS, chain_hash
from counter.domain.dossier import Event
from counter.services.backup import BRANCH_ENDS, FORK_POINTS
from counter.services.context import Context


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


# The event's fields but the payload, read as they are; the payload is read as its stored bytes.
_READ = tuple(name for name in FIELDS if name != "payload")


def _intact(
    prev: str, digest: str, values: dict[str, str], stored_as: str, raw: bytes | None
) -> bool:
    try:
        body = payload_out(bytes(raw or b"")) if stored_as == "blob" else bytes(raw or b"").decode()
    except (ValueError, zlib.error):  # not a payload any more (UnicodeDecodeError is a ValueError)
        return False
    return digest == chain_hash(prev, Event(**values, payload={}), body)


def _fork_points(session: Session) -> dict[str, dict[bytes, str]]:
    """Device → {link: hash} of the points where a restore forked its chain (backup.FORK_POINTS)."""
    row = session.get(Setting, FORK_POINTS)
    points: dict[str, dict[bytes, str]] = defaultdict(dict)
    for line in (row.value if row else "").splitlines():
        device, _, head = line.partition(" ")
        if head:
            points[device][link_of(head)] = head
    return points


def _branch_ends(session: Session) -> dict[str, set[str]]:
    """Device → last hashes of branches worked offline after a restore (backup.BRANCH_ENDS)."""
    row = session.get(Setting, BRANCH_ENDS)
    ends: dict[str, set[str]] = defaultdict(set)
    for line in (row.value if row else "").splitlines():
        device, _, head = line.partition(" ")
        if head:
            ends[device].add(head)
    return ends


def verify_chain(ctx: Context) -> AuditReport:
    """Walk every device's events in arrival order and check each link and each hash."""
    heads: dict[str, str] = defaultdict(str)
    breaks: list[ChainBreak] = []
    count = 0
    with ctx.db.session() as session:
        forks = _fork_points(session)
        branch_ends = _branch_ends(session)
        # The recorded hashes each device's walk must pass: fork points and branch ends.
        wanted: dict[str, set[str]] = defaultdict(set)
        for device, points in forks.items():
            wanted[device].update(points.values())
        for device, ends in branch_ends.items():
            wanted[device].update(ends)
        passed: dict[str, set[str]] = defaultdict(set)
        rows = session.execute(
            select(
                EventRow.seq,
                EventRow.prev_link,
                EventRow.hash,
                # The stored bytes as they are: an edit with an SQLite tool can leave anything.
                func.typeof(EventRow.payload),
                cast(EventRow.payload, LargeBinary),
                *(getattr(EventRow, name) for name in _READ),
            )
            .order_by(EventRow.seq)
            .execution_options(yield_per=2000)
        )
        for seq, link, digest, stored_as, raw, *rest in rows:
            values = dict(zip(_READ, rest, strict=True))
            ident, device = values["id"], values["device"]
            count += 1
            # The stored link is the start of the previous hash this event was chained to: a
            # different one means the event before it on its device is gone or was replaced.
            prev = heads[device]
            fork = forks.get(device, {}).get(link)
            if link != link_of(prev) and fork is not None and fork in passed[device]:
                # A restore's fork point, which the walk has passed: the work done after the
                # restore and the events taken back from the server both continue from there.
                prev = fork
            if link != link_of(prev):
                breaks.append(
                    ChainBreak(
                        device,
                        ident,
                        seq,
                        "Mắt xích bị đứt: sự kiện trước đó đã bị xóa hoặc thay đổi.",
                    )
                )
            elif not _intact(prev, digest, values, stored_as, raw):
                breaks.append(
                    ChainBreak(device, ident, seq, "Nội dung sự kiện đã bị sửa sau khi ghi.")
                )
            heads[device] = digest
            if digest in wanted[device]:
                passed[device].add(digest)
    # The end of a branch worked offline after a restore is linked to by nothing: it must still
    # be there (deleting the whole branch would otherwise leave no trace).
    for device, ends in branch_ends.items():
        breaks.extend(
            ChainBreak(
                device,
                "",
                0,
                "Thiếu các sự kiện làm sau khi khôi phục sao lưu: nhánh đó đã bị xóa.",
            )
            for _end in ends - passed[device]
        )
    return AuditReport(count, len(heads), tuple(breaks))
