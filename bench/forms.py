"""`python -m bench` plugin: time to build Mẫu 01 with barcode and VietQR (bench/bench_forms.py)."""

from __future__ import annotations

from bench.bench_forms import measure_receipt
from bench.harness import Environment, Figure


def measure(env: Environment) -> list[Figure]:
    t = measure_receipt(40 if env.quick else 100)
    return [
        Figure(
            "Mẫu 01 PDF, 2 copies, Code 128 + VietQR (median)",
            t.form_median,
            "ms",
            baseline=t.bare_median,
            baseline_name="bare reportlab, same text in the same faces",
            target="< 40 ms, <= 1.5x bare",
            ok=t.form_median < 40 and t.form_median <= 1.5 * t.bare_median,
            note=(
                f"render() incl. DB load {t.render_median:.1f} ms; regular+bold-only baseline "
                f"{t.two_faces_median:.1f} ms ({t.form_median / t.two_faces_median:.2f}x)"
            ),
        )
    ]
