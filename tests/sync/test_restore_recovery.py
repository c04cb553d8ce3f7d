"""A counter restored from a backup takes back, at its next sync, the events it had sent after
the backup: its dossiers come back with their codes, the daily sequence goes on from the last
code issued, the hash chain stays whole, and the other counters see nothing twice."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from counter.cli import main
from counter.db.engine import Database
from counter.db.models import EventRow, Setting
from counter.services import audit, backup, queries
from counter.services.context import Context
from counter.sync import client, server
from counter.sync.client import RetryPolicy, SyncError
from counter.sync.store import ServerStore
from tests.sync.conftest import Counter, LiveServer, Relay, dossier_rows, enrol, intake

FAST = RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02, timeout=10)
OFFICE = "000.00.12.H40"


@pytest.fixture
def office(store: ServerStore) -> str:
    server.add_office(store, OFFICE, "UBND xã Tân Hưng")
    return OFFICE


@pytest.fixture
def reopened() -> Iterator[list[Context]]:
    """Contexts opened on restored databases, closed after the test."""
    opened: list[Context] = []
    yield opened
    for ctx in opened:
        ctx.db.close()


def _sync(counter: Counter, **kwargs: object) -> client.SyncReport:
    return client.sync_now(counter.ctx, policy=FAST, **kwargs)  # type: ignore[arg-type]


def _setting(counter: Counter, key: str) -> str | None:
    with counter.ctx.db.session() as session:
        row = session.get(Setting, key)
        return row.value if row is not None else None


def _restore(counter: Counter, saved: Path, opened: list[Context]) -> Counter:
    """What `counter backup restore FILE --yes` does to a counter PC whose software is closed."""
    path = counter.ctx.db.path
    counter.ctx.db.close()
    backup.restore(path, saved)
    ctx = Context(Database(path), counter.ctx.actor, now=counter.clock.now)
    opened.append(ctx)
    return Counter(ctx, counter.clock, counter.name)


def _take_backup(counter: Counter, folder: Path) -> Path:
    return backup.backup_now(counter.ctx.db.path, directory=folder).path


def _own_events(counter: Counter) -> int:
    with counter.ctx.db.session() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(EventRow)
                .where(EventRow.device == counter.ctx.device_id)
            )
            or 0
        )


def test_a_restored_counter_takes_back_what_it_sent_after_the_backup(
    live: LiveServer,
    office: str,
    make_counter: Callable[..., Counter],
    tmp_path: Path,
    reopened: list[Context],
) -> None:
    a, b = make_counter("a"), make_counter("b")
    enrol(live.store, a, live.url)
    enrol(live.store, b, live.url)
    first = intake(a, "Nguyễn Văn Trước")
    _sync(a)
    saved = _take_backup(a, tmp_path / "bk")
    after = [intake(a, name) for name in ("Trần Thị Một", "Lê Văn Hai", "Phạm Thị Ba")]
    assert [c[-4:] for c in (first, *after)] == ["0001", "0002", "0003", "0004"]
    _sync(a)
    own_before = _own_events(a)
    b_code = intake(b, "Đỗ Văn Bên")  # another counter's work the backup never saw
    _sync(b)

    a = _restore(a, saved, reopened)
    assert _setting(a, client.RECOVER) == _setting(a, client.CURSOR)
    assert client.status(a.ctx).recovering
    assert all(queries.find_by_code(a.ctx, code) is None for code in after)

    report = _sync(a)
    assert report.recovered == own_before - _own_events_in_backup(saved, a)
    assert report.recovered_dossiers == 3
    assert report.pushed == 0 and not report.clashes
    assert "Đã lấy lại" in report.summary() and "3 hồ sơ" in report.summary()
    assert _setting(a, client.RECOVER) is None and not client.status(a.ctx).recovering
    assert _own_events(a) == own_before
    for code, name in zip(after, ("Trần Thị Một", "Lê Văn Hai", "Phạm Thị Ba"), strict=True):
        view = queries.find_by_code(a.ctx, code)
        assert view is not None and view.applicant_name == name
    assert queries.find_by_code(a.ctx, b_code) is not None  # others' events came on the way
    assert client.status(a.ctx).waiting == 0  # nothing taken back is sent again
    assert audit.verify_chain(a.ctx).ok

    # The sequence goes on from the last code given to a citizen, not from the backup's.
    fresh = intake(a, "Vũ Thị Mới")
    assert fresh[-4:] == "0005"
    report = _sync(a)
    assert report.pushed >= 1 and not report.clashes
    assert server.office_counts(live.store, office)["code_clashes"] == 0
    assert audit.verify_chain(a.ctx).ok
    assert report.recovered == 0 and report.pulled == 0

    # The other counter sees every dossier exactly once, and the same as A.
    _sync(b)
    assert dossier_rows(a) == dossier_rows(b) and len(dossier_rows(b)) == 6
    with b.ctx.db.session() as session:
        ids = list(session.scalars(select(EventRow.id)))
    assert len(ids) == len(set(ids))
    assert server.office_counts(live.store, office)["events"] == len(ids)
    assert audit.verify_chain(b.ctx).ok


def _own_events_in_backup(saved: Path, counter: Counter) -> int:
    db = Database(saved)
    try:
        with db.session() as session:
            return int(
                session.scalar(
                    select(func.count())
                    .select_from(EventRow)
                    .where(EventRow.device == counter.ctx.device_id)
                )
                or 0
            )
    finally:
        db.close()


class CutAfterFirstRecoveryPage(Relay):
    """Lets the first recovery page through, then the network is gone."""

    def __init__(self) -> None:
        super().__init__()
        self.recovery_pages = 0
        self.pushes = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/push":
            self.pushes += 1
        if request.url.params.get("own") == "true":
            self.recovery_pages += 1
            if self.recovery_pages > 1:
                raise httpx.ConnectError("the line went down", request=request)
        return self.relay(request)


def test_an_interrupted_recovery_resumes_and_comes_first(
    live: LiveServer,
    office: str,
    make_counter: Callable[..., Counter],
    tmp_path: Path,
    reopened: list[Context],
) -> None:
    a = make_counter("a")
    enrol(live.store, a, live.url)
    _sync(a)
    saved = _take_backup(a, tmp_path / "bk")
    after = [intake(a, f"Người Thứ {n}") for n in range(4)]
    _sync(a)
    a = _restore(a, saved, reopened)
    start = int(_setting(a, client.RECOVER) or "-1")
    assert start >= 0

    cut = CutAfterFirstRecoveryPage()
    with pytest.raises(SyncError, match="Không kết nối được"):
        _sync(a, transport=cut, page=3)
    # Nothing was sent before the counter got its own events back; the stored page stays.
    assert cut.pushes == 0
    mark = int(_setting(a, client.RECOVER) or "-1")
    assert mark > start
    assert int(_setting(a, client.CURSOR) or "0") == mark
    back = [code for code in after if queries.find_by_code(a.ctx, code) is not None]
    assert 0 < len(back) < len(after)
    assert client.status(a.ctx).recovering and client.status(a.ctx).last_error

    report = _sync(a, page=3)
    assert report.recovered_dossiers == len(after) - len(back)
    assert all(queries.find_by_code(a.ctx, code) is not None for code in after)
    assert _setting(a, client.RECOVER) is None
    assert audit.verify_chain(a.ctx).ok
    assert intake(a, "Người Sau Cùng")[-4:] == f"{len(after) + 1:04d}"
    assert audit.verify_chain(a.ctx).ok


class OlderServer(Relay):
    """A server from before `own`: it ignores the flag (and so never echoes it)."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if "own" in request.url.params:
            request.url = request.url.copy_remove_param("own")
        return self.relay(request)


def test_a_server_that_ignores_own_leaves_the_recovery_due(
    live: LiveServer,
    office: str,
    make_counter: Callable[..., Counter],
    tmp_path: Path,
    reopened: list[Context],
) -> None:
    a = make_counter("a")
    enrol(live.store, a, live.url)
    _sync(a)
    saved = _take_backup(a, tmp_path / "bk")
    code = intake(a)
    _sync(a)
    a = _restore(a, saved, reopened)
    mark = _setting(a, client.RECOVER)
    with pytest.raises(SyncError, match="chưa hỗ trợ lấy lại"):
        _sync(a, transport=OlderServer())
    assert _setting(a, client.RECOVER) == mark and client.status(a.ctx).recovering
    assert queries.find_by_code(a.ctx, code) is None
    assert _sync(a).recovered_dossiers == 1  # the upgraded server gives them back
    assert queries.find_by_code(a.ctx, code) is not None


def test_only_an_enrolled_counter_is_flagged_and_enrolling_again_restarts_recovery(
    live: LiveServer,
    office: str,
    make_counter: Callable[..., Counter],
    tmp_path: Path,
    reopened: list[Context],
) -> None:
    a = make_counter("a")
    intake(a)
    unenrolled = _take_backup(a, tmp_path / "bk1")
    a = _restore(a, unenrolled, reopened)
    assert _setting(a, client.RECOVER) is None
    assert not backup.recovery_pending(a.ctx.db.path)

    enrol(live.store, a, live.url)
    _sync(a)
    saved = _take_backup(a, tmp_path / "bk2")
    code = intake(a, "Hoàng Văn Sau")
    _sync(a)
    a = _restore(a, saved, reopened)
    assert backup.recovery_pending(a.ctx.db.path)
    # Enrolled again before the sync (a new code from the server's admin): the cursor starts
    # over, so does the recovery.
    enrol(live.store, a, live.url)
    assert _setting(a, client.RECOVER) == "0" and _setting(a, client.CURSOR) is None
    report = _sync(a)
    assert report.recovered_dossiers == 1
    assert queries.find_by_code(a.ctx, code) is not None
    assert audit.verify_chain(a.ctx).ok


def test_from_the_command_line_restore_then_sync_takes_the_dossiers_back(
    live: LiveServer,
    office: str,
    make_counter: Callable[..., Counter],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    a = make_counter("a")
    enrol(live.store, a, live.url)
    _sync(a)
    saved = _take_backup(a, tmp_path / "bk")
    code = intake(a, "Đinh Thị Dòng Lệnh")
    _sync(a)
    path = str(a.ctx.db.path)
    a.ctx.db.close()

    assert main(["--db", path, "backup", "restore", str(saved), "--yes"]) == 0
    assert "hãy chạy «counter sync» trước khi tiếp nhận hồ sơ mới" in capsys.readouterr().out
    assert main(["sync", "--db", path, "--status"]) == 0
    assert "chưa được lấy lại" in capsys.readouterr().out
    live.stop()  # the server is down: the sync fails and says the recovery is still due
    assert main(["sync", "--db", path, "--attempts", "1"]) == 1
    assert "chưa được lấy lại" in capsys.readouterr().err
    again = LiveServer(live.store, port=live.port).start()
    try:
        assert main(["sync", "--db", path]) == 0
    finally:
        again.stop()
    assert "Đã lấy lại 1 sự kiện của quầy này (1 hồ sơ tiếp nhận)" in capsys.readouterr().out
    assert main(["sync", "--db", path, "--status"]) == 0
    assert "chưa được lấy lại" not in capsys.readouterr().out
    db = Database(a.ctx.db.path)
    try:
        ctx = Context(db, a.ctx.actor, now=a.clock.now)
        assert queries.find_by_code(ctx, code) is not None
        assert audit.verify_chain(ctx).ok
    finally:
        db.close()


def test_work_done_before_the_recovery_keeps_codes_apart_and_the_chain_whole(
    live: LiveServer,
    office: str,
    make_counter: Callable[..., Counter],
    tmp_path: Path,
    reopened: list[Context],
) -> None:
    """Offline after the restore, the counter keeps receiving: no code given after the backup
    is issued again, and once the recovery runs the audit sees a fork at the restore point,
    not tampering (both branches verify)."""
    a, b = make_counter("a"), make_counter("b")
    enrol(live.store, a, live.url)
    enrol(live.store, b, live.url)
    intake(a, "Nguyễn Văn Trước")
    _sync(a)
    saved = _take_backup(a, tmp_path / "bk")
    after = [intake(a, name) for name in ("Trần Thị Một", "Lê Văn Hai")]
    _sync(a)

    a = _restore(a, saved, reopened)
    offline = [intake(a, name) for name in ("Hồ Văn Ngoại", "Mai Thị Tuyến")]
    assert not set(offline) & set(after)  # the sequences of the replaced database carried over
    assert [c[-4:] for c in offline] == ["0004", "0005"]
    assert audit.verify_chain(a.ctx).ok

    report = _sync(a)
    assert report.recovered_dossiers == 2 and not report.clashes
    for code in (*after, *offline):
        assert queries.find_by_code(a.ctx, code) is not None
    assert audit.verify_chain(a.ctx).ok  # the recovered branch continues from the restore point
    later = intake(a, "Phan Văn Sau")  # and new work continues after the recovered events
    assert later[-4:] == "0006"
    _sync(a)
    assert audit.verify_chain(a.ctx).ok
    _sync(b)
    assert dossier_rows(a) == dossier_rows(b) and len(dossier_rows(b)) == 6
    assert server.office_counts(live.store, office)["code_clashes"] == 0
    # Known limit: the fork point is not sent to the other counters yet, so they report where
    # the offline branch leaves A's chain and where the chain rejoins it (and nothing else).
    breaks = audit.verify_chain(b.ctx).breaks
    assert len(breaks) == 2 and {x.device for x in breaks} == {a.ctx.device_id}


def _delete_events(counter: Counter, where: str, params: tuple[object, ...] = ()) -> int:
    """What someone with an SQLite tool could do: drop the append-only triggers, delete."""
    from counter.db import encryption

    conn = encryption.connect(counter.ctx.db.path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")]
        for name in names:
            conn.execute(f'DROP TRIGGER "{name}"')
        with conn:
            return conn.execute(f"DELETE FROM events WHERE {where}", params).rowcount
    finally:
        conn.close()


def _forked_counter(
    live: LiveServer, make_counter: Callable[..., Counter], tmp_path: Path, opened: list[Context]
) -> tuple[Counter, str]:
    """A counter restored from a backup, with work done offline, then recovered."""
    a = make_counter("a")
    enrol(live.store, a, live.url)
    for name in ("Nguyễn Văn Một", "Nguyễn Văn Hai", "Nguyễn Văn Ba"):
        intake(a, name)
    _sync(a)
    saved = _take_backup(a, tmp_path / "bk")
    intake(a, "Trần Thị Sau")
    _sync(a)
    a = _restore(a, saved, opened)
    offline = intake(a, "Hồ Văn Ngoại")
    _sync(a)
    assert audit.verify_chain(a.ctx).ok
    return a, offline


def test_deleting_events_up_to_the_fork_point_is_still_flagged(
    live: LiveServer,
    office: str,
    make_counter: Callable[..., Counter],
    tmp_path: Path,
    reopened: list[Context],
) -> None:
    a, _offline = _forked_counter(live, make_counter, tmp_path, reopened)
    with a.ctx.db.session() as session:
        fork = session.get(Setting, backup.FORK_POINTS).value.split(" ")[1]
    # The fork-point event and the five before it: the walk never passes the fork point, so
    # the branches that start there may not be accepted as forks.
    point = "(SELECT {} FROM events WHERE hash = ?)"  # ids are stored as bytes: by the row
    gone = _delete_events(
        a,
        f"device = {point.format('device')} AND seq <= {point.format('seq')} "
        f"AND seq > {point.format('seq')} - 6",
        (bytes.fromhex(fork),) * 3,
    )
    assert gone == 6
    assert not audit.verify_chain(a.ctx).ok


def test_deleting_the_offline_branch_is_flagged(
    live: LiveServer,
    office: str,
    make_counter: Callable[..., Counter],
    tmp_path: Path,
    reopened: list[Context],
) -> None:
    a, offline = _forked_counter(live, make_counter, tmp_path, reopened)
    gone = _delete_events(a, "dossier_id = (SELECT id FROM dossiers WHERE code = ?)", (offline,))
    assert gone >= 1
    report = audit.verify_chain(a.ctx)
    assert not report.ok
    assert any("nhánh đó đã bị xóa" in b.reason for b in report.breaks)
