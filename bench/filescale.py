"""Search and the dossier list at 1M dossiers, without attachments and with ~4M (issue 18).
Standalone: `python -m bench.filescale build --work DIR` then `python -m bench.filescale measure
--work DIR`.

The databases. `counter demo-data --scans 4` writes 20,000 demo dossiers with ~4 digitised
papers each on the dossiers received on paper (`attachment_added` events as `attachments.attach`
writes them, folded into the dossiers' counters; the files themselves are not written: search
and the list never open them). A copy without those events (deleted, the counters reset,
VACUUM) is the baseline. Each is then replicated 50 times in SQL, the same way for both: copy k
of a dossier gets an id and event ids differing in their seventh byte, its code suffixed
`.k`, its dates moved k × 186 days back (so 1M dossiers span ~25 years, as a 1M `demo-data`
build does); events keep their times. The full-text index is filled for the copies as the
bulk writer does. (Building 1M with `demo-data` takes ~6 min on a quiet machine, over an hour
under the load this was run in.)

The baseline alone is vacuumed (the deletion leaves it with free pages); the database with
attachments keeps the layout `demo-data` wrote, dossiers' and events' pages interleaved, as a
counter's file would be. The 49 copies are laid out alike in both.

The measures: `bench.core`'s search as you type and the dossier list's first page as you type
(same prefixes, same p95), on both databases, interleaved keystroke by keystroke, repeated, the
order of the two swapped each round. Each database is served by a process of its own (`serve`),
as in the window: SQLite's soft heap limit is for the whole process, and two databases in one
process do not share it evenly (see `measure`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.harness import DEMO_END, ROOT, Figure, counter_cmd, median, p95, table
from counter.db import encryption

BASE = 20_000
COPIES = 50
SPAN_DAYS = 186
_DATES = (
    "received_at",
    "due_at",
    "original_due_at",
    "resolved_at",
    "returned_at",
    "closed_at",
    "step_due_at",
)


def _connect(path: Path) -> Any:
    conn = encryption.connect(path)
    conn.isolation_level = None
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-400000")
    return conn


def strip_attachments(src: Path, dst: Path) -> None:
    """`dst`: `src` without its attachment events, the dossiers' counters as they were before."""
    shutil.copyfile(src, dst)
    conn = _connect(dst)
    (trigger,) = conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'events_no_delete'"
    ).fetchone()
    conn.execute("BEGIN")
    conn.execute("DROP TRIGGER events_no_delete")
    conn.execute("DELETE FROM events WHERE type = 'attachment_added'")
    conn.execute(trigger)
    conn.execute(
        "UPDATE dossiers SET event_count = event_count - attachments - results, attachments = 0,"
        " signed_attachments = 0, reused_attachments = 0, results = 0, signed_results = 0"
    )
    conn.execute("COMMIT")
    conn.execute("VACUUM")
    conn.close()


def _copy_id(value: bytes, k: int) -> bytes:
    """Copy k of a UUIDv7: its version nibble (7) becomes 8 + k's high bits, so no copy meets
    an original or another copy, and the time prefix (index order) stays."""
    data = bytes(value)
    return data[:6] + bytes([0x80 + k]) + data[7:]


def replicate(path: Path, copies: int = COPIES) -> None:
    conn = _connect(path)
    conn.create_function("copy_id", 2, _copy_id, deterministic=True)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(dossiers)") if r[1] != "num"]
    ecols = [r[1] for r in conn.execute("PRAGMA table_info(events)") if r[1] != "seq"]
    (top,) = conn.execute("SELECT max(num) FROM dossiers").fetchone()
    (etop,) = conn.execute("SELECT max(seq) FROM events").fetchone()
    for k in range(1, copies):  # one transaction a copy: a WAL of GBs slows every insert
        conn.execute("BEGIN")
        conn.execute("INSERT INTO settings (key, value) VALUES ('search.bulk', '1')")
        dossier = {c: c for c in cols}
        # The ids are 16-byte blobs (`||` would make text, cut at a zero byte).
        dossier["id"] = f"copy_id(id, {k})"
        dossier["last_event_id"] = f"copy_id(last_event_id, {k})"
        dossier["code"] = f"code || '.{k}'"
        for c in _DATES:
            dossier[c] = f"datetime({c}, '-{k * SPAN_DAYS} days')"
        conn.execute(
            f"INSERT INTO dossiers ({', '.join(cols)}) SELECT "
            f"{', '.join(dossier[c] for c in cols)} FROM dossiers WHERE num <= {top}"
        )
        event = {c: c for c in ecols}
        event["id"] = f"copy_id(id, {k})"
        event["dossier_id"] = f"copy_id(dossier_id, {k})"
        conn.execute(
            f"INSERT INTO events ({', '.join(ecols)}) SELECT "
            f"{', '.join(event[c] for c in ecols)} FROM events WHERE seq <= {etop} ORDER BY seq"
        )
        conn.execute("DELETE FROM settings WHERE key = 'search.bulk'")
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        print(f"  copy {k}/{copies - 1}", file=sys.stderr, flush=True)
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO dossier_fts(rowid, code, name, id_number) SELECT num, code, "
        "replace(replace(applicant_name, 'đ', 'd'), 'Đ', 'd'), id_number FROM dossiers "
        f"WHERE num > {top}"
    )
    conn.execute("COMMIT")
    conn.execute("PRAGMA analysis_limit=1000")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def label(copies: int) -> str:
    total = BASE * copies
    return "1m" if total == 1_000_000 else f"{total // 1000}k"


def build(work: Path, which: str, copies: int = COPIES) -> None:
    files = work / "base-files.sqlite3"
    if not files.exists():
        counter_cmd(
            "--db", str(files), "demo-data", "--dossiers", str(BASE), "--seed", "1",
            "--end", DEMO_END, "--scans", "4",
        )  # fmt: skip
    plain = work / "base-plain.sqlite3"
    if not plain.exists():
        strip_attachments(files, plain)
    for name in which.split(","):
        target = work / f"{name}-{label(copies)}.sqlite3"
        if target.exists():
            continue
        t0 = time.perf_counter()
        part = target.with_suffix(".part")
        shutil.copyfile(work / f"base-{name}.sqlite3", part)
        replicate(part, copies)
        part.rename(target)
        print(f"{target}: {time.perf_counter() - t0:.0f} s", file=sys.stderr)


def counts(path: Path) -> str:
    conn = encryption.connect(path)
    d, a = conn.execute("SELECT count(*), sum(attachments) FROM dossiers").fetchone()
    (e,) = conn.execute("SELECT count(*) FROM events WHERE type = 'attachment_added'").fetchone()
    conn.close()
    size = path.stat().st_size / 1024**3
    return f"{d:,} dossiers, {e:,} attachment events (counters {a:,}), {size:.2f} GB"


def serve(path: Path) -> None:
    """One database's keystrokes, in a process of its own (see `measure`): warms the page cache
    as `bench.core` does, says `ready`, then for each prefix read from stdin answers with the
    search's and the list's first page's times (ms) and the CPU time they took (s)."""
    from bench.core import _context
    from counter.services import listing, queries
    from counter.services.listing import DossierFilter

    ctx: Any = _context(path)
    queries.search(ctx, "nguyen")
    listing.page(ctx, DossierFilter(text="nguyen"), limit=100)
    print("ready", flush=True)
    for line in sys.stdin:
        prefix = line.rstrip("\n")
        c0 = time.process_time()
        t0 = time.perf_counter()
        queries.search(ctx, prefix)
        t1 = time.perf_counter()
        listing.page(ctx, DossierFilter(text=prefix), limit=100)
        t2 = time.perf_counter()
        cpu = time.process_time() - c0
        print(f"{(t1 - t0) * 1000} {(t2 - t1) * 1000} {cpu}", flush=True)


def measure(paths: dict[str, Path], label: str, rounds: int) -> list[Figure]:
    """Each database is served by its own process, as the window opens one database per
    process: SQLite's soft heap limit (`counter.db.engine.SOFT_HEAP_LIMIT`, 16 MB) is for the
    whole process, and a page cache at that limit recycles its own pages rather than grow. Both
    databases in one process, the one warmed first kept the cache and the other could hardly
    grow its own: its list was ~2× slower whichever it was (at 200,000 dossiers, swapping the
    warm-up order swapped the ratio; with a 64 MB limit, or each alone, both were equal)."""
    from bench.core import TYPED

    prefixes = [word[:n] for word in TYPED for n in range(2, len(word) + 1)]
    names = ("plain", "files")
    procs = {
        n: subprocess.Popen(
            [sys.executable, "-m", "bench.filescale", "serve", "--work", str(paths[n])],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in names
    }
    for n in names:
        out = procs[n].stdout
        if out is None or out.readline().strip() != "ready":
            raise RuntimeError(f"bench.filescale serve {paths[n]} did not start")
    search: dict[str, list[float]] = {n: [] for n in names}
    page: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, float] = {n: 0.0 for n in names}
    loads = [os.getloadavg()[0]]
    for r in range(rounds):
        for prefix in prefixes:  # interleaved: each keystroke on one database, then the other
            for n in names if r % 2 == 0 else names[::-1]:
                stdin, stdout = procs[n].stdin, procs[n].stdout
                assert stdin is not None and stdout is not None
                stdin.write(prefix + "\n")
                stdin.flush()
                s_ms, p_ms, c_s = (float(v) for v in stdout.readline().split())
                search[n].append(s_ms)
                page[n].append(p_ms)
                cpu[n] += c_s
        loads.append(os.getloadavg()[0])
    for proc in procs.values():
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait()
    load = f"load {min(loads):.1f}–{max(loads):.1f}"
    figures = []
    for what, samples, target in (
        ("search as you type", search, 20),
        ("dossier list, first 100 rows as you type", page, 100),
    ):
        value, base = p95(samples["files"]), p95(samples["plain"])
        figures.append(
            Figure(
                f"{what}, {label} dossiers with ~4 attachments each (p95)",
                value,
                "ms",
                baseline=base,
                baseline_name="the same without attachments",
                target=f"< {target} ms",
                ok=value < target,
                note=(
                    f"median {median(samples['files']):.2f} vs {median(samples['plain']):.2f} ms"
                    f" over {len(samples['files'])} keystrokes each; {load}"
                ),
            )
        )
    figures.append(
        Figure(
            "CPU time of all those keystrokes, with / without attachments",
            cpu["files"],
            "s",
            baseline=cpu["plain"],
            baseline_name="without",
        )
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", choices=("build", "measure", "serve"))
    parser.add_argument("--work", type=Path, required=True, help="(serve: the database)")
    parser.add_argument("--only", default="plain,files")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--copies", type=int, default=COPIES, help="copies of the 20,000 built")
    parser.add_argument("--size", default="1m", help="measure {plain,files}-SIZE.sqlite3")
    args = parser.parse_args()
    from counter.db import keys

    os.environ.setdefault(keys.ENV_KEY_FILE, str(keys.key_path()))
    if args.what == "serve":
        serve(args.work)
        return 0
    if args.what == "build":
        build(args.work, args.only, args.copies)
        return 0
    paths = {n: args.work / f"{n}-{args.size}.sqlite3" for n in ("plain", "files")}
    for n, path in paths.items():
        print(f"{n}: {counts(path)}")
    figures = measure(paths, args.size, args.rounds)
    print(table(figures))
    for f in figures:
        print(f"- {f.name}: {f.note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
