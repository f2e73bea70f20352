#!/usr/bin/env bash
# Peak memory of `tezis classify` streaming a large input (default 1 GB), built by repeating the
# project's statements (data/quotes.csv) into a temporary .txt file. Prints the peak resident set
# size and whether it stays under the goal (100 MB), for 1 thread and for all cores.
#   bash benches/memory.sh [SIZE_MB]
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-1024}
cargo build --release --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/big.txt" "$size_mb" <<'PY'
import csv, sys
texts = [r["text"].replace("\n", " ") for r in csv.DictReader(open("data/quotes.csv", encoding="utf-8"))]
block = ("\n".join(texts) + "\n").encode("utf-8")
target = int(sys.argv[2]) * 1024 * 1024
with open(sys.argv[1], "wb") as f:
    written = 0
    while written < target:
        f.write(block)
        written += len(block)
PY
bytes=$(stat -c %s "$tmp/big.txt")
lines=$(wc -l < "$tmp/big.txt")
echo "input: $((bytes / 1024 / 1024)) MB, $lines statements"
for t in 1 0; do
  label=$([ "$t" = 1 ] && echo "1 thread" || echo "all cores")
  args=(--input "$tmp/big.txt" --format csv)
  [ "$t" = 1 ] && args+=(--threads 1)
  /usr/bin/time -f "%M %e" -o "$tmp/time" target/release/tezis classify "${args[@]}" | wc -l > "$tmp/count"
  read -r kb secs < "$tmp/time"
  out=$(($(cat "$tmp/count") - 1))
  verdict=$([ "$kb" -lt 102400 ] && echo "PASS (< 100 MB)" || echo "FAIL (>= 100 MB)")
  echo "$label: peak RSS $((kb / 1024)) MB, $secs s, $out rows out — $verdict"
  [ "$out" = "$lines" ] || { echo "row count mismatch: $out of $lines" >&2; exit 1; }
done
