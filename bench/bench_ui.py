"""The window's benchmark on one database: `python bench/bench_ui.py --db FILE [--quick]`.

The same figures run inside `python -m bench` (module bench.ui) on the databases it builds.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import ui
from bench.harness import Environment, table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--db", type=Path, required=True, help="a database made by `counter demo-data`"
    )
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    env = Environment(work=args.db.parent, quick=args.quick, databases={0: args.db})
    print(table(ui.measure(env)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
