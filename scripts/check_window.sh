#!/usr/bin/env bash
# The README's `./dev app` (the demo office, in a scratch $COUNTER_HOME) under a real X display
# (Xvfb, Qt's xcb plugin, not offscreen): the window must paint and the program exit cleanly
# (COUNTER_SMOKE_TEST=1). Catches a missing system library of the xcb plugin, which the
# offscreen tests never load.
set -euo pipefail
cd "$(dirname "$0")/.."
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
out=$(COUNTER_HOME="$home" COUNTER_SMOKE_TEST=1 QT_QPA_PLATFORM=xcb \
  timeout 180 xvfb-run -a -s "-screen 0 1366x768x24" ./dev app 2>&1) || {
  echo "$out" >&2
  echo "window: ./dev app did not start and exit cleanly under Xvfb" >&2
  exit 1
}
echo "$out" | grep -q "cửa sổ đã hiển thị" || { echo "$out" >&2; echo "window: no window painted" >&2; exit 1; }
echo "== window: ./dev app painted its window under Xvfb (xcb) and exited cleanly"
