"""Report figures for `python -m bench`: a quarterly report on the largest database (< 1 s)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.harness import Environment, Figure, median, timed
from counter.db import encryption


def _last_full_quarter(path: Path) -> str:
    from bench.bench_reports import last_full_quarter

    conn = encryption.connect(path)
    newest = conn.execute("SELECT max(received_at) FROM dossiers").fetchone()[0]
    conn.close()
    return last_full_quarter(newest or "2026-01-01")


def measure(env: Environment) -> list[Figure]:
    from counter.db.engine import Database
    from counter.reports.excel import write_xlsx
    from counter.reports.figures import build_report
    from counter.reports.pdf import render_pdf
    from counter.reports.period import Period
    from counter.services.context import Context

    size = max(env.databases)
    path = env.database(size)
    db = Database(path)  # migrates (creates the report indexes) before anything is timed
    ctx = Context(db)
    period = Period.parse(_last_full_quarter(path))
    repeat = 3 if env.quick else 10
    raw = encryption.connect(path)

    def count() -> None:
        raw.execute(
            "SELECT count(*) FROM dossiers WHERE received_at >= ? AND received_at < ?",
            (period.start, period.end),
        ).fetchone()

    floor = timed(count, repeat)
    raw.close()
    figures = []
    report = build_report(ctx, period)  # warm the page cache like a second click would
    for by in (None, "field"):
        samples = timed(lambda by=by: build_report(ctx, period, by), repeat)
        value = median(samples)
        figures.append(
            Figure(
                f"quarterly report{' by field' if by else ''} ({size:,} dossiers)",
                value,
                "ms",
                baseline=median(floor),
                baseline_name="SELECT count(*) of the quarter",
                target="< 1000 ms",
                ok=value < 1000,
                note=f"{period.label}; {report.total.figures.handled:,} dossiers handled",
            )
        )
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = timed(lambda: write_xlsx(report, Path(tmp) / "r.xlsx"), 1)[0]
        pdf = timed(lambda: render_pdf(report, Path(tmp) / "r.pdf"), 1)[0]
    figures.append(Figure("report export to Excel", xlsx, "ms"))
    figures.append(Figure("report export to PDF (3 charts)", pdf, "ms"))
    db.close()
    return figures
