"""What encryption at rest costs: intake save and search as you type on the same dossiers, in an
encrypted copy of a demo database and in a plain (unencrypted SQLite) copy of it. The two are
measured turn about, operation by operation, in one run, so that both see the same machine
load and page cache; wall time is what the clerk waits, CPU time what the encryption adds
(less disturbed when other work shares the machine)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.core import TYPED
from bench.harness import Environment, Figure, median, p95

TARGET = 1.15  # at most +15 %
Samples = dict[str, dict[str, list[float]]]  # variant → "wall"/"cpu" → ms


def _copies(source: Path, work: Path) -> tuple[Path, Path]:
    from counter.db import encryption

    plain, encrypted = work / f"crypt-plain-{source.name}", work / f"crypt-enc-{source.name}"
    for path in (plain, encrypted):
        for extra in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            extra.unlink(missing_ok=True)
    conn = encryption.connect(source)
    conn.execute(f"ATTACH DATABASE '{plain}' AS plain KEY ''")
    conn.execute("SELECT sqlcipher_export('plain')")
    conn.execute("DETACH DATABASE plain")
    target = encryption.connect(encrypted, create=True)
    conn.backup(target)
    target.close()
    conn.close()
    return plain, encrypted


def _plain_database(path: Path) -> Any:
    """The program's Database on an unencrypted file: the same engine set-up (WAL, pragmas,
    BEGIN IMMEDIATE writers) through the standard sqlite3 module instead of SQLCipher."""
    from sqlalchemy import QueuePool, create_engine, event
    from sqlalchemy.orm import sessionmaker

    from counter.db.engine import Database, _begin, _on_connect

    db = Database.__new__(Database)
    db.path = path
    db.engine = create_engine(f"sqlite:///{path}", poolclass=QueuePool, pool_use_lifo=True)
    event.listen(db.engine, "connect", _on_connect)
    event.listen(db.engine, "begin", _begin)
    db._sessions = sessionmaker(db.engine, expire_on_commit=False)
    db._writers = sessionmaker(
        db.engine.execution_options(sqlite_immediate=True), expire_on_commit=False
    )
    return db


def _contexts(plain: Path, encrypted: Path) -> dict[str, Any]:
    from counter.db import encryption
    from counter.db.engine import Database
    from counter.services.context import Actor, Context

    assert encryption.is_plaintext(plain) and not encryption.is_plaintext(encrypted)
    clerk = Actor("motcua", "Trần Thị Thu Hà", "clerk")
    return {
        "plain": Context(_plain_database(plain), clerk),
        "encrypted": Context(Database(encrypted), clerk),
    }


def load_average() -> float:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return float("nan")


def _turn_about(ctxs: dict[str, Any], operations: list[Callable[[Any], object]]) -> Samples:
    """Each operation on each variant in turn, the order swapped every other operation (plain
    then encrypted, encrypted then plain, …) so neither always runs second; the 1-minute load
    average is read between operations (outside the timings)."""
    names = list(ctxs)
    samples: Samples = {name: {"wall": [], "cpu": []} for name in [*names, "load"]}
    for i, operation in enumerate(operations):
        if i % 8 == 0:
            samples["load"]["wall"].append(load_average())
        for name in names if i % 2 == 0 else reversed(names):
            wall, cpu = time.perf_counter(), time.process_time()
            operation(ctxs[name])
            samples[name]["cpu"].append((time.process_time() - cpu) * 1000)
            samples[name]["wall"].append((time.perf_counter() - wall) * 1000)
    return samples


def _intake(ctxs: dict[str, Any], repeat: int) -> Samples:
    from counter.services import catalogue, intake

    ctx = next(iter(ctxs.values()))
    with ctx.db.session() as s:
        proc = catalogue.get_procedure(s, "1.004873")
    docs = [intake.ReceivedDocument(d.name, max(1, d.originals), d.copies) for d in proc.documents]
    rng = random.Random(1)

    def save(ctx: Any) -> None:
        applicant = intake.ApplicantInput(
            f"Nguyễn Văn Bench {rng.randrange(10**6)}", f"0790900{rng.randrange(10**5):05d}"
        )
        intake.receive(ctx, intake.IntakeRequest("1.004873", applicant, docs))

    _turn_about(ctxs, [save])  # warm caches (catalogue, calendar years)
    return _turn_about(ctxs, [save] * repeat)


def _search(ctxs: dict[str, Any], rounds: int) -> Samples:
    from counter.services import queries

    prefixes = [word[:n] for word in TYPED for n in range(2, len(word) + 1)]
    _turn_about(ctxs, [lambda ctx: queries.search(ctx, "nguyen")])  # warm the page cache
    return _turn_about(ctxs, [lambda ctx, p=p: queries.search(ctx, p) for p in prefixes * rounds])


def _stats(samples: Samples) -> dict[str, Any]:
    """Wall and CPU medians and p95s of each variant, and the load average during the run."""
    out: dict[str, Any] = {
        name: {
            f"{kind}_{stat}": pick(samples[name][kind])
            for kind in ("wall", "cpu")
            for stat, pick in (("median", median), ("p95", p95))
        }
        | {"samples": len(samples[name]["wall"])}
        for name in ("plain", "encrypted")
    }
    # Each encrypted operation against the plain one next to it in time: the median of these
    # ratios is the steadiest measure of the cost when the load swings during the run.
    for kind in ("wall", "cpu"):
        pairs = zip(samples["encrypted"][kind], samples["plain"][kind], strict=True)
        out[f"paired_{kind}_ratio"] = median([e / p for e, p in pairs if p > 0])
    load = samples["load"]["wall"]
    out["load"] = {"mean": sum(load) / len(load), "min": min(load), "max": max(load)}
    return out


def _figure(label: str, stat: str, samples: Samples) -> Figure:
    stats = _stats(samples)
    enc, plain, load = stats["encrypted"], stats["plain"], stats["load"]
    value, base = enc[f"wall_{stat}"], plain[f"wall_{stat}"]
    cpu, cpu_base = enc[f"cpu_{stat}"], plain[f"cpu_{stat}"]
    return Figure(
        f"encryption cost: {label} ({stat})",
        value,
        "ms",
        baseline=base,
        baseline_name="same, unencrypted SQLite",
        target="≤ +15 %",
        ok=value <= base * TARGET,
        note=(
            f"wall {value / base - 1:+.1%}; CPU {cpu:.2f} vs {cpu_base:.2f} ms "
            f"({cpu / cpu_base - 1:+.1%}); paired median wall {stats['paired_wall_ratio'] - 1:+.1%}, "
            f"CPU {stats['paired_cpu_ratio'] - 1:+.1%}; {enc['samples']} samples each, turn about; "
            f"load {load['mean']:.1f} ({load['min']:.1f}–{load['max']:.1f})"
        ),
    )


def _figures(label: str, samples: Samples) -> list[Figure]:
    return [_figure(label, stat, samples) for stat in ("median", "p95")]


def measure(
    env: Environment, runs: dict[str, Any] | None = None, *, intake: bool = True
) -> list[Figure]:
    """Intake and search at each size of `env` (`runs`, when given, receives every statistic)."""
    figures = []
    for size in sorted(env.databases):
        plain, encrypted = _copies(env.databases[size], env.work)
        ctxs = _contexts(plain, encrypted)
        try:
            saves = _intake(ctxs, 60 if env.quick else 300 if intake else 0)
            if intake:
                figures += _figures(f"intake save, {size:,} dossiers", saves)
            search = _search(ctxs, 2 if env.quick else 8)
            figures += _figures(f"search as you type, {size:,} dossiers", search)
            if runs is not None:
                runs[str(size)] = {"search": _stats(search) | {"raw": search}}
                if intake:
                    runs[str(size)]["intake"] = _stats(saves) | {"raw": saves}
        finally:
            for ctx in ctxs.values():
                ctx.db.close()
            for path in (plain, encrypted):
                for extra in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                    extra.unlink(missing_ok=True)
    return figures


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.crypt [--sizes 10000,100000] [--work DIR] [--runs 2]`: only this
    bench, on demo databases kept in DIR (built with `counter demo-data` when missing)."""
    import argparse
    import json
    import os
    from datetime import UTC, datetime

    from bench.harness import DEMO_END, counter_cmd, machine, table

    parser = argparse.ArgumentParser(prog="python -m bench.crypt", description=main.__doc__)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=1, help="measure this many times in a row")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--search-only", action="store_true", help="no intake figures")
    args = parser.parse_args(argv)
    from counter.db import keys

    os.environ.setdefault(keys.ENV_KEY_FILE, str(args.work / "bench.key"))
    env = Environment(work=args.work, quick=args.quick)
    built: dict[str, float] = {}
    for size in (int(s) for s in args.sizes.split(",") if s):
        path = args.work / f"demo-{size}.sqlite3"
        if not path.exists():
            start = time.perf_counter()
            counter_cmd(
                "--db", str(path), "demo-data", "--dossiers", str(size), "--seed", "1",
                "--end", DEMO_END,
            )  # fmt: skip
            built[str(size)] = time.perf_counter() - start
        env.databases[size] = path
    result: dict[str, Any] = {"machine": machine(), "built_seconds": built, "runs": []}
    for run in range(args.runs):
        stats: dict[str, Any] = {}
        started = datetime.now(UTC)
        figures = measure(env, stats, intake=not args.search_only)
        print(f"run {run + 1}, {started:%Y-%m-%d %H:%M} UTC")
        print(table(figures))
        for figure in figures:
            print(f"  {figure.name}: {figure.note}")
        result["runs"].append(
            {"started": started.isoformat(timespec="seconds"), "stats": stats,
             "figures": [{"name": f.name, "value": f.value, "baseline": f.baseline,
                          "ok": f.ok, "note": f.note} for f in figures]}
        )  # fmt: skip
        if args.json:
            args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
