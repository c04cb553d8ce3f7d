"""Power cuts: a process receiving dossiers is killed with SIGKILL at random moments."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from counter.db import encryption
from counter.db.engine import Database
from counter.services.audit import verify_chain
from counter.services.context import Context

RUNS = int(os.environ.get("COUNTER_CRASH_RUNS", "20"))
WORKER = Path(__file__).with_name("crash_worker.py")
ROOT = Path(__file__).resolve().parents[2]


def test_sigkill_never_leaves_a_half_stored_dossier(ctx: Context) -> None:
    path = ctx.db.path
    ctx.db.close()
    rng = random.Random(2026)
    printed: list[str] = []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for run in range(RUNS):
        worker = subprocess.Popen(
            [sys.executable, str(WORKER), str(path), str(run)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "READY"
        # Let it get going (one receipt out), then cut the power somewhere in the loop.
        first = worker.stdout.readline()
        assert first.startswith("PRINTED ")
        time.sleep(rng.uniform(0.0, 0.4))
        worker.send_signal(signal.SIGKILL)
        out, _ = worker.communicate(timeout=30)
        assert worker.returncode == -signal.SIGKILL
        printed += [
            line.split()[1] for line in [first, *out.splitlines()] if line.startswith("PRINTED ")
        ]

    conn = encryption.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        codes = [r[0] for r in conn.execute("SELECT code FROM dossiers")]
        assert len(codes) == len(set(codes)), "a code was issued twice"
        missing = set(printed) - set(codes)
        assert not missing, f"receipts printed for dossiers that do not exist: {missing}"
        # Every dossier has its intake event, and every intake event its dossier.
        orphans = conn.execute(
            "SELECT count(*) FROM events e WHERE e.type = 'received' "
            "AND NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.id = e.dossier_id)"
        ).fetchone()[0]
        headless = conn.execute(
            "SELECT count(*) FROM dossiers d WHERE NOT EXISTS "
            "(SELECT 1 FROM events e WHERE e.dossier_id = d.id AND e.type = 'received')"
        ).fetchone()[0]
        assert (orphans, headless) == (0, 0)
        # The projection counts exactly the events stored for each dossier.
        mismatched = conn.execute(
            "SELECT count(*) FROM dossiers d WHERE d.event_count != "
            "(SELECT count(*) FROM events e WHERE e.dossier_id = d.id)"
        ).fetchone()[0]
        assert mismatched == 0
        # The full-text index has exactly one entry per dossier.
        fts = conn.execute("SELECT count(*) FROM dossier_fts").fetchone()[0]
        assert fts == len(codes)
    finally:
        conn.close()
    report = verify_chain(Context(Database(path)))
    assert report.ok, report.breaks[:3]
    assert len(printed) >= RUNS  # the workers did real work before each kill
    print(f"{RUNS} kills survived, {len(codes)} dossiers, {len(printed)} receipts printed")
