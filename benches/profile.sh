#!/usr/bin/env bash
# Where the scorer's time goes, in numbers that do not move on a shared machine: valgrind's
# callgrind counts instructions (and, with its cache simulator, cache misses) of the hot loop.
#
# It runs `examples/score_loop` (every statement of data/quotes.csv scored by the embedded
# default model) twice, with 2 and 5 rounds over the corpus, and prints the difference divided by
# the extra quotes: the cost of one quote with warm caches, per function, without start-up, model
# loading or the first sight of each word. D1 is a 48 KiB first-level data cache, LL a 1 MiB one
# (this machine's L2); "misses" are reads and writes that missed.
#   bash benches/profile.sh [TOP]        (needs valgrind: apt-get install valgrind)
set -euo pipefail
cd "$(dirname "$0")/.."
top=${1:-15}
command -v valgrind >/dev/null || { echo "error: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
cargo build --release --quiet --example score_loop
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for rounds in 2 5; do
  valgrind --tool=callgrind --cache-sim=yes --D1=49152,12,64 --LL=1048576,16,64 \
    --callgrind-out-file="$tmp/r$rounds.out" \
    target/release/examples/score_loop data/quotes.csv "$rounds" > /dev/null 2>&1
done
quotes=$(python3 -c "import csv; print(sum(1 for _ in csv.DictReader(open('data/quotes.csv', encoding='utf-8'))))")
python3 - "$tmp" "$quotes" "$top" <<'PY'
import re, subprocess, sys
tmp, quotes, top = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
EVENTS = ["Ir", "D1mr", "D1mw", "DLmr", "DLmw"]

def per_function(path):
    out = subprocess.run(["callgrind_annotate", "--threshold=100", "--show=" + ",".join(EVENTS), path],
                         capture_output=True, text=True, check=True).stdout
    num = r"([\d,]+|\.)(?: \([^)]*\))?\s+"
    rows = {}
    for line in out.splitlines():
        m = re.match(r"\s*" + num * len(EVENTS) + r"(\S.*)$", line)
        if m:
            vals = [0 if v == "." else int(v.replace(",", "")) for v in m.groups()[:-1]]
            name = re.sub(r" \[.*\]$", "", m.group(len(EVENTS) + 1))
            name = re.sub(r"^\?\?\?:|^.*/([^/]+):", "", name)
            rows[name] = vals
    return rows

a, b = per_function(f"{tmp}/r2.out"), per_function(f"{tmp}/r5.out")
n = 3 * quotes
diff = {k: [(x - y) / n for x, y in zip(v, a.get(k, [0] * len(EVENTS)))] for k, v in b.items()}
total = diff.pop("PROGRAM TOTALS")
print(f"warm cost of one quote (data/quotes.csv, both heads, embedded default model):")
print(f"{'instructions':>12} {'D1 misses':>9} {'LL misses':>9}  function")
def show(name, v):
    print(f"{v[0]:>12,.0f} {v[1] + v[2]:>9.1f} {v[3] + v[4]:>9.1f}  {name}")
show("TOTAL", total)
for name, v in sorted(diff.items(), key=lambda kv: -kv[1][0])[:top]:
    if v[0] >= 1:
        show(name[:100], v)
PY
