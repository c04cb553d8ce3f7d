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


def _turn_about(ctxs: dict[str, Any], operations: list[Callable[[Any], object]]) -> Samples:
    """Each operation on each variant in turn (plain, encrypted, plain, …)."""
    samples: Samples = {name: {"wall": [], "cpu": []} for name in ctxs}
    for operation in operations:
        for name, ctx in ctxs.items():
            wall, cpu = time.perf_counter(), time.process_time()
            operation(ctx)
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


def _figure(label: str, stat: str, samples: Samples) -> Figure:
    pick = median if stat == "median" else p95
    enc, plain = samples["encrypted"], samples["plain"]
    value, base = pick(enc["wall"]), pick(plain["wall"])
    cpu, cpu_base = pick(enc["cpu"]), pick(plain["cpu"])
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
            f"({cpu / cpu_base - 1:+.1%}); {len(enc['wall'])} samples each, taken turn about"
        ),
    )


def measure(env: Environment) -> list[Figure]:
    figures = []
    sizes = sorted(env.databases)
    for size in sizes:
        plain, encrypted = _copies(env.databases[size], env.work)
        ctxs = _contexts(plain, encrypted)
        try:
            if size == sizes[0]:  # intake does not depend on the size; once is enough
                saves = _intake(ctxs, 40 if env.quick else 200)
                figures.append(_figure("intake save", "median", saves))
            search = _search(ctxs, 2 if env.quick else 5)
            figures.append(_figure(f"search as you type, {size:,} dossiers", "p95", search))
            figures.append(_figure(f"search as you type, {size:,} dossiers", "median", search))
        finally:
            for ctx in ctxs.values():
                ctx.db.close()
            for path in (plain, encrypted):
                for extra in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                    extra.unlink(missing_ok=True)
    return figures
