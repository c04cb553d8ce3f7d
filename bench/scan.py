"""`python -m bench` plugin: a scanned A4 page to a signed, stored PDF (bench/bench_scan.py)."""

from __future__ import annotations

from bench.bench_scan import DPI, measure_scan
from bench.harness import Environment, Figure


def measure(env: Environment) -> list[Figure]:
    t = measure_scan(3 if env.quick else 7)
    return [
        Figure(
            "A4 page image → signed, stored PDF on the dossier (grey, median)",
            t.signed_ms,
            "ms",
            baseline=t.unsigned_ms,
            baseline_name="same page stored unsigned",
            target="<= 1500 ms",
            ok=t.signed_ms <= 1500,
            note=f"colour {t.colour_signed_ms:.0f} ms",
        ),
        Figure(
            f"Signed PDF of an A4 page at {DPI} dpi, grey",
            t.grey_kb,
            "KB",
            target="<= 150 KB",
            ok=t.grey_kb <= 150,
        ),
        Figure(
            f"Signed PDF of an A4 page at {DPI} dpi, colour",
            t.colour_kb,
            "KB",
            target="<= 350 KB",
            ok=t.colour_kb <= 350,
        ),
    ]
