#!/usr/bin/env bash
# Peak memory of `tezis classify` streaming a large input (default 1 GB) into a temporary .txt
# file, twice: the project's statements (data/quotes.csv) repeated, and lines of random Cyrillic
# "words", nearly all new, which fill the word caches to their bound (the worst case for memory:
# a real archive's names, numbers and typos). Prints the peak resident set size and whether it
# stays under the goal (100 MB), for 1 thread and for all cores.
#   bash benches/memory.sh [SIZE_MB]
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-1024}
cargo build --release --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/quotes.txt" "$tmp/random.txt" "$size_mb" <<'PY'
import csv, random, sys
target = int(sys.argv[3]) * 1024 * 1024
texts = [r["text"].replace("\n", " ") for r in csv.DictReader(open("data/quotes.csv", encoding="utf-8"))]
block = ("\n".join(texts) + "\n").encode("utf-8")
with open(sys.argv[1], "wb") as f:
    written = 0
    while written < target:
        f.write(block)
        written += len(block)
rng = random.Random(1)
letters = "абвгдежзийклмнопрстуфхцчшщыьэюя"
with open(sys.argv[2], "wb") as f:
    written = 0
    while written < target:
        lines = []
        for _ in range(1000):
            words = ("".join(rng.choice(letters) for _ in range(rng.randint(3, 12))) for _ in range(25))
            lines.append(" ".join(words))
        chunk = ("\n".join(lines) + "\n").encode("utf-8")
        f.write(chunk)
        written += len(chunk)
PY
for input in quotes random; do
  file="$tmp/$input.txt"
  bytes=$(stat -c %s "$file")
  lines=$(wc -l < "$file")
  echo "input: $input, $((bytes / 1024 / 1024)) MB, $lines statements"
  for t in 1 0; do
    label=$([ "$t" = 1 ] && echo "1 thread" || echo "all cores")
    args=(--input "$file" --format csv)
    [ "$t" = 1 ] && args+=(--threads 1)
    /usr/bin/time -f "%M %e" -o "$tmp/time" target/release/tezis classify "${args[@]}" | wc -l > "$tmp/count"
    read -r kb secs < "$tmp/time"
    out=$(($(cat "$tmp/count") - 1))
    verdict=$([ "$kb" -lt 102400 ] && echo "PASS (< 100 MB)" || echo "FAIL (>= 100 MB)")
    echo "  $label: peak RSS $((kb / 1024)) MB, $secs s, $out rows out — $verdict"
    [ "$out" = "$lines" ] || { echo "row count mismatch: $out of $lines" >&2; exit 1; }
  done
done
