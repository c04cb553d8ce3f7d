"""The server's access log (uvicorn at info) keeps no query strings: a status link's check
value, which opens the citizen's status page, never reaches the log."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from counter.sync.app import create_app
from counter.sync.store import ServerStore
from tests.sync.conftest import free_port


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def test_status_links_leave_no_check_value_in_the_access_log(tmp_path: Path) -> None:
    store = ServerStore(str(tmp_path / "server.sqlite3"))
    port = free_port()
    config = uvicorn.Config(
        create_app(store), host="127.0.0.1", port=port, log_level="info", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    collect = Collect()
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.01)
        logging.getLogger("uvicorn.access").addHandler(collect)
        answer = httpx.get(
            f"http://127.0.0.1:{port}/tra-cuu",
            params={"ma": "000.00.12.H40-261202-0001", "k": "a1b2c3d4e5f6a7b8c9"},
        )
        assert answer.status_code == 404  # unknown code and wrong check value: the same page
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        logging.getLogger("uvicorn.access").removeHandler(collect)
        store.close()
    (line,) = [x for x in collect.lines if "/tra-cuu" in x]
    assert "GET /tra-cuu?…" in line and "404" in line
    assert "a1b2c3d4e5f6a7b8c9" not in line and "261202-0001" not in line
