#!/usr/bin/env bash
# Simulates the labelling loop of `standpoint sample` on a labelled CSV: the
# gold labels play the annotator. Rounds of 50 rows from TRAIN.csv (the pool),
# macro-F1 on TEST.csv after each round; active sampling (the selection code
# of `standpoint sample`: uncertainty weighted by density, a fifth of each
# batch at random, no near duplicates) against seeded random sampling, both
# averaged over seeds 1-20 and starting from the same random first batch.
# Prints the table and writes an SVG chart.
#
#   scripts/learning-curve.sh TRAIN.csv TEST.csv [OUT.svg]
#
# Environment: ROUNDS (default 20), BATCH (50), SEEDS (1,2,...,20), TITLE.
# The "active-labels-to-match-random" column is where the active curve first
# reaches random's F1 at that row's label count (linear between rounds), and
# "saved" the share of labels that spares. The summary below the table gives
# the saving at the last round, its median over rounds 2-ROUNDS (round 1 is
# the shared batch), how many rounds save a third or more, and the mean F1
# gain of active over random with its standard error over the seeds.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 TRAIN.csv TEST.csv [OUT.svg]" >&2
  exit 1
fi
train=$1
test=$2
svg=${3:-learning-curve.svg}
cd "$(dirname "$0")/.." && root=$PWD && cd - >/dev/null
cargo build --release --quiet -p standpoint --manifest-path "$root/Cargo.toml"
bin="${CARGO_TARGET_DIR:-$root/target}/release/standpoint"
"$bin" sample --pool "$train" --test "$test" \
  --rounds "${ROUNDS:-20}" --batch "${BATCH:-50}" --seeds "${SEEDS:-$(seq -s, 1 20)}" \
  --svg "$svg" --title "${TITLE:-learning curve: $(basename "$(dirname "$train")")}"
