"""A server process killed and restarted in the middle of a sync: nothing lost, nothing doubled."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from counter.sync import client, server, transport
from counter.sync.client import RetryPolicy
from counter.sync.store import ServerStore
from tests.sync.conftest import Counter, dossier_rows, enrol, free_port, intake

OFFICE = "000.00.12.H40"
ROOT = Path(__file__).resolve().parents[2]


class ServerProcess:
    """`counter server` as its own process, so it can be killed like a crashed machine."""

    def __init__(self, store: ServerStore, log: Path) -> None:
        self.store = store
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        args = [sys.executable, "-m", "counter", "server", "--db", self.store.url]
        if self.store.schema:
            args += ["--schema", self.store.schema]
        args += ["--port", str(self.port)]
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(args, cwd=ROOT, stdout=out, stderr=out)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/v1/health", timeout=0.5).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError("server process did not start: " + self.log.read_text()[-2000:])

    def kill(self) -> None:
        if self.proc is not None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
            self.proc = None


@pytest.fixture
def process(store: ServerStore, tmp_path: Path) -> Iterator[ServerProcess]:
    proc = ServerProcess(store, tmp_path / "server.log")
    proc.start()
    yield proc
    proc.kill()


class KillingTransport(httpx.BaseTransport):
    """On the n-th push the server commits, then dies before its answer arrives; on the m-th
    it dies while the batch is being received and stored (committed or not: both must be
    fine). Each time it comes back a moment later."""

    def __init__(self, proc: ServerProcess, after_commit: int, during: int) -> None:
        self.inner = httpx.HTTPTransport(verify=transport.ssl_context())
        self.proc = proc
        self.after_commit = after_commit
        self.during = during
        self.pushes = 0
        self.restarters: list[threading.Thread] = []

    def _crash(self, request: httpx.Request) -> None:
        self.proc.kill()
        restarter = threading.Thread(target=self._restart)
        restarter.start()
        self.restarters.append(restarter)
        raise httpx.RemoteProtocolError("server closed the connection", request=request)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        is_push = request.url.path == "/v1/push"
        self.pushes += is_push
        if is_push and self.pushes == self.during:
            sender = threading.Thread(target=self._send_quietly, args=(request,))
            sender.start()
            time.sleep(0.02)
            self._crash(request)
        response = self.inner.handle_request(request)
        response.read()
        if is_push and self.pushes == self.after_commit:
            self._crash(request)
        return response

    def _send_quietly(self, request: httpx.Request) -> None:
        with contextlib.suppress(httpx.TransportError):
            self.inner.handle_request(request).read()

    def _restart(self) -> None:
        self.proc.start()

    def close(self) -> None:
        self.inner.close()


def test_server_killed_mid_sync_loses_and_repeats_nothing(
    process: ServerProcess, make_counter: Callable[..., Counter]
) -> None:
    store = process.store
    server.add_office(store, OFFICE, "UBND xã Tân Hưng")
    a, b = make_counter("a"), make_counter("b")
    enrol(store, a, process.url)
    enrol(store, b, process.url)
    client.sync_now(a.ctx)  # reference data first, so the batches below are dossier events
    for n in range(15):
        intake(a, f"Người Nộp {n}")
    killer = KillingTransport(process, after_commit=2, during=4)
    # Enough patience for a busy 2-core machine to start Python and the server again.
    policy = RetryPolicy(attempts=20, base_delay=0.2, max_delay=1.0, timeout=10)
    try:
        report = client.sync_now(a.ctx, policy=policy, transport=killer, batch=3)
    finally:
        for restarter in killer.restarters:
            restarter.join(30)
    assert len(killer.restarters) == 2
    # The batch the server stored before dying is re-sent and recognised, not stored twice;
    # the one cut short was stored once or not at all before the crash.
    assert report.pushed + report.repeated == 15 and report.repeated in (3, 6)
    assert report.retries >= 2
    assert server.office_counts(store, OFFICE)["dossier_events"] == 15
    client.sync_now(b.ctx, policy=policy)
    assert dossier_rows(a) == dossier_rows(b) and len(dossier_rows(b)) == 15
