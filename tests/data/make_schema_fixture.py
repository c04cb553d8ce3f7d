"""Build a small database at the current schema head, for tests/db/test_upgrade.py.

    .venv/bin/python -m tests.data.make_schema_fixture tests/data/schema-NNNN.sqlite3

Run it once when a migration is about to change stored data, *before* changing anything, so
the fixture holds what that schema really wrote: demo dossiers, every event type, reference
data events, another counter's events received by sync (their own hash chain) and a code clash
that a clerk resolved.
"""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from counter.db import encryption
from counter.db.engine import Database
from counter.db.events import ingest
from counter.db.models import Device, EventRow
from counter.db.wire import from_row
from counter.domain.dossier import EventType
from counter.services import catalogue, demo, intake, office, users, workflow
from counter.services.context import Actor, Context


class _Clock:
    def __init__(self, start: datetime) -> None:
        self.value = start

    def now(self) -> datetime:
        return self.value


def _setup(path: Path, clock: _Clock, actor: Actor) -> Context:
    db = Database(path)
    ctx = Context(db, actor, now=clock.now)
    with db.unit_of_work() as session:
        office.save_settings(
            session,
            office.OfficeSettings(
                identifier="000.00.12.H40",
                governing_body="UBND xã Tân Hưng",
                unit_name="Bộ phận tiếp nhận và trả kết quả",
                place_name="Tân Hưng",
            ),
        )
        catalogue.load_catalogue(session)
        users.create_user(session, "motcua", "Trần Thị Thu Hà", "clerk", "motcua123")
        users.create_user(session, "chuyenvien", "Lê Văn Đạt", "specialist", "chuyenvien123")
        users.create_user(session, "lanhdao", "Phạm Minh Đức", "leader", "lanhdao123")
    return ctx


def _receive(ctx: Context, name: str, id_number: str, proc: str = "1.004873", **kw: object) -> str:
    with ctx.db.session() as session:
        info = catalogue.get_procedure(session, proc)
    complete = kw.pop("complete", True)
    docs = (
        [intake.ReceivedDocument(d.name, max(d.originals, 1), d.copies) for d in info.documents]
        if complete
        else []
    )
    request = intake.IntakeRequest(proc, intake.ApplicantInput(name, id_number), docs, **kw)  # type: ignore[arg-type]
    return intake.receive(ctx, request).dossier.code


def build(target: Path) -> None:
    clerk = Actor("motcua", "Trần Thị Thu Hà", "clerk")
    leader = Actor("lanhdao", "Phạm Minh Đức", "leader")
    with tempfile.TemporaryDirectory() as tmp:
        clock = _Clock(datetime(2026, 3, 2, 8, 0))
        a = _setup(Path(tmp) / "a.sqlite3", clock, clerk)
        b = _setup(Path(tmp) / "b.sqlite3", clock, clerk)
        demo.generate(a, 12, seed=7, end=datetime(2026, 3, 2, 8, 0))

        # Every workflow event on counter A, one dossier per path.
        c1 = _receive(a, "Nguyễn Văn Đức", "079090001234")
        clock.value = datetime(2026, 3, 2, 9, 0)
        workflow.transfer(a, c1, "Lê Văn Đạt", "Tư pháp", "gấp")
        workflow.take_back(a, c1, "Lê Văn Đạt")
        workflow.transfer(a, c1, "Lê Văn Đạt")
        workflow.request_financial(a, c1, "Nộp lệ phí trước bạ")
        workflow.financial_fulfilled(a, c1, "Đã nộp")
        workflow.apologise(a.as_user(leader), c1, "Chờ xác minh", date(2026, 3, 10))
        workflow.resolve(a, c1, "Đã ký")
        workflow.record_payment(a, c1, 20000, "cash", "BL-01")
        workflow.record_print(a, c1, "01")
        workflow.return_result(a, c1, "Nguyễn Văn Đức")
        workflow.record_survey(a, c1, 3, "Rất nhanh")
        workflow.add_note(a, c1, "Công dân cảm ơn — “tốt”")
        c2 = _receive(a, "Trần Thị Ánh", "001190004321", complete=False)
        workflow.receive_supplement(a, c2, ["Tờ khai"])
        c3 = _receive(a, "Lê Đình Bảo", "031085000111", "2.000815", refuse_reason="Sai thẩm quyền")
        c4 = _receive(a, "Phạm Thị Hoa", "025192000222")
        workflow.request_supplement(a, c4, ["Tờ khai"], "Thiếu tờ khai")
        workflow.withdraw(a, c4, "Công dân rút")
        c5 = _receive(a, "Võ Văn Tài", "040088000333")
        workflow.stop(a.as_user(leader), c5, "Không đủ điều kiện")
        c6 = _receive(a, "Hoàng Anh Tuấn", "036095000555", complete=False)
        workflow.refuse(a, c6, "Không bổ sung đúng hạn")
        assert c3 and c5

        # Counter B issues the same code on the same day (both still number 1): a clash, and
        # B's events form their own chain on A once received.
        clock.value = datetime(2026, 3, 2, 10, 0)
        clash = _receive(b, "Đặng Văn Sơn", "079099000444")
        workflow.transfer(b, clash, "Lê Văn Đạt")
        clock.value = datetime(2026, 3, 2, 11, 0)
        with b.db.session() as session:
            rows = list(session.scalars(select(EventRow).order_by(EventRow.seq)))
            pulled = [from_row(r) for r in rows]
            hashes = {r.id: r.hash for r in rows}
            texts = {r.id: r.payload for r in rows}
        with a.db.unit_of_work() as session:
            ingest(session, pulled, hashes, texts)
            if session.get(Device, pulled[0].device) is None:
                session.add(Device(id=pulled[0].device, counter_no=1, name="Quầy B"))
        for code, conflicts in _conflicts(a):
            workflow.resolve_conflict(
                a, code, [c["event_id"] for c in conflicts], "Đã báo công dân mã mới"
            )

        # Reference data as events (what a sync stamps).
        from counter.sync import reference

        with a.db.unit_of_work() as session:
            office.set_override(session, date(2026, 3, 6), "day_off", "Nghỉ bù")
            reference.record_changes(session, a)
        with a.db.session() as session:
            types = set(session.scalars(select(EventRow.type).distinct()))
        missing = {t.value for t in EventType} - types
        assert not missing, missing
        assert any(t.startswith("ref.") for t in types)
        a.db.close()
        b.db.close()
        # Stored plain (as versions before encryption wrote them, and readable with any key):
        # opening one encrypts it, which tests/db/test_upgrade.py goes through too.
        plain = Path(tmp) / "plain.sqlite3"
        conn = encryption.connect(Path(tmp) / "a.sqlite3")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute(f"ATTACH DATABASE '{plain}' AS plain KEY ''")
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute("DETACH DATABASE plain")
        conn.close()
        target.write_bytes(plain.read_bytes())


def _conflicts(ctx: Context) -> list[tuple[str, list[dict[str, str]]]]:
    from counter.db.models import Dossier

    with ctx.db.session() as session:
        rows = session.execute(select(Dossier.code, Dossier.conflicts).where(Dossier.conflict))
        return [(code, json.loads(text)) for code, text in rows]


if __name__ == "__main__":
    build(Path(sys.argv[1]))
