"""Digitised files on the USB stick (issue 19): a bundle carries the scans its attachment
events name, covered by its MACs; the server keeps them where the network upload puts them,
another counter in its encrypted store; a file that does not match its hash refuses the
whole bundle."""

from __future__ import annotations

import base64
import gzip
import json
import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from counter.db.models import EventRow
from counter.domain.dossier import OTHER_LINE
from counter.errors import CounterError
from counter.services import attachments
from counter.services.audit import verify_chain
from counter.services.context import SYSTEM
from counter.services.files import digest
from counter.sync import bundle, client, server
from counter.sync import files as file_sync
from counter.sync.bundle import BundleRefused
from counter.sync.client import RetryPolicy
from counter.sync.file_server import ServerFiles, SyncedOfficeFiles, default_dir
from counter.sync.store import ServerDevice, ServerEvent, ServerStore
from tests.sync.conftest import Counter, LiveServer, enrol, intake

FAST = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05, timeout=10)
OFFICE = "000.00.12.H40"


@pytest.fixture
def office(store: ServerStore) -> str:
    server.add_office(store, OFFICE, "UBND xã Tân Hưng")
    return OFFICE


def _scan(size: int, seed: int = 1) -> bytes:
    return b"%PDF-1.7\n" + random.Random(seed).randbytes(size) + b"\n%%EOF\n"


def _attach(counter: Counter, data: bytes, name: str = "Nguyễn Văn An") -> str:
    code = intake(counter, name)
    return attachments.attach(counter.ctx, code, OTHER_LINE, data, 1, signed=False).file


def _enrolled(live: LiveServer, make_counter: Callable[..., Counter], *names: str) -> list[Counter]:
    """Counters enrolled with the live server, each synced once (so it holds the office key)."""
    made = [make_counter(name) for name in names]
    for counter in made:
        enrol(live.store, counter, live.url)
        client.sync_now(counter.ctx, policy=FAST)
    return made


def _server_events(store: ServerStore) -> list[str]:
    with store.session() as session:
        return sorted(session.scalars(select(ServerEvent.id)))


def _events(counter: Counter) -> list[str]:
    with counter.ctx.db.session() as session:
        return sorted(session.scalars(select(EventRow.id)))


def _stored_on_server(store: ServerStore, file_hash: str) -> list[Path]:
    return list(default_dir(store).glob(f"*/{file_hash[:2]}/{file_hash}"))


def _rewrite(counter: Counter, source: Path, target: Path, change: Callable[[dict], None]) -> None:
    """The bundle with its body changed and signed again with the counter's own keys: only
    the file's hash can tell."""
    data = json.loads(gzip.decompress(source.read_bytes()))
    body = json.loads(data["body"])
    change(body)
    with counter.ctx.db.session() as session:
        keys = bundle._own_keys(bundle._keys(session), counter.ctx.device_id)
    bundle._write(target, body, keys)


def test_a_scan_attached_offline_reaches_the_server_by_stick(
    live: LiveServer, office: str, make_counter: Callable[..., Counter], tmp_path: Path
) -> None:
    a = make_counter("a")
    enrol(live.store, a, live.url)
    client.sync_now(a.ctx, policy=FAST)
    data = _scan(200_000)
    name = _attach(a, data)
    exported = bundle.export(a.ctx, tmp_path / "a.dongbo")
    assert (exported.files, exported.files_left) == (1, 0)
    assert exported.size > len(data)  # the scan does not compress: it is in the file
    taken = bundle.import_on_server(live.store, exported.path)
    assert taken.files == 1 and "1 tệp số hóa" in taken.summary()
    [kept] = _stored_on_server(live.store, name)
    assert kept.read_bytes() == data
    # Where the network upload would have put it: the status page serves it from there.
    files = ServerFiles(live.store, default_dir(live.store))
    assert SyncedOfficeFiles(files).get(office, name) == data
    # Read twice: the same file, nothing more.
    bundle.import_on_server(live.store, exported.path, tmp_path / "lan-hai.dongbo")
    assert len(_stored_on_server(live.store, name)) == 1
    assert not list(default_dir(live.store).glob("*/.partial/*"))
    bundle.import_file(a.ctx, taken.answer)
    assert client.status(a.ctx).waiting == 0
    # The audit on A is clean, and the night's sync finds the file already on the server.
    assert verify_chain(a.ctx).ok
    audit = attachments.verify_files(a.ctx)
    assert audit.problems == ()
    report = client.sync_now(a.ctx, policy=FAST)
    assert report.files is not None and report.files.uploaded == 0


def test_a_network_upload_cut_midway_does_not_stop_the_bundles_file(
    live: LiveServer, office: str, make_counter: Callable[..., Counter], tmp_path: Path
) -> None:
    a = make_counter("a")
    enrol(live.store, a, live.url)
    data = _scan(40_000, seed=6)
    name = _attach(a, data)
    exported = bundle.export(a.ctx, tmp_path / "a.dongbo")
    files = ServerFiles(live.store, default_dir(live.store))
    bundle.import_on_server(live.store, exported.path, office=office, files=files)
    # As if the events had come first and the file's network upload had been cut midway.
    [kept] = _stored_on_server(live.store, name)
    kept.unlink()
    with live.store.session() as session:
        device = session.get(ServerDevice, a.ctx.device_id)
        assert device is not None
        caller = server.Caller(device.id, device.office_id, device.counter_no)
    assert not files.upload(caller, name, 0, len(data), data[:1000])["complete"]
    assert files.partial(caller, name).stat().st_size == 1000
    bundle.import_on_server(live.store, exported.path, tmp_path / "lan-hai.dongbo")
    [kept] = _stored_on_server(live.store, name)
    assert kept.read_bytes() == data
    assert not files.partial(caller, name).exists()


def test_a_bundle_without_files_and_its_file_by_the_network_later(
    live: LiveServer,
    office: str,
    make_counter: Callable[..., Counter],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a = make_counter("a")
    enrol(live.store, a, live.url)
    data = _scan(50_000)
    name = _attach(a, data)
    light = bundle.export(a.ctx, tmp_path / "nhe.dongbo", with_files=False)
    assert (light.files, light.files_left) == (0, 1)
    assert light.size < len(data)
    # Too large for one stick's file: said in words, nothing written; without files it goes.
    monkeypatch.setattr(bundle, "MAX_BUNDLE", 2 * len(data))
    with pytest.raises(CounterError, match="--without-files"):
        bundle.export(a.ctx, tmp_path / "lon.dongbo")
    assert not (tmp_path / "lon.dongbo").exists()
    bundle.import_file(a.ctx, bundle.import_on_server(live.store, light.path).answer)
    assert _stored_on_server(live.store, name) == []
    report = client.sync_now(a.ctx, policy=FAST)
    assert report.files is not None and report.files.uploaded == 1
    [kept] = _stored_on_server(live.store, name)
    assert kept.read_bytes() == data


def test_a_scan_travels_from_counter_to_counter(
    live: LiveServer, office: str, make_counter: Callable[..., Counter], tmp_path: Path
) -> None:
    a, c = _enrolled(live, make_counter, "a", "c")
    data = _scan(30_000, seed=2)
    name = _attach(a, data)
    exported = bundle.export(a.ctx, tmp_path / "a.dongbo")
    took = bundle.import_file(c.ctx, exported.path)
    assert took.files == 1
    store = attachments.store(c.ctx)
    assert store.has(name) and store.read(name) == data
    # Encrypted at rest, as a scan made at C.
    assert data[:9] not in store.path(name).read_bytes()
    bundle.import_file(c.ctx, exported.path, tmp_path / "lan-hai.dongbo")
    assert store.read(name) == data
    assert attachments.verify_files(c.ctx).problems == ()


def test_a_bundle_with_a_tampered_file_is_refused_and_nothing_is_stored(
    live: LiveServer, office: str, make_counter: Callable[..., Counter], tmp_path: Path
) -> None:
    a, c = _enrolled(live, make_counter, "a", "c")
    before_server, before_c = _server_events(live.store), _events(c)
    name = _attach(a, _scan(20_000, seed=3))
    exported = bundle.export(a.ctx, tmp_path / "a.dongbo")
    other = _scan(20_000, seed=4)

    def swap(body: dict) -> None:
        body["files"][name] = base64.b64encode(other).decode()

    # Bytes changed but the MACs still right (re-signed): the hash tells.
    _rewrite(a, exported.path, tmp_path / "doi-tep.dongbo", swap)
    with pytest.raises(BundleRefused, match="không khớp mã SHA-256"):
        bundle.import_on_server(live.store, tmp_path / "doi-tep.dongbo")
    with pytest.raises(BundleRefused, match="không khớp mã SHA-256"):
        bundle.import_file(c.ctx, tmp_path / "doi-tep.dongbo")
    # Bytes changed on the stick, MACs left as they were: the MACs cover the files too.
    raw = json.loads(gzip.decompress(exported.path.read_bytes()))
    raw["body"] = raw["body"].replace(json.loads(raw["body"])["files"][name][:40], "A" * 40)
    (tmp_path / "sua.dongbo").write_bytes(gzip.compress(json.dumps(raw).encode()))
    with pytest.raises(BundleRefused, match="sửa đổi"):
        bundle.import_on_server(live.store, tmp_path / "sua.dongbo")

    # A file no attachment event names (its hash right, re-signed): refused as well.
    def stray(body: dict) -> None:
        body["files"][digest(other)] = base64.b64encode(other).decode()

    _rewrite(a, exported.path, tmp_path / "la.dongbo", stray)
    with pytest.raises(BundleRefused, match="không được sự kiện số hóa nào"):
        bundle.import_on_server(live.store, tmp_path / "la.dongbo")
    with pytest.raises(BundleRefused, match="không được sự kiện số hóa nào"):
        bundle.import_file(c.ctx, tmp_path / "la.dongbo")
    # Nothing stored anywhere: no event, no file, on the server or on C.
    assert _server_events(live.store) == before_server
    assert _stored_on_server(live.store, name) == []
    assert not list(default_dir(live.store).glob("*/*/*"))
    assert not attachments.store(c.ctx).has(name)
    assert _events(c) == before_c
    # The untouched bundle is still taken.
    assert bundle.import_on_server(live.store, exported.path).files == 1


def test_the_commands_say_how_many_files_and_leave_them_out_on_request(
    make_counter: Callable[..., Counter], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
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
    data = _scan(10_000, seed=5)
    name = _attach(a, data)
    path = str(a.ctx.db.path)
    light, full = tmp_path / "nhe.dongbo", tmp_path / "du.dongbo"
    assert main(["--db", path, "sync", "export", "--without-files", str(light)]) == 0
    out = capsys.readouterr().out
    assert "và 0 tệp số hóa" in out and "1 tệp số hóa không được ghi" in out
    assert main(["--db", path, "sync", "export", str(full)]) == 0
    assert "và 1 tệp số hóa" in capsys.readouterr().out
    assert main(["server", "--db", db, "import", str(full)]) == 0
    assert "1 tệp số hóa" in capsys.readouterr().out
    [kept] = _stored_on_server(store, name)
    assert kept.read_bytes() == data
    # The answers taken, nothing is left to send: the next export says so in words (it once
    # said "0 sự kiện … (số 37–37 …)"), its size with the Vietnamese thousands separator. (The
    # first answer sets the pull cursor, so the bundled catalogue of this bare office is
    # recorded as reference data and sent once more.)
    assert main(["--db", path, "sync", "import", str(bundle.answer_path(full))]) == 0
    again = tmp_path / "lan-2.dongbo"
    assert main(["--db", path, "sync", "export", str(again)]) == 0
    assert main(["server", "--db", db, "import", str(again)]) == 0
    assert main(["--db", path, "sync", "import", str(bundle.answer_path(again))]) == 0
    capsys.readouterr()
    assert main(["--db", path, "sync", "export", str(tmp_path / "lan-3.dongbo")]) == 0
    out = capsys.readouterr().out
    assert "Quầy này không có sự kiện nào chưa gửi." in out and "–" not in out
    assert re.search(r"\(\d{1,3}(\.\d{3})* byte\)", out) and "," not in out.split("«")[0]
    store.close()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    from counter.cli import main

    code = main(list(argv))
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def test_answer_bundles_bring_the_other_counters_files_within_the_cap(
    make_counter: Callable[..., Counter], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The line is down: A's scans reach B through the server by stick only, by the real
    commands. B's open dossier's files come first, within B's cap (what does not fit is said
    and comes next time); with "tải trước" on, the rest; B opens them with no server."""
    db = str(tmp_path / "server.sqlite3")
    store = ServerStore(db)
    server.add_office(store, OFFICE, "UBND xã Tân Hưng")
    live = LiveServer(store).start()
    try:
        a, b = _enrolled(live, make_counter, "a", "b")
    finally:
        live.stop()  # the line is down from here on
    store.close()
    da, dbb = str(a.ctx.db.path), str(b.ctx.db.path)

    def trip(counter_db: str, name: str) -> str:
        """Export at a counter, import at the server, import the answer back: B's output."""
        bundle_file = tmp_path / f"{name}.dongbo"
        _run(capsys, "--db", counter_db, "sync", "export", str(bundle_file))
        took = _run(capsys, "server", "--db", db, "import", str(bundle_file))
        answer = bundle.answer_path(bundle_file)
        return took + _run(capsys, "--db", counter_db, "sync", "import", str(answer))

    # B receives a dossier; it reaches A by the server's answer to A.
    code = intake(b, "Trần Thị Bình")
    trip(dbb, "b1")
    trip(da, "a1")
    # A scans two papers of B's (still open) dossier, and one of a dossier of its own.
    first, second = _scan(700_000, seed=11), _scan(700_000, seed=12)
    names = [
        attachments.attach(a.ctx, code, OTHER_LINE, data, 1, signed=False).file
        for data in (first, second)
    ]
    own = _attach(a, _scan(50_000, seed=13), "Lê Văn Cường")
    trip(da, "a2")

    # B: 1 MB cap, no advance fetch: one of its dossier's files fits, the other is said.
    _run(capsys, "--db", dbb, "sync", "files", "--bundle-mb", "1")
    out = trip(dbb, "b2")
    assert "1 tệp số hóa mà quầy còn thiếu" in out, out
    assert "1 tệp số hóa khác chưa vừa giới hạn" in out
    assert "chưa vừa giới hạn dung lượng của tệp trả lời" in out and "lần sau" in out
    held = attachments.store(b.ctx)
    assert [held.has(n) for n in names] == [True, False] and not held.has(own)
    # The next trip brings the one left (B now holds the event naming it).
    out = trip(dbb, "b3")
    assert "1 tệp số hóa mà quầy còn thiếu" in out and "chưa vừa" not in out
    assert all(held.has(n) for n in names) and not held.has(own)
    # "Tải trước": the files of dossiers that are not B's come too.
    _run(capsys, "--db", dbb, "sync", "files", "--prefetch", "bat")
    out = trip(dbb, "b4")
    assert "1 tệp số hóa mà quầy còn thiếu" in out
    assert held.has(own)
    # B opens them with no server at all, decrypted from its own store; the audit is clean.
    for name, data in zip(names, (first, second), strict=True):
        assert attachments.open_copy(b.ctx, name).read_bytes() == data
    assert attachments.verify_files(b.ctx).problems == ()
    # Nothing more to bring: the next answer carries none.
    assert "và 0 tệp số hóa mà quầy còn thiếu" in trip(dbb, "b5")


def test_an_answer_with_a_tampered_file_is_refused_and_nothing_is_stored(
    live: LiveServer, office: str, make_counter: Callable[..., Counter], tmp_path: Path
) -> None:
    a, b = _enrolled(live, make_counter, "a", "b")
    file_sync.set_prefetch(b.ctx.as_user(SYSTEM), True)
    name = _attach(a, _scan(30_000, seed=21))
    bundle.import_on_server(live.store, bundle.export(a.ctx, tmp_path / "a.dongbo").path)
    intake(b, "Trần Thị Bình")  # B has events waiting for the server's acknowledgement
    before = _events(b)
    answer = bundle.import_on_server(
        live.store, bundle.export(b.ctx, tmp_path / "b.dongbo").path
    ).answer
    assert answer.exists()
    other = _scan(30_000, seed=22)
    data = json.loads(gzip.decompress(answer.read_bytes()))
    body = json.loads(data["body"])
    assert list(body["files"]) == [name]
    body["files"][name] = base64.b64encode(other).decode()
    with b.ctx.db.session() as session:
        keys = bundle._keys(session)
    key = bundle.device_key(bundle.token_hash(keys.token), keys.office, b.ctx.device_id)
    bundle._write(tmp_path / "doi.dongbo", body, {"device": key})  # the MAC made right again
    with pytest.raises(BundleRefused, match="không khớp mã SHA-256"):
        bundle.import_file(b.ctx, tmp_path / "doi.dongbo")
    assert _events(b) == before and not attachments.store(b.ctx).has(name)
    assert client.status(b.ctx).waiting > 0  # not even the server's acknowledgement was taken
    # A file no attachment event names: refused as well.
    body["files"] = {digest(other): base64.b64encode(other).decode()}
    bundle._write(tmp_path / "la.dongbo", body, {"device": key})
    with pytest.raises(BundleRefused, match="không được sự kiện số hóa nào"):
        bundle.import_file(b.ctx, tmp_path / "la.dongbo")
    assert _events(b) == before and not attachments.store(b.ctx).has(digest(other))
    # The untouched answer is taken, with its file.
    took = bundle.import_file(b.ctx, answer)
    assert took.files == 1 and attachments.store(b.ctx).read(name) == _scan(30_000, seed=21)
    assert client.status(b.ctx).waiting == 0 and len(_events(b)) > len(before)


def test_a_counter_answering_a_stick_puts_its_files_in_the_answer(
    live: LiveServer, office: str, make_counter: Callable[..., Counter], tmp_path: Path
) -> None:
    """No server at all: C takes A's bundle and its answer brings A the files A wants."""
    a, c = _enrolled(live, make_counter, "a", "c")
    file_sync.set_prefetch(a.ctx.as_user(SYSTEM), True)
    data = _scan(40_000, seed=31)
    name = _attach(c, data, "Phạm Thị Dung")
    took = bundle.import_file(c.ctx, bundle.export(a.ctx, tmp_path / "a.dongbo").path)
    assert took.answer is not None and took.answer_files == 1
    assert "1 tệp số hóa mà quầy số" in took.summary()
    back = bundle.import_file(a.ctx, took.answer)
    assert back.files == 1 and "1 tệp số hóa" in back.summary()
    assert attachments.store(a.ctx).read(name) == data


def test_a_file_named_by_an_event_the_receiver_already_holds_is_taken(
    live: LiveServer, office: str, make_counter: Callable[..., Counter], tmp_path: Path
) -> None:
    a, c = _enrolled(live, make_counter, "a", "c")
    data = _scan(20_000, seed=41)
    name = _attach(a, data)
    light = bundle.export(a.ctx, tmp_path / "nhe.dongbo", with_files=False)
    bundle.import_file(c.ctx, light.path)  # C holds the event, not the file
    assert not attachments.store(c.ctx).has(name)

    def carry(body: dict) -> None:
        body["files"] = {name: base64.b64encode(data).decode()}
        body["pushes"] = []  # the event is not in this bundle: C already holds it

    _rewrite(a, light.path, tmp_path / "tep.dongbo", carry)
    assert bundle.import_file(c.ctx, tmp_path / "tep.dongbo").files == 1
    assert attachments.store(c.ctx).read(name) == data
