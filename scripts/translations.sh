#!/usr/bin/env bash
# Refresh the translation source from ui/ and compile it: resources/translations/counter_<lang>.ts
# is what a translator edits (Qt Linguist); the .qm beside it is what the window loads.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${VENV:-.venv}/bin"
for ts in resources/translations/counter_*.ts; do
  "$BIN/pyside6-lupdate" $(find ui -name '*.py' | sort) \
    -source-language vi_VN -target-language en_US -no-obsolete -locations relative -ts "$ts"
  "$BIN/pyside6-lrelease" "$ts" -qm "${ts%.ts}.qm"
done
