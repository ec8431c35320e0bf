#!/usr/bin/env bash
# Accuracy figures of the stance classifier with DEFAULT settings:
#   - Emergent (train on train, test on test)      target: accuracy >= 0.75
#   - IBM Debater claim stance (topic-disjoint)     report only (~0.52 for bag of words)
#   - fixtures/train, 5-fold stratified CV          macro-F1, report only
# Evaluation data is read from ../shared at run time and never copied.
# JSON results, confusion.csv and predictions.csv (every test row with its gold
# and predicted label, to read the mistakes) go to ${OUT:-target/eval-stance}.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-target/eval-stance}"
mkdir -p "$out"
cargo build --release --quiet -p standpoint
bin="${CARGO_TARGET_DIR:-target}/release/standpoint"
data=../shared/data/stance

run() { # name, eval args...
  local name=$1; shift
  mkdir -p "$out/$name"
  echo "== $name"
  "$bin" eval --quiet "$@" --json "$out/$name/eval.json" --predictions "$out/$name/predictions.csv"
}
run emergent --train "$data/emergent/train.csv" --test "$data/emergent/test.csv"
run ibm_claim_stance --train "$data/ibm_claim_stance/train.csv" --test "$data/ibm_claim_stance/test.csv"
run fixtures --folds 5 fixtures/train/stance.csv

echo "== summary (default settings)"
for n in emergent ibm_claim_stance fixtures; do
  python3 - "$out/$n/eval.json" "$n" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
print("%-18s accuracy %6.2f  macro-F1 %6.2f" % (sys.argv[2], e["accuracy"] * 100, e["macro_f1"] * 100))
PY
done
