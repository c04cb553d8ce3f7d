"""Trust inside an office (issue 15, items 2 and 3): only an admin changes reference data, each
push is signed and receipted, and the audit finds what a device's owner could hide."""

from __future__ import annotations

import gzip
import json
import os
import re
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, text, update

from counter.cli import main
from counter.db import codec, events
from counter.db.engine import Database
from counter.db.models import Device, Dossier, EventRow, Setting, User
from counter.db.wire import chain_hash, from_row
from counter.errors import PermissionDenied
from counter.services import authority, setup, users
from counter.services.audit import verify_chain
from counter.services.context import Actor, Context
from counter.services.eventstore import new_event
from counter.services.reference_log import user_key
from counter.sync import client, office_setup, signing
from counter.sync.state import TOKEN, store_pulled
from counter.sync.store import ServerEvent, ServerStore
from counter.sync.transport import RetryPolicy, SyncError
from tests.conftest import OFFICE_FILE, Clock
from tests.services.helpers import receive
from tests.sync.conftest import LiveServer

FAST = RetryPolicy(attempts=1)
ADMIN_PASSWORD = str(OFFICE_FILE["admin"]["password"])  # type: ignore[index]
CLERK = Actor("motcua", "Trần Thị Thu Hà", "clerk")


def _office(store: ServerStore) -> None:
    office_setup.set_up_office(store, setup.parse_office_file(OFFICE_FILE))


def _counter(store: ServerStore, live: LiveServer, path: Path) -> Context:
    """A new PC enrolled with the office set up on the server, acting as the clerk."""
    from counter.sync import server

    ctx = Context(Database(path), CLERK, now=Clock(datetime(2026, 3, 2, 9, 0)).now)
    code = server.create_enrolment(store, str(OFFICE_FILE["identifier"]))
    assert client.register(ctx, live.url, code.code, policy=FAST).office_received
    return ctx


def _admin(ctx: Context) -> Context:
    """The first admin signed in on this counter: their key unlocked, as the window does."""
    info = users.sign_in(ctx.db, "quantri", ADMIN_PASSWORD)
    assert info.signer is not None
    return ctx.as_user(info.actor, info.signer)


def _forged_admin(ctx: Context, username: str = "intruder") -> object:
    """An admin account with the argon2 hash of a password the intruder knows."""
    return new_event(
        ctx,
        user_key(username),
        "ref.user",
        {
            "username": username,
            "full_name": "Kẻ Gian",
            "title": "",
            "role": "admin",
            "password_hash": users.hash_password("known-pass"),
            "active": True,
        },
    )


def _server_has(store: ServerStore, key: str) -> bool:
    with store.session() as session:
        return (
            session.scalar(select(ServerEvent.id).where(ServerEvent.dossier_id == key)) is not None
        )


def test_only_an_admin_changes_reference_data(
    store: ServerStore, live: LiveServer, tmp_path: Path
) -> None:
    _office(store)
    a = _counter(store, live, tmp_path / "a.sqlite3")
    b = _counter(store, live, tmp_path / "b.sqlite3")
    c = _counter(store, live, tmp_path / "c.sqlite3")

    # A compromised device writes an admin account straight into its log and pushes it.
    forged = _forged_admin(a)
    with a.db.unit_of_work() as session:
        events.record(session, forged)  # type: ignore[arg-type]
    with pytest.raises(SyncError) as refused:
        client.sync_now(a, policy=FAST)
    assert "không có chữ ký của quản trị viên" in refused.value.message
    assert "ref.user" in refused.value.message
    assert not _server_has(store, user_key("intruder"))

    # An edit at a counter without the admin's key (acting as admin, but not signed in with
    # the password) is refused there, nothing kept.
    keyless = b.as_user(Actor("quantri", "Nguyễn Quản Trị", "admin"))
    with (
        pytest.raises(PermissionDenied, match="quản trị viên ký"),
        b.db.unit_of_work() as session,
    ):
        users.create_user(session, "lan", "Lê Thị Lan", "clerk", "lan-123456", ctx=keyless)
    with b.db.session() as session:
        assert session.scalar(select(User).where(User.username == "lan")) is None

    # The real admin, signed in on B, adds a clerk: it applies on every counter.
    admin = _admin(b)
    with b.db.unit_of_work() as session:
        users.create_user(session, "lan", "Lê Thị Lan", "clerk", "lan-123456", ctx=admin)
    client.sync_now(b, policy=FAST)
    client.sync_now(c, policy=FAST)
    assert users.sign_in(c.db, "lan", "lan-123456").username == "lan"

    # The admin sets their own password: the office learns the new key, later changes count.
    with b.db.unit_of_work() as session:
        users.set_password(session, "quantri", "mat-khau-moi", ctx=admin)
        users.create_user(session, "hoa", "Phạm Thị Hoa", "clerk", "hoa-123456", ctx=admin)
    client.sync_now(b, policy=FAST)
    client.sync_now(c, policy=FAST)
    assert users.sign_in(c.db, "hoa", "hoa-123456").username == "hoa"
    assert users.sign_in(c.db, "quantri", "mat-khau-moi").signer is not None

    # A clerk's own key (unsealed with the clerk's password) cannot make an admin.
    with c.db.session() as session:
        row = session.scalar(select(User).where(User.username == "lan"))
        assert row is not None and row.secret_key
        clerk_key = authority.unseal(row.secret_key, "lan-123456")
    assert clerk_key is not None
    by_clerk = authority.sign_reference(
        _forged_admin(c, "lan2"),  # type: ignore[arg-type]
        authority.Signer("lan", clerk_key),
    )
    with c.db.unit_of_work() as session:
        events.record(session, by_clerk)
    with pytest.raises(SyncError) as refused:
        client.sync_now(c, policy=FAST)
    assert "«lan», không phải quản trị viên" in refused.value.message
    assert not _server_has(store, user_key("lan2"))

    # A counter that meets an unsigned admin account (an older server relayed it) ignores it.
    with b.db.unit_of_work() as session:
        store_pulled(session, [forged])  # type: ignore[list-item]
    with pytest.raises(PermissionDenied):
        users.sign_in(b.db, "intruder", "known-pass")
    report = verify_chain(b)
    assert any("không có chữ ký hợp lệ" in x.reason for x in report.breaks)


def _own_rows(ctx: Context) -> list[EventRow]:
    with ctx.db.session() as session:
        return list(
            session.scalars(
                select(EventRow).where(EventRow.device == ctx.device_id).order_by(EventRow.seq)
            )
        )


def _unlock(ctx: Context) -> None:
    with ctx.db.unit_of_work() as session:
        session.execute(text("DROP TRIGGER IF EXISTS events_no_update"))
        session.execute(text("DROP TRIGGER IF EXISTS events_no_delete"))


def _rehash(ctx: Context, old: str, new: str) -> None:
    """Someone with the file and the code edits a payload and recomputes the whole chain of
    this counter (and its head, so its next events continue it): every link holds again."""
    _unlock(ctx)
    with ctx.db.unit_of_work() as session:
        prev = ""
        for row in session.scalars(
            select(EventRow).where(EventRow.device == ctx.device_id).order_by(EventRow.seq)
        ):
            payload = row.payload.replace(old, new)
            event = from_row(row)
            row.payload = payload
            row.prev_link = codec.link_of(prev)
            row.hash = prev = chain_hash(prev, event, payload)
        device = session.get(Device, ctx.device_id)
        assert device is not None
        device.chain_head = prev


def test_pushes_are_signed_and_receipted_and_the_audit_finds_hidden_edits(
    store: ServerStore, live: LiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _office(store)
    a = _counter(store, live, tmp_path / "a.sqlite3")
    first = receive(a, name="Nguyễn Văn Đức").dossier.code
    receive(a, name="Trần Văn Bình")
    client.sync_now(a, policy=FAST)
    with a.db.session() as session:
        receipt = json.loads(session.get(Setting, signing.RECEIPT).value)  # type: ignore[union-attr]
    assert receipt["head"] == _own_rows(a)[-1].hash
    assert verify_chain(a).ok

    # The server checks the signed head: a body signed by another key is refused.
    receive(a, name="Lê Thị Cúc")
    with a.db.session() as session:
        token = session.get(Setting, TOKEN).value  # type: ignore[union-attr]
        rows = _own_rows(a)[-1:]
        body = signing.push_body(session, a, str(OFFICE_FILE["identifier"]), rows)
    body["head"]["sig"] = authority.sign(authority.new_key(), "forged")
    answer = httpx.post(
        live.url + "/v1/push",
        content=gzip.compress(json.dumps(body).encode()),
        headers={"Authorization": f"Bearer {token}", "Content-Encoding": "gzip"},
    )
    assert answer.status_code == 403 and "Chữ ký của quầy" in answer.json()["detail"]
    client.sync_now(a, policy=FAST)  # the real push goes through

    # The dossiers table edited by hand (name, due date 2099): the audit compares it with the
    # fold of the events.
    with a.db.unit_of_work() as session:
        session.execute(
            update(Dossier)
            .where(Dossier.code == first)
            .values(applicant_name="Người Khác", due_at="2099-01-01 17:00:00")
        )
    report = verify_chain(a)
    assert any("khác với nhật ký" in x.reason and "due_at" in x.reason for x in report.breaks)

    # A payload edited and the whole chain re-hashed: every link holds, but the receipt's
    # head is gone (and the table no longer matches).
    _rehash(a, "Trần Văn Bình", "Trần Văn Bính")
    report = verify_chain(a)
    reasons = [x.reason for x in report.breaks]
    assert not any("bị sửa sau khi ghi" in r or "Mắt xích" in r for r in reasons)
    assert any("máy chủ đã ký nhận" in r for r in reasons)
    assert main(["--db", str(a.db.path), "audit", "verify"]) == 1
    assert "máy chủ đã ký nhận" in capsys.readouterr().out


def test_a_cloned_counter_shows_as_a_fork_of_its_chain_not_as_an_edit(
    store: ServerStore, live: LiveServer, tmp_path: Path
) -> None:
    """A compromised counter's database copied to another PC: both push with the same key and
    token, from the same point. The other counters' audit once called the real counter's next
    event "Nội dung sự kiện đã bị sửa sau khi ghi"; it is intact and branches off."""
    import shutil

    from counter.services.audit import EDITED, FORKED

    _office(store)
    a = _counter(store, live, tmp_path / "a.sqlite3")
    b = _counter(store, live, tmp_path / "b.sqlite3")
    receive(b, name="Nguyễn Văn Đức")
    client.sync_now(b, policy=FAST)
    b.db.close()
    shutil.copy(tmp_path / "b.sqlite3", tmp_path / "clone.sqlite3")
    clone = Context(Database(tmp_path / "clone.sqlite3"), CLERK, now=b.now)
    b = Context(Database(tmp_path / "b.sqlite3"), CLERK, now=b.now)
    receive(clone, name="Kẻ Gian")
    client.sync_now(clone, policy=FAST)
    receive(b, name="Trần Văn Bình")
    client.sync_now(b, policy=FAST)
    client.sync_now(a, policy=FAST)
    report = verify_chain(a)
    assert [(x.device, x.reason) for x in report.breaks] == [(b.device_id, FORKED)]
    assert not any(x.reason == EDITED for x in report.breaks)


def test_a_deleted_tail_is_found_and_an_edited_event_is_never_pushed(
    store: ServerStore, live: LiveServer, tmp_path: Path
) -> None:
    _office(store)
    a = _counter(store, live, tmp_path / "a.sqlite3")
    for name in ("Nguyễn Văn Đức", "Trần Văn Bình", "Lê Thị Cúc"):
        receive(a, name=name)
    client.sync_now(a, policy=FAST)
    assert verify_chain(a).ok

    # The two newest events deleted (two issued codes gone): every link left holds, but the
    # server's receipt names the newest.
    newest = _own_rows(a)[-2:]
    _unlock(a)
    with a.db.unit_of_work() as session:
        for row in newest:
            session.execute(text("DELETE FROM events WHERE seq = :s"), {"s": row.seq})
            session.execute(
                text("DELETE FROM dossiers WHERE id = :d"), {"d": codec.uuid_in(row.dossier_id)}
            )
    report = verify_chain(a)
    assert [x.reason for x in report.breaks if "ký nhận" in x.reason]

    # An own event edited before it was sent: sync refuses to push it and says why.
    b = _counter(store, live, tmp_path / "b.sqlite3")
    receive(b)
    rows = _own_rows(b)
    _unlock(b)
    with b.db.unit_of_work() as session:
        session.execute(
            update(EventRow)
            .where(EventRow.seq == rows[-1].seq)
            .values(payload=rows[-1].payload.replace("Nguyễn Văn Đức", "Nguyễn Văn Đực"))
        )
    with pytest.raises(signing.ChainRefused) as refused:
        client.sync_now(b, policy=FAST)
    assert "không khớp với mã băm" in refused.value.message
    assert "counter audit verify" in refused.value.message


def test_a_counter_holding_events_it_cannot_apply_says_the_software_needs_updating(
    store: ServerStore, live: LiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from counter.domain.hlc import uuid7
    from counter.sync.store import ServerOffice

    _office(store)
    a = _counter(store, live, tmp_path / "a.sqlite3")
    # An event of a type a newer release added, stored by the server that knows it.
    with store.transaction() as session:
        office = session.scalar(select(ServerOffice))
        assert office is not None
        office.last_seq += 1
        session.add(
            ServerEvent(
                office_id=office.id,
                seq=office.last_seq,
                id=uuid7(),
                dossier_id=uuid7(),
                type="sealed_by_future",
                hlc="001772420000000.000000",
                wall_time="2026-03-02 10:00:00",
                device="another-counter",
                actor="motcua",
                payload="{}",
                hash="",
            )
        )
    report = client.sync_now(a, policy=FAST)
    assert "phần mềm cần được cập nhật" in report.summary()
    assert "«sealed_by_future»" in client.status(a).needs_update
    with a.db.session() as session:
        assert session.scalar(select(EventRow.id).where(EventRow.type == "sealed_by_future"))
    client.sync_now(a, policy=FAST)  # it never stops syncing
    capsys.readouterr()
    assert main(["--db", str(a.db.path), "sync", "--status"]) == 0
    assert "phần mềm cần được cập nhật" in capsys.readouterr().out


def test_a_refused_push_keeps_the_event_and_names_it(
    store: ServerStore, live: LiveServer, tmp_path: Path
) -> None:
    _office(store)
    a = _counter(store, live, tmp_path / "a.sqlite3")
    forged = _forged_admin(a)
    with a.db.unit_of_work() as session:
        events.record(session, forged)  # type: ignore[arg-type]
    with pytest.raises(SyncError) as refused:
        client.sync_now(a, policy=FAST)
    assert forged.id in refused.value.message  # type: ignore[attr-defined]
    assert "vẫn được giữ trên máy này để xem xét" in refused.value.message
    assert client.status(a).waiting == 1
    assert "vẫn được giữ" in client.status(a).last_error


def _push_raw(live: LiveServer, token: str, body: dict[str, object]) -> httpx.Response:
    return httpx.post(
        live.url + "/v1/push",
        content=gzip.compress(json.dumps(body).encode(), compresslevel=1),
        headers={"Authorization": f"Bearer {token}", "Content-Encoding": "gzip"},
        timeout=60,
    )


def test_a_device_over_its_daily_quota_is_refused(store: ServerStore, tmp_path: Path) -> None:
    from counter.sync.app import create_app

    _office(store)
    live = LiveServer(store, app=create_app(store, device_quota=6_000)).start()
    try:
        a = _counter(store, live, tmp_path / "a.sqlite3")
        receive(a)
        client.sync_now(a, policy=FAST)  # a dossier of a few kB: within the quota
        for n in range(12):
            receive(a, name=f"Nguyễn Văn {chr(65 + n)}")
        with pytest.raises(SyncError) as refused:
            client.sync_now(a, policy=FAST)
        assert "vượt hạn mức" in refused.value.message and "MB mỗi ngày" in refused.value.message
        # Decimals as Vietnamese writes them ("0,0 MB", once "0.0 MB").
        assert re.search(r"đã gửi \d+,\d MB hôm nay", refused.value.message)

        # 29 MB of junk in one batch: refused with a 4xx, nothing stored.
        with a.db.session() as session:
            token = session.get(Setting, TOKEN).value  # type: ignore[union-attr]
        before = _count(store)
        junk = [
            [
                f"j{n}",
                f"d{n}",
                "note_added",
                "001772420000000.000000",
                "2026-03-02 10:00:00",
                a.device_id,
                "x",
                {"text": os.urandom(29_000).hex()},
                "",
            ]
            for n in range(500)
        ]
        answer = _push_raw(live, token, {"events": junk})
        assert 400 <= answer.status_code < 500 and answer.json()["detail"]
        assert _count(store) == before
    finally:
        live.stop()


def _count(store: ServerStore) -> int:
    from sqlalchemy import func

    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(ServerEvent)) or 0)


def test_the_status_page_is_rate_limited_and_never_logged(
    store: ServerStore, live: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    answers = [httpx.get(live.url + "/tra-cuu", params={"ma": "X", "k": "Y"}) for _ in range(31)]
    assert {a.status_code for a in answers[:30]} == {404}
    assert answers[30].status_code == 429 and int(answers[30].headers["retry-after"]) > 0
    assert "Bạn đã tra cứu quá nhiều lần" in answers[30].text

    # The access log line of a valid status link keeps the path, not the code or check value.
    with caplog.at_level(logging.INFO, logger="uvicorn.access"):
        logging.getLogger("uvicorn.access").info(
            '%s - "%s %s HTTP/%s" %d',
            "203.0.113.7:51000",
            "GET",
            "/tra-cuu?ma=000.00.12.H40-260302-0001&k=3fa9c2d1e0b4a5968f",
            "1.1",
            200,
        )
    assert "/tra-cuu?…" in caplog.text
    assert "3fa9c2d1e0b4a5968f" not in caplog.text and "260302-0001" not in caplog.text


def _snapshot(ctx: Context) -> tuple[list[tuple[str, str, str | None]], list[str]]:
    with ctx.db.session() as session:
        dossiers = sorted(
            (d.code, d.applicant_name, d.due_at) for d in session.scalars(select(Dossier))
        )
        accounts = sorted(session.scalars(select(User.username)))
    return dossiers, accounts


def test_a_compromised_device_tries_everything_and_the_office_carries_on(
    store: ServerStore, live: LiveServer, tmp_path: Path
) -> None:
    """One enrolled PC in the hands of an attacker (its token, its key, its database) tries
    every case of issue 15 in one run; the honest counters keep syncing, unchanged."""
    from counter.sync.state import PUSHED

    _office(store)
    honest, other = (_counter(store, live, tmp_path / f"{n}.sqlite3") for n in ("h1", "h2"))
    evil = _counter(store, live, tmp_path / "evil.sqlite3")
    receive(honest, name="Nguyễn Văn Đức")
    client.sync_now(honest, policy=FAST)
    code = receive(evil, name="Trần Văn Bình").dossier.code
    client.sync_now(evil, policy=FAST)
    client.sync_now(other, policy=FAST)
    before = _snapshot(other)
    with evil.db.session() as session:
        token = session.get(Setting, TOKEN).value  # type: ignore[union-attr]

    def wire(kind: str, payload: dict[str, object], n: int) -> list[object]:
        return [
            f"0190a000-0000-7000-8000-{n:012d}", f"0190a000-0000-7000-9000-{n:012d}", kind,
            "001772420000000.000000", "2026-03-02 10:00:00", evil.device_id, "motcua",
            payload, "",
        ]  # fmt: skip

    # 1. an unknown event type, 2. a payment without its amount: 400, naming the event.
    for n, (kind, payload) in enumerate((("sealed_by_future", {}), ("payment_recorded", {})), 1):
        answer = _push_raw(live, token, {"events": [wire(kind, payload, n)]})
        assert answer.status_code == 400 and f"loại «{kind}»" in answer.json()["detail"]

    # 3. someone else's events: 403.
    stolen = wire("note_added", {"text": "x"}, 3)
    stolen[5] = honest.device_id
    assert _push_raw(live, token, {"events": [stolen]}).status_code == 403

    # 4. its own dossier's payload edited and the chain re-hashed, then pushed again (signed
    # with its own key, which it has): the server keeps what it stored first.
    _rehash(evil, "Trần Văn Bình", "Trần Văn Bính")
    with evil.db.unit_of_work() as session:
        session.execute(update(Setting).where(Setting.key == PUSHED).values(value="0"))
    report = client.sync_now(evil, policy=FAST)
    assert report.pushed == 0 and report.repeated > 0
    with store.session() as session:
        texts = list(
            session.scalars(select(ServerEvent.payload).where(ServerEvent.type == "received"))
        )
    assert any("Trần Văn Bình" in t for t in texts) and not any("Bính" in t for t in texts)
    assert any("máy chủ đã ký nhận" in b.reason for b in verify_chain(evil).breaks)

    # 5. a self-made admin with a known password: refused, and nowhere applied.
    with evil.db.unit_of_work() as session:
        last = session.scalar(select(EventRow.seq).order_by(EventRow.seq.desc()).limit(1))
        session.execute(update(Setting).where(Setting.key == PUSHED).values(value=str(last)))
        events.record(session, _forged_admin(evil))  # type: ignore[arg-type]
    with pytest.raises(SyncError, match="không có chữ ký của quản trị viên"):
        client.sync_now(evil, policy=FAST)

    # 6. the newest events deleted on the PC: its audit finds it; the server still has them.
    newest = _own_rows(evil)[-1]
    with evil.db.unit_of_work() as session:
        session.execute(text("DELETE FROM events WHERE seq = :s"), {"s": newest.seq})
    assert not verify_chain(evil).ok

    # 7. a 29 MB flood of junk: 4xx, nothing stored.
    stored = _count(store)
    flood = [wire("note_added", {"text": os.urandom(29_000).hex()}, 100 + n) for n in range(500)]
    answer = _push_raw(live, token, {"events": flood})
    assert 400 <= answer.status_code < 500 and _count(store) == stored

    # 8. hammering the status page: 429 after a few dozen looks.
    statuses = {
        httpx.get(live.url + "/tra-cuu", params={"ma": code, "k": "0" * 18}).status_code
        for _ in range(40)
    }
    assert 429 in statuses and not any(s >= 500 for s in statuses)

    # 9. a well-formed event pushed without its signature (the key is registered): 403.
    answer = _push_raw(live, token, {"events": [wire("note_added", {"text": "x"}, 9)]})
    assert answer.status_code == 403 and "thiếu chữ ký" in answer.json()["detail"]

    # 10. another signing key registered for it (to sign what it likes from elsewhere): 403.
    answer = httpx.post(
        live.url + "/v1/device-key",
        json={"public_key": authority.public_text(authority.new_key())},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 403 and "không nhận một khóa khác" in answer.json()["detail"]

    # The office carries on: an honest counter's new dossier reaches the other, whose data is
    # otherwise unchanged, and both logs verify.
    receive(honest, name="Lê Thị Cúc")
    client.sync_now(honest, policy=FAST)
    client.sync_now(other, policy=FAST)
    after = _snapshot(other)
    assert after[1] == before[1] and "intruder" not in after[1]
    assert set(before[0]) < set(after[0]) and len(after[0]) == len(before[0]) + 1
    with pytest.raises(PermissionDenied):
        users.sign_in(other.db, "intruder", "known-pass")
    assert verify_chain(honest).ok and verify_chain(other).ok


def test_an_office_added_bare_gets_its_first_admin_on_the_server(
    store: ServerStore, live: LiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from counter.sync import server
    from tests.sync.conftest import enrol, new_counter

    server.add_office(store, str(OFFICE_FILE["identifier"]), "UBND xã Tân Hưng")
    early = new_counter(tmp_path / "early.sqlite3")
    enrol(store, early, live.url)  # enrolled before the office had an authority
    client.sync_now(early.ctx, policy=FAST)
    admin_file = tmp_path / "admin.json"
    admin_file.write_text(
        json.dumps({"username": "quantri", "full_name": "Nguyễn Quản Trị", "password": "mk-dai-1"}),
        encoding="utf-8",
    )
    db = ["server", "--db", store.url] + (["--schema", store.schema] if store.schema else [])
    assert main([*db, "office", "admin", str(OFFICE_FILE["identifier"]), str(admin_file)]) == 0
    assert "quản trị viên gốc «quantri»" in capsys.readouterr().out
    assert main([*db, "office", "admin", str(OFFICE_FILE["identifier"]), str(admin_file)]) == 2

    # The counter enrolled earlier learns the root at its next sync, and the admin account.
    client.sync_now(early.ctx, policy=FAST)
    with early.ctx.db.session() as session:
        assert session.get(Setting, "authority_root").value  # type: ignore[union-attr]
    assert users.sign_in(early.ctx.db, "quantri", "mk-dai-1").signer is not None
    # From now on an unsigned change from any counter is refused.
    with early.ctx.db.unit_of_work() as session:
        events.record(session, _forged_admin(early.ctx))  # type: ignore[arg-type]
    with pytest.raises(SyncError, match="không có chữ ký"):
        client.sync_now(early.ctx, policy=FAST)


def test_the_authority_fold_resumes_and_forgets_a_rolled_back_write(
    store: ServerStore, live: LiveServer, tmp_path: Path
) -> None:
    from counter.services.reference_log import authorised_ids

    _office(store)
    a = _counter(store, live, tmp_path / "a.sqlite3")
    admin = _admin(a)
    with a.db.session() as session:
        first = authorised_ids(session)
    assert first
    # A signed change is folded in on top of what was folded before.
    with a.db.unit_of_work() as session:
        users.create_user(session, "lan", "Lê Thị Lan", "clerk", "lan-123456", ctx=admin)
    with a.db.session() as session:
        second = authorised_ids(session)
    assert second is not None and first < second and len(second) == len(first) + 1
    # A signed write that is rolled back, then an unsigned one stored at the same place.
    with pytest.raises(RuntimeError), a.db.unit_of_work() as session:
        users.create_user(session, "hoa", "Phạm Thị Hoa", "clerk", "hoa-123456", ctx=admin)
        assert authorised_ids(session) is not None
        raise RuntimeError("rolled back")
    forged = _forged_admin(a)
    with a.db.unit_of_work() as session:
        events.record(session, forged)  # type: ignore[arg-type]
    with a.db.session() as session:
        third = authorised_ids(session)
    assert third == second and forged.id not in third  # type: ignore[attr-defined]


# --- gaps closed: keys of counters enrolled before device keys, every device's signature ------


def _unsigned(monkeypatch: pytest.MonkeyPatch) -> None:
    """The counter's software as it was before device keys: no key registered, no signed head."""
    real = signing.push_body

    def push_body(*args: object, **kwargs: object) -> dict[str, object]:
        body = real(*args, **kwargs)  # type: ignore[arg-type]
        body.pop("head")
        return body

    monkeypatch.setattr(signing, "push_body", push_body)
    monkeypatch.setattr(client, "_register_key", lambda ctx, http: None)


def _forget_key(store: ServerStore, ctx: Context) -> None:
    """The counter and the server as a counter enrolled before device keys left them."""
    from counter.sync.store import ServerDevice

    with store.transaction() as session:
        device = session.get(ServerDevice, ctx.device_id)
        assert device is not None
        device.public_key, device.key_since, device.key_registered = "", "", ""
    with ctx.db.unit_of_work() as session:
        for key in (signing.DEVICE_KEY, signing.KEY_REGISTERED):
            session.execute(text("DELETE FROM settings WHERE key = :k"), {"k": key})


def _heads(store: ServerStore, device: str) -> int:
    from counter.sync.store import PushHead

    with store.session() as session:
        return len(list(session.scalars(select(PushHead.seq).where(PushHead.device == device))))


def test_a_counter_enrolled_before_device_keys_registers_one_and_must_sign_from_then_on(
    store: ServerStore,
    live: LiveServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from counter.sync.store import ServerDevice

    _office(store)
    old = _counter(store, live, tmp_path / "old.sqlite3")
    other = _counter(store, live, tmp_path / "other.sqlite3")
    _forget_key(store, old)

    # The old software: its pushes carry no signature, and the server takes them (no key yet).
    with monkeypatch.context() as old_software:
        _unsigned(old_software)
        receive(old, name="Nguyễn Văn Đức")
        assert main(["--db", str(old.db.path), "sync"]) == 0
    assert _heads(store, old.device_id) == 0
    from counter.services import backup

    keyless = backup.backup_now(old.db.path, directory=tmp_path / "backups").path

    # Upgraded: its next sync makes a key, registers it once with its token, and signs.
    receive(old, name="Trần Văn Bình")
    assert main(["--db", str(old.db.path), "sync"]) == 0
    public = signing.device_public_key(old)
    with store.session() as session:
        device = session.get(ServerDevice, old.device_id)
        assert device is not None
        assert device.public_key == public and device.key_registered and device.key_since
    assert _heads(store, old.device_id) == 1
    # The admin sees that the key was registered late, by the token.
    db = ["server", "--db", store.url] + (["--schema", store.schema] if store.schema else [])
    capsys.readouterr()
    assert main([*db, "device", "list", str(OFFICE_FILE["identifier"])]) == 0
    assert "khóa ký: đăng ký muộn lúc" in capsys.readouterr().out

    # Another counter checks both parts of its log: the server's word for what it pushed
    # unsigned, its signature for what followed.
    client.sync_now(other, policy=FAST)
    assert verify_chain(other).ok

    # The backup made before the key restored: the key stays with the counter, which syncs on.
    old.db.close()
    assert main(["--db", str(old.db.path), "backup", "restore", str(keyless), "--yes"]) == 0
    old = Context(Database(old.db.path), CLERK, now=Clock(datetime(2026, 3, 2, 9, 0)).now)
    assert signing.device_public_key(old) == public
    assert main(["--db", str(old.db.path), "sync"]) == 0

    # An unsigned push from it now is refused (403), with a Vietnamese message at the counter.
    with monkeypatch.context() as downgraded:
        _unsigned(downgraded)
        receive(old, name="Lê Thị Cúc")
        capsys.readouterr()
        assert main(["--db", str(old.db.path), "sync"]) == 1
        assert "Lần gửi thiếu chữ ký của quầy" in capsys.readouterr().err
    with old.db.session() as session:
        token = session.get(Setting, TOKEN).value  # type: ignore[union-attr]
    body = {"events": [], "head": None}
    with old.db.session() as session:
        rows = _own_rows(old)[-1:]
        body = signing.push_body(session, old, str(OFFICE_FILE["identifier"]), rows)
    del body["head"]
    answer = _push_raw(live, token, body)
    assert answer.status_code == 403 and "thiếu chữ ký" in answer.json()["detail"]

    # A second registration with another key is refused: by the command, and by hand.
    stranger = authority.public_text(authority.new_key())
    answer = httpx.post(
        live.url + "/v1/device-key",
        json={"public_key": stranger},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 403 and "không nhận một khóa khác" in answer.json()["detail"]
    with old.db.unit_of_work() as session:
        session.execute(
            update(Setting)
            .where(Setting.key == signing.DEVICE_KEY)
            .values(value=authority.private_bytes(authority.new_key()).hex())
        )
    capsys.readouterr()
    assert main(["--db", str(old.db.path), "sync"]) == 1
    assert "không nhận một khóa khác" in capsys.readouterr().err
    with store.session() as session:
        device = session.get(ServerDevice, old.device_id)
        assert device is not None and device.public_key == public


def _rehash_device(ctx: Context, device: str, old: str, new: str) -> str:
    """Another device's event edited in this counter's database and that device's chain
    re-hashed from it: every link holds again. Returns the edited event's id."""
    _unlock(ctx)
    edited = ""
    with ctx.db.unit_of_work() as session:
        prev = ""
        for row in session.scalars(
            select(EventRow).where(EventRow.device == device).order_by(EventRow.seq)
        ):
            payload = row.payload.replace(old, new)
            if payload != row.payload and not edited:
                edited = row.id
            event = from_row(row)
            row.payload = payload
            row.prev_link = codec.link_of(prev)
            row.hash = prev = chain_hash(prev, event, payload)
    assert edited
    return edited


def test_a_counter_checks_every_device_signature(
    store: ServerStore, live: LiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dataclasses import replace

    from counter.db.wire import payload_json
    from counter.domain.hlc import uuid7

    _office(store)
    a = _counter(store, live, tmp_path / "a.sqlite3")
    b = _counter(store, live, tmp_path / "b.sqlite3")
    c = _counter(store, live, tmp_path / "c.sqlite3")
    receive(a, name="Nguyễn Văn Đức")
    client.sync_now(a, policy=FAST)
    receive(a, name="Trần Văn Bình")
    receive(a, name="Lê Thị Cúc")
    client.sync_now(a, policy=FAST)
    for ctx in (b, c):
        client.sync_now(ctx, policy=FAST)
        assert verify_chain(ctx).ok
    with b.db.session() as session:
        assert signing.certificates(session)[a.device_id][0] == signing.device_public_key(a)
        assert len(signing.heads_of(session, a.device_id)) == 2

    # A counter that pulled before pulls carried signatures takes them once, then verifies.
    with c.db.unit_of_work() as session:
        session.execute(
            text("DELETE FROM settings WHERE key LIKE 'cert:%' OR key LIKE 'heads:%' OR key = :k"),
            {"k": signing.TRUST_CAUGHT_UP},
        )
    client.sync_now(c, policy=FAST)
    with c.db.session() as session:
        assert len(signing.heads_of(session, a.device_id)) == 2
    assert verify_chain(c).ok

    # A's new dossier carried to B on a USB stick: its signed heads come along.
    from counter.sync import bundle

    receive(a, name="Hoàng Văn Em")
    bundle.export(a, tmp_path / "a.bundle")
    bundle.import_file(b, tmp_path / "a.bundle", tmp_path / "a-answer.bundle")
    assert verify_chain(b).ok

    # On B, A's event edited and A's chain re-hashed: every link holds, but A never signed it.
    edited = _rehash_device(b, a.device_id, "Trần Văn Bình", "Trần Văn Bính")
    report = verify_chain(b)
    flagged = [x for x in report.breaks if x.device == a.device_id]
    assert [x.event_id for x in flagged] == [edited]
    assert "không được quầy đó ký" in flagged[0].reason
    capsys.readouterr()
    assert main(["--db", str(b.db.path), "audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert edited in out and a.device_id in out and "không được quầy đó ký" in out

    # On C, an event forged in A's name that continues A's chain (hashed right).
    with c.db.session() as session:
        last = session.scalars(
            select(EventRow).where(EventRow.device == a.device_id).order_by(EventRow.seq.desc())
        ).first()
        assert last is not None
        model = from_row(last)
    forged = replace(
        model,
        id=uuid7(),
        type="note_added",
        payload={"text": "Đã nhận đủ lệ phí"},
        hlc=model.hlc[:-1] + "9",
    )
    text_ = payload_json(forged.payload)
    digest = chain_hash(last.hash, forged, text_)
    with c.db.unit_of_work() as session:
        store_pulled(session, [forged], {forged.id: digest}, {forged.id: text_})
    report = verify_chain(c)
    assert [x.event_id for x in report.breaks] == [forged.id]
    assert a.device_id in report.breaks[0].reason

    # The office is unaffected: A's next push still verifies on a counter that did not meddle.
    receive(a, name="Phạm Thị Dung")
    client.sync_now(a, policy=FAST)
    d = _counter(store, live, tmp_path / "d.sqlite3")
    assert verify_chain(d).ok
