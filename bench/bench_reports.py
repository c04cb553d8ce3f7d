"""Time a quarterly report on a large database (target: under 1 s on 1,000,000 dossiers).

    COUNTER_HOME=/tmp/x .venv/bin/counter demo-data --dossiers 1000000   # once, several minutes
    .venv/bin/python bench/bench_reports.py --db /tmp/x/counter.sqlite3 [--period 2026-Q3]

Prints the baseline (a plain count of the quarter's dossiers by the received_at index), the
time of build_report in total, by field and by procedure (first run and best of the next
runs), the time of the Excel and PDF exports, and the report's figures.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from counter.db.engine import Database
from counter.db.models import Dossier
from counter.reports.excel import write_xlsx
from counter.reports.figures import build_report
from counter.reports.pdf import render_pdf
from counter.reports.period import Period
from counter.reports.presentation import COLUMNS, format_count, indicators
from counter.reports.register import register_lines
from counter.services.context import Context


def _timed(fn: Callable[[], Any], runs: int) -> tuple[Any, float, float]:
    """Result, first run (cold-ish cache) and median of the following runs, in seconds."""
    started = time.perf_counter()
    result = fn()
    first = time.perf_counter() - started
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return result, first, statistics.median(times) if times else first


def last_full_quarter(newest: str) -> str:
    day = date.fromisoformat(newest[:10])
    quarter = (day.month - 1) // 3 + 1
    year, quarter = (day.year - 1, 4) if quarter == 1 else (day.year, quarter - 1)
    return f"{year}-Q{quarter}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--period", help="default: the last complete quarter of the data")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    db = Database(args.db)  # migrates: creating the report indexes takes a while once
    print(f"open + migrate: {time.perf_counter() - started:.2f} s")
    ctx = Context(db)
    with db.session() as session:
        total = session.scalar(select(func.count()).select_from(Dossier)) or 0
        newest = session.scalar(select(func.max(Dossier.received_at))) or "2026-01-01"
    period = Period.parse(args.period or last_full_quarter(newest))
    print(f"database: {args.db} — {format_count(total)} dossiers; period {period.label}")

    def baseline() -> int:
        with db.session() as session:
            return int(
                session.scalar(
                    text(
                        "SELECT count(*) FROM dossiers WHERE received_at >= :s AND received_at < :e"
                    ),
                    {"s": period.start, "e": period.end},
                )
                or 0
            )

    count, first, best = _timed(baseline, args.runs)
    print(
        f"baseline SELECT count(*) of the quarter ({format_count(count)}): "
        f"first {first * 1000:.1f} ms, median {best * 1000:.1f} ms"
    )
    report = None
    for by in (None, "field", "procedure"):
        report_by, first, best = _timed(lambda by=by: build_report(ctx, period, by), args.runs)
        report = report or report_by
        label = by or "total"
        print(
            f"build_report by {label:<9}: first {first * 1000:.1f} ms, median {best * 1000:.1f} ms"
        )
    assert report is not None
    # A whole year, and a quarter long past (its carried dossiers come from old index ranges).
    for other in (str(period.first.year), f"{period.first.year - 15}-Q2"):
        other_report, first, best = _timed(lambda o=other: build_report(ctx, o), args.runs)
        print(
            f"build_report {other:<10}: first {first * 1000:.1f} ms, median {best * 1000:.1f} ms"
            f" ({format_count(other_report.total.figures.handled)} dossiers handled)"
        )
    with tempfile.TemporaryDirectory() as tmp:
        _, first, _ = _timed(lambda: write_xlsx(report, Path(tmp) / "r.xlsx"), 0)
        print(f"Excel export: {first * 1000:.1f} ms")
        lines, first, _ = _timed(lambda: register_lines(ctx, period), 0)
        print(f"register query ({format_count(len(lines))} dossiers): {first * 1000:.1f} ms")
        _, first, _ = _timed(lambda: write_xlsx(report, Path(tmp) / "r.xlsx", lines), 0)
        print(f"Excel export with the register: {first * 1000:.1f} ms")
        _, first, _ = _timed(lambda: render_pdf(report, Path(tmp) / "r.pdf"), 0)
        print(f"PDF export: {first * 1000:.1f} ms")

    f = report.total.figures
    print(f"\nFigures of {period.label} (as of {report.as_of:%d/%m/%Y %H:%M}):")
    for col in COLUMNS:
        print(f"  {col.group} — {col.header}: {col.text(f)}")
    for item in indicators(report):
        print(f"  {item.label}: {item.text()}")
    print(
        f"  late dossiers listed: {len(report.late_dossiers)}, "
        f"without apology: {len(report.without_apology)}"
    )
    invariant = f.handled == f.resolved + f.open + f.refused + f.stopped + f.withdrawn
    print(f"  carried + received = resolved + open + refused + stopped + withdrawn: {invariant}")
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
