#!/usr/bin/env bash
# Renders a `tezis compare --html` report in headless Chromium and saves a screenshot, to check
# that the report draws for a person (charts visible, no network needed). Compares the embedded
# default model with one trained on every tenth statement of the corpus, on the holdout.
#   bash tests/report/render.sh [OUT.png]     (default: tests/report/compare-report.png)
# Needs Debian's chromium; installs it with apt-get when missing (root or sudo).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-tests/report/compare-report.png}
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
cargo build --release --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/tenth.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open("data/quotes.csv", encoding="utf-8")))
with open(sys.argv[1], "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerows(rows[::10])
PY
target/release/tezis train --data "$tmp/tenth.csv" --out "$tmp/weak" --seed 42 \
  --head-features theme=char=3-5 --head-features stance=stopwords=keep 2>/dev/null
target/release/tezis compare @default "$tmp/weak" --data data/holdout.csv \
  --html "$tmp/report.html" --examples 6 >/dev/null
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --hide-scrollbars --window-size=1200,1500 --screenshot="$tmp/shot.png" \
  "file://$tmp/report.html" >/dev/null 2>&1
size=$(stat -c %s "$tmp/shot.png")
# A blank page compresses to a few kilobytes; charts and text make it much larger.
if [ "$size" -lt 30000 ]; then
  echo "screenshot is only $size bytes: the report did not render" >&2
  exit 1
fi
cp "$tmp/shot.png" "$out"
echo "rendered: $out ($size bytes)"
