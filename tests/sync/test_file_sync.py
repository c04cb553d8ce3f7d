"""Digitised files in the night's sync: sent after the events, in chunks that resume after a
cut connection and after a restart, checked by hash on the server, fetched by the other
counters when opened or in advance, within the admin's bandwidth cap."""

from __future__ import annotations

import hashlib
import os
import random
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from counter.domain.dossier import OTHER_LINE
from counter.errors import PermissionDenied
from counter.services import attachments
from counter.services.context import Actor
from counter.sync import client, files, server
from counter.sync.client import RetryPolicy
from counter.sync.file_server import PartialSweeper, ServerFiles, default_dir
from counter.sync.store import ServerStore
from counter.sync.transport import HttpSession, SyncError
from tests.sync.conftest import Counter, LiveServer, Relay, enrol, intake

FAST = RetryPolicy(attempts=8, base_delay=0.01, max_delay=0.05, timeout=10)
ONCE = RetryPolicy(attempts=1, base_delay=0.01, max_delay=0.05, timeout=10)
CHUNK = 64 * 1024
ADMIN = Actor("admin", "Nguyễn Quản Trị", "admin")


def scan(size: int, seed: int = 1) -> bytes:
    """A PDF-looking file of `size` bytes that does not compress (like a scan's images)."""
    body = random.Random(seed).randbytes(size - 16)
    return b"%PDF-1.7\n" + body + b"\n%%EOF\n"


class CutLink(Relay):
    """A connection that drops once, under the file upload request whose bytes reach `after`
    (by the request's offset, so the same piece whichever of the two requests in flight comes
    first): that piece never reaches the server (the next request goes through again)."""

    def __init__(self, after: int) -> None:
        super().__init__()
        self.after = after
        self.cut = False
        self.puts = 0  # file upload requests sent, the cut one included
        self.lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PUT" and "/v1/files/" in request.url.path:
            offset, size = int(request.url.params["offset"]), len(request.content)
            with self.lock:
                self.puts += 1
                doomed = not self.cut and offset <= self.after < offset + size
                self.cut = self.cut or doomed
            if doomed:
                raise httpx.WriteError("connection reset by peer")
        return self.relay(request)


@pytest.fixture
def office(store: ServerStore) -> str:
    server.add_office(store, "000.00.12.H40", "UBND xã Tân Hưng")
    return "000.00.12.H40"


@pytest.fixture
def pair(
    live: LiveServer, office: str, make_counter: Callable[..., Counter]
) -> tuple[Counter, Counter]:
    a, b = make_counter("a"), make_counter("b")
    for counter in (a, b):
        enrol(live.store, counter, live.url)
    return a, b


def _attach(counter: Counter, data: bytes) -> str:
    code = intake(counter)
    return attachments.attach(counter.ctx, code, OTHER_LINE, data, 1, signed=False).file


def _on_server(live: LiveServer, file_hash: str) -> Path:
    [path] = list(default_dir(live.store).glob(f"*/{file_hash[:2]}/{file_hash}"))
    return path


def test_a_file_cut_mid_upload_resumes_sending_one_chunk_twice_and_reaches_the_other_counter(
    live: LiveServer, pair: tuple[Counter, Counter]
) -> None:
    a, b = pair
    data = scan(10 * CHUNK + 1000)
    name = _attach(a, data)
    link = CutLink(after=4 * CHUNK + 100)  # cut in the fifth chunk (its first half)
    report = client.sync_now(a.ctx, policy=FAST, transport=link, file_chunk=CHUNK)
    assert link.cut and report.files is not None
    assert report.files.uploaded == 1
    # Pieces of half a chunk: 20 and the last 1000 bytes.
    assert (report.files.chunks, report.files.resent, link.puts) == (21, 1, 22)
    assert report.files.bytes_up == len(data) + CHUNK // 2  # the cut piece alone sent twice
    assert _on_server(live, name).read_bytes() == data
    # The other counter has the event, not the file; it fetches it when it is opened.
    client.sync_now(b.ctx, policy=FAST)
    assert not attachments.store(b.ctx).has(name)
    assert attachments.verify_files(b.ctx).elsewhere == 1
    fetched = files.fetch(b.ctx, name, policy=FAST)
    assert fetched.downloaded == 1
    assert attachments.store(b.ctx).read(name) == data
    assert attachments.verify_files(b.ctx).problems == ()
    # A later sync does not ask about it again, and the other counter does not re-send it.
    again = client.sync_now(a.ctx, policy=FAST)
    assert again.files is not None and again.files.chunks == 0
    assert client.sync_now(b.ctx, policy=FAST).files.chunks == 0  # type: ignore[union-attr]


def test_an_upload_cut_by_a_restart_goes_on_from_where_the_server_stands(
    live: LiveServer, pair: tuple[Counter, Counter]
) -> None:
    a, _b = pair
    data = scan(6 * CHUNK + 10, seed=2)
    name = _attach(a, data)
    link = CutLink(after=3 * CHUNK + 5)
    with pytest.raises(SyncError):  # no retry: the sync stops as if the PC were switched off
        client.sync_now(a.ctx, policy=ONCE, transport=link, file_chunk=CHUNK)
    partial = list(default_dir(live.store).glob(f"*/.partial/{name}.*"))
    assert [p.stat().st_size for p in partial] == [3 * CHUNK]
    # The piece after the cut one was on its way too: the server holds it beside the upload.
    [held] = default_dir(live.store).glob(f"*/.partial/*+{name}.*")
    assert held.name.startswith(f"{3 * CHUNK + CHUNK // 2}+")
    assert link.puts == 8  # pieces 1..6 taken, the 7th cut, the 8th held
    report = client.sync_now(a.ctx, policy=FAST, file_chunk=CHUNK)
    assert report.files is not None
    # Pieces 7..13: the two in flight at the cut (one chunk's bytes) sent a second time, the
    # six before them not again.
    assert (report.files.chunks, report.files.resent) == (7, 0)
    assert report.files.bytes_up == len(data) - 3 * CHUNK
    assert _on_server(live, name).read_bytes() == data
    assert not list(default_dir(live.store).glob("*/.partial/*"))  # nothing left beside it


def test_the_server_refuses_a_file_whose_bytes_do_not_match_its_hash_or_no_event_names(
    live: LiveServer, pair: tuple[Counter, Counter]
) -> None:
    a, b = pair
    data = scan(3000, seed=3)
    name = _attach(a, data)
    with a.ctx.db.session() as session:
        token = client.setting(session, client.TOKEN)
    # A file no event of the office names is refused.
    client.sync_now(a.ctx, policy=FAST, file_chunk=CHUNK)
    assert _on_server(live, name).read_bytes() == data
    http = HttpSession(live.url, token, FAST, None)
    forged = data[:-1] + b"X"
    other = hashlib.sha256(forged).hexdigest()
    with pytest.raises(SyncError, match="cơ quan ghi nhận tệp này"):
        http.call("PUT", f"/v1/files/{other}", params={"offset": 0, "size": 10}, content=b"x" * 10)
    # A file named by an event, sent with other bytes: the last chunk is checked and refused.
    other_data = scan(5000, seed=4)
    other_name = _attach(b, other_data)
    client.sync_now(b.ctx, policy=FAST)
    _on_server(live, other_name).unlink()  # as if never uploaded
    with b.ctx.db.unit_of_work() as session:
        client.set_setting(session, files.MARK, "0")
    wrong = other_data[:-1] + b"!"
    with pytest.raises(SyncError, match="không khớp mã SHA-256"):
        http.call(
            "PUT",
            f"/v1/files/{other_name}",
            params={"offset": 0, "size": len(wrong)},
            content=wrong,
        )
    assert not list(default_dir(live.store).glob(f"*/*/{other_name}"))
    http.close()
    # A file changed on the server is refused by the counter that fetches it.
    client.sync_now(b.ctx, policy=FAST)  # b sends it again
    stored = _on_server(live, other_name)
    stored.write_bytes(stored.read_bytes()[:-1] + b"?")
    with pytest.raises(SyncError, match="không khớp"):
        files.fetch(a.ctx, other_name, policy=FAST)
    assert not attachments.store(a.ctx).has(other_name)


def test_an_unreadable_file_check_is_a_400_in_words_never_a_500(
    live: LiveServer, pair: tuple[Counter, Counter]
) -> None:
    """A device posting junk to `/v1/files/check` (its token stolen, or a broken client) gets
    the same plain 400 as any unreadable body; the server once answered 500 (JSONDecodeError)."""
    a, _ = pair
    with a.ctx.db.session() as session:
        token = client.setting(session, client.TOKEN)
    auth = {"Authorization": f"Bearer {token}"}
    for body in (b"{not json", b"\xff\xfe", b"[1, 2"):
        answer = httpx.post(live.url + "/v1/files/check", headers=auth, content=body)
        assert answer.status_code == 400
        assert "không đọc được" in answer.json()["detail"]
    answer = httpx.post(live.url + "/v1/files/check", headers=auth, json={"hashes": "x"})
    assert answer.status_code == 400 and "Danh sách mã tệp" in answer.json()["detail"]
    client.sync_now(a.ctx, policy=FAST)  # the counter itself still checks its files


def test_fetch_in_advance_and_deduplication_by_hash(
    live: LiveServer, pair: tuple[Counter, Counter]
) -> None:
    a, b = pair
    data = scan(2 * CHUNK + 7, seed=5)
    name = _attach(a, data)
    client.sync_now(a.ctx, policy=FAST, file_chunk=CHUNK)
    files.set_prefetch(b.ctx.as_user(ADMIN), True)
    report = client.sync_now(b.ctx, policy=FAST)
    assert report.files is not None and report.files.downloaded == 1
    assert attachments.store(b.ctx).read(name) == data
    # The same scan attached again on the other counter: the server has it, nothing is sent.
    _attach(b, data)
    again = client.sync_now(b.ctx, policy=FAST, file_chunk=CHUNK)
    assert again.files is not None and (again.files.chunks, again.files.uploaded) == (0, 0)
    assert len(list(default_dir(live.store).glob(f"*/*/{name}"))) == 1


def test_the_sync_command_says_which_scans_left_arrived_or_are_gone_from_this_pc(
    live: LiveServer, pair: tuple[Counter, Counter], capsys: pytest.CaptureFixture[str]
) -> None:
    """`counter sync` (and the window's summary) once said only "Đã gửi 6 sự kiện…": the day's
    scans sent, fetched, or lost from the PC (never sendable) went unsaid."""
    from counter.cli import main

    a, b = pair
    name = _attach(a, scan(300_000, seed=8))
    capsys.readouterr()
    assert main(["--db", str(a.ctx.db.path), "sync"]) == 0
    said = capsys.readouterr().out
    assert "Đã gửi 1 tệp số hóa (293 KB)." in said
    assert re.search(r"trong \d+,\d giây", said)  # a decimal comma, as Vietnamese writes it
    files.set_prefetch(b.ctx.as_user(ADMIN), True)
    assert main(["--db", str(b.ctx.db.path), "sync"]) == 0
    assert "Đã tải về 1 tệp số hóa (293 KB)." in capsys.readouterr().out
    # A scan recorded here whose file is gone before the sync: it can never be sent; said so.
    gone = _attach(a, scan(5000, seed=9))
    attachments.store(a.ctx).path(gone).unlink()
    assert main(["--db", str(a.ctx.db.path), "sync"]) == 0
    said = capsys.readouterr().out
    assert "1 tệp số hóa do quầy này ghi nhận không còn trên máy" in said
    assert "counter audit verify" in said and name not in said


def test_the_token_bucket_keeps_to_the_cap() -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    bucket = files.TokenBucket(rate=250_000, burst=CHUNK, clock=lambda: now[0], sleep=sleep)
    for _ in range(40):
        bucket.take(CHUNK)
    sent = 40 * CHUNK
    # 2 Mbit/s = 250 kB/s: all but the first burst waited for its tokens.
    assert now[0] == pytest.approx((sent - CHUNK) / 250_000)


def test_the_cap_is_the_admins_setting(make_counter: Callable[..., Counter]) -> None:
    a = make_counter("a")
    assert files.bucket_for(a.ctx) is None
    with pytest.raises(PermissionDenied):
        files.set_cap(a.ctx, 2000)
    files.set_cap(a.ctx.as_user(ADMIN), 2000)
    bucket = files.bucket_for(a.ctx)
    assert bucket is not None and bucket.rate == 250_000


def test_the_admin_sets_cap_and_prefetch_from_the_command_line(
    make_counter: Callable[..., Counter], capsys: pytest.CaptureFixture[str]
) -> None:
    from counter.cli import main

    a = make_counter("a")
    path = str(a.ctx.db.path)
    assert main(["--db", path, "sync", "files", "--cap", "2000", "--prefetch", "bat"]) == 0
    out = capsys.readouterr().out
    assert "2000 kbit/s" in out and "bật" in out
    bucket = files.bucket_for(a.ctx)
    assert bucket is not None and bucket.rate == 250_000


def test_files_of_dossiers_closed_months_ago_live_on_the_server_only(
    live: LiveServer, pair: tuple[Counter, Counter]
) -> None:
    from datetime import timedelta

    from counter.services import workflow

    a, _b = pair
    closed_code = intake(a)
    closed = attachments.attach(a.ctx, closed_code, OTHER_LINE, scan(3000, 6), 1, signed=False)
    open_file = _attach(a, scan(3000, 7))
    workflow.withdraw(a.ctx, closed_code, "Công dân xin rút hồ sơ")
    files.set_keep_months(a.ctx.as_user(ADMIN), 6)
    first = client.sync_now(a.ctx, policy=FAST)
    assert first.files is not None and first.files.evicted == 0  # closed today
    a.clock.set(a.clock.now() + timedelta(days=200))
    later = client.sync_now(a.ctx, policy=FAST)
    assert later.files is not None and later.files.evicted == 1
    store = attachments.store(a.ctx)
    assert not store.has(closed.file) and store.on_server_only(closed.file)
    assert store.has(open_file)
    audit = attachments.verify_files(a.ctx)
    assert (audit.problems, audit.on_server, audit.checked) == ((), 1, 1)
    # Opened again: fetched from the server, the marker gone.
    files.fetch(a.ctx, closed.file, policy=FAST)
    assert store.read(closed.file) == scan(3000, 6) and not store.on_server_only(closed.file)


class CutDownload(Relay):
    """A connection that drops under the file download request whose bytes reach `after` (by
    the request's offset, whichever of the requests in flight is answered first)."""

    def __init__(self, after: int) -> None:
        super().__init__()
        self.after = after

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.relay(request)
        if request.method == "GET" and "/v1/files/" in request.url.path:
            offset = int(request.url.params["offset"])
            if offset <= self.after < offset + len(response.content):
                raise httpx.ReadError("connection reset by peer")
        return response


def test_a_download_cut_by_a_restart_goes_on_from_the_last_whole_chunk(
    live: LiveServer, pair: tuple[Counter, Counter]
) -> None:
    a, b = pair
    data = scan(5 * 256 * 1024 + 99, seed=8)
    name = _attach(a, data)
    client.sync_now(a.ctx, policy=FAST)
    client.sync_now(b.ctx, policy=FAST)
    with pytest.raises(SyncError):
        files.fetch(b.ctx, name, policy=ONCE, transport=CutDownload(after=3 * 256 * 1024 + 1))
    store = attachments.store(b.ctx)
    assert not store.has(name)
    kept = list(store.root.glob(".partial/*"))
    assert len(kept) == 1 and b"%PDF" not in kept[0].read_bytes()  # kept encrypted
    report = files.fetch(b.ctx, name, policy=FAST)
    assert report.bytes_down == len(data) - 3 * 256 * 1024  # the three whole chunks not again
    assert store.read(name) == data and not list(store.root.glob(".partial/*"))


def test_an_abandoned_partial_upload_is_removed_after_the_servers_days(
    live: LiveServer, pair: tuple[Counter, Counter]
) -> None:
    a, b = pair
    old, recent = scan(4 * CHUNK + 10, seed=3), scan(4 * CHUNK + 10, seed=4)
    old_name, recent_name = _attach(a, old), _attach(b, recent)
    for counter in (a, b):  # each sync stops mid-file, as if the PC were switched off
        with pytest.raises(SyncError):
            client.sync_now(
                counter.ctx, policy=ONCE, transport=CutLink(after=2 * CHUNK + 5), file_chunk=CHUNK
            )
    root = default_dir(live.store)
    [old_part] = root.glob(f"*/.partial/{old_name}.*")
    [recent_part] = root.glob(f"*/.partial/{recent_name}.*")
    day = 86400
    now = time.time()
    os.utime(old_part, (now - 8 * day, now - 8 * day))  # no chunk for 8 days: abandoned
    os.utime(recent_part, (now - 6 * day, now - 6 * day))  # 6 days: still waited for
    sweeper = live.app.state.partial_sweeper
    assert sweeper.days == 7  # the default
    sweeper.last = None  # an hour has passed since the last sweep
    client.sync_now(b.ctx, policy=FAST, file_chunk=CHUNK)  # asking which files: the sweep
    assert not old_part.exists()
    assert sweeper.removed == 1
    assert _on_server(live, recent_name).read_bytes() == recent  # b's went on and finished
    # The counter that abandoned it sends the file again from the start.
    report = client.sync_now(a.ctx, policy=FAST, file_chunk=CHUNK)
    assert report.files is not None and report.files.chunks == 9  # pieces of half a chunk
    assert _on_server(live, old_name).read_bytes() == old


def test_the_sweep_runs_at_most_hourly_and_not_at_all_with_zero_days(
    live: LiveServer, tmp_path: Path
) -> None:
    files_ = ServerFiles(live.store, tmp_path)
    part = tmp_path / "1" / ".partial" / f"{'a' * 64}.dev"
    part.parent.mkdir(parents=True)
    clock = [1000.0]
    sweeper = PartialSweeper(files_, days=7, clock=lambda: clock[0])
    assert sweeper.maybe() == 0  # nothing abandoned yet: the first call sweeps
    part.write_bytes(b"x")
    week_ago = time.time() - 7 * 86400 - 60
    os.utime(part, (week_ago, week_ago))
    clock[0] += 1800
    assert sweeper.maybe() == 0 and part.exists()  # half an hour later: not again yet
    clock[0] += 1800
    assert sweeper.maybe() == 1 and not part.exists()
    part.write_bytes(b"x")
    os.utime(part, (week_ago, week_ago))
    never = PartialSweeper(files_, days=0)
    assert never.maybe() == 0 and part.exists()
    assert files_.sweep_partials(0) == 0 and part.exists()


class SlowAnswers(Relay):
    """The server's answer to every upload request but `last` is held back until another
    upload request has been on the link at the same time: a counter that waited for each
    answer before sending on would never send one (the wait gives up after `patience` seconds
    and says so)."""

    def __init__(self, last: tuple[str, int], patience: float = 30.0) -> None:
        super().__init__()
        self.last, self.patience = last, patience
        self.turn = threading.Condition()
        self.flying: dict[int, bool] = {}  # requests on the link: met another one yet
        self.gave_up: list[tuple[str, int]] = []
        self.order: list[tuple[str, int]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method != "PUT" or "/v1/files/" not in request.url.path:
            return self.relay(request)
        key = (request.url.path.rsplit("/", 1)[1], int(request.url.params["offset"]))
        me = id(request)
        with self.turn:
            self.order.append(key)
            self.flying[me] = bool(self.flying)
            for other in self.flying:
                self.flying[other] = self.flying[other] or other != me
            self.turn.notify_all()
        try:
            response = self.relay(request)  # the server has it; its answer may wait
            with self.turn:
                if key != self.last and not self.turn.wait_for(
                    lambda: self.flying[me], self.patience
                ):
                    self.gave_up.append(key)
            return response
        finally:
            with self.turn:
                del self.flying[me]


def test_a_slow_answer_does_not_hold_back_the_next_piece_even_of_the_next_file(
    live: LiveServer, pair: tuple[Counter, Counter]
) -> None:
    a, _b = pair
    small, large = scan(CHUNK // 4, seed=10), scan(2 * CHUNK + 7, seed=11)
    small_name, large_name = _attach(a, small), _attach(a, large)
    link = SlowAnswers(last=(large_name, 2 * CHUNK))
    report = client.sync_now(a.ctx, policy=FAST, transport=link, file_chunk=CHUNK)
    # Every answer (the small file's one piece too) was given only once the request after
    # it had gone out: the link was never left waiting for an answer.
    assert link.gave_up == []
    assert sorted(link.order) == sorted(
        [(small_name, 0)] + [(large_name, k * CHUNK // 2) for k in range(5)]
    )
    assert report.files is not None and (report.files.uploaded, report.files.resent) == (2, 0)
    assert _on_server(live, small_name).read_bytes() == small
    assert _on_server(live, large_name).read_bytes() == large


def test_the_cap_holds_for_the_two_requests_in_flight_together(
    live: LiveServer, pair: tuple[Counter, Counter]
) -> None:
    a, _b = pair
    data = [scan(3 * CHUNK + 100, seed=12), scan(CHUNK + 5, seed=13)]
    for d in data:
        _attach(a, d)
    now = [0.0]
    takers: set[int] = set()

    def sleep(seconds: float) -> None:
        takers.add(threading.get_ident())
        now[0] += seconds

    rate = 50_000
    bucket = files.TokenBucket(rate=rate, burst=CHUNK, clock=lambda: now[0], sleep=sleep)

    class Clocked(Relay):
        def __init__(self) -> None:
            super().__init__()
            self.lock = threading.Lock()
            self.sent: list[tuple[float, int]] = []  # (the bucket's clock, bytes) per request

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            if request.method == "PUT":
                with self.lock:
                    self.sent.append((now[0], len(request.content)))
            return self.relay(request)

    link = Clocked()
    client.sync_now(a.ctx, policy=FAST, transport=link, file_chunk=CHUNK, file_bucket=bucket)
    total = sum(len(d) for d in data)
    assert sum(n for _t, n in link.sent) == total
    # By any request, what went up in all is within the cap (a request's tokens are taken by
    # the one thread that prepares the requests, before it is handed to a connection).
    carried = 0
    for at, size in sorted(link.sent):
        carried += size
        assert carried <= CHUNK + rate * at + 1e-6
    assert now[0] == pytest.approx((total - CHUNK) / rate)
    assert len(takers) == 1


def test_the_server_holds_a_piece_that_came_first_and_appends_it_in_turn(
    live: LiveServer, pair: tuple[Counter, Counter]
) -> None:
    a, _b = pair
    data = scan(3 * CHUNK + 11, seed=14)
    name = _attach(a, data)
    client.sync_now(a.ctx, policy=FAST, file_chunk=CHUNK)
    _on_server(live, name).unlink()  # as if never uploaded
    with a.ctx.db.session() as session:
        token = client.setting(session, client.TOKEN)
    http = HttpSession(live.url, token, FAST, None)
    root = default_dir(live.store)

    def put(offset: int, length: int) -> dict[str, object]:
        return http.call(  # type: ignore[no-any-return]
            "PUT",
            f"/v1/files/{name}",
            params={"offset": offset, "size": len(data)},
            content=data[offset : offset + length],
        )

    assert put(0, CHUNK) == {"offset": CHUNK, "complete": False}
    # The piece after the next one comes first: held, the upload still stands at one chunk.
    assert put(2 * CHUNK, CHUNK + 11) == {
        "offset": CHUNK,
        "complete": False,
        "held": len(data),
    }
    assert http.call("POST", "/v1/files/check", json={"hashes": [name]})["partial"] == {name: CHUNK}
    # The missing piece: appended, then the held one after it; the file is whole and checked.
    assert put(CHUNK, CHUNK) == {"offset": len(data), "complete": True}
    assert _on_server(live, name).read_bytes() == data
    assert not list(root.glob("*/.partial/*"))
    # A retry of the held piece, once the file is there: nothing written, it is complete.
    assert put(2 * CHUNK, CHUNK + 11) == {"offset": len(data), "complete": True}
    http.close()


def test_a_piece_the_server_did_not_take_is_sent_again_from_where_it_stands(
    live: LiveServer, pair: tuple[Counter, Counter], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _b = pair
    one_at_a_time: list[int] = []
    send = files._send

    def spy(*args: Any, **kwargs: Any) -> None:
        one_at_a_time.append(args[3])  # where the server's upload stood
        send(*args, **kwargs)

    monkeypatch.setattr(files, "_send", spy)
    data = scan(3 * CHUNK + 5, seed=15)
    name = _attach(a, data)

    class Garbled(Relay):
        """The second piece's offset garbled on the way: the server does not take it."""

        def __init__(self) -> None:
            super().__init__()
            self.done = False
            self.puts = 0

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            if request.method == "PUT":
                self.puts += 1
                if not self.done and request.url.params["offset"] == str(CHUNK // 2):
                    self.done = True
                    request.url = request.url.copy_set_param("offset", str(10**9))
            return self.relay(request)

    link = Garbled()
    report = client.sync_now(a.ctx, policy=FAST, transport=link, file_chunk=CHUNK)
    assert link.done and report.files is not None and report.files.uploaded == 1
    assert one_at_a_time == [CHUNK // 2]  # the rest went one chunk at a time from there
    assert _on_server(live, name).read_bytes() == data
    assert not list(default_dir(live.store).glob("*/.partial/*"))  # the held piece too
