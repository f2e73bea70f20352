#!/usr/bin/env bash
# Feature ablation of the default model: 5-fold CV on data/quotes.csv and the holdout figure for
# the shipped options and for each option taken away (or added). Prints a Markdown table.
#   bash models/ablation.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
T=target/release/tezis
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
base=(--cv 5 --seed 42)
run() {
  local name=$1; shift
  local cv
  cv=$($T train --data data/quotes.csv --out "$tmp/m" --force "${base[@]}" "$@" 2>/dev/null)
  local ct cs ht hs
  ct=$(awk '$1=="theme"{print $3}' <<<"$cv")
  cs=$(awk '$1=="stance"{print $3}' <<<"$cv")
  local ev
  ev=$($T eval --model "$tmp/m" --data data/holdout.csv --json)
  ht=$(python3 -c 'import json,sys; print("%.4f" % json.load(sys.stdin)["heads"]["theme"]["macro_f1"])' <<<"$ev" 2>/dev/null || echo "?")
  hs=$(python3 -c 'import json,sys; print("%.4f" % json.load(sys.stdin)["heads"]["stance"]["macro_f1"])' <<<"$ev" 2>/dev/null || echo "?")
  echo "| $name | $ct | $cs | $ht | $hs |"
}
echo "| options | CV theme | CV stance | holdout theme | holdout stance |"
echo "|---|---:|---:|---:|---:|"
shipped=(--head-features theme=char=3-5 --head-features stance=stopwords=keep)
run "shipped (theme char 3-5; stance keeps stopwords)" "${shipped[@]}"
run "no character n-grams for theme" --head-features stance=stopwords=keep
run "stance also char 3-5" --head-features theme=char=3-5 --head-features stance=stopwords=keep,char=3-5
run "stance drops stopwords" --head-features theme=char=3-5
run "no bigrams" "${shipped[@]}" --no-bigrams
run "no negation marking" "${shipped[@]}" --no-negation
run "no stemming" "${shipped[@]}" --no-stem
run "no evaluative cues" "${shipped[@]}" --no-cues
run "C = 1 (shipped: 10)" "${shipped[@]}" --c 1
run "min-df 2" "${shipped[@]}" --min-df 2
