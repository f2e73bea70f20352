#!/usr/bin/env bash
# Retrains the shipped default model from data/quotes.csv. The options here are the ones recorded
# in models/default/manifest.json; tests/default_model.rs checks the result is byte-identical.
set -euo pipefail
cd "$(dirname "$0")/.."
SOURCE_DATE_EPOCH=1795000000 cargo run --release -- train \
  --data data/quotes.csv --out models/default --force \
  --cv 5 --seed 42 \
  --head-features theme=char=3-5 \
  --head-features stance=stopwords=keep
