"""After a restore from a backup: take back this counter's own events the backup lacks."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter.db.models import Device, EventRow, Setting
from counter.domain.dossier import EventType
from counter.domain.hlc import Timestamp
from counter.services.backup import BRANCH_ENDS, RECOVER_HEAD
from counter.services.context import Context
from counter.sync.protocol import decode_events
from counter.sync.state import (
    CURSOR,
    PUSHED,
    RECOVER,
    SyncReport,
    set_setting,
    setting,
    store_pulled,
    waiting,
)
from counter.sync.transport import HttpSession, SyncError

SERVER_CANNOT_RECOVER = (
    "Máy chủ đồng bộ chưa hỗ trợ lấy lại dữ liệu của quầy sau khi khôi phục. Hãy nhờ quản trị "
    "máy chủ nâng cấp, rồi đồng bộ lại trước khi tiếp nhận hồ sơ mới."
)


def recover(ctx: Context, http: HttpSession, report: SyncReport, page: int) -> None:
    """Take back this counter's own events after a restore: pull from the office cursor the
    restore recorded, with the counter's own events included, until caught up.

    Every page is stored like a pulled one (by event id, so what the backup already holds is
    skipped; the own events continue this device's hash chain from where the backup left it)
    and moves the recovery mark in the same transaction, so an interruption resumes from the
    last stored page. The ordinary cursor follows when the recovery covers it (the page brings
    the other counters' events too), never backwards; the flag goes once caught up.
    """
    while True:
        with ctx.db.session() as session:
            mark = setting(session, RECOVER)
        if not mark:
            return
        after = int(mark)
        data = http.call("GET", "/v1/pull", params={"after": after, "limit": page, "own": "true"})
        if data.get("own") is not True:
            # An older server ignores the flag and would leave our own events out: finishing
            # the recovery on its answer would lose them for good.
            raise SyncError(SERVER_CANNOT_RECOVER)
        events, hashes, texts = decode_events(data["events"])
        reached = int(data["cursor"])
        with ctx.db.unit_of_work() as session:
            pushed = int(setting(session, PUSHED, "0"))
            unsent = waiting(session, ctx)
            # Our own events continue the chain from where the restored backup left it (the
            # fork point), not from work done since the restore.
            head = session.get(Setting, RECOVER_HEAD)
            heads = {ctx.device_id: head.value} if head is not None else None
            if head is not None:
                _keep_branch_end(session, ctx.device_id, head.value)
            new = store_pulled(session, events, hashes, texts, heads)
            if head is not None and heads is not None:
                head.value = heads[ctx.device_id]
            own = [e for e in new if e.device == ctx.device_id]
            if own and not unsent:
                # Taken from the server, so acknowledged by it: nothing to send again.
                top = session.scalar(
                    select(func.max(EventRow.seq)).where(EventRow.device == ctx.device_id)
                )
                set_setting(session, PUSHED, str(max(pushed, int(top or 0))))
            cursor = session.get(Setting, CURSOR)
            if cursor is None or int(cursor.value) >= after:
                set_setting(session, CURSOR, str(max(reached, int(cursor.value) if cursor else 0)))
            flag = session.get(Setting, RECOVER)
            if data["more"]:
                set_setting(session, RECOVER, str(reached))
            elif flag is not None:
                session.delete(flag)
                if head is not None:
                    session.delete(head)
        report.recovered += len(own)
        report.recovered_dossiers += sum(e.type == EventType.RECEIVED for e in own)
        report.pulled += len(new) - len(own)
        report.tell("recover", report.recovered + report.pulled)
        if new:
            ctx.clock.observe(Timestamp.decode(max(e.hlc for e in new)))
        if not data["more"]:
            return


def _keep_branch_end(session: Session, device_id: str, recovering_from: str) -> None:
    """Work done offline since the restore ends where the counter's chain head stands now;
    once the recovered branch goes on from the fork point, nothing links to that end, so it is
    recorded for the audit (backup.BRANCH_ENDS)."""
    device = session.get(Device, device_id)
    if device is None or not device.chain_head or device.chain_head == recovering_from:
        return  # no work since the restore, or already continuing the recovered branch
    line = f"{device_id} {device.chain_head}"
    row = session.get(Setting, BRANCH_ENDS)
    lines = (row.value if row is not None else "").splitlines()
    if line not in lines:
        set_setting(session, BRANCH_ENDS, "\n".join([*lines, line]))
