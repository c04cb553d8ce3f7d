"""Sync by USB stick beside the network sync (run from bench/bench_sync.py, same run, same
events): bundle size per 1,000 dossiers, import speed on the server and on a counter; and the
same records replicated between two PouchDB databases over HTTP on loopback, as a ratio."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from bench.harness import Figure
from counter.db.engine import Database
from counter.db.models import EventRow
from counter.db.wire import FIELDS
from counter.services import office
from counter.services.context import Actor, Context
from counter.services.status_link import SERVER, STATUS_KEY
from counter.sync import bundle, server
from counter.sync.state import OFFICE, TOKEN, set_setting
from counter.sync.store import ServerStore

NODE_DIR = Path(__file__).resolve().parent / ".node"  # bench-local node_modules (gitignored)
NODE_PACKAGES = ("pouchdb@9", "express@4", "express-pouchdb@4")


def snapshot(source: Path, target: Path) -> Path:
    """A copy of a counter's database as it stands (before it first syncs)."""
    from counter.db import encryption

    conn = encryption.connect(source)
    copy = encryption.connect(target, create=True)
    try:
        conn.backup(copy)
    finally:
        copy.close()
        conn.close()
    return target


def _enrolled(store: ServerStore, identifier: str, path: Path, now: object) -> Context:
    """A counter enrolled on `store` without HTTP: what `client.register` stores."""
    ctx = Context(Database(path), Actor("motcua", "Trần Thị Thu Hà", "clerk"), now=now)  # type: ignore[arg-type]
    code = server.create_enrolment(store, identifier)
    done = server.enroll_device(store, code.code, ctx.device_id, "", "bench")
    with ctx.db.unit_of_work() as session:
        set_setting(session, SERVER, "(USB)")
        set_setting(session, TOKEN, done.token)
        set_setting(session, OFFICE, identifier)
        set_setting(session, STATUS_KEY, done.status_key)
    office.assign_counter_number(ctx, done.counter_no)
    return ctx


def bundles(
    work: Path,
    offline: Path,
    fresh: Path,
    identifier: str,
    network: dict[str, float],
) -> list[Figure]:
    """`offline`: a counter with its events never sent; `fresh`: an empty counter of the same
    office. `network`: the loopback figures of the same run (push_s, pull_s, events, bytes)."""
    from datetime import datetime

    now = datetime(2026, 3, 2, 17, 0)
    store = ServerStore(str(work / "server-usb.sqlite3"))
    server.add_office(store, identifier, "UBND xã Tân Hưng")
    a = _enrolled(store, identifier, offline, lambda: now)
    t0 = time.perf_counter()
    exported = bundle.export(a, work / "quay-a.dongbo")
    export_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    taken = bundle.import_on_server(store, exported.path)
    import_s = time.perf_counter() - t0
    assert taken.accepted == exported.events
    c = _enrolled(store, identifier, fresh, lambda: now)
    empty = bundle.export(c, work / "quay-c.dongbo")
    answer = bundle.import_on_server(store, empty.path)
    t0 = time.perf_counter()
    applied = bundle.import_file(c, answer.answer)
    apply_s = time.perf_counter() - t0
    assert applied.new == exported.events, (applied.new, exported.events)
    answer_size = answer.answer.stat().st_size
    for ctx in (a, c):
        ctx.db.close()
    store.close()
    events = exported.events
    from counter.db import encryption

    conn = encryption.connect(offline, readonly=True)
    try:
        dossiers = int(conn.execute("SELECT count(*) FROM dossiers").fetchone()[0])
    finally:
        conn.close()
    per_event = exported.size / events
    push_rate = network["events"] / network["push_s"]
    pull_rate = network["events"] / network["pull_s"]
    return [
        Figure(
            "sync by USB file: bundle size per 1,000 dossiers",
            exported.size / dossiers * 1000 / 1024,
            "KB",
            note=f"{exported.size:,} B for {events:,} events of {dossiers:,} dossiers "
            f"({per_event:.0f} B/event; the network sends {network['bytes_per_event']:.0f} B/event "
            f"both ways); the answer with the same events: {answer_size:,} B; "
            f"export took {export_s:.2f} s",
        ),
        Figure(
            "sync by USB file: events imported per second on the server",
            events / import_s,
            "events/s",
            baseline=push_rate,
            baseline_name="network push (loopback)",
            note=f"{events:,} events in {import_s:.2f} s, answer written; the network push of "
            f"the same events: {network['push_s']:.2f} s",
        ),
        Figure(
            "sync by USB file: answer applied per second on a counter",
            events / apply_s,
            "events/s",
            baseline=pull_rate,
            baseline_name="network pull (loopback)",
            note=f"{events:,} events in {apply_s:.2f} s; the network pull: "
            f"{network['pull_s']:.2f} s",
        ),
    ]


def _records(database: Path, target: Path) -> int:
    """The counter's events as PouchDB documents, one JSON per line."""
    db = Database(database)
    count = 0
    with db.session() as session, open(target, "w", encoding="utf-8") as out:
        for row in session.scalars(select(EventRow).order_by(EventRow.seq)):
            doc = {name: getattr(row, name) for name in FIELDS}
            doc["_id"] = doc.pop("id")
            doc["hash"] = row.hash
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
            count += 1
    db.close()
    return count


def _node_ready() -> str:
    """'' once pouchdb and express-pouchdb are installed in bench/.node, else why not."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return "node or npm is not installed on this machine"
    if (NODE_DIR / "node_modules" / "express-pouchdb").exists():
        return ""
    NODE_DIR.mkdir(exist_ok=True)
    package = NODE_DIR / "package.json"
    if not package.exists():
        package.write_text('{"private": true, "description": "bench-local PouchDB peer"}\n')
    try:
        # A quick look first: an unreachable registry costs 20 s, not npm's long retries.
        probe = subprocess.run(
            ["npm", "view", "--fetch-retries=0", "pouchdb", "version"],
            capture_output=True,
            text=True,
            timeout=20,
        )
    except subprocess.TimeoutExpired:
        return "the npm registry did not answer within 20 s"
    if probe.returncode != 0:
        return "the npm registry is unreachable (npm view pouchdb failed)"
    try:
        done = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", *NODE_PACKAGES],
            cwd=NODE_DIR,
            capture_output=True,
            text=True,
            timeout=240,
        )
    except subprocess.TimeoutExpired:
        return "npm did not finish installing within 4 minutes (registry unreachable?)"
    if done.returncode != 0:
        return (
            "npm could not install pouchdb (registry unreachable?): "
            + (done.stderr.strip().splitlines() or ["?"])[-1][:100]
        )
    return ""


def pouchdb(work: Path, database: Path, network: dict[str, float]) -> list[Figure]:
    """The same records through PouchDB's replication (push to an express-pouchdb server, then
    a fresh database pulls), as a ratio beside our push + pull of them."""
    name = "sync vs PouchDB: the same records pushed then pulled over HTTP (loopback)"
    ours = network["push_s"] + network["pull_s"]
    why = _node_ready()
    if why:
        print(f"… PouchDB comparison skipped: {why}", file=sys.stderr, flush=True)
        return [Figure(name, ours, "s", ok=None, note=f"PouchDB SKIPPED: {why}")]
    folder = work / "pouchdb"
    folder.mkdir(exist_ok=True)
    records = _records(database, folder / "records.jsonl")
    done = subprocess.run(
        [
            "node",
            str(Path(__file__).resolve().parent / "pouch_replicate.js"),
            str(folder / "records.jsonl"),
            str(folder),
        ],
        cwd=NODE_DIR,
        env={**os.environ, "NODE_PATH": str(NODE_DIR / "node_modules")},
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0:
        return [Figure(name, ours, "s", note="PouchDB FAILED: " + done.stderr.strip()[-200:])]
    pouch = json.loads(done.stdout.strip().splitlines()[-1])
    assert pouch["pushed"] == pouch["pulled"] == records, pouch
    theirs = pouch["push"] + pouch["pull"]
    return [
        Figure(
            name,
            ours,
            "s",
            baseline=theirs,
            baseline_name="PouchDB 9 + express-pouchdb",
            note=f"{records:,} records; ours: push {network['push_s']:.2f} s + pull "
            f"{network['pull_s']:.2f} s; PouchDB (LevelDB both ends, node "
            f"{_node_version()}): push {pouch['push']:.2f} s + pull {pouch['pull']:.2f} s; "
            "ratio < 1: ours is faster",
        )
    ]


def _node_version() -> str:
    try:
        return subprocess.run(
            ["node", "--version"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "?"
