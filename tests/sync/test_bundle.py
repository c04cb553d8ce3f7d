"""Sync by USB stick (issue 19): bundles exported by a counter, imported on the server or on
another counter of the office, and the answer bundles that come back (SQLite and PostgreSQL)."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter.db.models import EventRow
from counter.services import office as office_service
from counter.services import workflow
from counter.sync import bundle, client, server
from counter.sync.bundle import BundleRefused
from counter.sync.client import RetryPolicy
from counter.sync.store import ServerEvent, ServerStore
from tests.conftest import TEST_OFFICE
from tests.sync.conftest import Counter, LiveServer, dossier_rows, enrol, intake

FAST = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05, timeout=10)
OFFICE = "000.00.12.H40"
OTHER = "000.00.12.H41"


@pytest.fixture
def office(store: ServerStore) -> str:
    server.add_office(store, OFFICE, "UBND xã Tân Hưng")
    return OFFICE


def _events(counter: Counter) -> list[str]:
    with counter.ctx.db.session() as session:
        return sorted(session.scalars(select(EventRow.id)))


def _server_events(store: ServerStore) -> list[str]:
    with store.session() as session:
        return sorted(session.scalars(select(ServerEvent.id)))


def _work_a_day(counter: Counter, day: datetime, codes: list[str], names: list[str]) -> None:
    """A day at the counter: new dossiers, and the earlier ones moved along."""
    counter.clock.set(day.replace(hour=8))
    for n, name in enumerate(names):
        counter.clock.set(day.replace(hour=8 + n))
        codes.append(intake(counter, name))
    ctx = counter.ctx
    if len(codes) > 2:
        code = codes[-3]
        counter.clock.set(day.replace(hour=15))
        workflow.transfer(ctx, code, "Lê Văn Đạt", "Tư pháp")
        workflow.add_note(ctx, code, "Đã gọi điện cho công dân")


def test_three_days_by_stick_beside_the_network(
    live: LiveServer,
    office: str,
    make_counter: Callable[..., Counter],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bundle, "PUSH_BATCH", 7)  # each day's file carries several batches
    stick = tmp_path / "usb"
    stick.mkdir()
    a, b = make_counter("a"), make_counter("b")
    enrol(live.store, a, live.url)
    enrol(live.store, b, live.url)
    # Both take the office once; from here A has no line, B keeps its network.
    client.sync_now(a.ctx, policy=FAST)
    client.sync_now(b.ctx, policy=FAST)
    codes_a: list[str] = []
    codes_b: list[str] = []
    first: Path | None = None
    first_answer: Path | None = None
    for day_no in range(3):
        day = datetime(2026, 3, 2 + day_no)
        _work_a_day(a, day, codes_a, [f"Nguyễn Văn A{day_no}{n}" for n in range(3)])
        _work_a_day(b, day, codes_b, [f"Trần Thị B{day_no}{n}" for n in range(2)])
        client.sync_now(b.ctx, policy=FAST)
        # Evening: A's clerk exports to the stick, the stick goes to the server…
        a.clock.set(day.replace(hour=17))
        exported = bundle.export(a.ctx, stick / f"quay-a-ngay-{day_no + 1}.dongbo")
        assert exported.events > 0
        assert client.status(a.ctx).waiting == exported.events
        on_server = stick / f"tai-may-chu-{day_no + 1}.dongbo"
        shutil.copyfile(exported.path, on_server)
        taken = bundle.import_on_server(live.store, on_server)
        assert taken.accepted == exported.events and taken.repeated == 0
        assert taken.answer == stick / f"tai-may-chu-{day_no + 1}-tra-loi.dongbo"
        if day_no == 0:
            first, first_answer = on_server, taken.answer
            # The same stick read twice: nothing more is stored.
            before = _server_events(live.store)
            again = bundle.import_on_server(live.store, on_server, stick / "lan-hai.dongbo")
            assert (again.accepted, again.repeated) == (0, exported.events)
            assert _server_events(live.store) == before
        # … and its answer comes back to A the next morning.
        done = bundle.import_file(a.ctx, taken.answer)
        assert done.kind == "answer" and done.source == "server"
        assert client.status(a.ctx).waiting == 0
    assert first is not None and first_answer is not None
    # Day 1's bundle and answer, read again after later days (out of order): nothing changes.
    before_server, before_a = _server_events(live.store), _events(a)
    late = bundle.import_on_server(live.store, first, stick / "muon.dongbo")
    assert late.accepted == 0
    bundle.import_file(a.ctx, first_answer)
    assert (_server_events(live.store), _events(a)) == (before_server, before_a)
    assert client.status(a.ctx).waiting == 0

    # A truncated copy (the stick pulled out while copying) and a tampered one are refused.
    raw = (stick / "quay-a-ngay-3.dongbo").read_bytes()
    (stick / "cut.dongbo").write_bytes(raw[: len(raw) // 2])
    with pytest.raises(BundleRefused, match="cắt cụt"):
        bundle.import_on_server(live.store, stick / "cut.dongbo")
    data = json.loads(gzip.decompress(raw))
    data["body"] = data["body"].replace("Nguyễn Văn A2", "Nguyễn Văn X2")
    (stick / "sua.dongbo").write_bytes(gzip.compress(json.dumps(data).encode()))
    with pytest.raises(BundleRefused, match="sửa đổi"):
        bundle.import_on_server(live.store, stick / "sua.dongbo")
    assert _server_events(live.store) == before_server

    # B and A meet the server's log by their usual paths; all three agree.
    client.sync_now(b.ctx, policy=FAST)
    a.clock.set(datetime(2026, 3, 5, 8))
    final = bundle.export(a.ctx, stick / "cuoi.dongbo")
    assert final.events == 0
    bundle.import_file(a.ctx, bundle.import_on_server(live.store, final.path).answer)
    assert dossier_rows(a) == dossier_rows(b)
    assert _events(a) == _events(b) == _server_events(live.store)
    assert len(dossier_rows(a)) == 9 + 6
    codes = [row["code"] for row in dossier_rows(a)]
    assert sorted(codes) == sorted(codes_a + codes_b)
    with a.ctx.db.session() as session:
        assert session.scalar(select(func.count()).select_from(EventRow)) == len(_events(a))
    # The panel: nothing waiting for the server, the last exchange by file.
    status = client.status(a.ctx)
    assert status.exchanges[0].counter_no == 0 and status.exchanges[0].waiting == 0
    assert status.exchanges[0].last_file == "2026-03-05 08:00:00"


def test_refused_bundles_change_nothing(
    live: LiveServer,
    office: str,
    make_counter: Callable[..., Counter],
    tmp_path: Path,
) -> None:
    server.add_office(live.store, OTHER, "UBND xã Tân Lợi")
    a, c = make_counter("a"), make_counter("c")
    with c.ctx.db.unit_of_work() as session:
        office_service.save_settings(session, replace(TEST_OFFICE, identifier=OTHER))
    enrol(live.store, a, live.url)
    enrol(live.store, c, live.url, OTHER)
    intake(a)
    intake(c)
    from_other = bundle.export(c.ctx, tmp_path / "khac.dongbo")
    # On a counter of another office.
    with pytest.raises(BundleRefused, match=re.escape(f"của cơ quan «{OTHER}»")):
        bundle.import_file(a.ctx, from_other.path)
    # On the server, for the wrong office.
    with pytest.raises(BundleRefused, match="cơ quan"):
        bundle.import_on_server(live.store, from_other.path, office=OFFICE)
    # From a revoked counter.
    mine = bundle.export(a.ctx, tmp_path / "a.dongbo")
    server.revoke_device(live.store, OFFICE, a.ctx.counter_no)
    with pytest.raises(BundleRefused, match="thu hồi"):
        bundle.import_on_server(live.store, mine.path)
    assert _server_events(live.store) == []
    # An answer is read only by the counter it was written for.
    answer = bundle.import_on_server(live.store, from_other.path).answer
    with pytest.raises(BundleRefused):
        bundle.import_file(a.ctx, answer)
    with pytest.raises(BundleRefused, match="không phải tệp đồng bộ"):
        (tmp_path / "x.dongbo").write_bytes(gzip.compress(b'{"a":1}'))
        bundle.import_file(a.ctx, tmp_path / "x.dongbo")


def test_counters_exchange_without_a_server(
    live: LiveServer,
    office: str,
    make_counter: Callable[..., Counter],
    tmp_path: Path,
) -> None:
    """A commune whose server is out of reach: A's stick goes to counter C of the same office
    (its events taken as the server would take them), C's answer comes back to A."""
    a, c, d = make_counter("a"), make_counter("c"), make_counter("d")
    for counter in (a, c, d):
        enrol(live.store, counter, live.url)
        client.sync_now(counter.ctx, policy=FAST)
    intake(a, "Nguyễn Văn An")
    first = bundle.export(a.ctx, tmp_path / "a1.dongbo")
    of_c = intake(c, "Lê Thị Cúc")
    lacking = set(_events(c)) - set(_events(a))
    took = bundle.import_file(c.ctx, first.path)
    assert (took.kind, took.counter_no, took.new) == ("push", a.ctx.counter_no, first.events)
    # The answer carries what A lacks, by what A's bundle says it holds: no more.
    assert took.answer is not None and took.answer_events == len(lacking) > 0
    again = bundle.import_file(c.ctx, first.path, tmp_path / "c-lan-hai.dongbo")
    assert again.new == 0
    back = bundle.import_file(a.ctx, took.answer)
    assert (back.kind, back.source) == ("answer", "counter")
    assert dossier_rows(a) == dossier_rows(c)
    status = client.status(a.ctx)
    assert status.waiting == first.events  # the server has still seen none of it
    assert [(e.counter_no, e.waiting) for e in status.exchanges[1:]] == [(c.ctx.counter_no, 0)]
    # A's second bundle follows the first one's answer from the server: a counter that never
    # saw the first refuses it (out of order) until it has it.
    bundle.import_file(a.ctx, bundle.import_on_server(live.store, first.path).answer)
    assert client.status(a.ctx).waiting == 0
    a.clock.set(a.clock.now() + timedelta(hours=1))
    intake(a, "Phạm Văn Bình")
    second = bundle.export(a.ctx, tmp_path / "a2.dongbo")
    assert second.first_seq > first.last_seq
    with pytest.raises(BundleRefused, match="nối tiếp"):
        bundle.import_file(d.ctx, second.path)
    assert dossier_rows(d) == []
    bundle.import_file(d.ctx, first.path)
    bundle.import_file(d.ctx, second.path)
    assert [r["code"] for r in dossier_rows(d)] == [
        r["code"] for r in dossier_rows(a) if r["code"] != of_c
    ]
    # Its own bundle is refused with a plain word.
    with pytest.raises(BundleRefused, match="chính quầy này"):
        bundle.import_file(a.ctx, second.path)


def test_the_clerk_carrying_the_stick_by_commands(
    make_counter: Callable[..., Counter], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's procedure: export at the counter, import on the server (its database, as
    `counter server` uses it), import the answer at the counter; a bad file exits 1 in words."""
    from counter.cli import main

    db = str(tmp_path / "server.sqlite3")
    store = ServerStore(db)
    server.add_office(store, OFFICE, "UBND xã Tân Hưng")
    live = LiveServer(store).start()
    try:
        a = make_counter("a")
        enrol(store, a, live.url)
    finally:
        live.stop()
    intake(a)
    path = a.ctx.db.path
    stick = tmp_path / "E"
    stick.mkdir()
    assert main(["--db", str(path), "sync", "export", str(stick / "quay-1.dongbo")]) == 0
    out = capsys.readouterr().out
    assert "counter server import" in out
    assert main(["server", "--db", db, "import", str(stick / "quay-1.dongbo")]) == 0
    out = capsys.readouterr().out
    assert "quay-1-tra-loi.dongbo" in out and "sự kiện mới" in out
    assert main(["--db", str(path), "sync", "import", str(stick / "quay-1-tra-loi.dongbo")]) == 0
    assert "Đã nhập tệp trả lời của máy chủ" in capsys.readouterr().out
    assert main(["--db", str(path), "sync", "--status"]) == 0
    assert "Sự kiện chờ gửi: 0" in capsys.readouterr().out
    # The same on the server through `counter sync import --server-db` (the copy changes nothing).
    shutil.copyfile(stick / "quay-1.dongbo", stick / "ban-sao.dongbo")
    assert main(["sync", "import", str(stick / "ban-sao.dongbo"), "--server-db", db]) == 0
    assert "0 sự kiện mới" in capsys.readouterr().out
    (stick / "hong.dongbo").write_bytes((stick / "quay-1.dongbo").read_bytes()[:100])
    assert main(["server", "--db", db, "import", str(stick / "hong.dongbo")]) == 1
    assert "Không nhận tệp" in capsys.readouterr().err
    store.close()


def test_a_bundle_after_the_network_delivered_it_changes_nothing(
    live: LiveServer,
    office: str,
    make_counter: Callable[..., Counter],
    tmp_path: Path,
) -> None:
    a, b = make_counter("a"), make_counter("b")
    enrol(live.store, a, live.url)
    enrol(live.store, b, live.url)
    intake(a)
    intake(b)
    late = bundle.export(a.ctx, tmp_path / "a.dongbo")
    # The line came back before the stick reached the server.
    client.sync_now(a.ctx, policy=FAST)
    client.sync_now(b.ctx, policy=FAST)
    client.sync_now(a.ctx, policy=FAST)
    before = (_server_events(live.store), _events(a), dossier_rows(a))
    taken = bundle.import_on_server(live.store, late.path)
    assert (taken.accepted, taken.repeated) == (0, late.events)
    done = bundle.import_file(a.ctx, taken.answer)
    assert done.new == 0
    assert (_server_events(live.store), _events(a), dossier_rows(a)) == before
    assert client.status(a.ctx).waiting == 0
    assert dossier_rows(a) == dossier_rows(b)


def test_one_bad_batch_refuses_the_whole_bundle(
    live: LiveServer,
    office: str,
    make_counter: Callable[..., Counter],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A bundle carries the network's batches; a bad event in the last one (written by a buggy
    counter, correctly authenticated) stores nothing of the earlier ones either."""
    import hashlib
    import hmac

    from counter.sync.state import TOKEN, setting

    monkeypatch.setattr(bundle, "PUSH_BATCH", 1)
    a = make_counter("a")
    enrol(live.store, a, live.url)
    intake(a)
    intake(a, "Lê Văn Bình")
    exported = bundle.export(a.ctx, tmp_path / "a.dongbo")
    data = json.loads(gzip.decompress(exported.path.read_bytes()))
    body = json.loads(data["body"])
    assert len(body["pushes"]) == exported.events > 1
    body["pushes"][-1]["events"][-1][2] = "loai_moi"  # a type this release does not know
    text = json.dumps(body, ensure_ascii=False).encode()
    with a.ctx.db.session() as session:
        token = setting(session, TOKEN)
    key = bundle.device_key(bundle.token_hash(token), OFFICE, a.ctx.device_id)
    data["body"] = text.decode()
    data["mac"]["device"] = hmac.new(key, text, hashlib.sha256).hexdigest()
    (tmp_path / "loi.dongbo").write_bytes(gzip.compress(json.dumps(data).encode()))
    with pytest.raises(BundleRefused, match="không hợp lệ"):
        bundle.import_on_server(live.store, tmp_path / "loi.dongbo")
    assert _server_events(live.store) == []
    taken = bundle.import_on_server(live.store, exported.path)
    assert taken.accepted == exported.events
