"""The counter's work on the real window: `python bench/bench_work.py [--route today|now]`.

Prints, per case, the keystrokes, scans, replay wall time and the clerk's time (KLM); the same
figures run inside `python -m bench` (module bench.work) against the figures of main.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import work
from bench.harness import median


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--route", choices=("today", "now"), default="now")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    results = work.run(args.route, args.repeat)
    rows = {}
    for name, samples in results.items():
        first = samples[0]
        ms = median([r.ms for r in samples])
        rows[name] = {
            "keys": first.keys,
            "scans": first.scans,
            "clicks": first.clicks,
            "ms": round(ms, 1),
            "clerk_s": round(first.clerk_seconds, 1),
        }
        marks = {k: round(median([r.marks[k] for r in samples]), 1) for k in first.marks}
        if marks:
            rows[name]["marks_ms"] = marks
        print(
            f"{name:14} keys {first.keys:4}  scans {first.scans}  clicks {first.clicks}  wall {ms:7.1f} ms  "
            f"clerk {first.clerk_seconds:5.2f} s"
            + "".join(f"  ({k}: {v:.1f} ms)" for k, v in marks.items())
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
