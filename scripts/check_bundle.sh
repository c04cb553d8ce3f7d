#!/usr/bin/env bash
# Build the one-folder bundle (build.spec) and check that the bundled program starts offscreen,
# paints its window and exits cleanly (COUNTER_SMOKE_TEST=1), on a fresh demo database (--demo).
# Called from .ci/run; takes a minute or two, so it is not part of the pytest run.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${COUNTER_VENV:-.venv}/bin"
echo "== bundle: building with PyInstaller"
started=$(date +%s)
"$BIN/pyinstaller" --noconfirm --log-level WARN --distpath build/dist --workpath build/work build.spec
echo "== bundle: built in $(( $(date +%s) - started )) s, $(du -sh build/dist/counter | cut -f1)"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
out=$(COUNTER_HOME="$home" COUNTER_SMOKE_TEST=1 QT_QPA_PLATFORM=offscreen \
  timeout 120 build/dist/counter/counter --demo --db "$home/smoke.sqlite3" 2>&1) || {
  echo "$out" >&2
  echo "bundle: the bundled program did not start and exit cleanly" >&2
  exit 1
}
echo "$out" | grep -q "cửa sổ đã hiển thị" || { echo "$out" >&2; echo "bundle: no window painted" >&2; exit 1; }
echo "$out" | grep -q "sẵn sàng" || { echo "$out" >&2; echo "bundle: the database did not open" >&2; exit 1; }
echo "== bundle: the bundled program started, painted its window and exited cleanly"
