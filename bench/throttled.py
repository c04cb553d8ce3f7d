"""100 MB of scans through a real 2 Mbit/s link, cut once mid-file (issue 18). Standalone, not in
`python -m bench` (it takes ~7 minutes): `python -m bench.bench_files --throttled [--mb 100]`.

- The files: scan PDFs made by the project's own pipeline (`scanning.to_pdf`, JPEG 2000 at
  200 dpi) from 12 A4 pages drawn by `bench_scan.page_image` (8 grey, 4 colour), assembled into
  documents of 1–4 pages, each made distinct by its PDF metadata; cached in `--scans DIR` and
  reused by the next run.
- The link: a TCP proxy between the counter and a real server process (`counter server`), a
  token bucket of 2 Mbit/s in each direction, in slices of 4 KB; with `--answer-delay S`, every
  byte coming back is held S seconds (a server slow to answer, as on a loaded machine).
- The cut: once the proxy has carried half of the files' bytes upward, it resets every
  connection and the counter's process is killed (a power cut, a crash); a new process runs the
  sync again, which asks the server where each upload stands and goes on.
- Chunks sent twice: every upload request the counters began to send (file, offset, length),
  logged by each counter process before the request leaves (flushed, so the killed one's last
  is there too); the bytes of a file begun more than once (their sum less what they cover),
  in chunks (`CHUNK`, 256 KiB). The counter keeps two requests of half a chunk in flight, so
  this is in bytes, not requests; the requests begun twice are said beside it. The server's
  folder is checked afterwards (every file there, no partial upload or held piece left).
- The link's idle time: from the first chunk to the end, less the restart (cut → the new
  process's first chunk), less what the bytes carried up take at 2 Mbit/s.
"""

from __future__ import annotations

import contextlib
import io
import os
import queue
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import httpx

from bench.harness import ROOT, Figure
from counter.sync.file_server import CHUNK

RATE = 2_000_000 / 8  # bytes a second, each direction
SLICE = 4096


class Bucket:
    def __init__(self, rate: float, burst: int = 4 * SLICE) -> None:
        self.rate, self.burst = rate, burst
        self.tokens = float(burst)
        self.last = time.monotonic()
        self.lock = threading.Lock()

    def take(self, size: int) -> None:
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
            self.last = now
            self.tokens -= size
            wait = -self.tokens / self.rate if self.tokens < 0 else 0.0
        if wait:
            time.sleep(wait)


class _Delayed:
    """A socket's incoming bytes, each handed on `delay` seconds after it came (a delay line:
    a thread reads ahead, so bytes in a row are not held one delay each)."""

    def __init__(self, sock: socket.socket, delay: float) -> None:
        self.sock, self.delay = sock, delay
        self.queue: queue.Queue[tuple[float, bytes]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        data = b"x"
        while data:
            try:
                data = self.sock.recv(SLICE)
            except OSError:
                data = b""
            self.queue.put((time.monotonic() + self.delay, data))

    def recv(self, size: int) -> bytes:
        due, data = self.queue.get()
        wait = due - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        return data

    def shutdown(self, how: int) -> None:
        self.sock.shutdown(how)


class ThrottlingProxy:
    """127.0.0.1:port → target, `rate` bytes/s each way (one bucket per direction, shared by
    all connections, as one uplink and one downlink are). `cut_after`: upward bytes after which
    every connection is reset once and `cut` is set."""

    def __init__(
        self, target: tuple[str, int], rate: float, cut_after: int | None, delay: float = 0.0
    ) -> None:
        self.target = target
        self.delay = delay  # seconds every downward byte is held (a server slow to answer)
        self.up, self.down = Bucket(rate), Bucket(rate)
        self.cut_after = cut_after
        self.cut = threading.Event()
        self.carried_up = 0
        self.carried_down = 0
        self.lock = threading.Lock()
        self.sockets: list[socket.socket] = []
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            for s in (client, upstream):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self.lock:
                self.sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            # Answers come through a delay line first, if the run asks for one.
            answers = _Delayed(upstream, self.delay) if self.delay else upstream
            threading.Thread(target=self._pump, args=(answers, client, False), daemon=True).start()

    def _pump(self, src: socket.socket | _Delayed, dst: socket.socket, up: bool) -> None:
        bucket = self.up if up else self.down
        try:
            while True:
                data = src.recv(SLICE)
                if not data:
                    break
                bucket.take(len(data))
                if up and self._cut_now(len(data)):
                    return
                dst.sendall(data)
                with self.lock:
                    if up:
                        self.carried_up += len(data)
                    else:
                        self.carried_down += len(data)
        except OSError:
            return  # the link was cut or an end closed: the other direction ends too
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def _cut_now(self, size: int) -> bool:
        with self.lock:
            if self.cut_after is None or self.carried_up + size <= self.cut_after:
                return False
            self.cut_after = None
            doomed = list(self.sockets)
        for s in doomed:  # a reset, as a dropped link looks to both ends
            with contextlib.suppress(OSError):  # already closed by its other end
                s.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                )
                s.close()
        self.cut.set()
        return True

    def close(self) -> None:
        self.listener.close()
        with self.lock:
            for s in self.sockets:
                with contextlib.suppress(OSError):
                    s.close()


def make_scans(folder: Path, megabytes: float) -> list[tuple[bytes, int]]:
    """Scan PDFs totalling `megabytes` MiB (cached in `folder`): (bytes, pages)."""
    import pikepdf

    from bench.bench_scan import DPI, page_image
    from counter.services.scanning import Page, to_pdf

    folder.mkdir(parents=True, exist_ok=True)
    bases: list[Path] = []
    for i in range(12):
        path = folder / f"page-{i:02d}.pdf"
        if not path.exists():
            colour = i % 3 == 2
            page = Page(page_image(colour, seed=i + 1), origin="bench", dpi=DPI)
            path.write_bytes(to_pdf([page], colour=colour))
        bases.append(path)
    target = int(megabytes * 1024 * 1024)
    out: list[tuple[bytes, int]] = []
    made = folder / f"docs-{target}"
    if made.exists():
        for path in sorted(made.glob("*.pdf")):
            out.append((path.read_bytes(), int(path.stem.split("-")[1])))
        return out
    made.mkdir()
    rng = random.Random(18)
    total, n = 0, 0
    while total < target:
        pages = rng.choice((1, 1, 2, 2, 3, 4))
        doc = pikepdf.new()
        for _ in range(pages):
            with pikepdf.open(rng.choice(bases)) as src:
                doc.pages.extend(src.pages)
        doc.docinfo["/Title"] = f"Bench scan {n}"
        buf = io.BytesIO()
        doc.save(buf)
        data = buf.getvalue()
        if total + len(data) > target:
            break
        (made / f"{n:04d}-{pages}.pdf").write_bytes(data)
        out.append((data, pages))
        total += len(data)
        n += 1
    return out


def _bytes_twice(requests: list[tuple[str, int, int]]) -> int:
    """The bytes of (file, offset, length) requests begun more than once: their sum less the
    bytes they cover."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for path, offset, length in requests:
        spans.setdefault(path, []).append((offset, offset + length))
    again = 0
    for ranges in spans.values():
        covered, end = 0, -1
        for start, stop in sorted(ranges):
            covered += max(0, stop - max(start, end))
            end = max(end, stop)
        again += sum(stop - start for start, stop in ranges) - covered
    return again


def _client_cmd(db: Path, log: Path) -> list[str]:
    return [sys.executable, "-m", "bench.bench_files", "--client", str(db), "--log", str(log)]


def client_main(db: Path, log: Path) -> int:
    """One counter process: the night's sync, each chunk request logged before it leaves."""
    from bench.bench_files import POLICY
    from counter.db.engine import Database
    from counter.services.context import Actor, Context
    from counter.sync import client

    out = log.open("a", buffering=1)

    class Logged(httpx.HTTPTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            if request.method == "PUT":
                out.write(
                    f"{request.url.path} {request.url.params.get('offset')} "
                    f"{len(request.content)} {time.time():.3f}\n"
                )
                out.flush()
                os.fsync(out.fileno())
            return super().handle_request(request)

    now = datetime(2026, 3, 2, 17, 0)
    ctx = Context(Database(db), Actor("motcua", "Trần Thị Thu Hà", "clerk"), now=lambda: now)
    report = client.sync_now(ctx, policy=POLICY, transport=Logged())
    files = report.files
    print(f"uploaded {files.uploaded if files else 0} files", flush=True)
    return 0


def run(work: Path, scans: Path, megabytes: float, delay: float = 0.0) -> list[Figure]:
    from bench.bench_files import _dossier_with_files
    from bench.bench_sync import OFFICE, ServerProcess, _counter
    from counter.sync import client, server
    from counter.sync.store import ServerStore

    now = datetime(2026, 3, 2, 17, 0)
    t0 = time.perf_counter()
    docs = make_scans(scans, megabytes)
    made_s = time.perf_counter() - t0
    total = sum(len(d) for d, _ in docs)
    codes = []
    for name in ("baseline", "server"):  # two servers: the baseline's files are not deduplicated
        store = ServerStore(str(work / f"{name}.sqlite3"))
        server.add_office(store, OFFICE, "UBND xã Tân Hưng")
        codes.append(server.create_enrolment(store, OFFICE).code)
        store.close()
    figures: list[Figure] = []
    srv = ServerProcess(str(work / "baseline.sqlite3"), start_timeout=180)
    try:
        # Baseline in the same run: the same files from another counter to another server
        # process, no throttle, no cut.
        base_db = work / "counter-baseline.sqlite3"
        ctx = _counter(base_db, now)
        client.register(ctx, srv.base, codes[0])
        _dossier_with_files(ctx, docs)
        ctx.db.close()
        base_log = work / "baseline.log"
        t = time.perf_counter()
        subprocess.run(_client_cmd(base_db, base_log), cwd=ROOT, check=True)
        loop_s = time.perf_counter() - t
    finally:
        srv.stop()
    srv = ServerProcess(str(work / "server.sqlite3"), start_timeout=180)
    try:
        db = work / "counter.sqlite3"
        proxy = ThrottlingProxy(("127.0.0.1", srv.port), RATE, cut_after=total // 2, delay=delay)
        ctx = _counter(db, now)
        client.register(ctx, f"http://127.0.0.1:{proxy.port}", codes[1])
        _dossier_with_files(ctx, docs)
        ctx.db.close()
        log = work / "throttled.log"
        load = os.getloadavg()
        started = time.time()
        t = time.perf_counter()
        cpu = time.process_time()
        first = subprocess.Popen(_client_cmd(db, log), cwd=ROOT)
        # Until the proxy cuts the link mid-file (or the counter is done before it).
        while first.poll() is None:
            if proxy.cut.wait(0.2):
                break
        cut_at = time.perf_counter() - t
        if first.poll() is None:
            first.send_signal(signal.SIGKILL)  # the counter's process dies with the link
            first.wait()
        second = subprocess.run(_client_cmd(db, log), cwd=ROOT)
        wall = time.perf_counter() - t
        proxy_cpu = time.process_time() - cpu
        load_after = os.getloadavg()
        proxy.close()
        if second.returncode != 0:
            raise RuntimeError("the restarted counter's sync failed")
        requests = [line.split() for line in log.read_text().splitlines()]
        attempts = len(requests)
        distinct = len({(path, offset) for path, offset, _n, _at in requests})
        stamps = [float(at) for _p, _o, _n, at in requests]
        first_put = stamps[0] - started
        resumed = min(s for s in stamps if s - started > cut_at) - started
        twice_bytes = _bytes_twice([(p, int(o), int(n)) for p, o, n, _at in requests])
        twice = twice_bytes / CHUNK
        longest = max(int(n) for _p, _o, n, _at in requests)
        files_dir = work / "server.files"
        on_server = [p for p in files_dir.rglob("*") if p.is_file() and ".partial" not in p.parts]
        partial_left = [p for p in files_dir.rglob("*") if p.is_file() and ".partial" in p.parts]
    finally:
        srv.stop()
    mib = total / 1048576
    # The link idle while chunks were being sent: the time from the first chunk to the end,
    # less the restart, less what the bytes carried up take at the link's rate.
    sending = wall - first_put - (resumed - cut_at)
    # (never below zero: the token bucket's burst can carry a few KB ahead of the rate)
    idle = max(0.0, sending - proxy.carried_up / RATE)
    figures += [
        Figure(
            f"files: {mib:.1f} MiB of scan PDFs ({len(docs)} files), loopback, no throttle "
            "(baseline)",
            loop_s,
            "s",
            note=f"scans made in {made_s:.0f} s (cached for the next run)",
        ),
        Figure(
            f"files: {mib:.1f} MiB of scans through a real 2 Mbit/s link, cut once mid-file, "
            "counter restarted (MEASURED)"
            + (f", every answer {delay * 1000:.0f} ms late" if delay else ""),
            wall / 60,
            "min",
            target="≤ 8 min",
            ok=wall / 60 <= 8,
            note=(
                f"pure transfer {total / RATE / 60:.2f} min; link idle {idle:.0f} s of the "
                f"{sending:.0f} s of sending; first chunk at {first_put:.1f} s "
                f"(process start, events pushed); cut at {cut_at:.0f} s, new process's first "
                f"chunk at {resumed:.0f} s; "
                f"proxy carried {proxy.carried_up / 1048576:.1f} MiB up, "
                f"{proxy.carried_down / 1024:.0f} KiB down; load {load[0]:.2f} → "
                f"{load_after[0]:.2f}; bench process CPU {proxy_cpu:.1f} s"
            ),
        ),
        Figure(
            f"files: chunks sent twice after the cut and restart ({mib:.0f} MiB run)",
            round(twice, 2),
            "chunks",
            target="≤ 1",
            ok=twice <= 1,
            note=(
                f"{twice_bytes / 1024:.0f} KiB begun twice; {attempts} requests begun for "
                f"{distinct} pieces of up to {longest // 1024} KiB; server holds "
                f"{len(on_server)} of "
                f"{len(docs)} files, {len(partial_left)} partial left"
            ),
        ),
    ]
    return figures
