"""`python -m bench [--quick] [--sizes 10000,1000000]`: build demo databases, measure, print."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import time
import traceback
from datetime import datetime
from pathlib import Path

from bench import core
from bench.harness import (
    DEMO_END,
    ROOT,
    Environment,
    Figure,
    counter_cmd,
    machine,
    table,
    write_json,
)

# Other areas add a module here with `measure(env) -> list[Figure]`.
PLUGINS = (
    "bench.forms",
    "bench.ui",
    "bench.reports",
    "bench.sync",
    "bench.work",
    "bench.crypt",
    "bench.scan",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="small databases, few repetitions (CI)"
    )
    parser.add_argument("--sizes", default="", help="dossier counts, e.g. 10000,1000000")
    parser.add_argument(
        "--work", type=Path, default=None, help="where to keep the databases (reused if present)"
    )
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    parser.add_argument(
        "--only", default="", help="comma-separated plugin names to run (core always runs)"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s] or (
        [2000] if args.quick else [10_000, 1_000_000]
    )
    work = args.work or Path(tempfile.mkdtemp(prefix="counter-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    # One database key for the whole run, whichever COUNTER_HOME a plugin or the windows it
    # starts use: the databases built here are encrypted under it (counter.db.keys).
    from counter.db import keys

    os.environ.setdefault(keys.ENV_KEY_FILE, str(keys.key_path()))
    env = Environment(work=work, quick=args.quick)
    figures: list[Figure] = []
    started = time.perf_counter()

    for size in sizes:
        path = work / f"demo-{size}.sqlite3"
        built = path.with_suffix(".build-seconds")  # a reused database keeps its build time
        if not path.exists():
            print(
                f"… building {size:,} dossiers with `counter demo-data`",
                file=sys.stderr,
                flush=True,
            )
            t0 = time.perf_counter()
            # A fixed end: the same dossiers whatever the day and hour of the run.
            counter_cmd(
                "--db", str(path), "demo-data", "--dossiers", str(size), "--seed", "1",
                "--end", DEMO_END,
            )  # fmt: skip
            built.write_text(f"{time.perf_counter() - t0:.3f}")
        if built.exists():
            figures.append(core.demo_data_speed(env, size, float(built.read_text())))
        env.databases[size] = path
        figures += core.search_as_you_type(env, path, size)
        figures.append(core.size_per_dossier(path, size))
    largest = env.databases[max(sizes)]
    figures.append(core.code_lookup(env, largest))
    # Intake writes: use a copy so the measured databases stay as built.
    scratch = work / "intake-scratch.sqlite3"
    scratch.write_bytes(env.databases[min(sizes)].read_bytes())
    figures.append(core.intake_save(env, scratch))

    failed: list[str] = []
    wanted = {w.strip() for w in args.only.split(",") if w.strip()}
    for name in PLUGINS:
        if wanted and name.split(".")[-1] not in wanted:
            continue
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        print(f"… {name}", file=sys.stderr, flush=True)
        try:
            figures += module.measure(env)
        except Exception as exc:  # one area failing must not lose the others' figures
            traceback.print_exc()
            failed.append(name)
            figures.append(
                Figure(
                    f"{name}: FAILED ({type(exc).__name__})",
                    float("nan"),
                    "",
                    ok=False,
                    note=str(exc)[:120],
                )
            )

    print()
    print(
        f"counter benchmarks, {datetime.now():%Y-%m-%d %H:%M}, {machine()['cpu']}, {machine()['cores']} cores"
    )
    print(table(figures))
    write_json(
        args.json,
        figures,
        {"sizes": sizes, "quick": args.quick, "seconds": time.perf_counter() - started},
    )
    print(f"\nJSON: {args.json}")
    if failed:
        print(f"FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
